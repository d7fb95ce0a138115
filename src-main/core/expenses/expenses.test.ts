import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ExpenseInputSchema,
  MileageInputSchema,
  type ExpenseInput,
  type MileageInput,
} from '../../../src-shared/contract/expenses';
import {
  createAccount,
  createTransaction,
  createTransfer,
  findCategoryByName,
  getTransaction,
  searchTransactions,
} from '../ledger';
import { attachReceipts, prepareReceipt } from '../receipts';
import { _pdfWithMarker, _windowsExecutable } from '../receipts/_receiptFixtures';
import type { UnlockedVault } from '../vault';
import { _openTempVault } from '../vault/_testSupport';
import {
  createExpense,
  createMileageExpense,
  deleteExpense,
  formatRate,
  getExpense,
  getMileageRate,
  listExpenses,
  listExpensesForReport,
  mileageAmount,
  parseDistance,
  parseRate,
  setMileageRate,
  totalsByCategory,
  updateExpense,
} from './index';

let vault: UnlockedVault;
let close: () => void;
let usd: string;
let jpy: string;

beforeEach(async () => {
  ({ vault, close } = await _openTempVault());
  const account = (name: string, currency: 'USD' | 'JPY') =>
    createAccount(vault.db, { name, type: 'checking', currency, openingBalance: 0 }).id;
  usd = account('Checking', 'USD');
  jpy = account('Tokyo', 'JPY');
});
afterEach(() => close());

const expense = (input: Partial<ExpenseInput> = {}) =>
  ExpenseInputSchema.parse({ accountId: usd, date: '2026-11-03', amount: 1_999, ...input });
const mileage = (input: Partial<MileageInput> = {}) =>
  MileageInputSchema.parse({
    accountId: usd,
    date: '2026-11-04',
    distanceHundredths: 100,
    ...input,
  });
