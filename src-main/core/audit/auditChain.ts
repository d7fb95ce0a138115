import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SqlDatabase } from '../db/openDatabase';
import type { AuditDetails, AuditEventName } from './auditEvents';

/** One stored audit row, as it is in the table. */
export interface AuditRow {
  seq: number;
  at: string;
  event: string;
  details: string;
  mac: Buffer;
}

/** The newest row's position and MAC, kept outside the database to catch truncation. */
export interface AuditHead {
  seq: number;
  mac: string;
}

export type AuditVerdict =
  | { ok: true; rows: number; head: AuditHead | null }
  | { ok: false; rows: number; badSeq: number; reason: string };

const GENESIS = Buffer.alloc(32);

/** The MAC of a row covers its position, content and the previous row's MAC. */
export function rowMac(key: Buffer, previousMac: Buffer, row: Omit<AuditRow, 'mac'>): Buffer {
  return createHmac('sha256', key)
    .update(previousMac)
    .update(JSON.stringify([row.seq, row.at, row.event, row.details]))
    .digest();
}

/**
 * Appends one event. The read of the previous row and the insert happen in one
 * IMMEDIATE transaction so two writers cannot both chain onto the same row.
 */
export function appendAuditRow(
  db: SqlDatabase,
  key: Buffer,
  event: AuditEventName,
  details: AuditDetails,
  at: string,
): AuditHead {
  const last = db.prepare('SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_log (seq, at, event, details, mac) VALUES (?, ?, ?, ?, ?)',
  );
  const append = db.transaction((): AuditHead => {
    const previous = last.get() as Pick<AuditRow, 'seq' | 'mac'> | undefined;
    const row = { seq: (previous?.seq ?? 0) + 1, at, event, details: JSON.stringify(details) };
    const mac = rowMac(key, previous?.mac ?? GENESIS, row);
    insert.run(row.seq, row.at, row.event, row.details, mac);
    return { seq: row.seq, mac: mac.toString('base64') };
  });
  return append.immediate();
}

/**
 * Walks the chain from the first row (or from the prune checkpoint) and names the first
 * row that does not fit: an edited row fails its MAC, a deleted row leaves a gap in the
 * sequence, and a reordered row fails because each MAC covers its position and its
 * predecessor. `head`, when given, catches rows cut off the end. A checkpoint must be the
 * one the newest `audit.pruned` row records, so it cannot be moved silently either.
 */
export function verifyAuditChain(
  db: SqlDatabase,
  key: Buffer,
  head: AuditHead | null,
): AuditVerdict {
  const checkpoint = readAuditCheckpoint(db);
  let previousMac: Buffer = checkpoint?.mac ?? GENESIS;
  let expectedSeq = (checkpoint?.seq ?? 0) + 1;
  let rows = 0;
  let headMacAtSeq: Buffer | null = null;
  let recordedCheckpoint: { toSeq: unknown; checkpointMac: unknown } | null = null;
  const all = db
    .prepare('SELECT seq, at, event, details, mac FROM audit_log ORDER BY seq')
    .iterate();
  for (const raw of all) {
    const row = raw as AuditRow;
    if (row.seq !== expectedSeq) {
      return { ok: false, rows, badSeq: expectedSeq, reason: `row ${expectedSeq} is missing` };
    }
    if (!equalMacs(rowMac(key, previousMac, row), row.mac)) {
      return { ok: false, rows, badSeq: row.seq, reason: `row ${row.seq} was altered or moved` };
    }
    if (row.event === 'audit.pruned') {
      recordedCheckpoint = JSON.parse(row.details) as { toSeq: unknown; checkpointMac: unknown };
    }
    if (head && row.seq === head.seq) headMacAtSeq = row.mac;
    previousMac = row.mac;
    expectedSeq += 1;
    rows += 1;
  }
  if (
    checkpoint &&
    (recordedCheckpoint?.toSeq !== checkpoint.seq ||
      recordedCheckpoint.checkpointMac !== checkpoint.mac.toString('base64'))
  ) {
    const badSeq = checkpoint.seq + 1;
    return { ok: false, rows, badSeq, reason: 'the prune checkpoint is not the one recorded' };
  }
  const lastSeq = expectedSeq - 1;
  if (head && head.seq > lastSeq) {
    return {
      ok: false,
      rows,
      badSeq: lastSeq + 1,
      reason: `rows ${lastSeq + 1} to ${head.seq} are missing`,
    };
  }
  if (head && headMacAtSeq && !equalMacs(Buffer.from(head.mac, 'base64'), headMacAtSeq)) {
    return { ok: false, rows, badSeq: head.seq, reason: `row ${head.seq} was altered or moved` };
  }
  return {
    ok: true,
    rows,
    head: rows === 0 ? null : { seq: lastSeq, mac: previousMac.toString('base64') },
  };
}

/** Where verification starts after a prune: the last pruned row's seq and MAC. */
export function readAuditCheckpoint(db: SqlDatabase): { seq: number; mac: Buffer } | null {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_checkpoint'")
    .get();
  if (!hasTable) return null;
  const row = db.prepare('SELECT seq, mac FROM audit_checkpoint WHERE id = 1').get() as
    { seq: number; mac: Buffer } | undefined;
  return row ?? null;
}

/**
 * Re-computes every MAC under a new key, in one transaction. Used by key rotation:
 * the audit key is derived from the data key, so a new data key means a new chain.
 * The append-only triggers are lifted and restored inside the same transaction.
 */
export function rechainAudit(db: SqlDatabase, newKey: Buffer): AuditHead | null {
  const rows = db.prepare('SELECT seq, at, event, details FROM audit_log ORDER BY seq');
  const update = db.prepare('UPDATE audit_log SET mac = ? WHERE seq = ?');
  const rechain = db.transaction((): AuditHead | null => {
    db.exec('DROP TRIGGER audit_log_no_update');
    // After a prune the chain hangs off the checkpoint's MAC, an opaque anchor kept as is.
    let previousMac: Buffer = readAuditCheckpoint(db)?.mac ?? GENESIS;
    let head: AuditHead | null = null;
    for (const raw of rows.all()) {
      const row = raw as Omit<AuditRow, 'mac'>;
      previousMac = rowMac(newKey, previousMac, row);
      update.run(previousMac, row.seq);
      head = { seq: row.seq, mac: previousMac.toString('base64') };
    }
    db.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
             BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;`);
    return head;
  });
  return rechain.immediate();
}

/**
 * Whether the row at the recorded head still carries the recorded MAC. If not, the
 * log was cut or rewritten, and the head must stay where it is as evidence.
 */
export function headStillInChain(db: SqlDatabase, head: AuditHead): boolean {
  const row = db.prepare('SELECT mac FROM audit_log WHERE seq = ?').get(head.seq) as
    { mac: Buffer } | undefined;
  return row !== undefined && equalMacs(row.mac, Buffer.from(head.mac, 'base64'));
}

/** Reads rows newest first, `limit` at a time, before `beforeSeq` when paging. */
export function listAuditRows(db: SqlDatabase, limit: number, beforeSeq?: number): AuditRow[] {
  return db
    .prepare(
      'SELECT seq, at, event, details, mac FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?',
    )
    .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as AuditRow[];
}

function equalMacs(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
