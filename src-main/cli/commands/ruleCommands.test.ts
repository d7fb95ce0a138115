import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Transaction } from '../../../src-shared/contract/ledger';
import { createAccount, createTransaction, searchTransactions } from '../../core/ledger';
import { _draft } from '../../core/rules/_rulesTestSupport';
import { initVault, openVault, type UnlockedVault } from '../../core/vault';
import { _tempDataDir } from '../../core/vault/_testSupport';
import { _expectOneLineError, _runCasike, type CliRun } from '../_cliTestSupport';
import { CliContext, type GlobalOptions } from '../cliContext';
import { describeFailure, EXIT } from '../cliErrors';
import { buildProgram } from '../main';
import { registerRuleCommands } from './ruleCommands';

const PASS = 'rule cli passphrase';
let dataDir: string;
let cleanup: () => void;

/** Whether main.ts registers `rule` yet (the lead wires it); else the test adds it. */
const WIRED = buildProgram().commands.some((command) => command.name() === 'rule');

/**
 * The CLI in this process, with runCli's error handling: the same commands, parsing and
 * exit codes, without paying a process start per call. The spawned smoke test below
 * covers the real bin/casike.js once main.ts registers the commands.
 */
async function casike(args: string[]): Promise<CliRun> {
  const program = buildProgram();
  if (!WIRED) {
    registerRuleCommands(
      program,
      (c: Command) => new CliContext(c.optsWithGlobals<GlobalOptions>()),
    );
  }
  program.commands.forEach(function override(command: Command): void {
    command.exitOverride().configureOutput({ outputError: () => undefined });
    command.commands.forEach(override);
  });
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  let code: number = EXIT.OK;
  try {
    await program.parseAsync(['--data-dir', dataDir, ...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // As runCli: a value that does not parse is bad input; the rest is usage.
      code =
        error.exitCode === 0
          ? EXIT.OK
          : error.code === 'commander.invalidArgument'
            ? EXIT.BAD_INPUT
            : EXIT.USAGE;
      if (code !== EXIT.OK) stderr = `casike: ${error.message.replace(/^error: /, '')}\n`;
    } else {
      const { line, exitCode } = describeFailure(error);
      stderr = `casike: ${line}\n`;
      code = exitCode;
    }
  } finally {
    out.mockRestore();
  }
  return { code, stdout, stderr };
}

async function ok(args: string[]): Promise<string> {
  const run = await casike(args);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

/** Runs `work` on the test vault and locks it again (the CLI opens its own connection). */
async function withVault<T>(work: (vault: UnlockedVault) => T): Promise<T> {
  const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase: PASS });
  try {
    return work(vault);
  } finally {
    vault.lock('exit');
  }
}

beforeEach(async () => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  vi.stubEnv('CASIKE_PASSPHRASE', PASS);
  await initVault(dataDir, PASS);
  await withVault(({ db }) => {
    const checking = createAccount(db, {
      name: 'Checking',
      type: 'checking',
      currency: 'USD',
      openingBalance: 0,
    }).id;
    for (const [payee, amount, date] of [
      ['Blue Bottle Coffee', -450, '2026-10-01'],
      ['BLUE BOTTLE #2', -15_000, '2026-10-02'],
      ['Hardware Store', -2_000, '2026-10-03'],
    ] as const) {
      createTransaction(db, _draft(checking, { payee, amount, date }));
    }
  });
});
afterEach(() => {
  vi.unstubAllEnvs();
  cleanup();
});

const listed = (): Promise<Transaction[]> =>
  withVault(({ db }) => searchTransactions(db, { sort: 'date_asc', limit: 100 }).items);

