import { useMemo, useState, type FormEvent } from 'react';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/StateViews';
import { VaultFrame } from './VaultFrame';

/** Normalizes a typed group the way the core reads recovery keys (case, O→0, I/L→1). */
function normalizeGroup(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/**
 * Shows the recovery key once and asks the user to type one group back, proving they
 * wrote it down before the app lets them in.
 */
export function RecoveryKeyConfirm({
  recoveryKey,
  onDone,
}: {
  recoveryKey: string;
  onDone: () => void;
}) {
  const groups = useMemo(() => recoveryKey.split('-'), [recoveryKey]);
  // Group 3 unless the key is unexpectedly short; a fixed, named group is easy to follow.
  const asked = Math.min(3, groups.length);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (normalizeGroup(typed) === groups[asked - 1]) onDone();
    else setProblem(`That is not group ${asked} of your recovery key. Check what you wrote down.`);
  };

  const copy = () => {
    navigator.clipboard.writeText(recoveryKey).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <VaultFrame
      title="Save your recovery key"
      lead="If you forget your passphrase, this key is the only way back into your vault. Write it down or store it in a password manager. It will not be shown again."
    >
      <ol className="recovery-key" aria-label="Recovery key, in numbered groups">
        {groups.map((group, index) => (
          <li key={index}>
            <span className="recovery-group-number" aria-hidden="true">
              {index + 1}
            </span>
            <code>{group}</code>
          </li>
        ))}
      </ol>
      <div className="recovery-actions">
        <button type="button" className="button button-small" onClick={copy}>
          {copied ? 'Copied' : 'Copy to clipboard'}
        </button>
      </div>
      <form className="form-stack" onSubmit={submit} noValidate>
        <Field
          label={`To confirm you saved it, type group ${asked}`}
          value={typed}
          onChange={setTyped}
          autoComplete="off"
          spellCheck={false}
          maxLength={9}
          className="recovery-confirm-field"
        />
        <FormError message={problem} />
        <button type="submit" className="button button-primary">
          I saved it, continue
        </button>
      </form>
    </VaultFrame>
  );
}
