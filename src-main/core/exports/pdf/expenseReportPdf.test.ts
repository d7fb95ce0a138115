import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExpenseInputSchema, type ExpenseInput } from '../../../../src-shared/contract/expenses';
import { createExpense, listExpensesForReport, totalsByCategory } from '../../expenses';
import { setBusiness } from '../../invoices';
import { createAccount, findCategoryByName } from '../../ledger';
import { prepareReceipt, type PreparedReceipt } from '../../receipts';
import { _jpegWithMarker, _pdfWithMarker, _pngWithMarker } from '../../receipts/_receiptFixtures';
import type { UnlockedVault } from '../../vault';
import { _openTempVault } from '../../vault/_testSupport';
import { _pdfImages, _pdfPages } from './_pdfTestSupport';
import { exportExpenseReportPdf, pdfAmount } from './index';

let vault: UnlockedVault;
let dataDir: string;
let close: () => void;

beforeEach(async () => {
  ({ vault, dataDir, close } = await _openTempVault());
});
afterEach(() => close());

const audits = () =>
  vault.db
    .prepare("SELECT details FROM audit_log WHERE event = 'export.created' ORDER BY seq")
    .pluck()
    .all()
    .map((details) => JSON.parse(details as string) as Record<string, unknown>);

describe('the expense report PDF', () => {
  it('lists every expense with flags and receipts, totals per currency and category, and appends one receipt per page', async () => {
    setBusiness(vault, {
      name: 'Blue Fox Studio',
      email: 'fox@example.com',
      address: '1 Quay Street',
      taxId: 'TX-99',
    });
    const usd = createAccount(vault.db, {
      name: 'Checking',
      type: 'checking',
      currency: 'USD',
      openingBalance: 0,
    }).id;
    const jpy = createAccount(vault.db, {
      name: 'Tokyo',
      type: 'checking',
      currency: 'JPY',
      openingBalance: 0,
    }).id;
    const office = findCategoryByName(vault.db, 'Office supplies').id;
    const software = findCategoryByName(vault.db, 'Software').id;
    const jpeg = await prepareReceipt('taxi.jpg', await _jpegWithMarker('jpeg', 300, 400));
    const png = await prepareReceipt('scan.png', await _pngWithMarker('png'));
    const pdf = await prepareReceipt('invoice.pdf', _pdfWithMarker('pdf'));
    const add = (input: Partial<ExpenseInput>, receipts: PreparedReceipt[] = []) => {
      const { receipts: _none, ...parsed } = ExpenseInputSchema.parse({
        accountId: usd,
        amount: 100,
        date: '2026-10-01',
        ...input,
      });
      return createExpense(vault, parsed, receipts);
    };
    add({ date: '2026-09-30', payee: 'Outside Before' });
    add({ date: '2026-11-01', payee: 'Outside After' });
    for (let index = 0; index < 90; index += 1) {
      const receipts =
        index === 3 ? [jpeg, pdf] : index === 50 ? [png] : index % 10 === 0 ? [jpeg] : [];
      add(
        {
          accountId: index % 9 === 0 ? jpy : usd,
          date: `2026-10-${String(1 + (index % 28)).padStart(2, '0')}`,
          payee: `Vendor ${String(index).padStart(3, '0')}`,
          amount: 1_000 + index * 1_337,
          categoryId: index % 2 === 0 ? office : software,
          business: index % 3 === 0,
          taxDeductible: index % 4 === 0,
          reimbursable: index % 5 === 0,
        },
        receipts,
      );
    }

    const file = join(dataDir, 'expenses.pdf');
    const written = await exportExpenseReportPdf(
      vault,
      { from: '2026-10-01', to: '2026-10-31' },
      file,
      { overwrite: false },
    );
    expect(written.rows).toBe(90);
    expect(written.receipts).toBe(11); // 9 × every tenth + the PDF with #3 + the PNG on #50

    const pages = _pdfPages(file);
    expect(pages).toHaveLength(written.pages);
    const text = pages.join('\n');
    expect(pages[0]).toContain('Blue Fox Studio');
    expect(pages[0]).toContain('Period: 2026-10-01 to 2026-10-31');
    expect(text).not.toContain('Outside');
    // Every expense line: date, payee, category, amount and currency on one line.
    for (const row of listExpensesForReport(vault.db, { from: '2026-10-01', to: '2026-10-31' })) {
      const line = text.split('\n').find((candidate) => candidate.includes(row.payee ?? '?'));
      expect(line, row.payee ?? '').toBeDefined();
      expect(line).toContain(row.date);
      expect(line).toContain(row.lines[0]?.categoryName ?? '?');
      expect(line).toMatch(
        new RegExp(
          `${pdfAmount(row.amount, row.currency).replaceAll('.', '\\.')}\\s+${row.currency}`,
        ),
      );
    }
    expect(text).toMatch(/Vendor 000\s+Business: Office supplies\s+B D R \(to submit\)/);
    // Totals by currency and category, never summed across currencies.
    const rows = listExpensesForReport(vault.db, { from: '2026-10-01', to: '2026-10-31' });
    for (const total of totalsByCategory(rows)) {
      expect(text).toMatch(
        new RegExp(
          `${total.currency}\\s+${total.categoryName}\\s+${total.count}\\s+${pdfAmount(total.amount, total.currency)}`,
        ),
      );
    }
    const sum = (currency: string) =>
      rows.filter((row) => row.currency === currency).reduce((all, row) => all + row.amount, 0);
    expect(text).toMatch(new RegExp(`Total USD\\s+${pdfAmount(sum('USD'), 'USD')} USD`));
    expect(text).toMatch(new RegExp(`Total JPY\\s+${pdfAmount(sum('JPY'), 'JPY')} JPY`));

    // Several pages of table, the header repeated, page numbers on each.
    const tablePages = pages.filter((page) => /Vendor \d+ {2,}/.test(page));
    expect(tablePages.length).toBeGreaterThan(2);
    for (const page of tablePages) expect(page).toMatch(/Date\s+Payee\s+Category/);
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));

    // The appendix: one page per receipt, the PDF receipt named since it cannot be embedded.
    const appendix = pages.filter((page) => /Receipt R\d+: /.test(page));
    expect(appendix).toHaveLength(11);
    expect(appendix.map((page) => /Receipt (R\d+)/.exec(page)?.[1])).toEqual(
      Array.from({ length: 11 }, (_, index) => `R${index + 1}`),
    );
    expect(text).toMatch(/PDF receipt invoice\.pdf, \d+(\.\d)? (bytes|KB)/);
    // Images: 10 thumbnails in the table, 10 originals in the appendix (the PNG's alpha
    // adds a soft mask), none for the PDF receipt.
    const images = _pdfImages(file);
    const types = images.map((line) => line.trim().split(/\s+/)[2]);
    expect(types.filter((type) => type === 'image')).toHaveLength(20);
    expect(types.filter((type) => type === 'smask')).toHaveLength(1);

    expect(audits()).toEqual([
      { format: 'pdf', kind: 'expense_report', pages: written.pages, rows: 90, receipts: 11 },
    ]);
  }, 60_000);

  it('fails, publishing nothing, when a stored original no longer matches its recorded hash', async () => {
    const accountId = createAccount(vault.db, {
      name: 'Checking',
      type: 'checking',
      currency: 'USD',
      openingBalance: 0,
    }).id;
    const receipts = [
      await prepareReceipt('first.jpg', await _jpegWithMarker('first', 300, 400)),
      await prepareReceipt('second.jpg', await _jpegWithMarker('second', 300, 400)),
    ];
    for (const [index, receipt] of receipts.entries()) {
      const { receipts: _none, ...input } = ExpenseInputSchema.parse({
        accountId,
        amount: 100 + index,
        date: `2026-10-0${index + 1}`,
        payee: `Shop ${index}`,
      });
      createExpense(vault, input, [receipt]);
    }
    // Alter one byte inside the second JPEG's scan data: same size, still a JPEG that
    // pdfkit embeds, so only the hash check can notice.
    const stored = vault.db
      .prepare(
        "SELECT c.receipt_id AS id, c.data FROM receipt_chunks c JOIN receipts r ON r.id = c.receipt_id WHERE r.file_name = 'second.jpg'",
      )
      .get() as { id: string; data: Buffer };
    const altered = Buffer.from(stored.data);
    const at = altered.length - 20;
    altered[at] = (altered[at] ?? 0) ^ 0x01;
    vault.db
      .prepare('UPDATE receipt_chunks SET data = ? WHERE receipt_id = ?')
      .run(altered, stored.id);

    const file = join(dataDir, 'tampered.pdf');
    await expect(
      exportExpenseReportPdf(vault, { from: '2026-10-01', to: '2026-10-31' }, file, {
        overwrite: false,
      }),
    ).rejects.toThrow(/does not match its recorded hash/);
    expect(readdirSync(dataDir).filter((name) => name.includes('tampered'))).toEqual([]);
    expect(audits()).toEqual([]);
  }, 60_000);

  it('refuses a period that ends before it starts, writing nothing', async () => {
    const file = join(dataDir, 'never.pdf');
    await expect(
      exportExpenseReportPdf(vault, { from: '2026-10-02', to: '2026-10-01' }, file, {
        overwrite: false,
      }),
    ).rejects.toThrow(/starts after it ends/);
    expect(audits()).toEqual([]);
  });
});
