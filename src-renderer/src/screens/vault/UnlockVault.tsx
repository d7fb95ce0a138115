import { useState, type FormEvent } from 'react';
import type { EventPayload, VaultStatus } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/StateViews';
import { NewPassphraseFields } from './NewPassphraseFields';
import { passphraseStrength } from './passphraseStrength';
import { VaultFrame } from './VaultFrame';

type LockReason = EventPayload<'vault.locked'>['reason'];

const REASONS: Record<LockReason, string> = {
  user: 'You locked the vault.',
  inactivity: 'The vault locked itself after a period of inactivity.',
  system: 'The vault locked because this computer was locked or went to sleep.',
  exit: 'The vault was locked.',
};

interface Props {
  status: VaultStatus;
  reason: LockReason | null;
  onUnlocked: () => void;
}

/** The lock screen: passphrase, the system keychain when enabled, or the recovery key. */
export function UnlockVault({ status, reason, onUnlocked }: Props) {
  const [mode, setMode] = useState<'passphrase' | 'recovery'>('passphrase');
  return mode === 'passphrase' ? (
    <PassphraseUnlock
      status={status}
      reason={reason}
      onUnlocked={onUnlocked}
      onUseRecovery={() => setMode('recovery')}
    />
  ) : (
    <RecoveryUnlock onUnlocked={onUnlocked} onBack={() => setMode('passphrase')} />
  );
}

function PassphraseUnlock({
  status,
  reason,
  onUnlocked,
  onUseRecovery,
}: Props & { onUseRecovery: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const unlock = useAction((secret: string) =>
    call('vault.unlock', { method: 'passphrase', passphrase: secret }),
  );
  const keychain = useAction(() => call('vault.unlock', { method: 'keychain' }));
  const offerKeychain = status.keychainEnabled && status.keychainAvailable;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase === '') return;
    const result = await unlock.run(passphrase);
    if (result) onUnlocked();
    else setPassphrase('');
  };

  const useKeychain = async () => {
    if (await keychain.run()) onUnlocked();
  };

  return (
    <VaultFrame
      title="Unlock your vault"
      lead={reason ? REASONS[reason] : 'Your data is encrypted on this device.'}
    >
      <form className="form-stack" onSubmit={submit} noValidate>
        <Field
          label="Passphrase"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(value) => {
            setPassphrase(value);
            unlock.clearError();
          }}
          autoFocus
        />
        <FormError message={unlock.error ?? keychain.error} />
        {status.failedUnlocksSinceLastUnlock > 0 && (
          <p className="muted vault-note">
            {status.failedUnlocksSinceLastUnlock === 1
              ? 'There was 1 failed unlock attempt since the last unlock.'
              : `There were ${status.failedUnlocksSinceLastUnlock} failed unlock attempts since the last unlock.`}
          </p>
        )}
        <button
          type="submit"
          className="button button-primary"
          disabled={unlock.pending || passphrase === ''}
        >
          {unlock.pending ? 'Unlocking…' : 'Unlock'}
        </button>
        {offerKeychain && (
          <button
            type="button"
            className="button"
            onClick={useKeychain}
            disabled={keychain.pending}
          >
            {keychain.pending ? 'Unlocking…' : 'Unlock with system keychain'}
          </button>
        )}
        <button type="button" className="button-link vault-alt" onClick={onUseRecovery}>
          Forgot your passphrase? Use your recovery key
        </button>
      </form>
    </VaultFrame>
  );
}

function RecoveryUnlock({ onUnlocked, onBack }: { onUnlocked: () => void; onBack: () => void }) {
  const [recoveryKey, setRecoveryKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const recover = useAction((key: string, next: string) =>
    call('vault.unlock', { method: 'recovery', recoveryKey: key, newPassphrase: next }),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (recoveryKey.trim() === '') {
      setProblem('Enter your recovery key.');
      return;
    }
    if (!passphraseStrength(passphrase).acceptable) {
      setProblem('Choose a stronger new passphrase: see the suggestions under the field.');
      return;
    }
    if (passphrase !== confirm) {
      setProblem('The two passphrases do not match.');
      return;
    }
    setProblem(null);
    if (await recover.run(recoveryKey.trim(), passphrase)) onUnlocked();
  };

  return (
    <VaultFrame
      title="Unlock with your recovery key"
      lead="Enter the recovery key you saved when you created the vault, then choose a new passphrase."
    >
      <form className="form-stack" onSubmit={submit} noValidate>
        <Field
          label="Recovery key"
          value={recoveryKey}
          onChange={setRecoveryKey}
          autoComplete="off"
          spellCheck={false}
          placeholder="XXXX-XXXX-XXXX-…"
          autoFocus
        />
        <NewPassphraseFields
          label="New passphrase"
          passphrase={passphrase}
          confirm={confirm}
          onPassphrase={setPassphrase}
          onConfirm={setConfirm}
        />
        <FormError message={problem ?? recover.error} />
        <button type="submit" className="button button-primary" disabled={recover.pending}>
          {recover.pending ? 'Unlocking…' : 'Unlock and set new passphrase'}
        </button>
        <button type="button" className="button-link vault-alt" onClick={onBack}>
          Back to passphrase
        </button>
      </form>
    </VaultFrame>
  );
}
