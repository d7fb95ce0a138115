import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  BusinessInputSchema,
  ClientInputSchema,
  INVOICE_STATUSES,
  InvoiceDraftInputSchema,
  InvoiceNumberingInputSchema,
  PaymentInputSchema,
  type Invoice,
  type InvoiceStatus,
  type InvoiceSummary,
} from '../../../src-shared/contract/invoices';
import {
  isCurrencyCode,
  isValidId,
  parseAmount,
  toDecimalString,
  type CurrencyCode,
} from '../../../src-shared/domain';
import { isValidDate, todayLocal } from '../../../src-shared/domain/dates';
import type { SqlDatabase } from '../../core/db/openDatabase';
import {
  createClient,
  createDraftInvoice,
  findClientByName,
  findInvoiceByNumber,
  getBusiness,
  getInvoice,
  getNumbering,
  invoiceMetrics,
  listClients,
  listInvoices,
  recordPayment,
  sendInvoice,
  setBusiness,
  setNumbering,
  voidInvoice,
} from '../../core/invoices';
import { findAccountByName, findCategoryByName, listAccounts } from '../../core/ledger';
import type { CliContext } from '../cliContext';
import { CliError } from '../cliErrors';
import { collectItem, parseDiscount, rateToBasisPoints, type ItemText } from './invoiceItemOption';
import { textTable } from './textTable';

type ContextFactory = (command: Command) => CliContext;

