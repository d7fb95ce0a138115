import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { KdfParamsSchema } from './passphraseKdf';

/**
 * `vault.json` sits beside the database and holds everything needed to unlock it,
 * and nothing that reveals data: the data key only ever appears sealed. Bump
 * VAULT_FORMAT when the shape changes and teach `parseVaultFile` the old one.
 */
export const VAULT_FORMAT = 1;
export const VAULT_FILE_NAME = 'vault.json';
export const DATABASE_FILE_NAME = 'casike.db';

const SealedSchema = z.object({ nonce: z.string(), ciphertext: z.string() });

const KeySlotSchema = z.object({
  /** Identifies one generation of the data key; rotation adds a slot, then drops the old. */
  keyId: z.string().min(1),
  passphrase: SealedSchema,
  recovery: SealedSchema.extend({ ephemeralPublicKey: z.string() }),
});

const FailedUnlockSchema = z.object({ at: z.string(), method: z.string() });

export const VaultFileSchema = z.object({
  format: z.literal(VAULT_FORMAT),
  vaultId: z.string().min(1),
  createdAt: z.string(),
  cipher: z.object({ name: z.literal('sqlcipher'), legacy: z.literal(4) }),
  passphraseKdf: KdfParamsSchema,
  recoveryPublicKey: z.string(),
  /** Normally one slot. Two while a key rotation is in flight: [current, next]. */
  keys: z.array(KeySlotSchema).min(1).max(2),
  rotation: z
    .object({ fromKeyId: z.string(), toKeyId: z.string(), startedAt: z.string() })
    .nullable(),
  keychain: z.object({ enabled: z.boolean() }),
  /** Failed unlocks cannot be written to the locked database; they wait here for the next unlock. */
  failedUnlocks: z.array(FailedUnlockSchema).max(1000),
  /** Newest audit row known outside the database, so that truncating the log is detectable. */
  auditHead: z.object({ seq: z.number().int(), mac: z.string() }).nullable(),
});

export type VaultFile = z.infer<typeof VaultFileSchema>;
export type KeySlot = z.infer<typeof KeySlotSchema>;

export class VaultFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultFileError';
  }
}

export function vaultFilePath(dataDir: string): string {
  return join(dataDir, VAULT_FILE_NAME);
}

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE_NAME);
}

/** Reads and validates vault.json; null when there is no vault in `dataDir`. */
export function readVaultFile(dataDir: string): VaultFile | null {
  let text: string;
  try {
    text = readFileSync(vaultFilePath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseVaultFile(text);
}

export function parseVaultFile(text: string): VaultFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VaultFileError('vault.json is not valid JSON');
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format > VAULT_FORMAT) {
    throw new VaultFileError(
      `vault.json has format ${format}; this version of Casike reads up to ${VAULT_FORMAT}`,
    );
  }
  const parsed = VaultFileSchema.safeParse(json);
  if (!parsed.success) throw new VaultFileError('vault.json is damaged or incomplete');
  return parsed.data;
}

/**
 * Replaces vault.json atomically: write a temp file, fsync it, rename over the old
 * one, fsync the folder. A crash leaves either the old file or the new one whole.
 */
export function writeVaultFile(dataDir: string, vault: VaultFile): void {
  const target = vaultFilePath(dataDir);
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeFileSync(fd, `${JSON.stringify(VaultFileSchema.parse(vault), null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, target);
  syncDirectory(dirname(target));
}

function syncDirectory(dir: string): void {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