const auditEvents = () => vault.listAudit(100).map((row) => row.event);
const count = (table: string) =>
  (vault.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('an expense is a ledger transaction', () => {
  it('stores money out of the account with its flags, and shows in the ledger', () => {
    const coffee = findCategoryByName(vault.db, 'Office supplies').id;
    const { receipts: _none, ...input } = expense({
      payee: 'Staples',
      categoryId: coffee,
      business: true,
      taxDeductible: true,
      reimbursable: true,
    });
    const created = createExpense(vault, input);
    expect(created.transaction).toMatchObject({
      amount: -1_999,
      payee: 'Staples',
      categoryId: coffee,
    });
    expect(created.currency).toBe('USD');
    expect(created.flags).toEqual({
      business: true,
      taxDeductible: true,
      reimbursable: true,
      reimbursementStatus: 'to_submit',
    });
    expect(created.mileage).toBeNull();
    // It is in the ledger like any transaction: search, and the account's balance.
    const page = searchTransactions(vault.db, { sort: 'date_desc', limit: 10, search: 'staples' });
    expect(page.items.map((row) => row.id)).toEqual([created.transaction.id]);
    expect(getTransaction(vault.db, created.transaction.id).amount).toBe(-1_999);
    expect(auditEvents()).toContain('expense.created');
  });

  it('moves the reimbursement status along, and keeps it only on reimbursable expenses', () => {
    const { receipts: _a, ...plain } = expense();
    const created = createExpense(vault, plain);
    expect(created.flags.reimbursementStatus).toBeNull();
    expect(() =>
      updateExpense(vault, created.transaction.id, { reimbursementStatus: 'submitted' }),
    ).toThrow(/only a reimbursable expense/);
    const id = created.transaction.id;
    expect(updateExpense(vault, id, { reimbursable: true }).flags.reimbursementStatus).toBe(
      'to_submit',
    );
    expect(
      updateExpense(vault, id, { reimbursementStatus: 'submitted' }).flags.reimbursementStatus,
    ).toBe('submitted');
    expect(updateExpense(vault, id, { reimbursementStatus: 'reimbursed' }).flags).toMatchObject({
      reimbursable: true,
      reimbursementStatus: 'reimbursed',
    });
    expect(updateExpense(vault, id, { reimbursable: false }).flags.reimbursementStatus).toBeNull();
    // The schema itself refuses a status without the flag, whatever the code does.
    expect(() =>
      vault.db
        .prepare(
          "UPDATE expense_details SET reimbursement_status = 'submitted' WHERE transaction_id = ?",
        )
        .run(id),
    ).toThrow(/CHECK/);
  });

  it('turns a plain money-out transaction into an expense, and refuses income and transfers', () => {
    const draft = {
      accountId: usd,
      date: '2026-11-05',
      payee: 'AWS',
      memo: '',
      categoryId: null,
      status: 'cleared' as const,
      tags: [],
      splits: [],
      externalId: null,
    };
    const imported = createTransaction(vault.db, { ...draft, amount: -4_200 });
    const promoted = updateExpense(vault, imported.id, { business: true, reimbursable: true });
    expect(promoted.flags).toEqual({
      business: true,
      taxDeductible: false,
      reimbursable: true,
      reimbursementStatus: 'to_submit',
    });
    expect(promoted.transaction.amount).toBe(-4_200);
    expect(auditEvents()[0]).toBe('expense.created');
    const income = createTransaction(vault.db, { ...draft, amount: 4_200 });
    expect(() => updateExpense(vault, income.id, { business: true })).toThrow(/only money out/);
    const moved = createTransfer(vault.db, {
      fromAccountId: usd,
      toAccountId: createAccount(vault.db, {
        name: 'Savings',
        type: 'savings',
        currency: 'USD',
        openingBalance: 0,
      }).id,
      date: '2026-11-05',
      amount: 100,
      memo: '',
    });
    expect(() => updateExpense(vault, moved.from.id, { business: true })).toThrow(/transfer/);
    expect(() =>
      updateExpense(vault, '01900000-0000-7000-8000-000000000000', { business: true }),
    ).toThrow(/transaction not found/);
    expect(count('expense_details')).toBe(1);
  });

  it('filters and pages the expense list, newest first', () => {
    for (let day = 1; day <= 5; day += 1) {
      const { receipts: _r, ...input } = expense({
        date: `2026-10-0${day}`,
        business: day % 2 === 1,
        reimbursable: day === 4,
      });
      createExpense(vault, input);
    }
    const first = listExpenses(vault.db, { limit: 2 });
    expect(first.items.map((item) => item.transaction.date)).toEqual(['2026-10-05', '2026-10-04']);
    const second = listExpenses(vault.db, { limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((item) => item.transaction.date)).toEqual(['2026-10-03', '2026-10-02']);
    const business = listExpenses(vault.db, { limit: 10, business: true, from: '2026-10-02' });
    expect(business.items.map((item) => item.transaction.date)).toEqual([
      '2026-10-05',
      '2026-10-03',
    ]);
    const toSubmit = listExpenses(vault.db, { limit: 10, reimbursementStatus: 'to_submit' });
    expect(toSubmit.items.map((item) => item.transaction.date)).toEqual(['2026-10-04']);
  });
});

describe('mileage', () => {
  it('is exact in minor units: distance × rate, rounded half up once', () => {
    expect(mileageAmount(parseDistance('12.5'), parseRate('0.655', 'USD'))).toBe(819); // 818.75
    expect(mileageAmount(parseDistance('100'), parseRate('0.70', 'USD'))).toBe(7_000);
    expect(mileageAmount(parseDistance('0.01'), parseRate('0.3', 'EUR'))).toBe(0); // 0.3 ¢
    expect(mileageAmount(parseDistance('1'), parseRate('0.005', 'USD'))).toBe(1); // half up
    expect(mileageAmount(parseDistance('37'), parseRate('33', 'JPY'))).toBe(1_221);
    expect(mileageAmount(parseDistance('3.3'), parseRate('0.333', 'KWD'))).toBe(1_099); // 1.0989
    expect(formatRate(parseRate('0.655', 'USD'), 'USD')).toBe('0.655');
    expect(formatRate(parseRate('0.7', 'USD'), 'USD')).toBe('0.70');
    expect(() => parseDistance('1.234')).toThrow(/at most 2 decimal places/);
    expect(() => parseRate('0.123456', 'USD')).toThrow(/at most 5 decimal places/);
    expect(() => parseDistance('-3')).toThrow(/plain positive number/);
    expect(() => parseDistance('1e3')).toThrow(/plain positive number/);
  });

  it('agrees with a decimal reference computation for any distance and rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 1, max: 1_000_000_000 }),
        (distance, rate) => {
          // Reference: the exact rational distance/100 × rate/1000 minor units, half up.
          const numerator = BigInt(distance) * BigInt(rate);
          const denominator = 100n * 1000n;
          const floor = numerator / denominator;
          const expected =
            2n * (numerator - floor * denominator) >= denominator ? floor + 1n : floor;
          expect(mileageAmount(distance, rate)).toBe(Number(expected));
        },
      ),
    );
  });

  it('uses the vault’s default rate, stored in settings, when none is given', () => {
    expect(getMileageRate(vault.db)).toBeNull();
    const { receipts: _r, ...withoutRate } = mileage();
    expect(() => createMileageExpense(vault, withoutRate)).toThrow(/no mileage rate is set/);
    setMileageRate(vault, {
      currency: 'USD',
      unit: 'mi',
      rateMilliMinor: parseRate('0.70', 'USD'),
    });
    expect(getMileageRate(vault.db)).toEqual({
      currency: 'USD',
      unit: 'mi',
      rateMilliMinor: 70_000,
    });
    const { receipts: _s, ...trip } = mileage({ distanceHundredths: parseDistance('42.5') });
    const created = createMileageExpense(vault, trip);
    expect(created.transaction.amount).toBe(-2_975);
    expect(created.mileage).toEqual({
      distanceHundredths: 4_250,
      unit: 'mi',
      rateMilliMinor: 70_000,
    });
    expect(created.transaction.categoryId).toBe(findCategoryByName(vault.db, 'Mileage').id);
    expect(auditEvents()).toEqual(expect.arrayContaining(['settings.changed', 'expense.created']));

    // A default in another currency or unit is never applied silently.
    const { receipts: _t, ...yen } = mileage({ accountId: jpy });
    expect(() => createMileageExpense(vault, yen)).toThrow(/in USD but this account is in JPY/);
    const { receipts: _u, ...km } = mileage({ unit: 'km' });
    expect(() => createMileageExpense(vault, km)).toThrow(/per mi; give a rate per km/);
    const { receipts: _v, ...explicit } = mileage({
      accountId: jpy,
      unit: 'km',
      rateMilliMinor: parseRate('30', 'JPY'),
      distanceHundredths: parseDistance('12.5'),
    });
    expect(createMileageExpense(vault, explicit).transaction.amount).toBe(-375);
  });
});

