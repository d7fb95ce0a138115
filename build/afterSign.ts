import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AfterPackContext } from 'electron-builder';

// electron-builder's afterSign hook (electron-builder.config.ts). On macOS, the built-in
// notarization has just run, if credentials were in the environment, and skipped quietly
// if not. This hook makes that visible: a release build without credentials stops here,
// and a notarized app must carry a valid stapled ticket (`xcrun stapler validate`), so
// Gatekeeper accepts it offline too. Other platforms: nothing to do.

export type Env = Readonly<Record<string, string | undefined>>;

/** Set by the release job; local `npm run dist` builds are not releases. */
export function isReleaseBuild(env: Env): boolean {
  return env.CASIKE_RELEASE === '1';
}

const has = (env: Env, ...names: string[]): boolean =>
  names.every((name) => (env[name] ?? '').trim() !== '');

/**
 * Which of electron-builder's notarization credential sets the environment holds (the
 * same three it accepts, App Store Connect API key first), or null.
 */
export function notarizationCredentials(env: Env): 'api-key' | 'apple-id' | 'keychain' | null {
  if (has(env, 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER')) return 'api-key';
  if (has(env, 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID')) return 'apple-id';
  if (has(env, 'APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE')) return 'keychain';
  return null;
}

export type AfterSignDecision =
  | { action: 'skip'; reason: string }
  | { action: 'verify-staple' }
  | { action: 'fail'; message: string };

export function afterSignDecision(platform: string, env: Env): AfterSignDecision {
  if (platform !== 'darwin') return { action: 'skip', reason: 'not a macOS build' };
  if (notarizationCredentials(env) !== null) return { action: 'verify-staple' };
  if (isReleaseBuild(env)) {
    return {
      action: 'fail',
      message:
        'a macOS release must be notarized: set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER',
    };
  }
  return { action: 'skip', reason: 'no notarization credentials (not a release build)' };
}

const run = promisify(execFile);

export async function afterSign(context: AfterPackContext): Promise<void> {
  const decision = afterSignDecision(context.electronPlatformName, process.env);
  if (decision.action === 'fail') throw new Error(decision.message);
  if (decision.action === 'skip') {
    if (context.electronPlatformName === 'darwin') {
      process.stderr.write(`afterSign: notarization skipped: ${decision.reason}\n`);
    }
    return;
  }
  const appPath = path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  try {
    await run('xcrun', ['stapler', 'validate', appPath]);
  } catch {
    throw new Error('afterSign: the app has no valid notarization ticket stapled');
  }
}
