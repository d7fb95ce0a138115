import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src-shared/contract';
import { _tempDataDir } from '../vault/_testSupport';
import { createCoreApi, type CoreApi } from '.';

// vault.auditList / vault.auditVerify through the real dispatcher on a real vault.
let core: CoreApi;
let cleanup: () => void;
const PASSPHRASE = 'audit handler passphrase 7';

beforeEach(async () => {
  const temp = _tempDataDir();
  cleanup = temp.cleanup;
  core = createCoreApi({ dataDir: temp.dir });
  await core.session.create(PASSPHRASE);
});
afterEach(() => {
  core.session.lock('exit');
  cleanup();
});

describe('vault.auditList and vault.auditVerify', () => {
  it('lists events newest first with parsed details, and pages by seq', async () => {
    await core.dispatch('vault.setAutoLock', { minutes: 5 });
    const all = await core.dispatch('vault.auditList', {});
    if (!all.ok) throw new Error(all.error.message);
    const entries = all.value as AuditEntry[];
    expect(entries.map((e) => e.event)).toEqual([
      'settings.changed',
      'vault.unlocked',
      'vault.created',
    ]);
    expect(entries[0]?.details).toEqual({ setting: 'vault.autoLockMinutes', value: 5 });
    const older = await core.dispatch('vault.auditList', { limit: 1, beforeSeq: 2 });
    expect(older).toEqual({ ok: true, value: [expect.objectContaining({ seq: 1 })] });
  });

  it('says the chain is intact, then names the entry someone edited', async () => {
    await expect(core.dispatch('vault.auditVerify', {})).resolves.toEqual({
      ok: true,
      value: { ok: true, rows: 2 },
    });
    // Tamper the way an attacker with the key would have to: lift the trigger and edit.
    const db = core.session.requireVault().db;
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET details = '{}' WHERE seq = 1").run();
    await expect(core.dispatch('vault.auditVerify', {})).resolves.toEqual({
      ok: true,
      value: { ok: false, rows: 0, badSeq: 1, reason: 'row 1 was altered or moved' },
    });
  });

  it('refuses while locked and rejects bad paging input', async () => {
    await expect(core.dispatch('vault.auditList', { limit: 0 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    core.session.lock('user');
    for (const channel of ['vault.auditList', 'vault.auditVerify'] as const) {
      await expect(core.dispatch(channel, {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'LOCKED' },
      });
    }
  });
});
