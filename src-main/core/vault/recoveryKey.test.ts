import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UnwrapError } from './keyWrap';
import {
  formatRecoveryKey,
  newRecoveryKey,
  openWithRecoveryKey,
  parseRecoveryKey,
  RecoveryKeyFormatError,
  sealToRecoveryKey,
} from './recoveryKey';

describe('recovery key', () => {
  it('round-trips through its display form, forgiving case, spaces and look-alike letters', () => {
    for (let i = 0; i < 50; i += 1) {
      const secret = randomBytes(32);
      const shown = formatRecoveryKey(secret);
      expect(shown).toMatch(/^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$/);
      expect(parseRecoveryKey(shown).equals(secret)).toBe(true);
      const sloppy = shown.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
      expect(parseRecoveryKey(sloppy).equals(secret)).toBe(true);
    }
  });

  it('catches a mistyped character with the checksum', () => {
    const shown = newRecoveryKey().display;
    const first = shown[0] === 'A' ? 'B' : 'A';
    expect(() => parseRecoveryKey(first + shown.slice(1))).toThrow(RecoveryKeyFormatError);
    expect(() => parseRecoveryKey(shown.slice(0, -1))).toThrow(/expected 56 characters/);
    expect(() => parseRecoveryKey(shown.replace(/.$/, 'U'))).toThrow(
      /not a recovery key character/,
    );
  });

  it('seals to the public half and opens only with the matching secret and AAD', () => {
    const recovery = newRecoveryKey();
    const dataKey = randomBytes(32);
    const sealed = sealToRecoveryKey(recovery.publicKey, dataKey, 'aad-1');
    expect(openWithRecoveryKey(recovery.secret, sealed, 'aad-1').equals(dataKey)).toBe(true);
    expect(() => openWithRecoveryKey(recovery.secret, sealed, 'aad-2')).toThrow(UnwrapError);
    expect(() => openWithRecoveryKey(newRecoveryKey().secret, sealed, 'aad-1')).toThrow(
      UnwrapError,
    );
  });
});
