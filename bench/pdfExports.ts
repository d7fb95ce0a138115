/**
 * PDF export timings (issue 5): a statement PDF of 10,000 rows and an invoice PDF,
 * each laid out and written through the real export path (database read, layout,
 * atomic write, audit). `npx tsx bench/pdfExports.ts [--rows N] [--runs N]`.
 * Prints numbers; never fails on timing.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ClientInputSchema, InvoiceDraftInputSchema } from '../src-shared/contract/invoices';
import { exportInvoicePdf, exportStatementPdf } from '../src-main/core/exports/pdf';
import {
  createClient,
  createDraftInvoice,
  sendInvoice,
  setBusiness,
} from '../src-main/core/invoices';
import { createAccount, insertTransaction } from '../src-main/core/ledger';
import { initVault, openVault } from '../src-main/core/vault';
import { _tempDataDir } from '../src-main/core/vault/_testSupport';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const rows = option('--rows', 10_000);
const runs = option('--runs', 3);

const { dir, cleanup } = _tempDataDir();
try {
  await initVault(dir, 'benchmark passphrase, long enough');
  const vault = await openVault(
    { dataDir: dir },
    { method: 'passphrase', passphrase: 'benchmark passphrase, long enough' },
  );
  const account = createAccount(vault.db, {
    name: 'Checking',
    type: 'checking',
    currency: 'USD',
    openingBalance: 500_000,
  });
  vault.db.transaction(() => {
    for (let index = 0; index < rows; index += 1) {
      const day = 1 + (index % 28);
      const month = 1 + Math.floor((index * 12) / rows);
      insertTransaction(vault.db, {
        accountId: account.id,
        date: `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        amount: (index % 4 === 0 ? 1 : -1) * (1_000 + ((index * 7_919) % 250_000)),
        payee: `Merchant ${index % 400}`,
        memo:
          index % 50 === 0
            ? 'a longer memo that wraps in the description column of the statement table'
            : `ref ${index}`,
        categoryId: null,
        status: 'cleared',
        tags: [],
        splits: [],
        externalId: null,
      });
    }
  })();

  const timings: number[] = [];
  const cpuTimings: number[] = [];
  let pages = 0;
  let size = 0;
  for (let run = 0; run < runs; run += 1) {
    const file = join(dir, `statement-${run}.pdf`);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await exportStatementPdf(
      vault,
      { accountId: account.id, from: '2025-01-01', to: '2025-12-31' },
      file,
      { overwrite: false },
    );
    timings.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuTimings.push((used.user + used.system) / 1000);
    pages = result.pages;
    size = statSync(file).size;
  }
  timings.sort((a, b) => a - b);
  console.log(
    `statement PDF, ${rows} rows: ${pages} pages, ${(size / 1024 / 1024).toFixed(2)} MB, ` +
      `median ${Math.round(timings[Math.floor(timings.length / 2)] ?? 0)} ms ` +
      `(runs: ${timings.map((t) => Math.round(t)).join(', ')} ms; ` +
      `CPU time ${cpuTimings.map((t) => Math.round(t)).join(', ')} ms, which a busy machine inflates less)`,
  );

  setBusiness(vault, {
    name: 'Studio',
    email: 'studio@example.test',
    address: '1 Main St',
    taxId: 'X1',
    logoBase64:
      'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  });
  const client = createClient(vault.db, ClientInputSchema.parse({ name: 'Acme' }));
  const invoice = sendInvoice(
    vault,
    createDraftInvoice(
      vault,
      InvoiceDraftInputSchema.parse({
        clientId: client.id,
        currency: 'USD',
        lines: Array.from({ length: 20 }, (_, index) => ({
          description: `Line ${index + 1}`,
          quantity: '1.5',
          unitPrice: 10_000 + index,
          taxRateBp: index % 2 ? 2000 : 700,
        })),
      }),
    ).id,
  );
  const invoiceTimings: number[] = [];
  for (let run = 0; run < 10; run += 1) {
    const started = performance.now();
    await exportInvoicePdf(vault, invoice.id, join(dir, `invoice-${run}.pdf`), {
      overwrite: false,
    });
    invoiceTimings.push(performance.now() - started);
  }
  invoiceTimings.sort((a, b) => a - b);
  console.log(
    `invoice PDF, 20 lines + logo: median ${(invoiceTimings[5] ?? 0).toFixed(1)} ms, ` +
      `first ${Math.round(Math.max(...invoiceTimings))} ms (cold fonts)`,
  );
  vault.lock();
} finally {
  cleanup();
}
