import { z } from 'zod';
import { IdSchema } from '../domain';
import { call } from './defineCall';
import { NoInput, Ok } from './common';
import {
  CSV_DATE_FORMATS,
  CsvDialectSchema,
  CsvMappingSchema,
  CsvPreviewRowSchema,
  CsvPreviewSchema,
} from './csvImport';

export const IMPORT_FORMAT_NAMES = ['csv', 'ofx', 'qfx', 'qif', 'camt'] as const;

/** The user's answers to detection: a date format choice, or a corrected layout. */
export const CsvChoicesSchema = z.strictObject({
  dateFormat: z.enum(CSV_DATE_FORMATS).optional(),
  dialect: CsvDialectSchema.optional(),
  mapping: CsvMappingSchema.optional(),
});
export type CsvChoices = z.input<typeof CsvChoicesSchema>;

const FileToken = z.string().min(10).max(64);
const Warning = z.object({ line: z.number().int(), message: z.string() });

const ImportTarget = z.strictObject({
  fileToken: FileToken,
  accountId: IdSchema,
  format: z.enum(IMPORT_FORMAT_NAMES).optional(),
  csv: CsvChoicesSchema.optional(),
});

export const ImportPreviewSchema = z.object({
  fileName: z.string(),
  format: z.enum(IMPORT_FORMAT_NAMES),
  /** Detection details and the mapping to confirm; CSV only. */
  csv: CsvPreviewSchema.nullable(),
  rows: z.array(CsvPreviewRowSchema),
  warnings: z.array(Warning),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportOutcomeSchema = z.object({
  format: z.enum(IMPORT_FORMAT_NAMES),
  added: z.number().int(),
  duplicates: z.number().int(),
  pendingMatched: z.number().int(),
  warnings: z.array(Warning),
  dryRun: z.boolean(),
});
export type ImportOutcome = z.infer<typeof ImportOutcomeSchema>;

/** Bank file imports: choose a file (main shows the dialog), preview, import, cancel. */
export const importsCalls = {
  'imports.chooseFile': call(
    NoInput,
    z.object({ fileToken: z.string(), name: z.string() }).nullable(),
  ),
  'imports.preview': call(ImportTarget, ImportPreviewSchema),
  'imports.run': call(
    ImportTarget.extend({
      dryRun: z.boolean().default(false),
      /** Names this import in task.progress events and for imports.cancel. */
      taskId: z.string().min(1).max(64).optional(),
    }),
    ImportOutcomeSchema,
  ),
  'imports.cancel': call(z.strictObject({ taskId: z.string().min(1).max(64) }), Ok),
} as const;
