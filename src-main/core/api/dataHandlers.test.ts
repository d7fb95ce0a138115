import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DELETE_ALL_PHRASE } from '../../../src-shared/contract';
import { writeOpenAiKey } from '../categorize/settings';
import { EXPORTED_TABLES, NOT_EXPORTED_TABLES } from '../exports/allDataJson';
import { createAccount } from '../ledger/accounts';
import { _tempDataDir } from '../vault/_testSupport';
import { createCoreApi, type CoreApi } from '.';

// vault.exportAll and vault.deleteAll through the real dispatcher on a real vault.
const PASSPHRASE = 'data handler passphrase 9';
let core: CoreApi;
let dataDir: string;
let cleanup: () => void;

beforeEach(async () => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  core = createCoreApi({
    dataDir,
    pickSaveFile: (name) => Promise.resolve(join(dataDir, name)),
  });
  await core.session.create(PASSPHRASE);
});
afterEach(() => {
  core.session.lock('exit');
  cleanup();
});

async function call(channel: 'vault.exportAll' | 'vault.deleteAll', input: unknown) {
  return core.dispatch(channel, input);
}

describe('vault.exportAll', () => {
  it('classifies every table in the schema as exported or deliberately not', () => {
    const tables = core.session
      .requireVault()
      .db.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'transactions_fts%'",
      )
      .pluck()
      .all() as string[];
    const known = new Set<string>([...EXPORTED_TABLES, ...NOT_EXPORTED_TABLES]);
    expect(tables.filter((table) => !known.has(table))).toEqual([]);
    expect(EXPORTED_TABLES.filter((table) => !tables.includes(table))).toEqual([]);
  });

  it('writes every table of user data, no secrets, atomically, and audits it', async () => {
    const vault = core.session.requireVault();
    createAccount(vault.db, {
      name: 'Everyday',
      type: 'checking',
      currency: 'EUR',
      openingBalance: 12_34,
    });
    writeOpenAiKey(vault.db, 'sk-test-secret-never-exported');
    const target = await core.dispatch('exports.chooseDestination', {
      suggestedName: 'all.json',
    });
    if (!target.ok || !target.value) throw new Error('no destination');
    const { fileToken } = target.value as { fileToken: string };
    const result = await call('vault.exportAll', { fileToken });
    expect(result).toMatchObject({ ok: true, value: { tables: EXPORTED_TABLES.length } });
    const text = readFileSync(join(dataDir, 'all.json'), 'utf8');
    expect(text).not.toContain('sk-test-secret');
    const parsed = JSON.parse(text) as { format: string; tables: Record<string, unknown[]> };
    expect(parsed.format).toBe('casike-export-all');
    expect(Object.keys(parsed.tables)).toEqual([...EXPORTED_TABLES]);
    expect(parsed.tables.accounts).toEqual([
      expect.objectContaining({ name: 'Everyday', opening_balance: 1234 }),
    ]);
    // No partial file is left beside the export.
    expect(readdirSync(dataDir).filter((name) => name.includes('partial'))).toEqual([]);
    const audited = vault.listAudit(1)[0];
    expect(audited?.event).toBe('export.created');
    expect(JSON.parse(audited?.details ?? '{}')).toMatchObject({ kind: 'all' });
  });
});

describe('vault.deleteAll', () => {
  it('needs the phrase and the passphrase, then removes every vault file, idempotently', async () => {
    const wrongPhrase = await call('vault.deleteAll', {
      passphrase: PASSPHRASE,
      confirmation: 'delete',
    });
    expect(wrongPhrase).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const wrongSecret = await call('vault.deleteAll', {
      passphrase: 'not the passphrase at all',
      confirmation: DELETE_ALL_PHRASE,
    });
    expect(wrongSecret).toMatchObject({ ok: false, error: { code: 'WRONG_SECRET' } });
    expect(core.session.isUnlocked()).toBe(true);
    expect(existsSync(join(dataDir, 'vault.json'))).toBe(true);

    const done = await call('vault.deleteAll', {
      passphrase: PASSPHRASE,
      confirmation: DELETE_ALL_PHRASE,
    });
    expect(done).toMatchObject({ ok: true, value: { deleted: true } });
    expect(core.session.isUnlocked()).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);
    await expect(core.dispatch('vault.status', {})).resolves.toMatchObject({
      ok: true,
      value: { exists: false },
    });

    const again = await call('vault.deleteAll', {
      passphrase: PASSPHRASE,
      confirmation: DELETE_ALL_PHRASE,
    });
    expect(again).toEqual({ ok: true, value: { deleted: false, removedFiles: 0 } });
  });
});
