import { z } from 'zod';
import { CurrencyCodeSchema, DateStringSchema, IdSchema, MinorUnitsSchema } from '../domain';
import { call } from './defineCall';
import { NoInput, shortText } from './common';
import { TransactionSchema } from './ledger';

/*
 * Expenses and receipts. An expense is a ledger transaction (so it shows up wherever
 * the ledger does) plus its expense details. Receipts attach to any transaction.
 * No call takes or returns a file path: files come in as a token from
 * `receipts.chooseFile` (main shows the OS dialog) or as bytes (drag and drop), and
 * go out as bytes the renderer shows from memory.
 */

export const REIMBURSEMENT_STATUSES = ['to_submit', 'submitted', 'reimbursed'] as const;
export const ReimbursementStatusSchema = z.enum(REIMBURSEMENT_STATUSES);
export type ReimbursementStatus = z.infer<typeof ReimbursementStatusSchema>;

export const DISTANCE_UNITS = ['km', 'mi'] as const;
export const DistanceUnitSchema = z.enum(DISTANCE_UNITS);
export type DistanceUnit = z.infer<typeof DistanceUnitSchema>;

export const RECEIPT_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/heic',
  'application/pdf',
] as const;
export const ReceiptMediaTypeSchema = z.enum(RECEIPT_MEDIA_TYPES);
export type ReceiptMediaType = z.infer<typeof ReceiptMediaTypeSchema>;

/** The largest receipt accepted, in bytes (25 MiB). */
export const MAX_RECEIPT_BYTES = 25 * 1024 * 1024;
/** How many receipts one call may attach. */
export const MAX_RECEIPTS_PER_CALL = 20;

/** A distance in hundredths of a unit: 12.5 km is 1250. At most 1,000,000 units. */
export const DistanceHundredthsSchema = z.number().int().min(1).max(100_000_000);
/** A rate in thousandths of a minor unit per unit of distance: $0.655/mi is 65500. */
export const RateMilliMinorSchema = z.number().int().min(1).max(1_000_000_000);

export const MileageSchema = z.object({
  distanceHundredths: DistanceHundredthsSchema,
  unit: DistanceUnitSchema,
  rateMilliMinor: RateMilliMinorSchema,
});
export type Mileage = z.infer<typeof MileageSchema>;

export const ReceiptMetaSchema = z.object({
  id: IdSchema,
  transactionId: IdSchema,
  fileName: z.string(),
  mediaType: ReceiptMediaTypeSchema,
  size: z.number().int(),
  sha256: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  hasThumbnail: z.boolean(),
  createdAt: z.string(),
});
export type ReceiptMeta = z.infer<typeof ReceiptMetaSchema>;

export const ExpenseFlagsSchema = z.object({
  business: z.boolean(),
  taxDeductible: z.boolean(),
  reimbursable: z.boolean(),
  reimbursementStatus: ReimbursementStatusSchema.nullable(),
});
export type ExpenseFlags = z.infer<typeof ExpenseFlagsSchema>;

export const ExpenseSchema = z.object({
  transaction: TransactionSchema,
  currency: CurrencyCodeSchema,
  flags: ExpenseFlagsSchema,
  mileage: MileageSchema.nullable(),
  receipts: z.array(ReceiptMetaSchema),
});
export type Expense = z.infer<typeof ExpenseSchema>;

/** Raw bytes: a Uint8Array (a Node Buffer is one too); Electron's IPC carries them as is. */
const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes');

const FileToken = z.string().min(10).max(64);
const FileName = z.string().trim().min(1).max(255);
/** Bytes from the renderer (drag and drop); checked by content in main, never by name. */
const ReceiptBytes = Bytes.refine((bytes) => bytes.byteLength > 0, 'the file is empty').refine(
  (bytes) => bytes.byteLength <= MAX_RECEIPT_BYTES,
  'a receipt may be at most 25 MB',
);

export const ReceiptSourceSchema = z.union([
  z.strictObject({ fileToken: FileToken }),
  z.strictObject({ fileName: FileName, bytes: ReceiptBytes }),
]);
export type ReceiptSource = z.infer<typeof ReceiptSourceSchema>;

const FlagsInput = {
  business: z.boolean().default(false),
  taxDeductible: z.boolean().default(false),
  reimbursable: z.boolean().default(false),
  /** Defaults to 'to_submit' for a reimbursable expense; refused for any other. */
  reimbursementStatus: ReimbursementStatusSchema.optional(),
};

const EntryInput = {
  accountId: IdSchema,
  date: DateStringSchema,
  payee: z.string().trim().max(200).nullable().default(null),
  memo: shortText(1000).default(''),
  categoryId: IdSchema.nullable().default(null),
  ...FlagsInput,
  receipts: z.array(ReceiptSourceSchema).max(MAX_RECEIPTS_PER_CALL).default([]),
};

