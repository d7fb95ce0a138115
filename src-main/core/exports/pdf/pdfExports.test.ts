import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ClientInputSchema,
  InvoiceDraftInputSchema,
  PaymentInputSchema,
} from '../../../../src-shared/contract/invoices';
import { createAccount, insertTransaction } from '../../ledger';
import {
  createClient,
  createDraftInvoice,
  recordPayment,
  sendInvoice,
  setBusiness,
} from '../../invoices';
import type { UnlockedVault } from '../../vault';
import { _openTempVault } from '../../vault/_testSupport';
import { _pdfImages, _pdfPages } from './_pdfTestSupport';
import {
  drawImage,
  exportInvoicePdf,
  exportStatementPdf,
  pdfAmount,
  PdfLayout,
  writePdf,
} from './index';

let vault: UnlockedVault;
let dataDir: string;
let close: () => void;

beforeEach(async () => {
  const temp = await _openTempVault();
  vault = temp.vault;
  dataDir = temp.dataDir;
  close = temp.close;
});
afterEach(() => close());

// A 2×2 red PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

const audits = () =>
  vault.db
    .prepare("SELECT details FROM audit_log WHERE event = 'export.created' ORDER BY seq")
    .pluck()
    .all()
    .map((details) => JSON.parse(details as string) as Record<string, unknown>);

/** The column where `text` ends on the line that holds it (right alignment check). */
function endColumn(page: string, text: string): number {
  const line = page.split('\n').find((candidate) => candidate.includes(text));
  if (!line) throw new Error(`"${text}" not found`);
  return line.lastIndexOf(text) + text.length;
}

function makeInvoice(lineCount: number) {
  setBusiness(vault, {
    name: 'Studio Casike',
    email: 'billing@studio.test',
    address: '12 Rue de la Paix\n75002 Paris',
    taxId: 'FR12345678901',
    logoBase64: PNG.toString('base64'),
  });
  const client = createClient(
    vault.db,
    ClientInputSchema.parse({
      name: 'Acme Corporation',
      email: 'ap@acme.test',
      address: '500 Market St\nSan Francisco',
      taxId: 'US-99-1234567',
    }),
  );
  const lines = Array.from({ length: lineCount }, (_, index) => ({
    description:
      index === 1
        ? 'Workshop facilitation including preparation, two days on site, follow-up notes and a written summary for the board (line wraps)'
        : `Service item ${String(index + 1).padStart(3, '0')}`,
    quantity: index % 3 === 0 ? '1.5' : String((index % 5) + 1),
    unitPrice: 1_234 * (index + 1),
    taxRateBp: index % 2 === 0 ? 2000 : 550,
    discountBp: index % 4 === 0 ? 1000 : 0,
  }));
  const draft = createDraftInvoice(
    vault,
    InvoiceDraftInputSchema.parse({
      clientId: client.id,
      currency: 'EUR',
      dueDate: '2026-02-28',
      paymentTerms: 'Net 30. Bank transfer to IBAN FR76 0000 0000 0000.',
      notes: 'Thank you for your business. Prices in € (euro).',
      discount: { kind: 'percent', basisPoints: 250 },
      lines,
    }),
  );
  const sent = sendInvoice(vault, draft.id, '2026-01-29');
  return recordPayment(
    vault.db,
    PaymentInputSchema.parse({
      invoiceId: sent.id,
      amount: Math.min(10_000, Math.floor(sent.total / 2)),
      date: '2026-02-03',
    }),
  );
}

