import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TransactionInputSchema } from '../../../src-shared/contract/ledger';
import { createAccount, createTransaction } from '../../core/ledger';
import { openVault } from '../../core/vault';
import { _openTempVault } from '../../core/vault/_testSupport';
import { CliContext, type GlobalOptions } from '../cliContext';
import { describeFailure, EXIT } from '../cliErrors';
import { registerExportCommands } from './exportCommands';

/*
 * Runs `casike export …` in process with the same program shape and error handling as
 * main.ts (which the lead wires this into), against a real vault.
 */

const PASS = 'temporary test passphrase';
let dataDir: string;
let cleanup: () => void;
let out: string[];

async function casike(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command('casike')
    .option('--data-dir <dir>')
    .option('--json')
    .exitOverride()
    .configureOutput({
      outputError: () => undefined,
      writeOut: () => undefined,
      writeErr: () => undefined,
    });
  registerExportCommands(
    program,
    (command) => new CliContext(command.optsWithGlobals<GlobalOptions>()),
  );
  program.commands.forEach(function override(command: Command): void {
    command.exitOverride().configureOutput({ outputError: () => undefined });
    command.commands.forEach(override);
  });
  out = [];
  try {
    await program.parseAsync(['--data-dir', dataDir, ...args], { from: 'user' });
    return { code: EXIT.OK, stdout: out.join(''), stderr: '' };
  } catch (error) {
    if (error instanceof CommanderError) {
      return {
        code: error.code === 'commander.invalidArgument' ? EXIT.BAD_INPUT : EXIT.USAGE,
        stdout: '',
        stderr: error.message,
      };
    }
    const { line, exitCode } = describeFailure(error);
    return { code: exitCode, stdout: out.join(''), stderr: line };
  }
}

beforeEach(async () => {
  const temp = await _openTempVault();
  dataDir = temp.dataDir;
  cleanup = temp.close;
  const db = temp.vault.db;
  const checking = createAccount(db, {
    name: 'Checking',
    type: 'checking',
    currency: 'USD',
    openingBalance: 0,
  }).id;
  const savings = createAccount(db, {
    name: 'Savings',
    type: 'savings',
    currency: 'EUR',
    openingBalance: 0,
  }).id;
  for (const [accountId, date, amount, payee] of [
    [checking, '2026-01-05', -1234, '=HYPERLINK("x")'],
    [checking, '2026-02-05', 250_000, 'ACME'],
    [savings, '2026-02-06', 500, 'Interest'],
  ] as const) {
    createTransaction(db, TransactionInputSchema.parse({ accountId, date, amount, payee }));
  }
  temp.vault.lock();
  vi.stubEnv('CASIKE_PASSPHRASE', PASS);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  cleanup();
});

describe('casike export csv', () => {
  it('writes the file, prints one line and audits the export', async () => {
    const file = join(dataDir, 'all.csv');
    const run = await casike(['export', 'csv', '--out', file]);
    expect(run).toMatchObject({ code: 0, stdout: `Exported 3 transactions to ${file}\n` });
    const text = readFileSync(file, 'utf8');
    expect(text.split('\r\n')).toHaveLength(5);
    expect(text).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(text).not.toMatch(/(^|,)"?=/m);
    const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase: PASS });
    try {
      const audited = vault.listAudit(50).filter((row) => row.event === 'export.created');
      expect(audited.map((row) => JSON.parse(row.details) as unknown)).toEqual([
        { format: 'csv', kind: 'transactions', rows: 3, bom: false },
      ]);
      expect(audited[0]?.details).not.toContain(file);
    } finally {
      vault.lock();
    }
  });

  it('filters by account and dates, adds a BOM on request, and answers in JSON', async () => {
    const file = join(dataDir, 'feb.csv');
    const run = await casike([
      '--json',
      'export',
      'csv',
      '--out',
      file,
      '--from',
      '2026-02-01',
      '--to',
      '2026-02-28',
      '--account',
      'checking',
      '--bom',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ rows: 1, file });
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('2026-02-05,Checking,ACME,,,2500.00,USD,');
  });

  it('refuses to overwrite without --force, in one line, and leaves the file alone', async () => {
    const file = join(dataDir, 'exists.csv');
    writeFileSync(file, 'mine');
    const refused = await casike(['export', 'csv', '--out', file]);
    expect(refused.code).toBe(EXIT.BAD_INPUT);
    expect(refused.stderr).toMatch(/already exists; add --force to replace it$/);
    expect(refused.stderr).not.toContain('\n');
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect((await casike(['export', 'csv', '--out', file, '--force'])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^Date,Account/);
  });

  it('gives one-line errors for bad input', async () => {
    const file = join(dataDir, 'x.csv');
    expect(await casike(['export', 'csv', '--out', file, '--account', 'Nope'])).toMatchObject({
      code: 1,
      stderr: 'account "Nope" not found',
    });
    expect((await casike(['export', 'csv', '--out', file, '--from', '2026-13-01'])).code).toBe(
      EXIT.BAD_INPUT,
    );
    expect(
      await casike(['export', 'csv', '--out', file, '--from', '2026-03-01', '--to', '2026-02-01']),
    ).toMatchObject({ code: 1, stderr: '--from is after --to' });
    expect(
      await casike(['export', 'csv', '--out', join(dataDir, 'no', 'such', 'x.csv')]),
    ).toMatchObject({ code: 1, stderr: 'the folder to write to does not exist' });
    expect((await casike(['export', 'csv'])).code).toBe(EXIT.USAGE);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});
