import { z } from 'zod';
import { appendAudit } from '../audit/auditLog';
import { newestKey, type KeyRing } from '../config/keyRing';
import type { Database } from '../db/database';
import type { RawClient } from '../db/types';
import { openToken, sealToken } from './tokenEnvelope';

/*
 * Key rotation for stored Plaid access tokens: every token sealed under an older ring key
 * is opened and sealed again under the newest one, row by row, each update a statement of
 * its own with a compare-and-swap on the old ciphertext (a token replaced by a concurrent
 * re-link is left alone). Afterwards no row needs the older keys, and they can
 * leave TOKEN_ENCRYPTION_KEYS. Operator tooling: it reads every user's rows, so it runs as
 * the table owner, never from a request.
 */

export interface RotationResult {
  /** Rows re-sealed under the newest key. */
  rotated: number;
  /** Rows already under the newest key. */
  current: number;
  /** Rows that could not be opened (their key left the ring); their ids, for the operator. */
  failed: string[];
}

const Row = z.object({
  id: z.string(),
  user_id: z.string(),
  token_ciphertext: z.string(),
  token_key_id: z.string(),
});

/**
 * Re-seals, on an owner connection, every token not under the newest key. Shaped to plug
 * into the admin CLI's `rotate-token-keys` registry (REENCRYPTION_TARGETS).
 */
export async function reencryptPlaidTokens(
  client: RawClient,
  ring: KeyRing,
  now: () => Date = () => new Date(),
): Promise<RotationResult> {
  const newest = newestKey(ring).id;
  const { rows } = await client.query(
    'SELECT id, user_id, token_ciphertext, token_key_id FROM plaid_items ORDER BY id',
  );
  const result: RotationResult = { rotated: 0, current: 0, failed: [] };
  for (const raw of rows) {
    const row = Row.parse(raw);
    if (row.token_key_id === newest) {
      result.current += 1;
      continue;
    }
    const context = { itemRowId: row.id, userId: row.user_id };
    let token: string;
    try {
      token = openToken(ring, context, row.token_ciphertext);
    } catch {
      result.failed.push(row.id);
      continue;
    }
    const sealed = sealToken(ring, context, token);
    const updated = await client.query(
      `UPDATE plaid_items SET token_ciphertext = $2, token_key_id = $3
        WHERE id = $1 AND token_ciphertext = $4`,
      [row.id, sealed.ciphertext, sealed.keyId, row.token_ciphertext],
    );
    if (updated.rowCount > 0) {
      result.rotated += 1;
      // On the item owner's record too, so their export shows when their bank token moved.
      await appendAudit(client, ring, now(), {
        event: 'plaid.tokens_rotated',
        userId: row.user_id,
        details: { itemId: row.id, keyId: sealed.keyId },
      });
    }
  }
  return result;
}

/** Operator entry point: rotates every stored Plaid token (owner connection). */
export async function rotatePlaidTokens(db: Database, ring: KeyRing): Promise<RotationResult> {
  return db.__dangerouslyAsOwner((client) => reencryptPlaidTokens(client, ring));
}
