import { useId } from 'react';
import { Field } from '../../ui/Field';
import { StrengthMeter } from './StrengthMeter';

interface Props {
  passphrase: string;
  confirm: string;
  onPassphrase: (value: string) => void;
  onConfirm: (value: string) => void;
  label?: string;
  autoFocus?: boolean;
}

/** "New passphrase" + "Confirm" with live strength feedback and a mismatch note. */
export function NewPassphraseFields({
  passphrase,
  confirm,
  onPassphrase,
  onConfirm,
  label = 'Passphrase',
  autoFocus = false,
}: Props) {
  const meterId = useId();
  const mismatch = confirm !== '' && confirm !== passphrase;
  return (
    <>
      <Field
        label={label}
        type="password"
        autoComplete="new-password"
        value={passphrase}
        onChange={onPassphrase}
        autoFocus={autoFocus}
        hint={<StrengthMeter passphrase={passphrase} id={meterId} />}
      />
      <Field
        label={`Confirm ${label.toLowerCase()}`}
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={onConfirm}
        aria-invalid={mismatch}
        hint={mismatch ? 'The two passphrases do not match.' : undefined}
      />
    </>
  );
}