/** `casike client add|list`, `casike business set`, `casike invoice …`. */
export function registerInvoiceCommands(program: Command, contextOf: ContextFactory): void {
  registerClientCommands(program, contextOf);
  registerBusinessCommand(program, contextOf);

  const invoice = program.command('invoice').description('create, send and track invoices');
  invoice
    .command('create')
    .description('create a draft invoice (numbered when sent)')
    .requiredOption('--client <name>', 'the client (see `casike client add`)')
    .requiredOption(
      '--item <desc:qty:unit_price[:tax%]>',
      'a line; repeat for more lines',
      collectItem,
    )
    .option('--due <date>', 'due date YYYY-MM-DD', parseDate)
    .option(
      '--currency <code>',
      'ISO 4217 code (default: the first account’s currency, else USD)',
      parseCurrency,
    )
    .option('--discount <amount|percent>', 'invoice discount: 25.00 or 5%')
    .option('--terms <text>', 'payment terms')
    .option('--notes <text>', 'notes printed on the invoice')
    .option('--send', 'send (issue) it at once: it gets its number today')
    .action(
      async (
        flags: {
          client: string;
          item: ItemText[];
          due?: string;
          currency?: CurrencyCode;
          discount?: string;
          terms?: string;
          notes?: string;
          send?: boolean;
        },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const created = await ctx.withVault((vault) => {
          const db = vault.db;
          const currency = flags.currency ?? defaultCurrency(db);
          const draft = InvoiceDraftInputSchema.safeParse({
            clientId: findClientByName(db, flags.client).id,
            currency,
            dueDate: flags.due ?? null,
            paymentTerms: flags.terms ?? '',
            notes: flags.notes ?? '',
            discount: flags.discount ? parseDiscount(flags.discount, currency) : null,
            lines: flags.item.map((item) => ({
              description: item.description,
              quantity: item.quantity,
              unitPrice: parseAmount(item.unitPrice, currency),
              taxRateBp: item.taxRate ? rateToBasisPoints(item.taxRate) : 0,
            })),
          });
          if (!draft.success) throw new CliError('BAD_INPUT', firstIssue(draft.error));
          const made = createDraftInvoice(vault, draft.data);
          return flags.send ? sendInvoice(vault, made.id) : made;
        });
        ctx.print(created, [
          created.number
            ? `Sent invoice ${created.number} to ${created.clientName}: ${money(created.total, created.currency)}`
            : `Created draft ${created.id} for ${created.clientName}: ${money(created.total, created.currency)}`,
          ...(created.number ? [] : [`Send it with: casike invoice send ${created.id}`]),
        ]);
      },
    );

  invoice
    .command('list')
    .description('list invoices, newest first (use the global --json for JSON)')
    .addOption(new Option('--status <status>', 'only this status').choices(INVOICE_STATUSES))
    .option('--overdue', 'only overdue invoices')
    .action(async (flags: { status?: InvoiceStatus; overdue?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const rows = await ctx.withVault((vault) =>
        listInvoices(vault.db, { status: flags.status, overdueOnly: flags.overdue ?? false }),
      );
      ctx.print(rows, rows.length === 0 ? 'No invoices.' : invoiceTable(rows));
    });

  invoice
    .command('send')
    .description('send (issue) a draft: it gets the next number')
    .argument('<draft>', 'the draft id printed by `invoice create`')
    .option('--date <date>', 'issue date YYYY-MM-DD (default: today)', parseDate)
    .action(async (ref: string, flags: { date?: string }, command: Command) => {
      const ctx = contextOf(command);
      const sent = await ctx.withVault((vault) =>
        sendInvoice(vault, findInvoice(vault.db, ref).id, flags.date),
      );
      ctx.print(sent, `Sent invoice ${sent.number ?? ''} (${money(sent.total, sent.currency)})`);
    });

  invoice
    .command('void')
    .description('void a sent invoice; it keeps its number')
    .argument('<number>', 'the invoice number, e.g. INV-0007')
    .action(async (ref: string, _flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const voided = await ctx.withVault((vault) =>
        voidInvoice(vault, findInvoice(vault.db, ref).id),
      );
      ctx.print(voided, `Voided invoice ${voided.number ?? ''}`);
    });

  invoice
    .command('pay')
    .description('record a payment against an invoice')
    .argument('<number>', 'the invoice number')
    .requiredOption('--amount <amount>', 'amount received, e.g. 150.00')
    .option('--date <date>', 'payment date YYYY-MM-DD (default: today)', parseDate)
    .option('--account <name>', 'also record the income in this account')
    .option('--category <name>', 'category for that income ("Name" or "Group:Name")')
    .option('--link <transaction-id>', 'link an existing income transaction instead')
    .action(
      async (
        ref: string,
        flags: {
          amount: string;
          date?: string;
          account?: string;
          category?: string;
          link?: string;
        },
        command: Command,
      ) => {
        if (flags.account && flags.link)
          throw new CliError('USAGE', 'use --account or --link, not both');
        const ctx = contextOf(command);
        const paid = await ctx.withVault((vault) => {
          const db = vault.db;
          const target = findInvoice(db, ref);
          const ledger = flags.account
            ? {
                mode: 'create' as const,
                accountId: findAccountByName(db, flags.account).id,
                categoryId: flags.category ? findCategoryByName(db, flags.category).id : null,
              }
            : flags.link
              ? { mode: 'link' as const, transactionId: flags.link }
              : { mode: 'none' as const };
          const input = PaymentInputSchema.safeParse({
            invoiceId: target.id,
            amount: parseAmount(flags.amount, target.currency),
            date: flags.date ?? todayLocal(),
            ledger,
          });
          if (!input.success) throw new CliError('BAD_INPUT', firstIssue(input.error));
          return recordPayment(db, input.data);
        });
        ctx.print(
          paid,
          `Recorded ${money(paid.payments.at(-1)?.amount ?? 0, paid.currency)} on ${paid.number ?? ''}: ${paid.status.replace('_', ' ')}, ${money(paid.balanceDue, paid.currency)} due`,
        );
      },
    );

  invoice
    .command('numbering')
    .description('show or set the number series (prefix, width, next counter)')
    .option('--prefix <text>', 'e.g. INV- or 2026/')
    .option('--width <digits>', 'zero-padded width of the counter', parseWhole)
    .option('--next <n>', 'move the counter forward to n', parseWhole)
    .action(async (flags: { prefix?: string; width?: number; next?: number }, command: Command) => {
      const ctx = contextOf(command);
      const numbering = await ctx.withVault((vault) => {
        const current = getNumbering(vault.db);
        if (flags.prefix === undefined && flags.width === undefined && flags.next === undefined)
          return current;
        const input = InvoiceNumberingInputSchema.safeParse({
          prefix: flags.prefix ?? current.prefix,
          width: flags.width ?? current.width,
          next: flags.next,
        });
        if (!input.success) throw new CliError('BAD_INPUT', firstIssue(input.error));
        const updated = setNumbering(vault.db, input.data);
        vault.audit('settings.changed', { setting: 'invoice.numbering' });
        return updated;
      });
      ctx.print(
        numbering,
        `Next invoice number: ${numbering.prefix}${String(numbering.next).padStart(numbering.width, '0')}`,
      );
    });

  invoice
    .command('metrics')
    .description('outstanding, overdue, paid this month, average days to pay, revenue by client')
    .action(async (_flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const metrics = await ctx.withVault((vault) => invoiceMetrics(vault.db));
      const list = (items: { currency: CurrencyCode; amount: number }[]) =>
        items.length ? items.map((item) => money(item.amount, item.currency)).join(', ') : '0';
      ctx.print(metrics, [
        `Outstanding: ${list(metrics.outstanding)}`,
        `Overdue (${metrics.overdueCount}): ${list(metrics.overdue)}`,
        `Paid this month: ${list(metrics.paidThisMonth)}`,
        `Average days to pay: ${metrics.averageDaysToPay ?? '-'}`,
        ...metrics.revenueByClient.map(
          (row) => `  ${row.clientName}: ${money(row.amount, row.currency)}`,
        ),
      ]);
    });
}

function registerClientCommands(program: Command, contextOf: ContextFactory): void {
  const client = program.command('client').description('the clients you invoice');
  client
    .command('add')
    .description('add a client')
    .argument('<name>', 'client name')
    .option('--email <email>', 'billing email')
    .option('--address <text>', 'postal address (use \\n for new lines)')
    .option('--tax-id <id>', 'VAT / tax id')
    .action(
      async (
        name: string,
        flags: { email?: string; address?: string; taxId?: string },
        command: Command,
      ) => {
        const input = ClientInputSchema.safeParse({
          name,
          email: flags.email,
          address: flags.address?.replaceAll('\\n', '\n'),
          taxId: flags.taxId,
        });
        if (!input.success) throw new CliError('BAD_INPUT', firstIssue(input.error));
        const ctx = contextOf(command);
        const created = await ctx.withVault((vault) => createClient(vault.db, input.data));
        ctx.print(created, `Added client "${created.name}"`);
      },
    );
  client
    .command('list')
    .description('list clients')
    .action(async (_flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const clients = await ctx.withVault((vault) => listClients(vault.db));
      ctx.print(
        clients,
        clients.length === 0
          ? 'No clients.'
          : textTable(
              ['Name', 'Email', 'Tax ID'],
              clients.map((c) => [c.name, c.email, c.taxId]),
              ['left', 'left', 'left'],
            ),
      );
    });
}

function registerBusinessCommand(program: Command, contextOf: ContextFactory): void {
  program
    .command('business')
    .description('your business details for the invoice header')
    .command('set')
    .description('set name, address, email, tax id and logo (PNG or JPEG, at most 1 MiB)')
    .option('--name <name>', 'business name')
    .option('--email <email>', 'email')
    .option('--address <text>', 'postal address (use \\n for new lines)')
    .option('--tax-id <id>', 'VAT / tax id')
    .option('--logo <file>', 'logo image file')
    .option('--no-logo', 'remove the logo')
    .action(
      async (
        flags: {
          name?: string;
          email?: string;
          address?: string;
          taxId?: string;
          logo?: string | false;
        },
        command: Command,
      ) => {
        let logoBase64: string | null | undefined;
        if (typeof flags.logo === 'string') {
          try {
            logoBase64 = readFileSync(flags.logo).toString('base64');
          } catch {
            throw new CliError('BAD_INPUT', `cannot read ${flags.logo}`);
          }
        } else if (flags.logo === false) logoBase64 = null;
        const ctx = contextOf(command);
        const business = await ctx.withVault((vault) => {
          const current = getBusiness(vault.db);
          const input = BusinessInputSchema.safeParse({
            name: flags.name ?? current.name,
            email: flags.email ?? current.email,
            address: flags.address?.replaceAll('\\n', '\n') ?? current.address,
            taxId: flags.taxId ?? current.taxId,
            logoBase64,
          });
          if (!input.success) throw new CliError('BAD_INPUT', firstIssue(input.error));
          return setBusiness(vault, input.data);
        });
        ctx.print(business, `Saved business details for "${business.name}"`);
      },
    );
}

/** An invoice by its number, or a draft by the id `invoice create` printed. */
export function findInvoice(db: SqlDatabase, ref: string): Invoice {
  try {
    return findInvoiceByNumber(db, ref);
  } catch (error) {
    if (isValidId(ref.trim())) return getInvoice(db, ref.trim());
    throw error;
  }
}

function invoiceTable(rows: InvoiceSummary[]): string[] {
  return textTable(
    ['Number', 'Client', 'Status', 'Issued', 'Due', 'Total', 'Balance', ''],
    rows.map((row) => [
      row.number ?? `(draft ${row.id.slice(-8)})`,
      row.clientName,
      row.status.replace('_', ' '),
      row.issueDate ?? '',
      row.dueDate ?? '',
      money(row.total, row.currency),
      money(row.balanceDue, row.currency),
      row.overdue ? 'OVERDUE' : '',
    ]),
    ['left', 'left', 'left', 'left', 'left', 'right', 'right', 'left'],
  );
}

const money = (minor: number, currency: CurrencyCode) =>
  `${toDecimalString(minor, currency)} ${currency}`;

function defaultCurrency(db: SqlDatabase): CurrencyCode {
  return listAccounts(db, true)[0]?.currency ?? 'USD';
}

function firstIssue(error: {
  issues: readonly { path: PropertyKey[]; message: string }[];
}): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

function parseDate(value: string): string {
  if (!isValidDate(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}

function parseCurrency(value: string): CurrencyCode {
  const code = value.toUpperCase();
  if (!isCurrencyCode(code)) throw new InvalidArgumentError('expected an ISO 4217 currency code');
  return code;
}

function parseWhole(value: string): number {
  if (!/^\d{1,12}$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}
