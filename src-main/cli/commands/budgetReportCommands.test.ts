import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { shiftMonth } from '../../../src-shared/domain';
import {
  createAccount,
  createTransaction,
  createTransfer,
  findCategoryByName,
} from '../../core/ledger';
import { initVault, openVault } from '../../core/vault';
import { _tempDataDir } from '../../core/vault/_testSupport';
import { CliContext, type GlobalOptions } from '../cliContext';
import { describeFailure, EXIT } from '../cliErrors';
import { registerBudgetCommands } from './budgetCommands';
import { thisMonth } from './monthOptions';
import { registerReportCommands } from './reportCommands';

/*
 * The budget and report commands, run in-process on a commander program built the way
 * main.ts builds `casike` (same global options, same error mapping), against a real
 * vault. In-process because main.ts wires these commands in separately; once it does,
 * the same arguments work through bin/casike.js.
 */

const PASS = 'budget report cli passphrase';
let dataDir: string;
let cleanup: () => void;
let savedPassphrase: string | undefined;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function casike(args: string[]): Promise<Run> {
  const program = new Command('casike')
    .option('--data-dir <dir>')
    .option('--json')
    .exitOverride()
    .configureOutput({ outputError: () => undefined, writeOut: () => undefined });
  const contextOf = (command: Command) => new CliContext(command.optsWithGlobals<GlobalOptions>());
  registerBudgetCommands(program, contextOf);
  registerReportCommands(program, contextOf);
  program.commands.forEach(function override(command: Command): void {
    command
      .exitOverride()
      .configureOutput({ outputError: () => undefined, writeOut: () => undefined });
    command.commands.forEach(override);
  });
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['--data-dir', dataDir, ...args], { from: 'user' });
    return { code: EXIT.OK, stdout, stderr: '' };
  } catch (error) {
    if (error instanceof CommanderError) {
      const code = error.code === 'commander.invalidArgument' ? EXIT.BAD_INPUT : EXIT.USAGE;
      return { code, stdout, stderr: error.message };
    }
    const { line, exitCode } = describeFailure(error);
    return { code: exitCode, stdout, stderr: line };
  } finally {
    write.mockRestore();
  }
}

function expectBadInput(run: Run, text: RegExp): void {
  expect(run.code).toBe(EXIT.BAD_INPUT);
  expect(run.stderr.split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(text);
  expect(run.stderr).not.toMatch(/unexpected error|\n\s+at /);
}

beforeAll(async () => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  savedPassphrase = process.env.CASIKE_PASSPHRASE;
  process.env.CASIKE_PASSPHRASE = PASS;
  await initVault(dataDir, PASS);
  const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase: PASS });
  try {
    const db = vault.db;
    const usd = createAccount(db, {
      name: 'Checking',
      type: 'checking',
      currency: 'USD',
      openingBalance: 100_000,
    }).id;
    const eur = createAccount(db, {
      name: 'Euro',
      type: 'savings',
      currency: 'EUR',
      openingBalance: 0,
    }).id;
    const add = (accountId: string, date: string, amount: number, category: string | null) =>
      createTransaction(db, {
        accountId,
        date,
        amount,
        payee: amount < 0 ? 'Market' : 'ACME',
        memo: '',
        categoryId: category === null ? null : findCategoryByName(db, category).id,
        status: 'cleared',
        tags: [],
        splits: [],
        externalId: null,
      });
    add(usd, '2024-01-03', 250_000, 'Salary');
    add(usd, '2024-01-05', -12_345, 'Groceries');
    add(usd, '2024-02-05', -5_000, null);
    add(eur, '2024-02-06', -700, 'Coffee');
    createTransfer(db, {
      fromAccountId: usd,
      toAccountId: eur,
      date: '2024-01-20',
      amount: 10_000,
      toAmount: 9_000,
      memo: '',
    });
  } finally {
    vault.lock('exit');
  }
});

afterAll(() => {
  if (savedPassphrase === undefined) delete process.env.CASIKE_PASSPHRASE;
  else process.env.CASIKE_PASSPHRASE = savedPassphrase;
  cleanup();
});

