import { hashRaw, type Algorithm } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Argon2id parameters, stored beside each passphrase wrap so they can be raised later
 * without breaking old vaults. The defaults exceed OWASP's Password Storage Cheat
 * Sheet recommendation (m=19 MiB, t=2, p=1); the schema refuses anything weaker.
 */
export const KdfParamsSchema = z.object({
  algorithm: z.literal('argon2id'),
  memoryKiB: z.number().int().min(19_456).max(4_194_304),
  iterations: z.number().int().min(2).max(100),
  parallelism: z.number().int().min(1).max(16),
  salt: z.string().min(16),
});
export type KdfParams = z.infer<typeof KdfParamsSchema>;

/** `Algorithm.Argon2id`; the package's enum is a const enum we may not import as a value. */
const ARGON2ID = 2 as Algorithm;

export const DEFAULT_KDF = { memoryKiB: 65_536, iterations: 3, parallelism: 1 } as const;

/** Fresh parameters with a new random 16-byte salt. */
export function newKdfParams(): KdfParams {
  return { algorithm: 'argon2id', ...DEFAULT_KDF, salt: randomBytes(16).toString('base64') };
}

/** Derives the 32-byte key-encryption key from a passphrase. */
export async function derivePassphraseKek(passphrase: string, params: KdfParams): Promise<Buffer> {
  return hashRaw(passphrase.normalize('NFC'), {
    algorithm: ARGON2ID,
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
    outputLen: 32,
    salt: Buffer.from(params.salt, 'base64'),
  });
}

/** Minimum passphrase length, in characters (NIST SP 800-63B asks for at least 8). */
export const MIN_PASSPHRASE_LENGTH = 8;

/** Returns a one-line reason when a new passphrase is unacceptable, else null. */
export function passphraseProblem(passphrase: string): string | null {
  if ([...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH) {
    return `the passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters`;
  }
  return null;
}
