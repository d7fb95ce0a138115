import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { initVault, openVault } from '../vault';
import { _tempDataDir } from '../vault/_testSupport';
import { getInvoice, getNumbering } from './index';

/**
 * Numbering under real crashes: a child process issues invoices and is killed with
 * SIGKILL, inside the issuing transaction or at random moments. Afterwards the issued
 * numbers must be exactly 1..n with no gap or repeat, and the counter at n + 1.
 */
const CHILD = fileURLToPath(new URL('./_invoiceCrashChild.ts', import.meta.url));
const PASS = 'invoice crash passphrase';
let dataDir: string;
let cleanup: () => void;

beforeEach(async () => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  await initVault(dataDir, PASS);
});
afterEach(() => cleanup());

async function expectWholeSeries(): Promise<number> {
  const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase: PASS });
  try {
    const numbers = vault.db
      .prepare('SELECT number FROM invoices WHERE number IS NOT NULL ORDER BY number')
      .pluck()
      .all() as string[];
    expect(numbers).toEqual(numbers.map((_, index) => `INV-${String(index + 1).padStart(4, '0')}`));
    expect(getNumbering(vault.db).next).toBe(numbers.length + 1);
    return numbers.length;
  } finally {
    vault.lock();
  }
}

it('a kill inside the issuing transaction leaves the counter and the draft as they were', async () => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', CHILD, dataDir, PASS, 'die-mid-issue'],
    { encoding: 'utf8' },
  );
  expect(run.signal).toBe('SIGKILL');
  const draftId = run.stdout.trim().split('\n')[0] ?? '';
  expect(await expectWholeSeries()).toBe(0);
  const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase: PASS });
  try {
    expect(getInvoice(vault.db, draftId)).toMatchObject({ status: 'draft', number: null });
  } finally {
    vault.lock();
  }
}, 120_000);

it('random kills while issuing and voiding never leave a gap or a repeat', async () => {
  let issued = 0;
  for (const ms of [150, 400, 800]) {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, PASS, 'loop'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let errors = '';
      child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) setTimeout(() => child.kill('SIGKILL'), ms);
      });
      child.on('error', reject);
      child.on('exit', (_code, signal) =>
        signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended on its own: ${errors}`)),
      );
    });
    const count = await expectWholeSeries();
    expect(count).toBeGreaterThanOrEqual(issued);
    issued = count;
  }
  expect(issued).toBeGreaterThan(0);
}, 300_000);
