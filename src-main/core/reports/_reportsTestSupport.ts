import fc from 'fast-check';
import { TransactionInputSchema } from '../../../src-shared/contract/ledger';
import { addDays, type CurrencyCode } from '../../../src-shared/domain';
import { CoreError } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import {
  createAccount,
  createTransaction,
  createTransfer,
  deleteCategory,
  deleteTransaction,
  getTransaction,
  listCategoryGroups,
  mergePayees,
  payeeIdFor,
  updateTransaction,
} from '../ledger';
import { initVault, openVault, type UnlockedVault } from '../vault';
import { _tempDataDir } from '../vault/_testSupport';

/** Test-only helpers for the reports and budgets tests: a real vault and random ledgers. */

const PASSPHRASE = 'reports test passphrase';

/** A new vault in a temp dir, unlocked. `close()` locks it and removes the dir. */
export async function _openVault(): Promise<{ vault: UnlockedVault; close: () => void }> {
  const { dir, cleanup } = _tempDataDir();
  await initVault(dir, PASSPHRASE);
  const vault = await openVault({ dataDir: dir }, { method: 'passphrase', passphrase: PASSPHRASE });
  return {
    vault,
    close: () => {
      if (vault.isOpen) vault.lock();
      cleanup();
    },
  };
}

/**
 * Runs `work` inside a transaction that is always rolled back, so every property run
 * starts from the same empty ledger without paying for a new vault. The ledger's own
 * transactions nest inside it as savepoints.
 */
export function _inRolledBackTransaction<T>(db: SqlDatabase, work: () => T): T {
  db.exec('BEGIN');
  try {
    return work();
  } finally {
    db.exec('ROLLBACK');
  }
}

/** A few categories of each kind from the default set (ids), for random ledgers. */
export function _sampleCategories(db: SqlDatabase): { expense: string[]; income: string[] } {
  const groups = listCategoryGroups(db);
  const ids = (kind: 'income' | 'expense') =>
    groups
      .filter((group) => group.kind === kind)
      .flatMap((group) => group.categories.map((category) => category.id));
  return { expense: ids('expense').slice(0, 4), income: ids('income').slice(0, 2) };
}

/** The first day random ledgers use; they run about 14 months from here. */
export const START_DATE = '2024-01-01';
const day = fc.integer({ min: 0, max: 420 });
const amount = fc.integer({ min: -90_000, max: 90_000 }).filter((value) => value !== 0);
/** An index into a pool; the largest value picks "none" where that is allowed. */
const pick = fc.nat(9);

const op = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('plain' as const),
      account: pick,
      day,
      amount,
      category: pick,
      payee: pick,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('split' as const),
      account: pick,
      day,
      parts: fc.array(fc.record({ amount, category: pick }), { minLength: 2, maxLength: 3 }),
      payee: pick,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      from: pick,
      to: pick,
      day,
      amount: fc.integer({ min: 1, max: 90_000 }),
      toAmount: fc.integer({ min: 1, max: 90_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      target: fc.nat(),
      day: fc.option(day),
      amount: fc.option(amount),
      account: fc.option(pick),
      category: fc.option(pick),
      payee: fc.option(pick),
      resplit: fc.option(fc.record({ first: amount, a: pick, b: pick })),
      unsplit: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), target: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deleteCategory' as const),
      category: pick,
      reassign: pick,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('mergePayees' as const), source: pick, target: pick }),
  },
);

/** A random ledger: 1–3 accounts over 1–2 currencies, then random writes and edits. */
export const _ledgerArbitrary = fc.record({
  currencies: fc.constantFrom<CurrencyCode[]>(['USD'], ['USD', 'EUR'], ['EUR', 'JPY']),
  accounts: fc.array(
    fc.record({ currency: fc.nat(1), opening: fc.integer({ min: -200_000, max: 200_000 }) }),
    { minLength: 1, maxLength: 3, size: 'max' },
  ),
  ops: fc.array(op, { minLength: 5, maxLength: 60, size: 'max' }),
});
export type LedgerPlan = typeof _ledgerArbitrary extends fc.Arbitrary<infer T> ? T : never;

/**
 * Writes a plan through the ledger's API (so every trigger runs as in the app). Writes
 * the ledger refuses (a transfer to the same account, editing a deleted row, changing
 * a split's amount without new splits) are skipped: they must leave no trace.
 */
