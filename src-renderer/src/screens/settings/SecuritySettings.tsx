import { useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { UserInputError } from '../../api/errors';
import { invalidate } from '../../api/queryStore';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/StateViews';
import { NewPassphraseFields } from '../vault/NewPassphraseFields';
import { passphraseStrength } from '../vault/passphraseStrength';

function Saved({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-success" role="status">
      {message}
    </p>
  );
}

export function AutoLockSetting({ status }: { status: VaultStatus }) {
  const [minutes, setMinutes] = useState(String(status.autoLockMinutes ?? 15));
  const [saved, setSaved] = useState<string | null>(null);
  const save = useAction(async () => {
    const value = Number(minutes);
    if (!Number.isInteger(value) || value < 1 || value > 1440) {
      throw new UserInputError('Enter a whole number of minutes between 1 and 1440.');
    }
    await call('vault.setAutoLock', { minutes: value });
    invalidate('vault.');
    return value;
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = await save.run();
    setSaved(
      value
        ? `The vault now locks after ${value} minute${value === 1 ? '' : 's'} of inactivity.`
        : null,
    );
  };
  return (
    <form className="settings-row" onSubmit={submit} noValidate>
      <Field
        label="Lock automatically after (minutes of inactivity)"
        type="number"
        min={1}
        max={1440}
        value={minutes}
        onChange={setMinutes}
        className="settings-narrow"
      />
      <button type="submit" className="button" disabled={save.pending}>
        Save
      </button>
      <FormError message={save.error} />
      <Saved message={saved} />
    </form>
  );
}

export function KeychainSetting({ status }: { status: VaultStatus }) {
  const toggle = useAction(async (enabled: boolean) => {
    await call('vault.setKeychain', { enabled });
    invalidate('vault.');
    return true;
  });
  return (
    <div className="settings-row settings-column">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={status.keychainEnabled}
          disabled={!status.keychainAvailable || toggle.pending}
          aria-describedby="keychain-note"
          onChange={(e) => void toggle.run(e.target.checked)}
        />
        Unlock automatically on this device with the system keychain
      </label>
      <p id="keychain-note" className="field-hint">
        {status.keychainAvailable
          ? 'Anyone who can sign in to this computer account can then open the vault. After an auto-lock the passphrase is still needed.'
          : 'Not available: no system keychain (macOS Keychain, Windows Credential Manager or a Secret Service such as GNOME Keyring) answers on this device. Casike never falls back to a weaker store.'}
      </p>
      <FormError message={toggle.error} />
    </div>
  );
}

export function ChangePassphrase() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const change = useAction(async () => {
    if (current === '') throw new UserInputError('Enter your current passphrase.');
    if (!passphraseStrength(next).acceptable)
      throw new UserInputError('Choose a stronger new passphrase.');
    if (next !== confirm) throw new UserInputError('The two new passphrases do not match.');
    return call('vault.changePassphrase', { current, next });
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    if (await change.run()) {
      setCurrent('');
      setNext('');
      setConfirm('');
      setSaved('Your passphrase has been changed.');
    }
  };
  return (
    <form className="form-stack settings-form" onSubmit={submit} noValidate>
      <Field
        label="Current passphrase"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
      />
      <NewPassphraseFields
        label="New passphrase"
        passphrase={next}
        confirm={confirm}
        onPassphrase={setNext}
        onConfirm={setConfirm}
      />
      <FormError message={change.error} />
      <Saved message={saved} />
      <div>
        <button type="submit" className="button" disabled={change.pending}>
          {change.pending ? 'Changing…' : 'Change passphrase'}
        </button>
      </div>
    </form>
  );
}

export function RotateKey() {
  const [passphrase, setPassphrase] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const rotate = useAction(async () => {
    if (passphrase === '') throw new UserInputError('Enter your passphrase to rotate the key.');
    return call('vault.rotateKey', { passphrase });
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    if (await rotate.run()) {
      setPassphrase('');
      setSaved('The encryption key has been rotated. Your passphrase and recovery key still work.');
    }
  };
  return (
    <form className="form-stack settings-form" onSubmit={submit} noValidate>
      <p className="field-hint">
        Re-encrypts the whole vault with a new random key. It can take a while for a large vault; it
        is safe if interrupted.
      </p>
      <Field
        label="Passphrase"
        type="password"
        autoComplete="current-password"
        value={passphrase}
        onChange={setPassphrase}
      />
      <FormError message={rotate.error} />
      <Saved message={saved} />
      <div>
        <button type="submit" className="button" disabled={rotate.pending}>
          {rotate.pending ? 'Rotating the key…' : 'Rotate encryption key'}
        </button>
      </div>
    </form>
  );
}
