import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { FormError } from '../../ui/StateViews';
import { NewPassphraseFields } from './NewPassphraseFields';
import { passphraseStrength } from './passphraseStrength';
import { VaultFrame } from './VaultFrame';

/** First run: choose a passphrase; the vault is created and its recovery key shown next. */
export function CreateVault({ onCreated }: { onCreated: (recoveryKey: string) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useAction((secret: string) => call('vault.create', { passphrase: secret }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphraseStrength(passphrase).acceptable) {
      setProblem('Choose a stronger passphrase: see the suggestions under the field.');
      return;
    }
    if (passphrase !== confirm) {
      setProblem('The two passphrases do not match.');
      return;
    }
    setProblem(null);
    const result = await create.run(passphrase);
    if (result) onCreated(result.recoveryKey);
  };

  return (
    <VaultFrame
      title="Create your vault"
      lead="Everything you keep in Casike is encrypted on this device with a key protected by your passphrase. Nobody, including us, can recover it without the passphrase or the recovery key."
    >
      <form className="form-stack" onSubmit={submit} noValidate>
        <NewPassphraseFields
          passphrase={passphrase}
          confirm={confirm}
          onPassphrase={setPassphrase}
          onConfirm={setConfirm}
          autoFocus
        />
        <FormError message={problem ?? create.error} />
        <button type="submit" className="button button-primary" disabled={create.pending}>
          {create.pending ? 'Creating the vault…' : 'Create vault'}
        </button>
      </form>
    </VaultFrame>
  );
}
