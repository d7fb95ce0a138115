import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase, type SqlDatabase } from '../db/openDatabase';
import { _dangerouslyReadDataKey, _tempDataDir } from '../vault/_testSupport';
import { initVault, openVault, type UnlockedVault } from '../vault';
import { databasePath } from '../vault/vaultFile';

/**
 * Tampering is done the way an attacker holding the data key would: a separate
 * SQLCipher connection that drops the append-only triggers and edits rows directly.
 */
const PASS = 'audit test passphrase';
let dataDir: string;
let cleanup: () => void;

beforeEach(async () => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  await initVault(dataDir, PASS);
  const vault = await open();
  for (let i = 0; i < 5; i += 1) vault.audit('settings.changed', { setting: `s${i}` });
  vault.lock();
  // Rows now: 1 created, 2 unlocked, 3..7 settings.changed, 8 locked.
});
afterEach(() => cleanup());

const open = () => openVault({ dataDir }, { method: 'passphrase', passphrase: PASS });

async function tamper(edit: (db: SqlDatabase) => void): Promise<void> {
  const db = openEncryptedDatabase(
    databasePath(dataDir),
    await _dangerouslyReadDataKey(dataDir, PASS),
  );
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  edit(db);
  db.close();
}

async function verdictAfter(edit: (db: SqlDatabase) => void) {
  await tamper(edit);
  const vault: UnlockedVault = await open();
  const verdict = vault.verifyAudit();
  vault.lock();
  return verdict;
}

describe('audit log', () => {
  it('verifies an untouched chain and records the vault events in order', async () => {
    const vault = await open();
    const verdict = vault.verifyAudit();
    expect(verdict).toMatchObject({ ok: true, rows: 9 });
    expect(
      vault
        .listAudit(100)
        .map((row) => row.event)
        .reverse(),
    ).toEqual([
      'vault.created',
      'vault.unlocked',
      ...Array<string>(5).fill('settings.changed'),
      'vault.locked',
      'vault.unlocked',
    ]);
    vault.lock();
  });

  it('refuses UPDATE and DELETE through ordinary SQL', async () => {
    const vault = await open();
    expect(() => vault.db.prepare("UPDATE audit_log SET event = 'x' WHERE seq = 1").run()).toThrow(
      /append-only/,
    );
    expect(() => vault.db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(
      /append-only/,
    );
    vault.lock();
  });

  it('names an edited row', async () => {
    const verdict = await verdictAfter((db) =>
      db.prepare(`UPDATE audit_log SET details = '{"setting":"evil"}' WHERE seq = 4`).run(),
    );
    expect(verdict).toMatchObject({ ok: false, badSeq: 4 });
  });

  it('names an edited timestamp', async () => {
    const verdict = await verdictAfter((db) =>
      db.prepare(`UPDATE audit_log SET at = '2000-01-01T00:00:00.000Z' WHERE seq = 6`).run(),
    );
    expect(verdict).toMatchObject({ ok: false, badSeq: 6 });
  });

  it('names a deleted row', async () => {
    const verdict = await verdictAfter((db) =>
      db.prepare('DELETE FROM audit_log WHERE seq = 5').run(),
    );
    expect(verdict).toMatchObject({ ok: false, badSeq: 5, reason: 'row 5 is missing' });
  });

  it('names reordered rows (contents swapped between positions)', async () => {
    const verdict = await verdictAfter((db) => {
      const rows = db
        .prepare(
          'SELECT seq, at, event, details, mac FROM audit_log WHERE seq IN (3, 4) ORDER BY seq',
        )
        .all() as {
        seq: number;
        at: string;
        event: string;
        details: string;
        mac: Buffer;
      }[];
      const [third, fourth] = rows;
      if (!third || !fourth) throw new Error('fixture rows missing');
      const put = db.prepare(
        'UPDATE audit_log SET at = ?, event = ?, details = ?, mac = ? WHERE seq = ?',
      );
      put.run(fourth.at, fourth.event, fourth.details, fourth.mac, 3);
      put.run(third.at, third.event, third.details, third.mac, 4);
    });
    expect(verdict).toMatchObject({ ok: false, badSeq: 3 });
  });

  it('names rows cut off the end, using the head kept in vault.json', async () => {
    await tamper((db) => db.prepare('DELETE FROM audit_log WHERE seq >= 7').run());
    // Each open and lock appends rows again; the head must keep the evidence anyway.
    for (let i = 0; i < 3; i += 1) (await open()).lock();
    const vault = await open();
    const verdict = vault.verifyAudit();
    vault.lock();
    expect(verdict).toMatchObject({ ok: false, badSeq: 8 });
  });
});
