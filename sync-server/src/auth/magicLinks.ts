import { z } from 'zod';
import { newId } from '../../../src-shared/domain/ids';
import type { Tx } from '../db/database';
import { challengeMatches, hashSecret, newSecret } from './secrets';

/*
 * Magic links: single-use, short-lived, bound to the asking device. The row is found
 * only through its token's hash (RLS policy magic_links_by_hash_*), so nothing in the
 * app can list or read pending links.
 */

export interface NewMagicLink {
  email: string;
  challenge: string;
  deviceName: string;
  now: Date;
  ttlSeconds: number;
}

/** Stores a new link and returns its token (the only time the token exists in clear). */
export async function createMagicLink(tx: Tx, link: NewMagicLink): Promise<string> {
  const token = newSecret('magic');
  await tx.query(
    `INSERT INTO magic_links (id, token_hash, email, challenge, device_name, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      newId(),
      hashSecret(token),
      link.email,
      link.challenge,
      link.deviceName,
      link.now,
      new Date(link.now.getTime() + link.ttlSeconds * 1000),
    ],
  );
  return token;
}

const LinkRow = z.object({
  id: z.string(),
  email: z.string(),
  challenge: z.string(),
  device_name: z.string(),
  expires_at: z.coerce.date(),
  used_at: z.coerce.date().nullable(),
  failed_attempts: z.coerce.number(),
});

export type ConsumeResult =
  | { ok: true; email: string; deviceName: string }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'wrong_device' };

/**
 * Uses a link. Succeeds once, before expiry, with the verifier matching the challenge.
 * A wrong verifier counts against the link and burns it after `maxFailures`.
 */
export async function consumeMagicLink(
  tx: Tx,
  token: string,
  verifier: string,
  now: Date,
  maxFailures: number,
): Promise<ConsumeResult> {
  await tx.setCapability('app.token_hash', hashSecret(token));
  try {
    const { rows } = await tx.query(
      `SELECT id, email, challenge, device_name, expires_at, used_at, failed_attempts
         FROM magic_links WHERE token_hash = app_capability('app.token_hash') FOR UPDATE`,
    );
    const raw = rows[0];
    if (raw === undefined) return { ok: false, reason: 'unknown' };
    const link = LinkRow.parse(raw);
    if (link.used_at !== null) return { ok: false, reason: 'used' };
    if (link.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    if (!challengeMatches(link.challenge, verifier)) {
      const failures = link.failed_attempts + 1;
      await tx.query(
        `UPDATE magic_links
            SET failed_attempts = $2::integer,
                used_at = CASE WHEN $2::integer >= $3::integer THEN $4::timestamptz ELSE used_at END
          WHERE id = $1`,
        [link.id, failures, maxFailures, now],
      );
      return { ok: false, reason: 'wrong_device' };
    }
    await tx.query('UPDATE magic_links SET used_at = $2 WHERE id = $1', [link.id, now]);
    return { ok: true, email: link.email, deviceName: link.device_name };
  } finally {
    await tx.setCapability('app.token_hash', '');
  }
}
