import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { ExpenseInputSchema } from '../../src-shared/contract/expenses';
import type { SqlDatabase } from '../../src-main/core/db/openDatabase';
import { createExpense } from '../../src-main/core/expenses';
import { createAccount } from '../../src-main/core/ledger';
import { prepareReceipt, type PreparedReceipt } from '../../src-main/core/receipts';
import { _pdfWithMarker } from '../../src-main/core/receipts/_receiptFixtures';

/**
 * A photo-like JPEG receipt: coarse noise scaled up, so it compresses like a phone scan
 * (tens of kilobytes to a few hundred) rather than like a flat colour.
 */
async function scanLikeJpeg(width: number, height: number): Promise<Buffer> {
  const small = {
    width: Math.ceil(width / 4),
    height: Math.ceil(height / 4),
    channels: 3 as const,
  };
  return sharp(randomBytes(small.width * small.height * 3), { raw: small })
    .resize(width, height)
    .jpeg({ quality: 75 })
    .toBuffer();
}

/**
 * Seeds `count` expenses in October 2026 into `db`, every one with a receipt: mostly
 * JPEG scans (a handful of distinct files, each stored again per expense as the app
 * would), one in twenty a PNG and one in twenty a PDF. Returns the report's period.
 */
export async function seedExpensesWithReceipts(
  db: SqlDatabase,
  count: number,
): Promise<{ from: string; to: string; receiptBytes: number }> {
  const vault = { db, audit: () => undefined };
  const accountId = createAccount(db, {
    name: 'Business card',
    type: 'credit_card',
    currency: 'USD',
    openingBalance: 0,
  }).id;
  const jpegs: PreparedReceipt[] = [];
  // Six distinct scans at full size; fewer for a small (smoke) run, where sharp's time shows.
  for (let index = 0; index < Math.min(6, Math.ceil(count / 10)); index += 1) {
    jpegs.push(await prepareReceipt(`scan-${index}.jpg`, await scanLikeJpeg(900, 1300)));
  }
  const png = await prepareReceipt(
    'screenshot.png',
    await sharp({ create: { width: 700, height: 900, channels: 3, background: '#f4f1e8' } })
      .png()
      .toBuffer(),
  );
  const pdf = await prepareReceipt('invoice.pdf', _pdfWithMarker('bench', 40_000));
  let receiptBytes = 0;
  db.transaction(() => {
    for (let index = 0; index < count; index += 1) {
      const receipt =
        index % 20 === 7 ? png : index % 20 === 13 ? pdf : (jpegs[index % jpegs.length] ?? png);
      receiptBytes += receipt.bytes.length;
      const { receipts: _none, ...input } = ExpenseInputSchema.parse({
        accountId,
        date: `2026-10-${String(1 + (index % 31)).padStart(2, '0')}`,
        amount: 500 + ((index * 7_919) % 90_000),
        payee: `Supplier ${index % 300}`,
        memo: index % 25 === 0 ? 'client visit, taxi and lunch with the project team' : '',
        business: index % 2 === 0,
        taxDeductible: index % 3 === 0,
        reimbursable: index % 7 === 0,
      });
      createExpense(vault, input, [receipt]);
    }
  })();
  return { from: '2026-10-01', to: '2026-10-31', receiptBytes };
}
