import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { generateKeyRingEntry } from './keyRing';

/*
 * Development only: the generated key ring is kept in the data dir (mode 0600) so that
 * restarting `npm run server` keeps signed tokens and the audit chain verifiable. Production
 * never reaches this (loadConfig refuses a missing TOKEN_ENCRYPTION_KEYS there).
 */

const FILE = 'dev-secrets.json';
const DevSecretsSchema = z.object({ tokenEncryptionKeys: z.string().min(1) });

export function persistentDevKeyRing(dataDir: string): string {
  const file = path.join(dataDir, FILE);
  try {
    return DevSecretsSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).tokenEncryptionKeys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const ring = generateKeyRingEntry('dev1', randomBytes);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${JSON.stringify({ tokenEncryptionKeys: ring })}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  return ring;
}

/** A throwaway ring that lives only in memory (tests). */
export function ephemeralDevKeyRing(): string {
  return generateKeyRingEntry('test1', randomBytes);
}