export function _applyPlan(
  db: SqlDatabase,
  plan: LedgerPlan,
  categories: { expense: string[]; income: string[] },
): { accounts: string[] } {
  const accounts = plan.accounts.map(
    (account, index) =>
      createAccount(db, {
        name: `Account ${index}`,
        type: 'checking',
        currency: plan.currencies[account.currency % plan.currencies.length] ?? 'USD',
        openingBalance: account.opening,
      }).id,
  );
  const pool = [...categories.expense, ...categories.income];
  const account = (index: number) => accounts[index % accounts.length] ?? '';
  // Index 9 (and past the pool) means "uncategorized" / "no payee".
  const category = (index: number) => (index < pool.length ? (pool[index] ?? null) : null);
  const payee = (index: number) => (index < 6 ? `Payee ${index}` : null);
  const date = (offset: number) => addDays(START_DATE, offset);
  const created: string[] = [];
  const target = (index: number) => created[index % Math.max(created.length, 1)] ?? 'missing';

  for (const step of plan.ops) {
    try {
      switch (step.kind) {
        case 'plain':
          created.push(
            createTransaction(
              db,
              draft({
                accountId: account(step.account),
                date: date(step.day),
                amount: step.amount,
                categoryId: category(step.category),
                payee: payee(step.payee),
              }),
            ).id,
          );
          break;
        case 'split': {
          const splits = step.parts.map((part) => ({
            categoryId: category(part.category),
            amount: part.amount,
            memo: '',
          }));
          created.push(
            createTransaction(
              db,
              draft({
                accountId: account(step.account),
                date: date(step.day),
                amount: splits.reduce((total, part) => total + part.amount, 0),
                payee: payee(step.payee),
                splits,
              }),
            ).id,
          );
          break;
        }
        case 'transfer': {
          const pair = createTransfer(db, {
            fromAccountId: account(step.from),
            toAccountId: account(step.to),
            date: date(step.day),
            amount: step.amount,
            toAmount: sameCurrency(db, account(step.from), account(step.to))
              ? undefined
              : step.toAmount,
            memo: '',
          });
          created.push(pair.from.id, pair.to.id);
          break;
        }
        case 'edit': {
          const id = target(step.target);
          const current = getTransaction(db, id);
          const newAmount = step.amount ?? current.amount;
          // A transfer side takes only date, amount and account; keep those edits valid.
          const plain = current.transfer === null;
          updateTransaction(db, id, {
            ...(step.day !== null ? { date: date(step.day) } : {}),
            ...(step.amount !== null ? { amount: step.amount } : {}),
            ...(step.account !== null ? { accountId: account(step.account) } : {}),
            ...(plain && step.category !== null ? { categoryId: category(step.category) } : {}),
            ...(plain && step.payee !== null ? { payee: payee(step.payee) } : {}),
            ...(plain && step.unsplit ? { splits: [] } : {}),
            ...(plain && step.resplit !== null && !step.unsplit
              ? {
                  splits: [
                    { categoryId: category(step.resplit.a), amount: step.resplit.first, memo: '' },
                    {
                      categoryId: category(step.resplit.b),
                      amount: newAmount - step.resplit.first,
                      memo: '',
                    },
                  ],
                }
              : {}),
          });
          break;
        }
        case 'delete':
          deleteTransaction(db, target(step.target));
          break;
        case 'deleteCategory': {
          const victim = category(step.category);
          if (victim) deleteCategory(db, victim, category(step.reassign));
          break;
        }
        case 'mergePayees': {
          const source = payee(step.source);
          const into = payee(step.target);
          if (source && into)
            mergePayees(db, [payeeIdFor(db, source) ?? ''], payeeIdFor(db, into) ?? '');
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
    }
  }
  return { accounts };
}

function draft(fields: {
  accountId: string;
  date: string;
  amount: number;
  categoryId?: string | null;
  payee: string | null;
  splits?: { categoryId: string | null; amount: number; memo: string }[];
}) {
  const { applyRules: _ignored, ...parsed } = TransactionInputSchema.parse(fields);
  return parsed;
}

function sameCurrency(db: SqlDatabase, a: string, b: string): boolean {
  const currency = db.prepare('SELECT currency FROM accounts WHERE id = ?');
  const of = (id: string) => (currency.get(id) as { currency: string } | undefined)?.currency;
  return of(a) === of(b);
}
