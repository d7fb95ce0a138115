import { openSecret, sealSecret, sealedKeyId } from '../auth/sealedSecrets';
import { newestKey, type KeyPurpose, type KeyRing } from '../config/keyRing';
import type { RawClient } from '../db/types';
import { reencryptPlaidTokens } from '../plaid/rotateTokens';

/*
 * `npm run admin -- rotate-token-keys`: after a new key is put first in
 * TOKEN_ENCRYPTION_KEYS, every value sealed under an older ring key is opened and sealed
 * again under the newest, so the old key can then be dropped from the ring. Each area
 * that seals data with the ring (TOTP seeds here; Plaid access tokens in billing) adds a
 * target to REENCRYPTION_TARGETS, usually with `sealedColumnTarget`.
 */

export interface ReencryptionTarget {
  name: string;
  /** Re-seals every row not yet under the newest key; returns how many it changed. */
  reencrypt(q: RawClient, ring: KeyRing): Promise<number>;
}

/**
 * A target for a table with a sealed column and its key id column. Table and column
 * names are constants of our code, never input, so they are spliced into the SQL.
 */
export function sealedColumnTarget(spec: {
  name: string;
  table: string;
  idColumn: string;
  sealedColumn: string;
  keyIdColumn: string;
  purpose: KeyPurpose;
  /** The AAD the value was sealed with, from its row. */
  aad: (row: Record<string, unknown>) => string;
}): ReencryptionTarget {
  const { table, idColumn, sealedColumn, keyIdColumn } = spec;
  return {
    name: spec.name,
    async reencrypt(q, ring) {
      const newest = newestKey(ring).id;
      const { rows } = await q.query<Record<string, unknown>>(
        `SELECT * FROM ${table} WHERE ${keyIdColumn} <> $1 FOR UPDATE`,
        [newest],
      );
      for (const row of rows) {
        const sealed = String(row[sealedColumn]);
        const plain = openSecret(ring, spec.purpose, sealed, spec.aad(row));
        const resealed = sealSecret(ring, spec.purpose, plain, spec.aad(row));
        await q.query(
          `UPDATE ${table} SET ${sealedColumn} = $1, ${keyIdColumn} = $2 WHERE ${idColumn} = $3`,
          [resealed, sealedKeyId(resealed), row[idColumn]],
        );
      }
      return rows.length;
    },
  };
}

export const REENCRYPTION_TARGETS: readonly ReencryptionTarget[] = [
  sealedColumnTarget({
    name: 'mfa-totp-seeds',
    table: 'mfa_totp',
    idColumn: 'user_id',
    sealedColumn: 'secret_sealed',
    keyIdColumn: 'key_id',
    purpose: 'mfa-totp-secret-v1',
    aad: (row) => String(row.user_id),
  }),
  {
    name: 'plaid-access-tokens',
    reencrypt: async (q, ring) => (await reencryptPlaidTokens(q, ring)).rotated,
  },
];