describe('casike rule', () => {
  it('add, list, apply --dry-run (writes nothing), then apply', async () => {
    const added = await ok([
      'rule',
      'add',
      '--name',
      'Coffee',
      '--payee-contains',
      'blue bottle',
      '--max',
      '99.99',
      '--outflow',
      '--account',
      'checking',
      '--set-category',
      'Food:Coffee',
      '--tag',
      'caffeine',
      'daily',
    ]);
    expect(added).toMatch(
      /^Added rule 1\. Coffee: if payee contains "blue bottle" and outflow <= 99\.99 and account is Checking then category Food:Coffee, tags caffeine, daily$/m,
    );
    const rules = JSON.parse(await ok(['rule', 'list', '--json'])) as {
      conditions: unknown[];
    }[];
    expect(rules).toHaveLength(1);
    expect(rules[0]?.conditions).toContainEqual({ field: 'amount', max: 9999, sign: 'outflow' });

    const before = await listed();
    const dry = await ok(['rule', 'apply', '--dry-run']);
    expect(dry).toMatch(
      /^2026-10-01 {2}Blue Bottle Coffee {2}-4\.50 {2}category: \(none\) → Food:Coffee; tags: \[\] → \[caffeine, daily\]$/m,
    );
    expect(dry).toMatch(/^1 transaction would change\. Nothing was written\.$/m);
    expect(await listed()).toEqual(before);
    const preview = JSON.parse(await ok(['rule', 'apply', '--dry-run', '--json'])) as {
      total: number;
      items: unknown[];
    };
    expect(preview.total).toBe(1);

    expect(await ok(['rule', 'apply'])).toBe('Changed 1 transaction.\n');
    const after = await listed();
    expect(after.find((t) => t.payee === 'Blue Bottle Coffee')).toMatchObject({
      tags: ['caffeine', 'daily'],
    });
    expect(after.find((t) => t.payee === 'Blue Bottle Coffee')?.categoryId).not.toBeNull();
    expect(after.find((t) => t.payee === 'BLUE BOTTLE #2')?.categoryId).toBeNull();
    expect(JSON.parse(await ok(['rule', 'apply', '--json']))).toEqual({ changed: 0 });
  });

  it('list shows the rules in order; apply renames payees and categorizes by size', async () => {
    await ok([
      'rule',
      'add',
      '--name',
      'Rename',
      '--payee-is',
      'hardware store',
      '--set-payee',
      'Home Depot',
    ]);
    await ok(['rule', 'add', '--name', 'Big', '--min', '100', '--set-category', 'Shopping']);
    expect(await ok(['rule', 'list'])).toBe(
      [
        '1. Rename: if payee is "hardware store" then payee "Home Depot"',
        '2. Big: if amount >= 100.00 then category Living:Shopping',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(await ok(['rule', 'apply', '--json']))).toEqual({ changed: 2 });
    expect((await listed()).map((t) => t.payee).sort()).toEqual([
      'BLUE BOTTLE #2',
      'Blue Bottle Coffee',
      'Home Depot',
    ]);
  });

  it('bad input: one line, exit 1 (values) or 2 (usage), and nothing saved', async () => {
    _expectOneLineError(
      await casike(['rule', 'add', '--name', 'x', '--min', '12.345', '--set-category', 'Coffee']),
      1,
      /Cannot read "12\.345" as a USD amount/,
    );
    _expectOneLineError(
      await casike(['rule', 'add', '--name', 'x', '--min', '-5', '--set-category', 'Coffee']),
      1,
      /--min is a size; use --outflow or --inflow/,
    );
    _expectOneLineError(
      await casike(['rule', 'add', '--name', 'x', '--account', 'Nope', '--set-category', 'Coffee']),
      1,
      /account "Nope" not found/,
    );
    _expectOneLineError(
      await casike(['rule', 'add', '--name', 'x', '--payee-is', 'a', '--set-category', 'Nope']),
      1,
      /category "Nope" not found/,
    );
    _expectOneLineError(
      await casike(['rule', 'add', '--name', 'x', '--payee-is', 'a']),
      2,
      /needs an action/,
    );
    _expectOneLineError(
      await casike(['rule', 'add', '--name', 'x', '--set-category', 'Coffee']),
      2,
      /needs a condition/,
    );
    _expectOneLineError(
      await casike([
        'rule',
        'add',
        '--name',
        'x',
        '--payee-is',
        'a',
        '--payee-contains',
        'b',
        '--tag',
        't',
      ]),
      2,
      /cannot be used with/,
    );
    _expectOneLineError(
      await casike(['rule', 'add', '--payee-is', 'a', '--tag', 't']),
      2,
      /--name/,
    );
    _expectOneLineError(
      await casike(['rule', 'apply', '--dry-run', '--limit', '0']),
      1,
      /1 to 500/,
    );
    await ok(['rule', 'add', '--name', 'Dup', '--payee-is', 'a', '--tag', 't']);
    _expectOneLineError(
      await casike(['rule', 'add', '--name', 'dup', '--payee-is', 'b', '--tag', 't']),
      1,
      /a rule named "dup" already exists/,
    );
    expect(JSON.parse(await ok(['rule', 'list', '--json']))).toHaveLength(1);
  });

  it('reads --min/--max in the account currency (JPY has no decimals)', async () => {
    await withVault(({ db }) =>
      createAccount(db, { name: 'Yen', type: 'cash', currency: 'JPY', openingBalance: 0 }),
    );
    await ok(['rule', 'add', '--name', 'Yen', '--account', 'Yen', '--min', '1000', '--tag', 'big']);
    const [rule] = JSON.parse(await ok(['rule', 'list', '--json'])) as {
      conditions: { field: string; min?: number }[];
    }[];
    expect(rule?.conditions.find((c) => c.field === 'amount')?.min).toBe(1000);
    // Without --account the decimals are ambiguous now (USD and JPY): ask for one.
    _expectOneLineError(
      await casike(['rule', 'add', '--name', 'Other', '--min', '10', '--tag', 'x']),
      1,
      /add --account/,
    );
  });

  it.runIf(WIRED)('works through the real bin/casike.js', async () => {
    const run = (args: string[]) => _runCasike(dataDir, PASS, args);
    expect(
      run(['rule', 'add', '--name', 'Coffee', '--payee-contains', 'bottle', '--tag', 'c']).code,
    ).toBe(0);
    expect(run(['rule', 'apply', '--dry-run']).stdout).toMatch(/2 transactions would change/);
    expect(run(['rule', 'apply']).stdout).toBe('Changed 2 transactions.\n');
    _expectOneLineError(
      run(['rule', 'add', '--name', 'x', '--min', '1.234', '--tag', 't']),
      1,
      /USD amount/,
    );
    expect((await listed()).filter((t) => t.tags.includes('c'))).toHaveLength(2);
  });
});
