import { z } from 'zod';
import { CurrencyCodeSchema, DateStringSchema, IdSchema, MinorUnitsSchema } from '../domain';
import { call } from './defineCall';
import { NoInput, Ok, shortText } from './common';

/*
 * Clients, invoices and the PDF exports. The rules the numbers follow are implemented in
 * src-main/core/invoices (invoiceTotals.ts) and explained in docs/invoices.md:
 *
 * - quantity: a decimal with up to 3 places ("1.5", "0.125"), stored in thousandths.
 * - line amount = round(quantity × unit price) − round(that × line discount %), each
 *   rounded half up to a whole minor unit, per line.
 * - the invoice discount (a percentage of the subtotal, rounded half up, or a fixed
 *   amount) is spread over the lines in proportion to their amounts (largest remainder,
 *   so it adds up exactly), and tax is charged per tax rate on the discounted lines of
 *   that rate, rounded half up once per rate.
 * - total = subtotal − invoice discount + tax. All integers in minor units.
 * - numbers are given when an invoice is sent (issued), never at creation: a draft can
 *   be deleted without leaving a gap. Voided invoices keep their number.
 */

export const INVOICE_STATUSES = ['draft', 'sent', 'partially_paid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Basis points: 100 = 1 %. Rates and discounts are at most 100 %. */
const BasisPoints = z.number().int().min(0).max(10_000);
const NonNegativeMinor = MinorUnitsSchema.refine((value) => value >= 0, {
  message: 'Expected an amount of zero or more',
});
const PositiveMinor = MinorUnitsSchema.refine((value) => value > 0, {
  message: 'Expected an amount of more than zero',
});

/** A quantity as typed: digits, optionally a point and up to 3 decimals, more than zero. */
export const QuantitySchema = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,3})?$/, {
    message: 'Expected a quantity like 2 or 1.5 (3 decimals at most)',
  })
  .refine((text) => /[1-9]/.test(text), { message: 'Expected a quantity of more than zero' });

export const ClientSchema = z.object({
  id: IdSchema,
  name: z.string(),
  email: z.string(),
  address: z.string(),
  taxId: z.string(),
  createdAt: z.string(),
});
export type Client = z.infer<typeof ClientSchema>;

const Email = z.union([z.literal(''), z.email({ message: 'Expected an email address' }).max(254)]);

export const ClientInputSchema = z.strictObject({
  name: shortText(200).pipe(z.string().min(1, { message: 'A client needs a name' })),
  email: z.string().trim().pipe(Email).default(''),
  address: shortText(1000).default(''),
  taxId: shortText(100).default(''),
});
export type ClientInput = z.input<typeof ClientInputSchema>;

export const InvoiceLineInputSchema = z.strictObject({
  description: shortText(500).pipe(z.string().min(1, { message: 'A line needs a description' })),
  quantity: QuantitySchema,
  /** Minor units of the invoice currency, per unit. */
  unitPrice: NonNegativeMinor,
  taxRateBp: BasisPoints.default(0),
  discountBp: BasisPoints.default(0),
});
export type InvoiceLineInput = z.input<typeof InvoiceLineInputSchema>;

export const InvoiceDiscountSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('percent'), basisPoints: BasisPoints }),
  z.strictObject({ kind: z.literal('amount'), minor: NonNegativeMinor }),
]);
export type InvoiceDiscount = z.infer<typeof InvoiceDiscountSchema>;

export const InvoiceDraftInputSchema = z.strictObject({
  clientId: IdSchema,
  currency: CurrencyCodeSchema,
  dueDate: DateStringSchema.nullable().default(null),
  paymentTerms: shortText(500).default(''),
  notes: shortText(2000).default(''),
  discount: InvoiceDiscountSchema.nullable().default(null),
  lines: z.array(InvoiceLineInputSchema).min(1).max(500),
});
export type InvoiceDraftInput = z.input<typeof InvoiceDraftInputSchema>;
export type ParsedInvoiceDraft = z.output<typeof InvoiceDraftInputSchema>;

