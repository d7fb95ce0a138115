import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The per-user folder the desktop app and the CLI share. It matches Electron's
 * `app.getPath('userData')` for productName "Casike", so both find the same vault.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Casike');
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Casike');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Casike');
}

/** `--data-dir` beats `CASIKE_DATA_DIR`, which beats the per-user default. */
export function resolveDataDir(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return explicit ?? env.CASIKE_DATA_DIR ?? defaultDataDir(env);
}
