import { z } from 'zod';

/*
 * The wire format of /v1/backups, shared by the sync server (which validates requests and
 * serializes responses with these) and the desktop client (which validates responses).
 * The server sees only opaque ciphertext: a backup is `totalBytes` bytes cut into parts of
 * `partBytes` (the last may be shorter); what the bytes mean is the client's business
 * (src-main/core/cloud/backupFormat.ts).
 */

/** Smallest and largest part a client may choose; the server refuses anything else. */
export const MIN_PART_BYTES = 64 * 1024;
export const MAX_PART_BYTES = 8 * 1024 * 1024;
/** The largest backup one upload may declare (10 GiB). */
export const MAX_BACKUP_BYTES = 10 * 1024 ** 3;

/** Backup ids are chosen by the client (it binds them into the encrypted manifest). */
export const BackupIdSchema = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    'must be a lower-case UUID',
  );

export const CreateBackupRequestSchema = z.strictObject({
  id: BackupIdSchema,
  totalBytes: z.number().int().min(1).max(MAX_BACKUP_BYTES),
  partBytes: z.number().int().min(MIN_PART_BYTES).max(MAX_PART_BYTES),
});
export type CreateBackupRequest = z.infer<typeof CreateBackupRequestSchema>;

export const BackupStatusSchema = z.enum(['uploading', 'complete']);

export const BackupSchema = z.object({
  id: BackupIdSchema,
  status: BackupStatusSchema,
  sizeBytes: z.number().int(),
  partBytes: z.number().int(),
  partCount: z.number().int(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type BackupInfo = z.infer<typeof BackupSchema>;

/** A backup plus, while uploading, which parts the server already holds (for resuming). */
export const BackupUploadStateSchema = BackupSchema.extend({
  receivedParts: z.array(z.number().int()),
});
export type BackupUploadState = z.infer<typeof BackupUploadStateSchema>;

export const BackupListSchema = z.object({ backups: z.array(BackupSchema) });

export const CompletedBackupSchema = z.object({
  backup: BackupSchema,
  /** Ids the retention policy removed when this backup completed. */
  pruned: z.array(BackupIdSchema),
});

export const BackupIdParamsSchema = z.strictObject({ id: BackupIdSchema });
export const BackupPartParamsSchema = z.strictObject({
  id: BackupIdSchema,
  index: z.coerce.number().int().min(0).max(1_000_000),
});