export const InvoiceLineSchema = z.object({
  description: z.string(),
  quantity: z.string(),
  unitPrice: MinorUnitsSchema,
  taxRateBp: z.number().int(),
  discountBp: z.number().int(),
  /** Quantity × unit price, rounded. */
  gross: MinorUnitsSchema,
  /** After the line discount, before the invoice discount and tax. */
  amount: MinorUnitsSchema,
});

export const TaxSummarySchema = z.object({
  rateBp: z.number().int(),
  base: MinorUnitsSchema,
  tax: MinorUnitsSchema,
});

export const InvoiceTotalsSchema = z.object({
  subtotal: MinorUnitsSchema,
  discount: MinorUnitsSchema,
  taxes: z.array(TaxSummarySchema),
  tax: MinorUnitsSchema,
  total: MinorUnitsSchema,
});
export type InvoiceTotals = z.infer<typeof InvoiceTotalsSchema>;

export const PaymentSchema = z.object({
  id: IdSchema,
  date: DateStringSchema,
  amount: MinorUnitsSchema,
  transactionId: IdSchema.nullable(),
});

const InvoiceSummaryShape = {
  id: IdSchema,
  number: z.string().nullable(),
  clientId: IdSchema,
  clientName: z.string(),
  status: z.enum(INVOICE_STATUSES),
  /** Sent or partly paid, with a due date before today. */
  overdue: z.boolean(),
  currency: CurrencyCodeSchema,
  issueDate: DateStringSchema.nullable(),
  dueDate: DateStringSchema.nullable(),
  total: MinorUnitsSchema,
  paid: MinorUnitsSchema,
  balanceDue: MinorUnitsSchema,
};

export const InvoiceSummarySchema = z.object(InvoiceSummaryShape);
export type InvoiceSummary = z.infer<typeof InvoiceSummarySchema>;

export const InvoiceSchema = z.object({
  ...InvoiceSummaryShape,
  paymentTerms: z.string(),
  notes: z.string(),
  discount: InvoiceDiscountSchema.nullable(),
  lines: z.array(InvoiceLineSchema),
  totals: InvoiceTotalsSchema,
  payments: z.array(PaymentSchema),
  paidDate: DateStringSchema.nullable(),
  createdAt: z.string(),
});
export type Invoice = z.infer<typeof InvoiceSchema>;

/** How a payment reaches the ledger: not at all, as a new income transaction, or linked. */
export const PaymentLedgerSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('none') }),
  z.strictObject({
    mode: z.literal('create'),
    accountId: IdSchema,
    categoryId: IdSchema.nullable().default(null),
  }),
  z.strictObject({ mode: z.literal('link'), transactionId: IdSchema }),
]);

export const PaymentInputSchema = z.strictObject({
  invoiceId: IdSchema,
  amount: PositiveMinor,
  date: DateStringSchema,
  ledger: PaymentLedgerSchema.default({ mode: 'none' }),
});
export type PaymentInput = z.input<typeof PaymentInputSchema>;
export type ParsedPaymentInput = z.output<typeof PaymentInputSchema>;

const PerCurrency = z.object({ currency: CurrencyCodeSchema, amount: MinorUnitsSchema });

/** Amounts are per currency: currencies are never added together. */
export const InvoiceMetricsSchema = z.object({
  outstanding: z.array(PerCurrency),
  overdue: z.array(PerCurrency),
  overdueCount: z.number().int(),
  paidThisMonth: z.array(PerCurrency),
  /** Issue date to the payment that settled it, over paid invoices; null with none. */
  averageDaysToPay: z.number().nullable(),
  revenueByClient: z.array(
    z.object({ clientId: IdSchema, clientName: z.string(), ...PerCurrency.shape }),
  ),
});
export type InvoiceMetrics = z.infer<typeof InvoiceMetricsSchema>;

export const InvoiceNumberingSchema = z.object({
  prefix: z.string(),
  width: z.number().int(),
  /** The counter the next issued invoice gets. */
  next: z.number().int(),
});

