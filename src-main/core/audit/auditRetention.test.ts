import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../db/openDatabase';
import { _dangerouslyReadDataKey, _tempDataDir } from '../vault/_testSupport';
import { initVault, openVault } from '../vault';
import { databasePath } from '../vault/vaultFile';

/**
 * A clock the test moves: rows are written "long ago", then the vault is opened
 * "today" so the oldest stretch falls past the retention.
 */
const PASS = 'audit retention passphrase';
const DAY = 24 * 60 * 60 * 1000;
const START = Date.parse('2024-01-01T00:00:00.000Z');
let clock = START;
const now = () => new Date(clock);
let dataDir: string;
let cleanup: () => void;

beforeEach(async () => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  clock = START;
  await initVault(dataDir, PASS, now);
});
afterEach(() => cleanup());

const open = () => openVault({ dataDir, now }, { method: 'passphrase', passphrase: PASS });

/** Rows 1..8 written on day 0, rows 9..12 on day 300; then the clock is at day `today`. */
async function historyThenOpenAt(today: number) {
  const old = await open();
  for (let i = 0; i < 5; i += 1) old.audit('settings.changed', { setting: `old${i}` });
  old.lock();
  clock = START + 300 * DAY;
  const recent = await open();
  recent.audit('settings.changed', { setting: 'recent' });
  recent.lock();
  clock = START + today * DAY;
  return open();
}

describe('audit log retention', () => {
  it('prunes exactly the rows past the retention at unlock, audits it, and still verifies', async () => {
    // Day 0 rows: 1 created, 2 unlocked, 3..7 settings, 8 locked.
    // Day 300 rows: 9 unlocked, 10 settings, 11 locked. Day 420: 12 unlocked, then prune.
    const vault = await historyThenOpenAt(420);
    const rows = vault.listAudit(100).reverse();
    expect(rows.map((row) => row.seq)).toEqual([9, 10, 11, 12, 13]);
    const pruned = rows.at(-1);
    expect(pruned?.event).toBe('audit.pruned');
    expect(JSON.parse(pruned?.details ?? '{}')).toMatchObject({
      count: 8,
      fromSeq: 1,
      toSeq: 8,
      retentionDays: 400,
    });
    expect(vault.verifyAudit()).toMatchObject({ ok: true, rows: 5, head: { seq: 13 } });
    // At most once a day: a second prune within the day finds nothing new to do.
    vault.lock();
    const again = await open();
    expect(again.listAudit(100).filter((row) => row.event === 'audit.pruned')).toHaveLength(1);
    expect(again.verifyAudit().ok).toBe(true);
    again.lock();
  });

  it('keeps everything younger than the retention', async () => {
    const vault = await historyThenOpenAt(399);
    expect(vault.listAudit(100).some((row) => row.event === 'audit.pruned')).toBe(false);
    expect(vault.verifyAudit()).toMatchObject({ ok: true, rows: 12 });
    vault.lock();
  });

  it('holds the 90-day floor, and audits lowering the retention', async () => {
    const vault = await open();
    expect(vault.auditRetentionDays()).toBe(400);
    expect(() => vault.setAuditRetentionDays(89)).toThrow(/below 90 days/);
    expect(() => vault.setAuditRetentionDays(100.5)).toThrow(/whole number/);
    vault.setAuditRetentionDays(90);
    expect(vault.auditRetentionDays()).toBe(90);
    const change = vault.listAudit(1)[0];
    expect(change?.event).toBe('settings.changed');
    expect(JSON.parse(change?.details ?? '{}')).toEqual({
      setting: 'audit.retentionDays',
      fromDays: 400,
      toDays: 90,
      lowered: true,
    });
    // A settings row edited below the floor is read as the floor.
    vault.db.prepare("UPDATE settings SET value = '1' WHERE key = 'audit.retentionDays'").run();
    expect(vault.auditRetentionDays()).toBe(90);
    vault.lock();
  });

  it('still refuses a direct DELETE, and a checkpoint edit outside the prune path', async () => {
    const vault = await historyThenOpenAt(420);
    expect(() => vault.db.prepare('DELETE FROM audit_log WHERE seq = 9').run()).toThrow(
      /append-only/,
    );
    expect(() => vault.db.prepare('UPDATE audit_checkpoint SET seq = 1').run()).toThrow(
      /only when pruning/,
    );
    expect(() => vault.db.prepare('DELETE FROM audit_checkpoint').run()).toThrow(
      /only when pruning/,
    );
    vault.lock();
  });

  it('names a moved checkpoint, even when the triggers were dropped', async () => {
    (await historyThenOpenAt(420)).lock();
    const db = openEncryptedDatabase(
      databasePath(dataDir),
      await _dangerouslyReadDataKey(dataDir, PASS),
    );
    // Cut row 9 too and move the checkpoint onto it: the chain still links, the record does not.
    db.exec(
      'DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_checkpoint_no_update; DROP TRIGGER audit_checkpoint_no_insert;',
    );
    const nine = db.prepare('SELECT mac FROM audit_log WHERE seq = 9').get() as { mac: Buffer };
    db.prepare('DELETE FROM audit_log WHERE seq = 9').run();
    db.prepare('UPDATE audit_checkpoint SET seq = 9, mac = ?').run(nine.mac);
    db.close();
    const vault = await open();
    expect(vault.verifyAudit()).toMatchObject({
      ok: false,
      reason: 'the prune checkpoint is not the one recorded',
    });
    vault.lock();
  });

  it('survives a key rotation after a prune', async () => {
    const vault = await historyThenOpenAt(420);
    await vault.rotateKey(PASS);
    expect(vault.verifyAudit().ok).toBe(true);
    vault.lock();
    const reopened = await open();
    expect(reopened.verifyAudit().ok).toBe(true);
    reopened.lock();
  });
});
