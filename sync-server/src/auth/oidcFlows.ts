import { z } from 'zod';
import type { Tx } from '../db/database';
import { hashSecret, newSecret } from './secrets';

/*
 * OIDC sign-ins in flight (table oidc_flows). The state is the flow's bearer secret: the
 * row is found only through its hash, works once and expires after `oidcFlowTtlSeconds`.
 * Identities (issuer + subject) are linked to accounts in oidc_identities.
 */

export async function createOidcFlow(
  tx: Tx,
  flow: { nonce: string; redirectUri: string; deviceName: string; now: Date; ttlSeconds: number },
): Promise<string> {
  const state = newSecret('oidc');
  await tx.query(
    `INSERT INTO oidc_flows (state_hash, nonce, redirect_uri, device_name, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      hashSecret(state),
      flow.nonce,
      flow.redirectUri,
      flow.deviceName,
      flow.now,
      new Date(flow.now.getTime() + flow.ttlSeconds * 1000),
    ],
  );
  return state;
}

const FlowRow = z.object({
  nonce: z.string(),
  redirect_uri: z.string(),
  device_name: z.string(),
  expires_at: z.coerce.date(),
  used_at: z.coerce.date().nullable(),
});

export type ClaimedFlow = { nonce: string; redirectUri: string; deviceName: string };

/** Uses a flow up; undefined when unknown, used or expired. */
export async function claimOidcFlow(
  tx: Tx,
  state: string,
  now: Date,
): Promise<ClaimedFlow | undefined> {
  await tx.setCapability('app.token_hash', hashSecret(state));
  try {
    const { rows } = await tx.query(
      `SELECT nonce, redirect_uri, device_name, expires_at, used_at FROM oidc_flows
        WHERE state_hash = app_capability('app.token_hash') FOR UPDATE`,
    );
    if (rows[0] === undefined) return undefined;
    const flow = FlowRow.parse(rows[0]);
    if (flow.used_at !== null || flow.expires_at.getTime() <= now.getTime()) return undefined;
    await tx.query(
      "UPDATE oidc_flows SET used_at = $1 WHERE state_hash = app_capability('app.token_hash')",
      [now],
    );
    return { nonce: flow.nonce, redirectUri: flow.redirect_uri, deviceName: flow.device_name };
  } finally {
    await tx.setCapability('app.token_hash', '');
  }
}

/**
 * Links the provider identity to the transaction's user, or confirms the link. False
 * when this identity already belongs to another account, or the account is linked to a
 * different subject at the same issuer (the provider's address moved between people).
 */
export async function linkIdentity(
  tx: Tx,
  identity: { issuer: string; subject: string },
  now: Date,
): Promise<boolean> {
  const mine = await tx.query<{ subject: string }>(
    'SELECT subject FROM oidc_identities WHERE user_id = app_user_id() AND issuer = $1',
    [identity.issuer],
  );
  if (mine.rows.length > 0) return mine.rows.some((r) => r.subject === identity.subject);
  const inserted = await tx.query(
    `INSERT INTO oidc_identities (issuer, subject, user_id, created_at)
     VALUES ($1, $2, app_user_id(), $3) ON CONFLICT (issuer, subject) DO NOTHING RETURNING subject`,
    [identity.issuer, identity.subject, now],
  );
  return inserted.rows.length === 1;
}