describe('casike budget', () => {
  it('sets a budget from a typed amount and shows the month as a table and as JSON', async () => {
    const set = await casike([
      'budget',
      'set',
      'Food:Groceries',
      '400',
      '--month',
      '2024-01',
      '--rollover',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/Budget for Groceries in 2024-01: 400\.00 USD, rollover on/);

    const shown = await casike(['budget', 'show', '--month', '2024-01']);
    expect(shown.code).toBe(0);
    const lines = shown.stdout.split('\n');
    expect(lines[0]).toBe('Budget 2024-01 (USD)');
    const header = lines.find((l) => l.startsWith('Category'));
    const groceries = lines.find((l) => l.startsWith('Food:Groceries'));
    expect(groceries).toMatch(/400\.00\s+0\.00\s+123\.45\s+276\.55\s+rollover$/);
    // Columns line up: each amount ends where its header ends.
    expect(groceries?.indexOf('276.55') ?? 0).toBe(
      (header?.indexOf('Available') ?? 0) + 'Available'.length - '276.55'.length,
    );
    expect(shown.stdout).toMatch(/Left to spend this month: 276\.55 USD/);

    const json = await casike(['budget', 'show', '--month', '2024-02', '--json']);
    const view = JSON.parse(json.stdout) as {
      currency: string;
      lines: { name: string; carriedIn: number; otherCurrencies: unknown[] }[];
      totals: { uncategorizedSpent: number };
    };
    expect(view.currency).toBe('USD');
    expect(view.lines.find((l) => l.name === 'Groceries')?.carriedIn).toBe(27_655);
    expect(view.lines.find((l) => l.name === 'Coffee')?.otherCurrencies).toEqual([
      { currency: 'EUR', actual: 700 },
    ]);
    expect(view.totals.uncategorizedSpent).toBe(5_000);
  });

  it('copies last month into this one', async () => {
    const copied = await casike(['budget', 'copy', '--month', '2024-02', '--json']);
    expect(JSON.parse(copied.stdout)).toEqual({ month: '2024-02', copied: 1 });
  });

  it('refuses bad amounts, months and categories with one line, exit 1', async () => {
    expectBadInput(await casike(['budget', 'set', 'Groceries', '12.345']), /12\.345/);
    expectBadInput(await casike(['budget', 'set', 'Groceries', 'lots']), /Cannot read "lots"/);
    expectBadInput(await casike(['budget', 'set', 'Groceries', '(5.00)']), /cannot be negative/);
    expectBadInput(
      await casike(['budget', 'set', 'Groceries', '5', '--month', '2024-13']),
      /--month: expected a month/,
    );
    expectBadInput(await casike(['budget', 'set', 'Nope', '5']), /category "Nope" not found/);
    expectBadInput(await casike(['budget', 'show', '--month', 'May']), /--month/);
  });
});

describe('casike report', () => {
  it('spending: one table per currency, amounts as exact decimals', async () => {
    const run = await casike(['report', 'spending', '--from', '2024-01', '--to', '2024-02-15']);
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text).toMatch(/^Spending by category, EUR, 2024-01 to 2024-02$/m);
    expect(text).toMatch(/^Food:Coffee\s+0\.00\s+7\.00\s+7\.00$/m);
    expect(text).toMatch(/^Spending by category, USD, 2024-01 to 2024-02$/m);
    expect(text).toMatch(/^Food:Groceries\s+123\.45\s+0\.00\s+123\.45$/m);
    expect(text).toMatch(/^Uncategorized\s+0\.00\s+50\.00\s+50\.00$/m);
    expect(text).toMatch(/^Total\s+123\.45\s+50\.00\s+173\.45$/m);
  });

  it('income-expense and net-worth, human and JSON', async () => {
    const flows = await casike([
      'report',
      'income-expense',
      '--from',
      '2024-01',
      '--to',
      '2024-01',
    ]);
    expect(flows.stdout).toMatch(/^2024-01\s+2500\.00\s+123\.45\s+2376\.55$/m);
    const worth = await casike([
      'report',
      'net-worth',
      '--from',
      '2024-01',
      '--to',
      '2024-02',
      '--json',
    ]);
    const report = JSON.parse(worth.stdout) as {
      series: { currency: string; points: { netWorth: number }[] }[];
    };
    expect(report.series.map((s) => [s.currency, s.points.map((p) => p.netWorth)])).toEqual([
      ['EUR', [9_000, 8_300]],
      ['USD', [327_655, 322_655]],
    ]);
  });

  it('cash-flow for one account and top payees', async () => {
    const flow = await casike([
      'report',
      'cash-flow',
      '--from',
      '2024-01',
      '--to',
      '2024-02',
      '--account',
      'euro',
    ]);
    expect(flow.stdout).toMatch(/^Cash flow, EUR/m);
    expect(flow.stdout).not.toMatch(/USD/);
    const payees = await casike(['report', 'top-payees', '--from', '2024-01', '--to', '2024-12']);
    expect(payees.stdout).toMatch(/^\s*1\s+Market\s+173\.45\s+2$/m);
    expectBadInput(
      await casike(['report', 'cash-flow', '--account', 'Nowhere']),
      /account "Nowhere" not found/,
    );
  });

  it('defaults to the last 12 months', async () => {
    const run = await casike(['report', 'income-expense', '--json']);
    const report = JSON.parse(run.stdout) as { months: string[] };
    expect(report.months).toHaveLength(12);
    expect(report.months[11]).toBe(thisMonth());
    expect(report.months[0]).toBe(shiftMonth(thisMonth(), -11));
  });

  it('refuses bad or reversed ranges with one line, exit 1', async () => {
    expectBadInput(await casike(['report', 'spending', '--from', '2024-02-30']), /--from/);
    expectBadInput(
      await casike(['report', 'net-worth', '--from', '2024-05', '--to', '2024-01']),
      /after/,
    );
    expectBadInput(
      await casike(['report', 'spending', '--from', '1800-01', '--to', '2024-01']),
      /at most 1200 months/,
    );
    const usage = await casike(['report', 'pie-chart']);
    expect(usage.code).toBe(EXIT.USAGE);
  });
});
