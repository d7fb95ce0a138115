import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ClientInputSchema,
  InvoiceDraftInputSchema,
  PaymentInputSchema,
  type InvoiceDraftInput,
  type PaymentInput,
} from '../../../src-shared/contract/invoices';
import { addDays, todayLocal } from '../../../src-shared/domain/dates';
import {
  createAccount,
  createTransaction,
  deleteTransaction,
  getAccount,
  getTransaction,
} from '../ledger';
import type { UnlockedVault } from '../vault';
import { _openTempVault } from '../vault/_testSupport';
import {
  createClient,
  createDraftInvoice,
  deleteDraftInvoice,
  findClientByName,
  findInvoiceByNumber,
  getBusiness,
  getBusinessDetails,
  getInvoice,
  getNumbering,
  invoiceMetrics,
  listInvoices,
  recordPayment,
  sendInvoice,
  setBusiness,
  setNumbering,
  updateDraftInvoice,
  voidInvoice,
} from './index';

let vault: UnlockedVault;
let close: () => void;
let clientId: string;

beforeEach(async () => {
  const temp = await _openTempVault();
  vault = temp.vault;
  close = temp.close;
  clientId = createClient(
    vault.db,
    ClientInputSchema.parse({ name: 'Acme GmbH', email: 'ap@acme.test', taxId: 'DE123' }),
  ).id;
});
afterEach(() => close());

const draft = (overrides: Partial<InvoiceDraftInput> = {}) =>
  InvoiceDraftInputSchema.parse({
    clientId,
    currency: 'EUR',
    lines: [
      { description: 'Consulting', quantity: '2.5', unitPrice: 12_000, taxRateBp: 1900 },
      { description: 'Travel', quantity: '1', unitPrice: 4_550 },
    ],
    ...overrides,
  });
const pay = (input: PaymentInput) => recordPayment(vault.db, PaymentInputSchema.parse(input));
const auditEvents = () =>
  vault.db.prepare('SELECT event FROM audit_log ORDER BY seq').pluck().all() as string[];

describe('clients', () => {
  it('finds a client by name, ignoring case, and refuses a second of the same name', () => {
    expect(findClientByName(vault.db, 'acme gmbh').id).toBe(clientId);
    expect(() => createClient(vault.db, ClientInputSchema.parse({ name: 'ACME GMBH' }))).toThrow(
      /already exists/,
    );
  });

  it('refuses an invalid email at the boundary', () => {
    expect(ClientInputSchema.safeParse({ name: 'X', email: 'not-an-email' }).success).toBe(false);
  });
});