describe('deleting an expense', () => {
  it('deletes its transaction, details, receipts and their bytes, and audits it', async () => {
    const { receipts: _r, ...input } = expense();
    const receipt = await prepareReceipt('r.pdf', _pdfWithMarker('m', 700_000));
    const created = createExpense(vault, input, [receipt]);
    expect(created.receipts).toHaveLength(1);
    expect([count('expense_details'), count('receipts'), count('receipt_chunks')]).toEqual([
      1, 1, 2,
    ]);
    expect(deleteExpense(vault, created.transaction.id)).toBe(1);
    expect([
      count('transactions'),
      count('expense_details'),
      count('receipts'),
      count('receipt_chunks'),
    ]).toEqual([0, 0, 0, 0]);
    expect(auditEvents()[0]).toBe('expense.deleted');
    expect(() => getExpense(vault.db, created.transaction.id)).toThrow(/expense not found/);
    expect(() => deleteExpense(vault, created.transaction.id)).toThrow(/expense not found/);
    expect(vault.verifyAudit()).toMatchObject({ ok: true });
  });

  it('is all or nothing: a receipt the database refuses leaves no transaction behind', async () => {
    const { receipts: _r, ...input } = expense();
    const good = await prepareReceipt('r.pdf', _pdfWithMarker('m'));
    // Bypass the content check to reach the schema's own CHECK on the media type.
    const forged = { ...good, mediaType: 'text/html' as unknown as typeof good.mediaType };
    expect(() => createExpense(vault, input, [good, forged])).toThrow(/CHECK/);
    expect([count('transactions'), count('expense_details'), count('receipts')]).toEqual([0, 0, 0]);
    expect(auditEvents()).not.toContain('expense.created');
    await expect(prepareReceipt('receipt.jpg', _windowsExecutable())).rejects.toThrow(
      /Windows program/,
    );
  });
});

describe('the expense report query', () => {
  it('lists expenses in a date range with names, lines, flags and receipts; totals by currency and category', async () => {
    const office = findCategoryByName(vault.db, 'Office supplies').id;
    const software = findCategoryByName(vault.db, 'Software').id;
    const add = (input: Partial<ExpenseInput>) => {
      const { receipts: _r, ...parsed } = expense(input);
      return createExpense(vault, parsed);
    };
    add({ date: '2026-09-30', amount: 100, categoryId: office }); // outside the range
    const a = add({
      date: '2026-10-01',
      amount: 1_000,
      categoryId: office,
      payee: 'Staples',
      business: true,
    });
    add({ date: '2026-10-02', amount: 250, categoryId: software });
    add({ date: '2026-10-03', amount: 500, categoryId: office });
    add({ date: '2026-10-04', amount: 700, accountId: jpy, categoryId: office });
    const [meta] = attachReceipts(vault.db, a.transaction.id, [
      await prepareReceipt('a.pdf', _pdfWithMarker('m')),
    ]);

    const rows = listExpensesForReport(vault.db, { from: '2026-10-01', to: '2026-10-31' });
    expect(rows.map((row) => [row.date, row.amount, row.currency])).toEqual([
      ['2026-10-01', 1_000, 'USD'],
      ['2026-10-02', 250, 'USD'],
      ['2026-10-03', 500, 'USD'],
      ['2026-10-04', 700, 'JPY'],
    ]);
    expect(rows[0]).toMatchObject({
      accountName: 'Checking',
      payee: 'Staples',
      lines: [{ categoryId: office, categoryName: 'Business: Office supplies', amount: 1_000 }],
      flags: { business: true },
      receipts: [{ id: meta?.id, mediaType: 'application/pdf', hasThumbnail: false }],
    });
    expect(totalsByCategory(rows)).toEqual([
      { currency: 'JPY', categoryName: 'Business: Office supplies', amount: 700, count: 1 },
      { currency: 'USD', categoryName: 'Business: Office supplies', amount: 1_500, count: 2 },
      { currency: 'USD', categoryName: 'Business: Software', amount: 250, count: 1 },
    ]);
  });
});