/** A new expense. The amount is what was spent: positive; it is stored as money out. */
export const ExpenseInputSchema = z.strictObject({
  ...EntryInput,
  amount: MinorUnitsSchema.refine((value) => value > 0, 'the amount must be positive'),
});
export type ExpenseInput = z.input<typeof ExpenseInputSchema>;
export type ParsedExpenseInput = z.output<typeof ExpenseInputSchema>;

/** A mileage entry: amount = distance × rate, rounded half up to a minor unit. */
export const MileageInputSchema = z.strictObject({
  ...EntryInput,
  distanceHundredths: DistanceHundredthsSchema,
  /** Default: the vault's mileage rate (expenses.getMileageRate). */
  unit: DistanceUnitSchema.optional(),
  rateMilliMinor: RateMilliMinorSchema.optional(),
});
export type MileageInput = z.input<typeof MileageInputSchema>;
export type ParsedMileageInput = z.output<typeof MileageInputSchema>;

export const ExpensePatchSchema = z.strictObject({
  business: z.boolean().optional(),
  taxDeductible: z.boolean().optional(),
  reimbursable: z.boolean().optional(),
  reimbursementStatus: ReimbursementStatusSchema.optional(),
});
export type ExpensePatch = z.infer<typeof ExpensePatchSchema>;

export const ExpenseQuerySchema = z.strictObject({
  from: DateStringSchema.optional(),
  to: DateStringSchema.optional(),
  business: z.boolean().optional(),
  taxDeductible: z.boolean().optional(),
  reimbursable: z.boolean().optional(),
  reimbursementStatus: ReimbursementStatusSchema.optional(),
  limit: z.number().int().min(1).max(500).default(100),
  /** Opaque; from the previous page's nextCursor. */
  cursor: z.string().max(40).optional(),
});
export type ExpenseQuery = z.input<typeof ExpenseQuerySchema>;
export type ParsedExpenseQuery = z.output<typeof ExpenseQuerySchema>;

/** The vault's default mileage rate: per unit of distance, in one currency. */
export const MileageRateSchema = z.object({
  currency: CurrencyCodeSchema,
  unit: DistanceUnitSchema,
  rateMilliMinor: RateMilliMinorSchema,
});
export type MileageRate = z.infer<typeof MileageRateSchema>;

const TransactionIdInput = z.strictObject({ transactionId: IdSchema });
const ReceiptIdInput = z.strictObject({ id: IdSchema });

export const expensesCalls = {
  'expenses.create': call(ExpenseInputSchema, ExpenseSchema),
  'expenses.createMileage': call(MileageInputSchema, ExpenseSchema),
  'expenses.get': call(TransactionIdInput, ExpenseSchema),
  'expenses.list': call(
    ExpenseQuerySchema,
    z.object({ items: z.array(ExpenseSchema), nextCursor: z.string().nullable() }),
  ),
  /** Also turns a plain money-out transaction (an imported one) into an expense. */
  'expenses.update': call(
    z.strictObject({ transactionId: IdSchema, patch: ExpensePatchSchema }),
    ExpenseSchema,
  ),
  'expenses.delete': call(TransactionIdInput, z.object({ deleted: z.number().int() })),
  'expenses.getMileageRate': call(NoInput, MileageRateSchema.nullable()),
  'expenses.setMileageRate': call(z.strictObject(MileageRateSchema.shape), MileageRateSchema),
} as const;

export const receiptsCalls = {
  /** Main shows the OS open dialog; the renderer gets a token, never the path. */
  'receipts.chooseFile': call(
    NoInput,
    z.object({ fileToken: z.string(), name: z.string() }).nullable(),
  ),
  /** Attaches to any transaction (an expense or not). */
  'receipts.attach': call(
    z.strictObject({
      transactionId: IdSchema,
      receipts: z.array(ReceiptSourceSchema).min(1).max(MAX_RECEIPTS_PER_CALL),
    }),
    z.array(ReceiptMetaSchema),
  ),
  'receipts.list': call(TransactionIdInput, z.array(ReceiptMetaSchema)),
  /** The file's bytes, for viewing from memory (a blob: or data: URL); no temp file. */
  'receipts.read': call(ReceiptIdInput, z.object({ meta: ReceiptMetaSchema, bytes: Bytes })),
  'receipts.thumbnail': call(
    ReceiptIdInput,
    z.object({ mediaType: z.literal('image/jpeg'), bytes: Bytes }).nullable(),
  ),
  'receipts.delete': call(ReceiptIdInput, z.object({ deleted: z.number().int() })),
} as const;
