import { z } from 'zod';
import type { SqlDatabase } from '../db/openDatabase';

/*
 * The cloud tables of the vault (migration 0007-cloud). Tokens live only here, inside the
 * encrypted database: never in a plain file, an environment variable or a log.
 */

export interface CloudSession {
  serverUrl: string;
  email: string;
  userId: string;
  sessionId: string;
  refreshToken: string;
  accessToken: string;
  /** ISO instant. */
  accessExpiresAt: string;
  signedInAt: string;
}

const SessionRow = z.object({
  server_url: z.string(),
  email: z.string(),
  user_id: z.string(),
  session_id: z.string(),
  refresh_token: z.string(),
  access_token: z.string(),
  access_expires_at: z.string(),
  signed_in_at: z.string(),
});

export function loadSession(db: SqlDatabase): CloudSession | undefined {
  const row = db.prepare('SELECT * FROM cloud_session WHERE id = 1').get();
  if (row === undefined) return undefined;
  const r = SessionRow.parse(row);
  return {
    serverUrl: r.server_url,
    email: r.email,
    userId: r.user_id,
    sessionId: r.session_id,
    refreshToken: r.refresh_token,
    accessToken: r.access_token,
    accessExpiresAt: r.access_expires_at,
    signedInAt: r.signed_in_at,
  };
}

export function saveSession(db: SqlDatabase, s: CloudSession): void {
  db.prepare(
    `INSERT INTO cloud_session (id, server_url, email, user_id, session_id, refresh_token, access_token, access_expires_at, signed_in_at)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET server_url = excluded.server_url, email = excluded.email,
       user_id = excluded.user_id, session_id = excluded.session_id, refresh_token = excluded.refresh_token,
       access_token = excluded.access_token, access_expires_at = excluded.access_expires_at,
       signed_in_at = excluded.signed_in_at`,
  ).run(
    s.serverUrl,
    s.email,
    s.userId,
    s.sessionId,
    s.refreshToken,
    s.accessToken,
    s.accessExpiresAt,
    s.signedInAt,
  );
}

export function clearSession(db: SqlDatabase): void {
  db.prepare('DELETE FROM cloud_session').run();
}

export interface PendingSignIn {
  serverUrl: string;
  email: string;
  codeVerifier: string;
  requestedAt: string;
}

const PendingRow = z.object({
  server_url: z.string(),
  email: z.string(),
  code_verifier: z.string(),
  requested_at: z.string(),
});

export function loadPendingSignIn(db: SqlDatabase): PendingSignIn | undefined {
  const row = db.prepare('SELECT * FROM cloud_pending_sign_in WHERE id = 1').get();
  if (row === undefined) return undefined;
  const r = PendingRow.parse(row);
  return {
    serverUrl: r.server_url,
    email: r.email,
    codeVerifier: r.code_verifier,
    requestedAt: r.requested_at,
  };
}

export function savePendingSignIn(db: SqlDatabase, p: PendingSignIn): void {
  db.prepare(
    `INSERT OR REPLACE INTO cloud_pending_sign_in (id, server_url, email, code_verifier, requested_at)
     VALUES (1, ?, ?, ?, ?)`,
  ).run(p.serverUrl, p.email, p.codeVerifier, p.requestedAt);
}

export function clearPendingSignIn(db: SqlDatabase): void {
  db.prepare('DELETE FROM cloud_pending_sign_in').run();
}

/** The highest backup sequence this vault created or restored (0 when none). */
export function lastBackupSequence(db: SqlDatabase): number {
  const row = db.prepare('SELECT last_sequence FROM cloud_backup_state WHERE id = 1').get() as
    { last_sequence: number } | undefined;
  return row?.last_sequence ?? 0;
}

/** Raises the remembered sequence; never lowers it. */
export function rememberBackupSequence(db: SqlDatabase, sequence: number, backupId: string): void {
  db.prepare(
    `INSERT INTO cloud_backup_state (id, last_sequence, last_backup_id) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET last_sequence = excluded.last_sequence, last_backup_id = excluded.last_backup_id
     WHERE excluded.last_sequence > cloud_backup_state.last_sequence`,
  ).run(sequence, backupId);
}

export interface OutgoingBackup {
  backupId: string;
  serverUrl: string;
  fileName: string;
  totalBytes: number;
  partBytes: number;
  sequence: number;
  createdAt: string;
}

const OutgoingRow = z.object({
  backup_id: z.string(),
  server_url: z.string(),
  file_name: z.string(),
  total_bytes: z.number(),
  part_bytes: z.number(),
  sequence: z.number(),
  created_at: z.string(),
});

export function loadOutgoing(db: SqlDatabase): OutgoingBackup | undefined {
  const row = db.prepare('SELECT * FROM cloud_outgoing_backup ORDER BY created_at LIMIT 1').get();
  if (row === undefined) return undefined;
  const r = OutgoingRow.parse(row);
  return {
    backupId: r.backup_id,
    serverUrl: r.server_url,
    fileName: r.file_name,
    totalBytes: r.total_bytes,
    partBytes: r.part_bytes,
    sequence: r.sequence,
    createdAt: r.created_at,
  };
}

export function saveOutgoing(db: SqlDatabase, o: OutgoingBackup): void {
  db.prepare(
    `INSERT INTO cloud_outgoing_backup (backup_id, server_url, file_name, total_bytes, part_bytes, sequence, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(o.backupId, o.serverUrl, o.fileName, o.totalBytes, o.partBytes, o.sequence, o.createdAt);
}

export function clearOutgoing(db: SqlDatabase, backupId: string): void {
  db.prepare('DELETE FROM cloud_outgoing_backup WHERE backup_id = ?').run(backupId);
}