describe('drafts and numbers', () => {
  it('stores totals and gives no number until the invoice is sent', () => {
    const invoice = createDraftInvoice(vault, draft());
    expect(invoice.number).toBeNull();
    expect(invoice.status).toBe('draft');
    // 2.5 × 120.00 = 300.00 (+19 % = 57.00), 45.50 at 0 %.
    expect(invoice.totals).toEqual({
      subtotal: 34_550,
      discount: 0,
      taxes: [
        { rateBp: 0, base: 4_550, tax: 0 },
        { rateBp: 1900, base: 30_000, tax: 5_700 },
      ],
      tax: 5_700,
      total: 40_250,
    });
    expect(invoice.lines[0]).toMatchObject({ quantity: '2.5', gross: 30_000, amount: 30_000 });
    expect(auditEvents()).toContain('invoice.created');
  });

  it('numbers sent invoices in a gap-free series; deleted drafts and voids leave no hole', () => {
    const a = createDraftInvoice(vault, draft());
    const scrap = createDraftInvoice(vault, draft());
    const b = createDraftInvoice(vault, draft());
    deleteDraftInvoice(vault, scrap.id);
    expect(sendInvoice(vault, a.id, '2026-01-05').number).toBe('INV-0001');
    const voided = voidInvoice(vault, a.id);
    expect(voided).toMatchObject({ status: 'void', number: 'INV-0001', balanceDue: 0 });
    expect(sendInvoice(vault, b.id, '2026-01-06').number).toBe('INV-0002');
    const c = createDraftInvoice(vault, draft());
    expect(sendInvoice(vault, c.id, '2026-01-07').number).toBe('INV-0003');
    const numbers = listInvoices(vault.db)
      .map((invoice) => invoice.number)
      .sort();
    expect(numbers).toEqual(['INV-0001', 'INV-0002', 'INV-0003']);
    expect(findInvoiceByNumber(vault.db, 'INV-0001').status).toBe('void');
    expect(auditEvents()).toEqual(
      expect.arrayContaining(['invoice.deleted', 'invoice.issued', 'invoice.voided']),
    );
  });

  it('leaves no gap when issuing fails half way (the transaction rolls back)', () => {
    const a = createDraftInvoice(vault, draft());
    // Fail at the last step, after the counter was advanced in the same transaction.
    vault.db.exec(`CREATE TEMP TRIGGER fail_issue BEFORE UPDATE OF status ON invoices
                   WHEN NEW.status = 'sent' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    expect(() => sendInvoice(vault, a.id)).toThrow(/disk on fire/);
    expect(getNumbering(vault.db).next).toBe(1);
    expect(getInvoice(vault.db, a.id)).toMatchObject({ status: 'draft', number: null });
    vault.db.exec('DROP TRIGGER temp.fail_issue');
    expect(sendInvoice(vault, a.id).number).toBe('INV-0001');
  });

  it('refuses to change, clear or delete a number, even in raw SQL', () => {
    const a = sendInvoice(vault, createDraftInvoice(vault, draft()).id);
    expect(() =>
      vault.db.prepare("UPDATE invoices SET number = 'INV-9999' WHERE id = ?").run(a.id),
    ).toThrow(/never changes/);
    expect(() => vault.db.prepare('DELETE FROM invoices WHERE id = ?').run(a.id)).toThrow(
      /cannot be deleted/,
    );
    expect(() => deleteDraftInvoice(vault, a.id)).toThrow(/void it/);
    expect(() => updateDraftInvoice(vault, a.id, draft())).toThrow(/cannot be edited/);
    expect(() => vault.db.prepare('UPDATE invoice_numbering SET next_value = 1').run()).toThrow(
      /never moves back/,
    );
  });

  it('follows a configured prefix and width, and only moves the counter forward', () => {
    setNumbering(vault.db, { prefix: '2026/', width: 6, next: 42 });
    const a = sendInvoice(vault, createDraftInvoice(vault, draft()).id);
    expect(a.number).toBe('2026/000042');
    expect(() => setNumbering(vault.db, { prefix: '2026/', width: 6, next: 10 })).toThrow(
      /only move forward/,
    );
    expect(getNumbering(vault.db)).toEqual({ prefix: '2026/', width: 6, next: 43 });
  });

  it('replaces a draft, and refuses a discount larger than the subtotal', () => {
    const a = createDraftInvoice(vault, draft());
    const updated = updateDraftInvoice(
      vault,
      a.id,
      draft({
        lines: [{ description: 'Design', quantity: '3', unitPrice: 10_000, discountBp: 1000 }],
        discount: { kind: 'percent', basisPoints: 500 },
      }),
    );
    // 300.00 − 10 % = 270.00; 5 % off the invoice = 13.50 → 256.50.
    expect(updated.totals).toMatchObject({ subtotal: 27_000, discount: 1_350, total: 25_650 });
    expect(() =>
      updateDraftInvoice(vault, a.id, draft({ discount: { kind: 'amount', minor: 10_000_000 } })),
    ).toThrow(/larger than the subtotal/);
    expect(getInvoice(vault.db, a.id).totals.total).toBe(25_650);
  });
});

describe('payments', () => {
  it('moves sent → partially paid → paid and refuses more than is due', () => {
    const a = sendInvoice(vault, createDraftInvoice(vault, draft()).id, '2026-03-01');
    expect(pay({ invoiceId: a.id, amount: 10_000, date: '2026-03-10' })).toMatchObject({
      status: 'partially_paid',
      paid: 10_000,
      balanceDue: 30_250,
    });
    expect(() => pay({ invoiceId: a.id, amount: 30_251, date: '2026-03-11' })).toThrow(
      /more than the 302.50 EUR still due/,
    );
    expect(() => voidInvoice(vault, a.id)).toThrow(/payments recorded/);
    const paid = pay({ invoiceId: a.id, amount: 30_250, date: '2026-03-15' });
    expect(paid).toMatchObject({ status: 'paid', balanceDue: 0, paidDate: '2026-03-15' });
    expect(paid.payments).toHaveLength(2);
    expect(() => pay({ invoiceId: a.id, amount: 1, date: '2026-03-16' })).toThrow(/already paid/);
  });

  it('refuses a payment on a draft', () => {
    const a = createDraftInvoice(vault, draft());
    expect(() => pay({ invoiceId: a.id, amount: 1, date: todayLocal() })).toThrow(
      /send the invoice/,
    );
  });

  it('books the income in the ledger, or links an existing transaction once', () => {
    const bank = createAccount(vault.db, {
      name: 'Business',
      type: 'checking',
      currency: 'EUR',
      openingBalance: 0,
    });
    const a = sendInvoice(vault, createDraftInvoice(vault, draft()).id, '2026-03-01');
    const first = pay({
      invoiceId: a.id,
      amount: 20_000,
      date: '2026-03-05',
      ledger: { mode: 'create', accountId: bank.id },
    });
    const booked = getTransaction(vault.db, first.payments[0]?.transactionId ?? '');
    expect(booked).toMatchObject({
      amount: 20_000,
      payee: 'Acme GmbH',
      memo: 'Payment for invoice INV-0001',
      date: '2026-03-05',
    });
    expect(getAccount(vault.db, bank.id).balance).toBe(20_000);

    const received = createTransaction(vault.db, {
      accountId: bank.id,
      date: '2026-03-20',
      amount: 20_250,
      payee: 'ACME',
      memo: '',
      categoryId: null,
      status: 'cleared',
      tags: [],
      splits: [],
      externalId: null,
    });
    expect(() =>
      pay({
        invoiceId: a.id,
        amount: 20_000,
        date: '2026-03-20',
        ledger: { mode: 'link', transactionId: received.id },
      }),
    ).toThrow(/exactly the payment amount/);
    const settled = pay({
      invoiceId: a.id,
      amount: 20_250,
      date: '2026-03-20',
      ledger: { mode: 'link', transactionId: received.id },
    });
    expect(settled.status).toBe('paid');
    expect(settled.payments[1]?.transactionId).toBe(received.id);

    // Deleting the ledger row keeps the payment, unlinked.
    deleteTransaction(vault.db, received.id);
    const after = getInvoice(vault.db, a.id);
    expect(after).toMatchObject({ status: 'paid', paid: after.total });
    expect(after.payments[1]?.transactionId).toBeNull();
  });

  it('refuses an account in another currency and changes nothing', () => {
    const usd = createAccount(vault.db, {
      name: 'US',
      type: 'checking',
      currency: 'USD',
      openingBalance: 0,
    });
    const a = sendInvoice(vault, createDraftInvoice(vault, draft()).id);
    expect(() =>
      pay({
        invoiceId: a.id,
        amount: 100,
        date: todayLocal(),
        ledger: { mode: 'create', accountId: usd.id },
      }),
    ).toThrow(/USD, the invoice in EUR/);
    expect(getInvoice(vault.db, a.id)).toMatchObject({ paid: 0, status: 'sent', payments: [] });
  });
});

describe('metrics', () => {
  it('computes outstanding, overdue, paid this month, days to pay and revenue per client', () => {
    const today = todayLocal();
    const other = createClient(vault.db, ClientInputSchema.parse({ name: 'Beta Ltd' })).id;
    const overdue = sendInvoice(
      vault,
      createDraftInvoice(vault, draft({ dueDate: addDays(today, -1) })).id,
      addDays(today, -30),
    );
    const open = sendInvoice(
      vault,
      createDraftInvoice(vault, draft({ clientId: other, dueDate: addDays(today, 10) })).id,
      addDays(today, -10),
    );
    const usd = sendInvoice(
      vault,
      createDraftInvoice(vault, draft({ currency: 'USD' })).id,
      addDays(today, -4),
    );
    pay({ invoiceId: usd.id, amount: usd.total, date: today });
    pay({ invoiceId: open.id, amount: 250, date: today });
    createDraftInvoice(vault, draft()); // drafts count nowhere

    const metrics = invoiceMetrics(vault.db, today);
    expect(metrics.outstanding).toEqual([
      { currency: 'EUR', amount: overdue.total + open.total - 250 },
    ]);
    expect(metrics.overdue).toEqual([{ currency: 'EUR', amount: overdue.total }]);
    expect(metrics.overdueCount).toBe(1);
    expect(metrics.paidThisMonth).toEqual([
      { currency: 'EUR', amount: 250 },
      { currency: 'USD', amount: usd.total },
    ]);
    expect(metrics.averageDaysToPay).toBe(4);
    expect(metrics.revenueByClient).toEqual([
      { clientId, clientName: 'Acme GmbH', currency: 'USD', amount: usd.total },
      { clientId: other, clientName: 'Beta Ltd', currency: 'EUR', amount: 250 },
    ]);
    expect(listInvoices(vault.db, { overdueOnly: true }).map((i) => i.id)).toEqual([overdue.id]);
    expect(getInvoice(vault.db, overdue.id).overdue).toBe(true);
  });
});

describe('business details', () => {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64',
  );

  it('keeps the details and a PNG logo in the vault, checked by content', () => {
    setBusiness(vault, {
      name: 'Studio Casike',
      email: 'hi@studio.test',
      address: '1 Main St',
      taxId: 'FR99',
      logoBase64: png.toString('base64'),
    });
    expect(getBusiness(vault.db)).toMatchObject({ name: 'Studio Casike', hasLogo: true });
    expect(getBusinessDetails(vault.db).logo?.equals(png)).toBe(true);
    expect(() =>
      setBusiness(vault, {
        name: 'x',
        email: '',
        address: '',
        taxId: '',
        logoBase64: Buffer.from('<html>not an image</html>').toString('base64'),
      }),
    ).toThrow(/PNG or JPEG/);
    // Unset keeps the logo; null removes it.
    setBusiness(vault, { name: 'Studio', email: '', address: '', taxId: '' });
    expect(getBusiness(vault.db).hasLogo).toBe(true);
    setBusiness(vault, { name: 'Studio', email: '', address: '', taxId: '', logoBase64: null });
    expect(getBusiness(vault.db).hasLogo).toBe(false);
  });
});
