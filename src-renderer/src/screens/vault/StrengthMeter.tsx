import { passphraseStrength } from './passphraseStrength';
import './vault.css';

/** Live feedback under a new-passphrase field: a bar, a word, and what to improve. */
export function StrengthMeter({ passphrase, id }: { passphrase: string; id: string }) {
  if (passphrase === '') {
    return (
      <div id={id} className="strength muted">
        Use a long passphrase: four or more unrelated words work well.
      </div>
    );
  }
  const strength = passphraseStrength(passphrase);
  return (
    <div id={id} className="strength" aria-live="polite">
      <div className="strength-bar">
        <svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
          <rect className="strength-track" x="0" y="0" width="100" height="6" rx="3" />
          <rect
            className={`strength-fill strength-${strength.level}`}
            x="0"
            y="0"
            width={Math.max(6, strength.level * 25)}
            height="6"
            rx="3"
          />
        </svg>
        <span className={`strength-label strength-text-${strength.level}`}>
          Strength: {strength.label}
        </span>
      </div>
      {strength.tips.length > 0 && (
        <ul className="strength-tips">
          {strength.tips.map((tip) => (
            <li key={tip}>{tip}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
