/**
 * Test-only child process for the invoice crash tests (SIGKILL, no cleanup):
 *
 * usage: _invoiceCrashChild.ts DATA_DIR PASSPHRASE die-mid-issue
 *          issues one draft and kills itself inside the issuing transaction, after the
 *          counter moved and before the invoice is stamped;
 *        _invoiceCrashChild.ts DATA_DIR PASSPHRASE loop
 *          creates, sends and now and then voids invoices until the parent kills it.
 */
import { ClientInputSchema, InvoiceDraftInputSchema } from '../../../src-shared/contract/invoices';
import { openVault } from '../vault/vaultOpen';
import { createClient, findClientByName } from './clients';
import { sendInvoice, voidInvoice } from './invoiceLifecycle';
import { createDraftInvoice } from './invoiceWrite';

const [dataDir = '', passphrase = '', mode = ''] = process.argv.slice(2);
const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase });
const db = vault.db;
const clientId = (() => {
  try {
    return findClientByName(db, 'Crash client').id;
  } catch {
    return createClient(db, ClientInputSchema.parse({ name: 'Crash client' })).id;
  }
})();
const draft = () =>
  createDraftInvoice(
    vault,
    InvoiceDraftInputSchema.parse({
      clientId,
      currency: 'EUR',
      lines: [{ description: 'Work', quantity: '1', unitPrice: 100 }],
    }),
  );

if (mode === 'die-mid-issue') {
  const id = draft().id;
  db.function('die_now', () => {
    process.kill(process.pid, 'SIGKILL');
    return 0;
  });
  db.exec(`CREATE TEMP TRIGGER die_mid_issue BEFORE UPDATE OF status ON invoices
           WHEN NEW.status = 'sent' BEGIN SELECT die_now(); END`);
  process.stdout.write(`${id}\n`);
  sendInvoice(vault, id);
  process.stdout.write('not killed\n');
} else if (mode === 'loop') {
  process.stdout.write('ready\n');
  for (let index = 0; ; index += 1) {
    const sent = sendInvoice(vault, draft().id);
    if (index % 3 === 0) voidInvoice(vault, sent.id);
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
