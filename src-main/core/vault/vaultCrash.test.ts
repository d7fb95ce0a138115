import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { _tempDataDir } from './_testSupport';
import { initVault, openVault, type RotationStep, type UnlockedVault } from './index';
import { readVaultFile } from './vaultFile';

/**
 * Crash safety, with real crashes: a child process runs the operation and is killed
 * with SIGKILL (no cleanup of any kind) between steps or at a random moment. The
 * vault must then open with the passphrase valid before or after, and lose nothing.
 */
const CHILD = fileURLToPath(new URL('./_crashChild.ts', import.meta.url));
const PASS_A = 'first passphrase value';
const PASS_B = 'second passphrase value';
const ROWS = 400;

let dataDir: string;
let cleanup: () => void;
let recoveryKey: string;

beforeEach(async () => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  ({ recoveryKey } = await initVault(dataDir, PASS_A));
  const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase: PASS_A });
  const insert = vault.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  vault.db.transaction(() => {
    for (let i = 0; i < ROWS; i += 1) insert.run(`row-${i}`, `value-${i}`);
  })();
  vault.lock();
});
afterEach(() => cleanup());

function runChild(args: string[]): { signal: NodeJS.Signals | null; stdout: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CHILD, dataDir, ...args], {
    encoding: 'utf8',
  });
  return { signal: result.signal, stdout: result.stdout };
}

/** Starts a looping child, waits until it is unlocked, lets it run `ms`, then kills it. */
function killLoopingChild(args: string[], ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolve()
        : reject(new Error(`child exited without being killed: ${errors}`)),
    );
  });
}

async function openWithEither(): Promise<UnlockedVault> {
  try {
    return await openVault({ dataDir }, { method: 'passphrase', passphrase: PASS_A });
  } catch {
    return openVault({ dataDir }, { method: 'passphrase', passphrase: PASS_B });
  }
}

function expectAllRows(vault: UnlockedVault): void {
  const rows = vault.db.prepare("SELECT key, value FROM settings WHERE key LIKE 'row-%'").all() as {
    key: string;
    value: string;
  }[];
  expect(rows).toHaveLength(ROWS);
  for (const row of rows) expect(row.value).toBe(`value-${row.key.slice(4)}`);
}

describe('a crash during key rotation', () => {
  const steps: RotationStep[] = ['prepared', 'keychain-both', 'rekeyed', 'rechained', 'finished'];
  it.each(steps)(
    'killed after "%s": opens with the passphrase and the recovery key, nothing lost',
    async (step) => {
      const { signal, stdout } = runChild(['rotate-at', step, PASS_A]);
      expect(signal).toBe('SIGKILL');
      expect(stdout).not.toContain('completed');

      const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase: PASS_A });
      expectAllRows(vault);
      expect(vault.verifyAudit()).toMatchObject({ ok: true });
      const file = readVaultFile(dataDir);
      expect(file?.rotation).toBeNull();
      expect(file?.keys).toHaveLength(1);
      vault.lock();

      const viaRecovery = await openVault({ dataDir }, { method: 'recovery', recoveryKey });
      expectAllRows(viaRecovery);
      viaRecovery.lock();
    },
  );

  it('killed at random moments of repeated rotations: always opens, nothing lost', async () => {
    for (const ms of [5, 40, 120, 260]) {
      await killLoopingChild(['loop-rotate', PASS_A], ms);
      const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase: PASS_A });
      expectAllRows(vault);
      expect(vault.verifyAudit()).toMatchObject({ ok: true });
      vault.lock();
    }
  });
});

describe('a crash inside the rekey itself', () => {
  it('killed while SQLCipher rewrites the file: the pre-rotation copy brings it back whole', async () => {
    const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase: PASS_A });
    const insert = vault.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    vault.db.transaction(() => {
      for (let i = 0; i < 60_000; i += 1) insert.run(`bulk-${i}`, 'x'.repeat(120));
    })();
    vault.lock();
    const rekeyMs = timeRekey();
    let killedInside = 0;
    for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.85, 0.95]) {
      const reached = await killAfterStep('keychain-both', Math.floor(rekeyMs * fraction));
      if (!reached.includes('rekeyed')) killedInside += 1;
      const reopened = await openVault({ dataDir }, { method: 'passphrase', passphrase: PASS_A });
      expectAllRows(reopened);
      const bulk = reopened.db
        .prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'bulk-%'")
        .get();
      expect(bulk).toEqual({ n: 60_000 });
      expect(reopened.verifyAudit()).toMatchObject({ ok: true });
      reopened.lock();
    }
    expect(killedInside).toBeGreaterThan(0);
  });
});

/** Runs one full rotation in a child and returns how long its rekey step took. */
function timeRekey(): number {
  const started = Date.now();
  const { stdout } = runChild(['rotate-report', PASS_A]);
  expect(stdout).toContain('completed');
  return Math.max(20, Date.now() - started - 400);
}

/** Starts a reporting rotation and SIGKILLs it `ms` after it reports `step`. */
function killAfterStep(step: RotationStep, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, dataDir, 'rotate-report', PASS_A],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => {
      const before = seen;
      seen += chunk.toString();
      if (!before.includes(step) && seen.includes(step))
        setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.on('error', reject);
    child.on('exit', () => resolve(seen));
  });
}

describe('a crash during passphrase change', () => {
  it('killed at random moments of repeated changes: opens with the old or the new passphrase', async () => {
    for (const ms of [3, 30, 90, 200, 350]) {
      await killLoopingChild(['loop-passphrase', PASS_A, PASS_B], ms);
      const vault = await openWithEither();
      expectAllRows(vault);
      expect(vault.verifyAudit()).toMatchObject({ ok: true });
      vault.lock();
      const viaRecovery = await openVault({ dataDir }, { method: 'recovery', recoveryKey });
      viaRecovery.lock();
    }
  });
});
