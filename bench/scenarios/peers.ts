import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../src-main/core/imports';
import { createAccount, listAccounts } from '../../src-main/core/ledger';
import { loadRuleEngine } from '../../src-main/core/rules';
import { ensurePeerFiles, type PeerFiles } from '../generate/peerFiles';
import { ACCOUNTS, type AccountKey } from '../generate/profiles';
import { openScratchDatabase } from '../generate/scratch';
import type { Iterations, Plan, Scenario, SizeContext, SizeSpec } from '../harness/types';

/*
 * Side by side with hledger and ledger(1) on the same data (issue 9): the size's
 * ledger as one bank CSV per account (+ hledger rules files) and as a ledger journal.
 * Each peer reads its file and prints the balance of every asset account; Casike
 * imports the same CSVs through the real import into a fresh vault database and reads
 * the same balances (listAccounts). The balances must agree to the cent, or the
 * comparison would be dishonest: peers.casike then FAILS (the run exits 1).
 */

/** Balances in minor units, keyed by "Assets:Checking USD". */
type Balances = Map<string, number>;

const PEER_SIZE = 100_000;
/** Peers run at 100k (the acceptance size), and in the smoke run at its one small size. */
const peerIterations = (size: SizeSpec, plan: Plan): Iterations | null =>
  plan.smoke || size.rows === PEER_SIZE ? { warmup: 0, runs: plan.quick ? 1 : 3 } : null;

/** Each peer's balances at each size, for peers.casike to check against. */
const peerBalances = new Map<string, Balances>();

const installed = (tool: string): boolean =>
  ['/usr/bin', '/usr/local/bin', '/bin'].some((dir) => existsSync(join(dir, tool)));

function peerFilesFor(ctx: SizeContext): PeerFiles {
  return ensurePeerFiles(join(ctx.vault.dir, 'peers'), ctx.size.rows, ctx.plan.seed);
}

/** "12,345.67" or "-58.28" → minor units (both currencies here have two decimals). */
function minorUnits(text: string): number {
  const match = /(-?)([\d,]+)(?:\.(\d+))?/.exec(text);
  if (!match) throw new Error(`not an amount: "${text}"`);
  const [, sign, whole = '0', fraction = ''] = match;
  const value =
    Number(whole.replaceAll(',', '')) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
  return sign === '-' ? -value : value;
}

function runHledger(files: PeerFiles): Balances {
  const args = [...files.csvFiles.values()].flatMap((file) => ['-f', file]);
  const out = execFileSync(
    'hledger',
    [...args, 'balance', '--output-format=csv', '--no-total', '^Assets'],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const balances: Balances = new Map();
  for (const line of out.trim().split('\n').slice(1)) {
    const [account, balance] = line.split('","').map((cell) => cell.replaceAll('"', ''));
    const currency = /[A-Z]{3}/.exec(balance ?? '')?.[0];
    if (!account || !balance || !currency) continue;
    balances.set(`${account} ${currency}`, minorUnits(balance.replace(currency, '')));
  }
  return balances;
}

function runLedger(files: PeerFiles): Balances {
  const out = execFileSync(
    'ledger',
    [
      '-f',
      files.journal,
      'balance',
      '^Assets',
      '--flat',
      '--no-total',
      '--format',
      '%(account)\t%(quantity(scrub(display_total)))\t%(commodity(scrub(display_total)))\n',
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  const balances: Balances = new Map();
  for (const line of out.trim().split('\n')) {
    const [account, quantity, currency] = line.split('\t');
    if (account && quantity && currency)
      balances.set(`${account} ${currency}`, minorUnits(quantity));
  }
  return balances;
}

/** A peer's scenario: its wall time to read the files and print the balance report. */
function peerScenario(
  id: string,
  tool: string,
  about: string,
  run: (files: PeerFiles) => Balances,
): Scenario {
  return {
    id,
    about,
    unit: 'ms',
    phase: 'peers',
    iterations: (size, plan) => (installed(tool) ? peerIterations(size, plan) : null),
    setup(ctx) {
      const files = peerFilesFor(ctx);
      return {
        sample() {
          const started = performance.now();
          const balances = run(files);
          const ms = performance.now() - started;
          peerBalances.set(`${id}@${ctx.size.label}`, balances);
          return ms;
        },
        note: () => `${files.rows} rows`,
      };
    },
  };
}

function describe(balances: Balances): string {
  return [...balances]
    .map(([account, minor]) => `${account} ${(minor / 100).toFixed(2)}`)
    .join(', ');
}

function sameBalances(a: Balances, b: Balances): boolean {
  return a.size === b.size && [...a].every(([account, value]) => b.get(account) === value);
}

export const peerScenarios: Scenario[] = [
  peerScenario(
    'peers.hledger',
    'hledger',
    'hledger reading the bank CSVs with its rules files and printing the balance of every asset account (wall time of the process).',
    runHledger,
  ),
  peerScenario(
    'peers.ledger',
    'ledger',
    'ledger(1) reading the equivalent journal and printing the same balances.',
    runLedger,
  ),
  {
    id: 'peers.casike',
    about:
      'Casike importing the same bank CSVs (real import, one per account) into a fresh vault database + the same balance report (listAccounts). ratio = vs hledger (< 0.05 = 20× faster); the balances must equal both peers.',
    unit: 'ms',
    phase: 'peers',
    iterations: peerIterations,
    baselineFrom: { id: 'peers.hledger', label: 'hledger' },
    setup(ctx) {
      const files = peerFilesFor(ctx);
      let note = '';
      return {
        async sample() {
          const scratch = openScratchDatabase(ctx.scratchDir);
          try {
            const db = scratch.db;
            const accountIds = new Map<AccountKey, string>();
            for (const spec of ACCOUNTS) {
              const account = createAccount(db, {
                name: files.peerAccount(spec.key),
                type: spec.type,
                currency: spec.currency,
                openingBalance: 0,
              });
              accountIds.set(spec.key, account.id);
            }
            const started = performance.now();
            for (const [key, file] of files.csvFiles) {
              await importFile(db, file, {
                accountId: accountIds.get(key) as string,
                dryRun: false,
                transform: loadRuleEngine(db).transformDraft,
                onProgress: ctx.sampleMemory,
              });
            }
            const balances: Balances = new Map(
              listAccounts(db, true).map((account) => [
                `${account.name} ${account.currency}`,
                account.balance,
              ]),
            );
            const ms = performance.now() - started;
            note = verify(balances, ctx.size.label);
            return ms;
          } finally {
            scratch.remove();
          }
        },
        note: () => note,
      };
    },
  },
];

/** Throws (the scenario FAILS) unless every peer that ran printed Casike's balances. */
function verify(casike: Balances, size: string): string {
  const checked: string[] = [];
  for (const peer of ['peers.hledger', 'peers.ledger']) {
    const theirs = peerBalances.get(`${peer}@${size}`);
    if (!theirs) continue;
    if (!sameBalances(casike, theirs)) {
      throw new Error(
        `balances disagree with ${peer}: casike ${describe(casike)}; ${peer} ${describe(theirs)}`,
      );
    }
    checked.push(peer.replace('peers.', ''));
  }
  return checked.length > 0
    ? `balances equal ${checked.join(' and ')}`
    : 'no peer to check against';
}
