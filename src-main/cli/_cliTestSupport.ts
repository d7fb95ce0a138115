import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** Test-only: the real `casike` command, spawned the way a user or a script runs it. */
const BIN = fileURLToPath(new URL('../../bin/casike.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function _runCasike(
  dataDir: string,
  passphrase: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CASIKE_DATA_DIR: dataDir, CASIKE_PASSPHRASE: passphrase, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Exactly one line on stderr, matching `text`, with the given exit code and no stack. */
export function _expectOneLineError(run: CliRun, code: number, text: RegExp): void {
  expect(run.code).toBe(code);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(text);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}
