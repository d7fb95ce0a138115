import { z } from 'zod';
import type { AccountExportSection } from './hooks';

/*
 * The export sections of the tables this server has from the start. Each reads with the
 * user's own RLS scope. Secrets and their hashes (refresh tokens, TOTP seed, recovery
 * codes, device tokens) are described, never included: an export is a document about
 * the user, not a way to sign in as them.
 */

const iso = (v: unknown) =>
  v === null || v === undefined ? null : z.coerce.date().parse(v).toISOString();

export const CORE_EXPORT_SECTIONS: readonly AccountExportSection[] = [
  {
    name: 'account',
    async collect(tx) {
      const { rows } = await tx.query<{ id: string; email: string; created_at: unknown }>(
        'SELECT id, email, created_at FROM users WHERE id = app_user_id()',
      );
      return (
        rows.map((r) => ({ id: r.id, email: r.email, createdAt: iso(r.created_at) }))[0] ?? null
      );
    },
  },
  {
    name: 'sessions',
    async collect(tx) {
      const { rows } = await tx.query<Record<string, unknown>>(
        `SELECT id, device_name, created_at, last_seen_at, expires_at, revoked_at, revoked_reason
           FROM sessions WHERE user_id = app_user_id() ORDER BY created_at`,
      );
      return rows.map((r) => ({
        id: r.id,
        deviceName: r.device_name,
        createdAt: iso(r.created_at),
        lastSeenAt: iso(r.last_seen_at),
        expiresAt: iso(r.expires_at),
        revokedAt: iso(r.revoked_at),
        revokedReason: r.revoked_reason ?? null,
      }));
    },
  },
  {
    name: 'mfa',
    async collect(tx) {
      const totp = await tx.query<Record<string, unknown>>(
        'SELECT created_at, confirmed_at FROM mfa_totp WHERE user_id = app_user_id()',
      );
      const codes = await tx.query<{ used_at: unknown }>(
        'SELECT used_at FROM mfa_recovery_codes WHERE user_id = app_user_id()',
      );
      const t = totp.rows[0];
      return {
        totp:
          t === undefined
            ? null
            : {
                createdAt: iso(t.created_at),
                confirmedAt: iso(t.confirmed_at),
                secret: 'held sealed by the server; not exported',
              },
        recoveryCodes: {
          unused: codes.rows.filter((c) => c.used_at === null).length,
          used: codes.rows.filter((c) => c.used_at !== null).length,
        },
      };
    },
  },
  {
    name: 'trustedDevices',
    async collect(tx) {
      const { rows } = await tx.query<Record<string, unknown>>(
        `SELECT id, device_name, created_at, expires_at, last_used_at, revoked_at
           FROM trusted_devices WHERE user_id = app_user_id() ORDER BY created_at`,
      );
      return rows.map((r) => ({
        id: r.id,
        deviceName: r.device_name,
        createdAt: iso(r.created_at),
        expiresAt: iso(r.expires_at),
        lastUsedAt: iso(r.last_used_at),
        revokedAt: iso(r.revoked_at),
      }));
    },
  },
  {
    name: 'signInIdentities',
    async collect(tx) {
      const { rows } = await tx.query<Record<string, unknown>>(
        'SELECT issuer, subject, created_at FROM oidc_identities WHERE user_id = app_user_id()',
      );
      return rows.map((r) => ({
        issuer: r.issuer,
        subject: r.subject,
        linkedAt: iso(r.created_at),
      }));
    },
  },
  {
    name: 'notices',
    async collect(tx) {
      const { rows } = await tx.query<Record<string, unknown>>(
        `SELECT id, template, title, created_at, seen_at FROM account_notices
          WHERE user_id = app_user_id() ORDER BY created_at`,
      );
      return rows.map((r) => ({
        id: r.id,
        template: r.template,
        title: r.title,
        createdAt: iso(r.created_at),
        seenAt: iso(r.seen_at),
      }));
    },
  },
  {
    name: 'securityLog',
    async collect(tx) {
      const { rows } = await tx.query<Record<string, unknown>>(
        'SELECT seq, at, event, ip, details FROM audit_log WHERE user_id = app_user_id() ORDER BY seq',
      );
      return rows.map((r) => ({
        seq: Number(r.seq),
        at: iso(r.at),
        event: r.event,
        ip: r.ip ?? null,
        details: JSON.parse(String(r.details)) as unknown,
      }));
    },
  },
];
