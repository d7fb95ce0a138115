import { useCallback, useEffect, useState } from 'react';
import type { EventPayload, VaultStatus } from '../../src-shared/contract';
import { useActivityTouch } from './api/activity';
import { call, subscribe } from './api/client';
import { queryStore } from './api/queryStore';
import { Shell } from './screens/shell/Shell';
import { CreateVault } from './screens/vault/CreateVault';
import { RecoveryKeyConfirm } from './screens/vault/RecoveryKeyConfirm';
import { UnlockVault } from './screens/vault/UnlockVault';
import { VaultFrame } from './screens/vault/VaultFrame';
import { ErrorNote, Loading } from './ui/StateViews';

type LockReason = EventPayload<'vault.locked'>['reason'];

type Phase =
  | { kind: 'checking' }
  | { kind: 'unreachable'; error: unknown }
  | { kind: 'create' }
  | { kind: 'recovery-key'; recoveryKey: string }
  | { kind: 'locked'; status: VaultStatus; reason: LockReason | null }
  | { kind: 'unlocked' };

/**
 * The vault gate: decides between first run, the lock screen and the app, and returns to
 * the lock screen whenever the core says the vault locked (user, inactivity, system).
 */
export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });

  const refresh = useCallback(async (reason: LockReason | null = null) => {
    try {
      const status = await call('vault.status', {});
      if (!status.exists) setPhase({ kind: 'create' });
      else if (status.unlocked) setPhase({ kind: 'unlocked' });
      else setPhase({ kind: 'locked', status, reason });
    } catch (error) {
      setPhase({ kind: 'unreachable', error });
    }
  }, []);

  useEffect(() => {
    void refresh();
    return subscribe('vault.locked', ({ reason }) => {
      // Show the lock screen first, then drop every decrypted answer held in memory.
      setPhase((current) => (current.kind === 'recovery-key' ? current : { kind: 'checking' }));
      queueMicrotask(() => queryStore.clear());
      void refresh(reason);
    });
  }, [refresh]);

  useActivityTouch(phase.kind === 'unlocked' || phase.kind === 'recovery-key');

  switch (phase.kind) {
    case 'checking':
      return (
        <main className="vault-screen">
          <Loading label="Opening Casike…" />
        </main>
      );
    case 'unreachable':
      return (
        <VaultFrame title="Casike cannot start">
          <ErrorNote error={phase.error} onRetry={() => void refresh()} />
        </VaultFrame>
      );
    case 'create':
      return (
        <CreateVault onCreated={(recoveryKey) => setPhase({ kind: 'recovery-key', recoveryKey })} />
      );
    case 'recovery-key':
      return <RecoveryKeyConfirm recoveryKey={phase.recoveryKey} onDone={() => void refresh()} />;
    case 'locked':
      return (
        <UnlockVault
          status={phase.status}
          reason={phase.reason}
          onUnlocked={() => void refresh()}
        />
      );
    case 'unlocked':
      return <Shell />;
  }
}