describe('invoice PDF', () => {
  it('holds every line, the tax summary and the totals as text, amounts right-aligned', async () => {
    const invoice = makeInvoice(6);
    const file = join(dataDir, 'invoice.pdf');
    const result = await exportInvoicePdf(vault, invoice.id, file, { overwrite: false });
    expect(result).toEqual({ pages: 1, rows: 6 });

    const [page = ''] = _pdfPages(file);
    for (const text of [
      'INVOICE',
      'Number: INV-0001',
      'Issue date: 2026-01-29',
      'Due date: 2026-02-28',
      'Studio Casike',
      'Tax ID: FR12345678901',
      'Acme Corporation',
      'Tax ID: US-99-1234567',
      'Net 30. Bank transfer',
      'Prices in € (euro)',
      'PARTLY PAID',
      'Page 1 of 1',
    ]) {
      expect(page).toContain(text);
    }
    for (const line of invoice.lines) {
      if (!line.description.includes('(line wraps)')) expect(page).toContain(line.description);
      expect(page).toContain(pdfAmount(line.amount, 'EUR'));
      expect(page).toContain(pdfAmount(line.unitPrice, 'EUR'));
    }
    // The wrapped description comes back whole, over several lines.
    expect(page.replace(/\s+/g, ' ')).toContain('Workshop facilitation including');
    expect(page).toContain('(line wraps)');

    const { totals } = invoice;
    expect(page).toMatch(new RegExp(`Subtotal\\s+${pdfAmount(totals.subtotal, 'EUR')}`));
    expect(page).toMatch(
      new RegExp(`Discount \\(2.5%\\)\\s+-${pdfAmount(totals.discount, 'EUR')}`),
    );
    for (const tax of totals.taxes) {
      expect(page).toContain(
        `Tax ${tax.rateBp === 2000 ? '20' : '5.5'}% on ${pdfAmount(tax.base, 'EUR')}`,
      );
      expect(page).toContain(pdfAmount(tax.tax, 'EUR'));
    }
    expect(page).toMatch(new RegExp(`Total EUR\\s+${pdfAmount(totals.total, 'EUR')}`));
    expect(page).toMatch(new RegExp(`Balance due EUR\\s+${pdfAmount(invoice.balanceDue, 'EUR')}`));

    // Right-aligned: every line amount ends in the same column.
    const ends = new Set(
      invoice.lines.map((line) => endColumn(page, pdfAmount(line.amount, 'EUR'))),
    );
    expect(ends.size).toBe(1);

    expect(_pdfImages(file)).toHaveLength(1);
    expect(audits()).toEqual([{ format: 'pdf', kind: 'invoice', pages: 1, rows: 6 }]);
  });

  it('continues a long invoice over pages with the table header repeated and page numbers', async () => {
    const invoice = makeInvoice(90);
    const file = join(dataDir, 'long.pdf');
    const { pages } = await exportInvoicePdf(vault, invoice.id, file, { overwrite: false });
    expect(pages).toBeGreaterThan(2);
    const texts = _pdfPages(file);
    expect(texts).toHaveLength(pages);
    texts.forEach((text, index) => {
      expect(text).toContain(`Page ${index + 1} of ${pages}`);
      expect(text).toContain('Invoice INV-0001');
    });
    // The header row on every page the table is on.
    const tablePages = texts.filter((text) => /Service item \d{3}/.test(text));
    for (const text of tablePages) expect(text).toMatch(/Description\s+Qty\s+Unit price/);
    // Every line exactly once, whole, in the whole document.
    const all = texts.join('\n');
    for (let index = 1; index <= 90; index += 1) {
      if (index === 2) continue;
      const name = `Service item ${String(index).padStart(3, '0')}`;
      expect(all.split(name)).toHaveLength(2);
      const line = all.split('\n').find((candidate) => candidate.includes(name)) ?? '';
      expect(line).toContain(pdfAmount(invoice.lines[index - 1]?.amount ?? -1, 'EUR'));
    }
    expect(all).toMatch(new RegExp(`Total EUR\\s+${pdfAmount(invoice.totals.total, 'EUR')}`));
  });

  it('refuses to replace an existing file unless asked, and leaves no partial file', async () => {
    const invoice = makeInvoice(2);
    const file = join(dataDir, 'taken.pdf');
    writeFileSync(file, 'mine');
    await expect(exportInvoicePdf(vault, invoice.id, file, { overwrite: false })).rejects.toThrow(
      /already exists/,
    );
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
    expect(audits()).toEqual([]);
    await exportInvoicePdf(vault, invoice.id, file, { overwrite: true });
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('statement PDF', () => {
  it('lists every transaction of the period over many pages, no row cut, with opening and closing balances', async () => {
    const account = createAccount(vault.db, {
      name: 'Business checking',
      type: 'checking',
      currency: 'USD',
      openingBalance: 100_000,
    });
    const rows: { date: string; amount: number; memo: string }[] = [];
    vault.db.transaction(() => {
      const add = (date: string, amount: number, memo: string, payee: string | null) =>
        insertTransaction(vault.db, {
          accountId: account.id,
          date,
          amount,
          payee,
          memo,
          categoryId: null,
          status: 'cleared',
          tags: [],
          splits: [],
          externalId: null,
        });
      add('2025-12-31', -25_000, 'before the period', 'Landlord');
      add('2026-04-01', 99_999, 'after the period', 'Client');
      for (let index = 0; index < 700; index += 1) {
        const date = `2026-0${1 + Math.floor(index / 240)}-${String(1 + (index % 28)).padStart(2, '0')}`;
        const amount = (index % 3 === 0 ? 1 : -1) * (137 * index + 1_001);
        const memo =
          index % 97 === 0
            ? `START${index} a long memo that wraps over more than one line of the description column so the row is taller than the others END${index}`
            : `row ${String(index).padStart(4, '0')}`;
        add(date, amount, memo, `Payee ${index % 13}`);
        rows.push({ date, amount, memo });
      }
    })();
    rows.sort((a, b) => a.date.localeCompare(b.date));

    const file = join(dataDir, 'statement.pdf');
    const result = await exportStatementPdf(
      vault,
      { accountId: account.id, from: '2026-01-01', to: '2026-03-31' },
      file,
      { overwrite: false },
    );
    const opening = 100_000 - 25_000;
    const closing = opening + rows.reduce((sum, row) => sum + row.amount, 0);
    expect(result).toMatchObject({ rows: 700, opening, closing });
    expect(result.pages).toBeGreaterThan(10);

    const pages = _pdfPages(file);
    expect(pages).toHaveLength(result.pages);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${result.pages}`);
      // The header row repeats on every page the table continues on.
      if (/row \d{4}/.test(page))
        expect(page).toMatch(/Date\s+Description\s+Amount \(USD\)\s+Balance \(USD\)/);
    });
    const all = pages.join('\n');
    expect(all).not.toContain('before the period');
    expect(all).not.toContain('after the period');
    expect(all).toContain(`Opening balance on 2026-01-01: ${pdfAmount(opening, 'USD')} USD`);
    expect(all).toMatch(
      new RegExp(`Closing balance 2026-03-31 USD\\s+${pdfAmount(closing, 'USD')}`),
    );
    const moneyIn = rows.filter((row) => row.amount > 0).reduce((sum, row) => sum + row.amount, 0);
    expect(all).toMatch(/Transactions\s+700\n/);
    expect(all).toMatch(new RegExp(`Money in\\s+${pdfAmount(moneyIn, 'USD')}`));
    expect(all).toMatch(
      new RegExp(`Money out\\s+${pdfAmount(closing - opening - moneyIn, 'USD')}`),
    );

    // Every row once, on one line with its date, amount and running balance.
    let balance = opening;
    const lines = all.split('\n');
    for (const row of rows) {
      balance += row.amount;
      const key = row.memo.startsWith('START') ? (row.memo.split(' ')[0] ?? '') : row.memo;
      const hits = lines.filter((line) => line.includes(`- ${key}`) || line.includes(`${key} `));
      expect(hits.length, key).toBeGreaterThanOrEqual(1);
      const line = hits[0] ?? '';
      expect(line).toContain(row.date);
      expect(line).toContain(pdfAmount(row.amount, 'USD'));
      expect(line).toContain(pdfAmount(balance, 'USD'));
    }
    // A tall (wrapped) row starts and ends on the same page.
    for (const row of rows.filter((r) => r.memo.startsWith('START'))) {
      const start = row.memo.split(' ')[0] ?? '';
      const end = row.memo.split(' ').at(-1) ?? '';
      const page = pages.findIndex((text) => text.includes(start));
      expect(pages[page], start).toContain(end);
    }
    expect(audits()).toEqual([
      { format: 'pdf', kind: 'statement', pages: result.pages, rows: 700 },
    ]);
  });

  it('prints an empty period with equal opening and closing balances', async () => {
    const account = createAccount(vault.db, {
      name: 'Savings',
      type: 'savings',
      currency: 'JPY',
      openingBalance: 1_234_567,
    });
    const file = join(dataDir, 'empty.pdf');
    const result = await exportStatementPdf(
      vault,
      { accountId: account.id, from: '2026-01-01', to: '2026-01-31' },
      file,
      { overwrite: false },
    );
    expect(result).toMatchObject({ rows: 0, pages: 1, opening: 1_234_567, closing: 1_234_567 });
    const [page = ''] = _pdfPages(file);
    expect(page).toMatch(/Closing balance 2026-01-31 JPY\s+1,234,567/);
  });

  it('refuses a period that ends before it starts, writing nothing', async () => {
    const account = createAccount(vault.db, {
      name: 'Cash',
      type: 'cash',
      currency: 'EUR',
      openingBalance: 0,
    });
    const file = join(dataDir, 'bad.pdf');
    await expect(
      exportStatementPdf(
        vault,
        { accountId: account.id, from: '2026-02-01', to: '2026-01-01' },
        file,
        {
          overwrite: false,
        },
      ),
    ).rejects.toThrow(/starts after it ends/);
    expect(existsSync(file)).toBe(false);
  });
});

describe('PDF kit', () => {
  it('embeds PNG images, skips bytes that are not an image, and replaces glyphs it cannot print', async () => {
    const layout = new PdfLayout({ title: 'Kit test – ünïcödé ✓ 日本' });
    expect(drawImage(layout, PNG, [100, 100])).toBe(true);
    expect(drawImage(layout, Buffer.from('MZ\x90\x00 not an image'), [100, 100])).toBe(false);
    layout.paragraph('Café crème 12 € ✓ 日本');
    const file = join(dataDir, 'kit.pdf');
    await writePdf(layout, file, { overwrite: false });
    const [page = ''] = _pdfPages(file);
    expect(page).toContain('Café crème 12 € ? ??');
    expect(page).toContain('Kit test – ünïcödé ? ??');
    expect(_pdfImages(file)).toHaveLength(1);
  });
});
