import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TransactionInputSchema } from '../../../src-shared/contract/ledger';
import type { SqlDatabase } from '../db/openDatabase';
import { _openTempVault } from '../vault/_testSupport';
import { _maintainedMonthlyTotals, _naiveMonthlyTotals } from './_ledgerTestSupport';
import {
  createAccount,
  createTransaction,
  createTransfer,
  deleteTransaction,
  listCategoryGroups,
  updateTransaction,
} from './index';

/**
 * Random ledgers, random edits: afterwards every split still sums exactly to its
 * parent, every transfer is still a mirrored pair, and the maintained monthly totals
 * equal a recomputation from the rows.
 */
let db: SqlDatabase;
let close: () => void;
let categories: string[];

beforeAll(async () => {
  const temp = await _openTempVault();
  db = temp.vault.db;
  close = temp.close;
  categories = listCategoryGroups(db).flatMap((group) =>
    group.categories.map((category) => category.id),
  );
});
afterAll(() => close());

const amount = fc.integer({ min: -500_000, max: 500_000 }).filter((value) => value !== 0);
const date = fc
  .record({
    y: fc.integer({ min: 2015, max: 2027 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const op = fc.oneof(
  fc.record({
    kind: fc.constant('plain' as const),
    amount,
    date,
    category: fc.nat(40),
    account: fc.nat(2),
  }),
  fc.record({
    kind: fc.constant('split' as const),
    amount,
    date,
    parts: fc.array(fc.nat(100), { minLength: 2, maxLength: 5 }),
    account: fc.nat(2),
  }),
  fc.record({
    kind: fc.constant('transfer' as const),
    amount: fc.integer({ min: 1, max: 99_999 }),
    date,
    from: fc.nat(2),
    to: fc.nat(2),
  }),
  fc.record({
    kind: fc.constant('edit' as const),
    pick: fc.nat(),
    amount,
    date,
    account: fc.nat(2),
  }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
);

function splitInto(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const parts = weights.map((weight) => Math.trunc((total * weight) / sum));
  parts[0] = (parts[0] ?? 0) + total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

it('keeps splits exact, transfers paired and totals consistent under random operations', () => {
  let run = 0;
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
      run += 1;
      const accounts = [0, 1, 2].map(
        (index) =>
          createAccount(db, {
            name: `A${run}-${index}`,
            type: 'checking',
            currency: 'USD',
            openingBalance: 0,
          }).id,
      );
      const at = (index: number) => accounts[index % accounts.length] ?? '';
      const created: string[] = [];
      for (const step of ops) {
        try {
          if (step.kind === 'plain') {
            const category = categories[step.category % (categories.length + 1)] ?? null;
            created.push(
              createTransaction(
                db,
                TransactionInputSchema.parse({
                  accountId: at(step.account),
                  date: step.date,
                  amount: step.amount,
                  categoryId: category,
                }),
              ).id,
            );
          } else if (step.kind === 'split') {
            const splits = splitInto(step.amount, step.parts).map((part, index) => ({
              amount: part,
              categoryId: categories[index] ?? null,
            }));
            created.push(
              createTransaction(
                db,
                TransactionInputSchema.parse({
                  accountId: at(step.account),
                  date: step.date,
                  amount: step.amount,
                  splits,
                }),
              ).id,
            );
          } else if (step.kind === 'transfer') {
            const pair = createTransfer(db, {
              fromAccountId: at(step.from),
              toAccountId: at(step.to),
              date: step.date,
              amount: step.amount,
              memo: '',
            });
            created.push(pair.from.id, pair.to.id);
          } else if (step.kind === 'edit' && created.length > 0) {
            const id = created[step.pick % created.length] ?? '';
            updateTransaction(db, id, { date: step.date, accountId: at(step.account) });
          } else if (step.kind === 'delete' && created.length > 0) {
            deleteTransaction(db, created.splice(step.pick % created.length, 1)[0] ?? '');
          }
        } catch (error) {
          // Refusals are fine (a transfer to the same account, editing a deleted row);
          // what matters is that they leave the invariants intact.
          if (!(error instanceof Error) || !/transfer|not found|itself/.test(error.message))
            throw error;
        }
      }
      const badSplits = db
        .prepare(
          `SELECT t.id FROM transactions t JOIN transaction_splits s ON s.transaction_id = t.id
           GROUP BY t.id HAVING sum(s.amount) != t.amount`,
        )
        .all();
      expect(badSplits).toEqual([]);
      const unpaired = db
        .prepare(
          `SELECT a.id FROM transactions a LEFT JOIN transactions b ON b.id = a.transfer_id
           WHERE a.transfer_id IS NOT NULL AND (b.id IS NULL OR b.transfer_id != a.id OR b.amount != -a.amount OR b.date != a.date)`,
        )
        .all();
      expect(unpaired).toEqual([]);
      expect(_maintainedMonthlyTotals(db)).toEqual(_naiveMonthlyTotals(db));
    }),
    { numRuns: 60 },
  );
});
