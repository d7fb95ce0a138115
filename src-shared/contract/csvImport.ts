import { z } from 'zod';
import { DateStringSchema, MinorUnitsSchema } from '../domain';

/*
 * CSV imports: how a file is written (its dialect), which column means what (its
 * mapping), and the preview the user confirms before anything is imported. Detection
 * fills both in; the user may correct them; a confirmed pair is saved under the file's
 * header signature and reused for the next file from the same bank.
 */

/** Text encodings a bank CSV arrives in. `utf-8` without a BOM may turn out to be Windows-1252 past the head. */
export const CSV_ENCODINGS = [
  'utf-8',
  'utf-8-bom',
  'utf-16le',
  'utf-16be',
  'windows-1252',
] as const;
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export const CSV_QUOTES = ['"', "'"] as const;
/** '' = no digit grouping. */
export const CSV_THOUSANDS_SEPARATORS = ['', ',', '.', ' ', "'"] as const;

/**
 * Date layouts seen in real bank exports. Two-digit years (Sparkasse's "CSV-CAMT"
 * export writes "30.12.24") read 00–69 as 20xx and 70–99 as 19xx, the POSIX rule.
 * `DD MMM YYYY` is Nationwide's "01 Jan 2026" (English month abbreviations). Every
 * format also accepts a trailing time ("2026-01-05 10:23:11"), which is ignored.
 */
export const CSV_DATE_FORMATS = [
  'YYYY-MM-DD',
  'MM/DD/YYYY',
  'DD/MM/YYYY',
  'DD.MM.YYYY',
  'YYYYMMDD',
  'DD-MM-YYYY',
  'YYYY/MM/DD',
  'MM/DD/YY',
  'DD/MM/YY',
  'DD.MM.YY',
  'DD MMM YYYY',
] as const;
export type CsvDateFormat = (typeof CSV_DATE_FORMATS)[number];

/** How the file is written. */
export const CsvDialectSchema = z
  .strictObject({
    encoding: z.enum(CSV_ENCODINGS),
    delimiter: z.enum(CSV_DELIMITERS),
    quote: z.enum(CSV_QUOTES).default('"'),
    /** Records before the table (a bank's summary block above the column names). */
    skipRecords: z.number().int().min(0).max(200).default(0),
    hasHeader: z.boolean(),
    decimalSeparator: z.enum(['.', ',']),
    thousandsSeparator: z.enum(CSV_THOUSANDS_SEPARATORS).default(''),
    dateFormat: z.enum(CSV_DATE_FORMATS),
  })
  .refine((d) => d.decimalSeparator !== d.thousandsSeparator, {
    message: 'the decimal and thousands separators must differ',
    path: ['thousandsSeparator'],
  });
// A comma delimiter with a decimal comma is legal: such files quote their amounts ("12,34").
export type CsvDialect = z.output<typeof CsvDialectSchema>;

/** A zero-based column index. 500 columns is far beyond any bank export. */
export const CsvColumnSchema = z.number().int().min(0).max(499);

/** A value in an indicator or status column ("Af", "CR", "Umsatz vorgemerkt"). */
const CellValue = z.string().trim().min(1).max(40);

/** Where the amount comes from and which way it points. Negative = money out. */
export const CsvAmountMappingSchema = z.discriminatedUnion('kind', [
  /** One signed column. `invert` for card exports that write purchases as positive (Amex). */
  z.strictObject({
    kind: z.literal('signed'),
    column: CsvColumnSchema,
    invert: z.boolean().default(false),
  }),
  /** Money out in one column, money in in another (Capital One, Nationwide, Soll/Haben). */
  z.strictObject({
    kind: z.literal('debitCredit'),
    debit: CsvColumnSchema,
    credit: CsvColumnSchema,
  }),
  /** An unsigned amount plus a column saying which way: DR/CR, Af/Bij, S/H. Compared case-insensitively. */
  z.strictObject({
    kind: z.literal('indicator'),
    column: CsvColumnSchema,
    indicator: CsvColumnSchema,
    debitValues: z.array(CellValue).min(1).max(10),
    creditValues: z.array(CellValue).min(1).max(10),
  }),
]);
export type CsvAmountMapping = z.output<typeof CsvAmountMappingSchema>;

/** Which column means what. */
export const CsvMappingSchema = z
  .strictObject({
    date: CsvColumnSchema,
    payee: CsvColumnSchema.nullable().default(null),
    /** Joined with " · " in this order, empty cells left out. */
    memo: z.array(CsvColumnSchema).max(10).default([]),
    amount: CsvAmountMappingSchema,
    /** A bank id per transaction; only for columns that really are unique ids. */
    externalId: CsvColumnSchema.nullable().default(null),
    /** A row is pending when this column's text contains one of the values (case-insensitive). */
    status: z
      .strictObject({ column: CsvColumnSchema, pendingValues: z.array(CellValue).min(1).max(20) })
      .nullable()
      .default(null),
    /** An ISO currency code per row; a row in another currency than the account is refused. */
    currency: CsvColumnSchema.nullable().default(null),
  })
  .refine((m) => m.amount.kind !== 'debitCredit' || m.amount.debit !== m.amount.credit, {
    message: 'the debit and credit columns must differ',
    path: ['amount'],
  });
export type CsvMapping = z.output<typeof CsvMappingSchema>;
export type CsvMappingInput = z.input<typeof CsvMappingSchema>;

/** One previewed row, in Casike's conventions (minor units, negative = out, YYYY-MM-DD). */
export const CsvPreviewRowSchema = z.object({
  line: z.number().int().min(1),
  date: DateStringSchema,
  amount: MinorUnitsSchema,
  payee: z.string(),
  memo: z.string(),
  externalId: z.string().nullable(),
  pending: z.boolean(),
});
export type CsvPreviewRow = z.output<typeof CsvPreviewRowSchema>;

export const CSV_PREVIEW_ROWS = 20;

/** What detection found in a file, with the first rows read through it. */
export const CsvPreviewSchema = z.object({
  dialect: CsvDialectSchema,
  mapping: CsvMappingSchema,
  /** Column names from the header row, or "Column 1", "Column 2", … without one. */
  columns: z.array(z.string().max(200)).max(500),
  /** The first data rows as raw cells, for the mapping screen. */
  sample: z.array(z.array(z.string().max(200)).max(500)).max(CSV_PREVIEW_ROWS),
  /** Identifies the bank layout; confirming the import saves the mapping under it. */
  signature: z.string().max(100),
  /**
   * Formats every date in the file fits, most plausible first. More than one (all days
   * ≤ 12, so DD/MM and MM/DD both read) sets `needsDateFormatChoice`: the user picks.
   */
  dateFormatCandidates: z.array(z.enum(CSV_DATE_FORMATS)).max(CSV_DATE_FORMATS.length),
  needsDateFormatChoice: z.boolean(),
  rows: z.array(CsvPreviewRowSchema).max(CSV_PREVIEW_ROWS),
  /** The first line that could not be read with this dialect and mapping, if any. */
  error: z.object({ line: z.number().int().min(0), message: z.string().max(500) }).nullable(),
  savedMappingUsed: z.boolean(),
});
export type CsvPreview = z.output<typeof CsvPreviewSchema>;