export const InvoiceNumberingInputSchema = z.strictObject({
  prefix: z
    .string()
    .max(20)
    .regex(/^[A-Za-z0-9/_.-]*$/, { message: 'A prefix may hold letters, digits and - _ . /' }),
  width: z.number().int().min(1).max(12),
  /** Move the counter forward (never back, so no number is ever given twice). */
  next: z.number().int().min(1).max(999_999_999_999).optional(),
});

/** The business on the invoice header. The logo is a PNG or JPEG, base64, at most 1 MiB. */
export const BusinessSchema = z.object({
  name: z.string(),
  email: z.string(),
  address: z.string(),
  taxId: z.string(),
  hasLogo: z.boolean(),
});
export type Business = z.infer<typeof BusinessSchema>;

export const BusinessInputSchema = z.strictObject({
  name: shortText(200).default(''),
  email: z.string().trim().pipe(Email).default(''),
  address: shortText(1000).default(''),
  taxId: shortText(100).default(''),
  /** Unset keeps the current logo; null removes it. */
  logoBase64: z
    .string()
    .max(1_400_000)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'Expected base64' })
    .nullable()
    .optional(),
});
export type BusinessInput = z.input<typeof BusinessInputSchema>;

const ById = z.strictObject({ id: IdSchema });
const FileToken = z.string().min(10).max(64);
const SaveTarget = z.object({ fileToken: z.string(), name: z.string() }).nullable();
const PdfWritten = z.object({ pages: z.number().int(), rows: z.number().int() });

export const clientsCalls = {
  'clients.list': call(NoInput, z.array(ClientSchema)),
  'clients.create': call(ClientInputSchema, ClientSchema),
  'clients.update': call(ClientInputSchema.extend({ id: IdSchema }), ClientSchema),
} as const;

export const invoicesCalls = {
  'invoices.list': call(
    z.strictObject({
      status: z.enum(INVOICE_STATUSES).optional(),
      clientId: IdSchema.optional(),
      overdueOnly: z.boolean().default(false),
    }),
    z.array(InvoiceSummarySchema),
  ),
  'invoices.get': call(ById, InvoiceSchema),
  'invoices.createDraft': call(InvoiceDraftInputSchema, InvoiceSchema),
  'invoices.updateDraft': call(InvoiceDraftInputSchema.extend({ id: IdSchema }), InvoiceSchema),
  'invoices.deleteDraft': call(ById, Ok),
  /** Issues the invoice: gives it the next number and the issue date (default today). */
  'invoices.send': call(
    z.strictObject({ id: IdSchema, issueDate: DateStringSchema.optional() }),
    InvoiceSchema,
  ),
  'invoices.void': call(ById, InvoiceSchema),
  'invoices.recordPayment': call(PaymentInputSchema, InvoiceSchema),
  'invoices.metrics': call(NoInput, InvoiceMetricsSchema),
  'invoices.getNumbering': call(NoInput, InvoiceNumberingSchema),
  'invoices.setNumbering': call(InvoiceNumberingInputSchema, InvoiceNumberingSchema),
  'invoices.getBusiness': call(NoInput, BusinessSchema),
  'invoices.setBusiness': call(BusinessInputSchema, BusinessSchema),
} as const;

/**
 * PDF exports to a file the user chose: `exports.chooseDestination` shows the save
 * dialog in the main process and returns an opaque token, so no path ever crosses the
 * bridge. The dialog asked before replacing a file, so the export may replace it.
 */
export const pdfExportCalls = {
  'exports.chooseDestination': call(
    z.strictObject({ suggestedName: z.string().trim().min(1).max(120) }),
    SaveTarget,
  ),
  'exports.invoicePdf': call(
    z.strictObject({ invoiceId: IdSchema, fileToken: FileToken }),
    PdfWritten,
  ),
  'exports.statementPdf': call(
    z.strictObject({
      accountId: IdSchema,
      from: DateStringSchema,
      to: DateStringSchema,
      fileToken: FileToken,
    }),
    PdfWritten,
  ),
  /** Expenses dated from..to with totals by category and one receipt per page. */
  'exports.expenseReportPdf': call(
    z.strictObject({ from: DateStringSchema, to: DateStringSchema, fileToken: FileToken }),
    PdfWritten,
  ),
} as const;
