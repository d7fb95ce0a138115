import { newId } from '../../../src-shared/domain/ids';
import { verifyAuditChain, type ChainVerdict } from '../audit/auditLog';
import type { ServerConfig } from '../config/env';
import { newestKey } from '../config/keyRing';
import { z } from 'zod';
import type { Database } from '../db/database';
import type { Queryable } from '../db/types';
import type { Mailer } from '../mail/mailer';
import { NOTICE_TEMPLATES, type NoticeTemplateName } from './noticeTemplates';
import { asOperator } from './operator';
import { REENCRYPTION_TARGETS, type ReencryptionTarget } from './reencryption';

/*
 * The admin CLI's commands as functions (src/admin/main.ts parses arguments and prints).
 * Each runs as casike_operator and records what it did in the server audit log.
 */

export interface AdminContext {
  db: Database;
  config: ServerConfig;
  now: () => Date;
}

export type UserSelector = { all: true } | { emails: readonly string[] };

const UserRow = z.object({ id: z.string(), email: z.string() });

async function selectUsers(
  q: Queryable,
  who: UserSelector,
): Promise<{ id: string; email: string }[]> {
  const { rows } =
    'all' in who
      ? await q.query('SELECT id, email FROM users ORDER BY created_at')
      : await q.query(
          'SELECT id, email FROM users WHERE email = ANY($1::text[]) ORDER BY created_at',
          [who.emails.map((e) => e.trim().toLowerCase())],
        );
  return rows.map((r) => UserRow.parse(r));
}

/** Containment: ends sessions (and trusted devices) of everyone or of some accounts. */
export async function revokeSessions(
  ctx: AdminContext,
  who: UserSelector,
): Promise<{ users: number; sessions: number; trustedDevices: number; unknownEmails: string[] }> {
  return asOperator(ctx.db, ctx.config.keyRing, ctx.now, async (q) => {
    const users = await selectUsers(q, who);
    const unknownEmails =
      'emails' in who
        ? who.emails.filter((e) => !users.some((u) => u.email === e.trim().toLowerCase()))
        : [];
    const ids = users.map((u) => u.id);
    const now = ctx.now();
    const sessions = await q.query(
      `UPDATE sessions SET revoked_at = $1, revoked_reason = 'admin_revoked'
        WHERE user_id = ANY($2::uuid[]) AND revoked_at IS NULL`,
      [now, ids],
    );
    const devices = await q.query(
      'UPDATE trusted_devices SET revoked_at = $1 WHERE user_id = ANY($2::uuid[]) AND revoked_at IS NULL',
      [now, ids],
    );
    await q.audit({
      event: 'admin.sessions_revoked',
      details: {
        scope: 'all' in who ? 'all' : 'users',
        users: users.length,
        sessions: sessions.rowCount,
        trustedDevices: devices.rowCount,
      },
    });
    return {
      users: users.length,
      sessions: sessions.rowCount,
      trustedDevices: devices.rowCount,
      unknownEmails,
    };
  });
}

/** Re-seals everything sealed with the key ring under its newest key. */
export async function rotateTokenKeys(
  ctx: AdminContext,
  targets: readonly ReencryptionTarget[] = REENCRYPTION_TARGETS,
): Promise<{ keyId: string; targets: Record<string, number> }> {
  return asOperator(ctx.db, ctx.config.keyRing, ctx.now, async (q) => {
    const counts: Record<string, number> = {};
    for (const target of targets)
      counts[target.name] = await target.reencrypt(q, ctx.config.keyRing);
    const keyId = newestKey(ctx.config.keyRing).id;
    await q.audit({ event: 'admin.keys_rotated', details: { keyId, ...counts } });
    return { keyId, targets: counts };
  });
}

export interface NotifyResult {
  users: number;
  mailed: number;
  mailFailures: string[];
}

/**
 * Notification (policy 000: within 72 hours): a notice each account sees once in the
 * app, then an email to each. Notices are committed before any mail goes out, so a mail
 * failure loses no notice; failures are listed for a retry with --user.
 */
export async function notifyUsers(
  ctx: AdminContext,
  mailer: Mailer,
  template: NoticeTemplateName,
  who: UserSelector,
  extra: string | undefined,
): Promise<NotifyResult> {
  const t = NOTICE_TEMPLATES[template];
  const body = t.body(extra);
  const users = await asOperator(ctx.db, ctx.config.keyRing, ctx.now, async (q) => {
    const selected = await selectUsers(q, who);
    const now = ctx.now();
    for (const user of selected) {
      await q.query(
        `INSERT INTO account_notices (id, user_id, template, title, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [newId(), user.id, template, t.title, body, now],
      );
      await q.audit({ event: 'admin.users_notified', userId: user.id, details: { template } });
    }
    return selected;
  });
  const mailFailures: string[] = [];
  for (const user of users) {
    try {
      await mailer.send({ to: user.email, subject: t.subject, text: body });
    } catch {
      mailFailures.push(user.email);
    }
  }
  return { users: users.length, mailed: users.length - mailFailures.length, mailFailures };
}

export async function verifyAudit(ctx: AdminContext): Promise<ChainVerdict> {
  return asOperator(ctx.db, ctx.config.keyRing, ctx.now, (q) =>
    verifyAuditChain(q, ctx.config.keyRing),
  );
}
