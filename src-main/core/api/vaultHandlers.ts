import { exportAllData } from '../exports/allDataJson';
import type { DomainChannels, HandlerMap } from './handlerTypes';

const OK = { ok: true } as const;

export const vaultHandlers: HandlerMap<DomainChannels<'vault'>> = {
  'vault.status': (_input, { session }) => session.status(),
  'vault.create': async ({ passphrase }, { session }) => ({
    recoveryKey: await session.create(passphrase),
  }),
  'vault.unlock': async (input, { session }) => {
    if (input.method === 'recovery') await session.recover(input.recoveryKey, input.newPassphrase);
    else await session.unlock(input);
    return OK;
  },
  'vault.lock': (_input, { session }) => {
    session.lock('user');
    return OK;
  },
  'vault.changePassphrase': async ({ current, next }, { session }) => {
    await session.requireVault().changePassphrase(current, next);
    return OK;
  },
  'vault.rotateKey': async ({ passphrase }, { session }) => {
    await session.requireVault().rotateKey(passphrase);
    return OK;
  },
  'vault.setKeychain': async ({ enabled }, { session }) => {
    const vault = session.requireVault();
    if (enabled) await vault.enableKeychain();
    else await vault.disableKeychain();
    return OK;
  },
  'vault.setAutoLock': ({ minutes }, { session }) => {
    session.setAutoLockMinutes(minutes);
    return OK;
  },
  'vault.touch': (_input, { session }) => {
    session.touch();
    return OK;
  },
  'vault.auditList': ({ limit, beforeSeq }, { session }) =>
    session
      .requireVault()
      .listAudit(limit, beforeSeq)
      .map((row) => ({
        seq: row.seq,
        at: row.at,
        event: row.event,
        details: JSON.parse(row.details) as Record<string, string | number | boolean | null>,
      })),
  'vault.exportAll': ({ fileToken }, { session }) => {
    const vault = session.requireVault();
    // The save dialog already asked before replacing a file.
    return exportAllData(vault, session.saveTargets.resolve(fileToken), { overwrite: true });
  },
  'vault.deleteAll': ({ passphrase }, { session }) => session.deleteVault(passphrase),
  'vault.auditVerify': (_input, { session }) => {
    const verdict = session.requireVault().verifyAudit();
    return verdict.ok
      ? { ok: true as const, rows: verdict.rows }
      : { ok: false as const, rows: verdict.rows, badSeq: verdict.badSeq, reason: verdict.reason };
  },
};
