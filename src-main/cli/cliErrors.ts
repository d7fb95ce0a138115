import type { ErrorCode } from '../../src-shared/contract/errors';
import { MoneyParseError } from '../../src-shared/domain/money-parse';
import { CoreError } from '../core/coreError';
import { VaultError, type VaultErrorCode } from '../core/vault';

/** The exit codes DESIGN.md promises to scripts. */
export const EXIT = { OK: 0, BAD_INPUT: 1, USAGE: 2, LOCKED: 3 } as const;

export type CliErrorKind = 'BAD_INPUT' | 'USAGE' | 'LOCKED';

/** A user-facing failure: one line, no stack trace, a known exit code. */
export class CliError extends Error {
  constructor(
    readonly kind: CliErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

const VAULT_EXIT: Record<VaultErrorCode, number> = {
  WRONG_SECRET: EXIT.LOCKED,
  LOCKED: EXIT.LOCKED,
  NO_VAULT: EXIT.BAD_INPUT,
  VAULT_EXISTS: EXIT.BAD_INPUT,
  BAD_INPUT: EXIT.BAD_INPUT,
  KEYCHAIN_UNAVAILABLE: EXIT.BAD_INPUT,
  KEYCHAIN_NOT_ENABLED: EXIT.BAD_INPUT,
  DAMAGED: EXIT.BAD_INPUT,
  BUSY: EXIT.BAD_INPUT,
};

/** Maps any thrown value to the line to print and the exit code. */
export function describeFailure(error: unknown): { line: string; exitCode: number } {
  if (error instanceof CliError) return { line: error.message, exitCode: EXIT[error.kind] };
  if (error instanceof VaultError) return { line: error.message, exitCode: VAULT_EXIT[error.code] };
  if (error instanceof CoreError) return { line: error.message, exitCode: coreExit(error.code) };
  if (error instanceof MoneyParseError) return { line: error.message, exitCode: EXIT.BAD_INPUT };
  // Something we did not foresee: still one line, and only the first line of it.
  const text = error instanceof Error ? error.message : String(error);
  return { line: `unexpected error: ${text.split('\n')[0] ?? ''}`, exitCode: EXIT.BAD_INPUT };
}

function coreExit(code: ErrorCode): number {
  return code === 'LOCKED' || code === 'WRONG_SECRET' ? EXIT.LOCKED : EXIT.BAD_INPUT;
}
