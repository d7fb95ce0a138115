import type { CallError, ErrorCode } from '../../../src-shared/contract';

/** A bridge call that answered `{ok: false}`. Carries the code for branching, never shown. */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
  ) {
    super(detail);
  }
}

// One sentence per code. Exhaustive by type: a new ErrorCode fails to compile until it
// has a sentence here.
const SENTENCES: Readonly<Record<ErrorCode, string>> = {
  VALIDATION: 'Some of the information entered is not valid.',
  UNKNOWN_CALL: 'This version of the app does not support that action yet.',
  FORBIDDEN: 'That action is not allowed here.',
  NOT_FOUND: 'That item no longer exists. It may have been deleted.',
  CONFLICT: 'That conflicts with something that already exists.',
  NO_VAULT: 'No vault has been created on this device yet.',
  VAULT_EXISTS: 'A vault already exists on this device.',
  LOCKED: 'The vault is locked. Unlock it to continue.',
  WRONG_SECRET: 'That passphrase or recovery key is not correct.',
  KEYCHAIN_UNAVAILABLE: 'The system keychain is not available on this device.',
  BUSY: 'Casike is busy with another task. Try again in a moment.',
  DAMAGED: 'The vault file appears to be damaged. Restore it from a backup.',
  INTERNAL: 'Something went wrong. Please try again.',
};

/** Whether the core's message for this code is already a human one-liner fit to show. */
function showsCoreMessage(code: ErrorCode, message: string): boolean {
  return (
    (code === 'VALIDATION' || code === 'CONFLICT') && message.length > 0 && message.length <= 200
  );
}

function capitalize(text: string): string {
  const trimmed = text.trim();
  const sentence = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** A sentence for the user: never a code, a stack or a path. */
export function humanMessage(error: unknown): string {
  if (error instanceof BridgeError) {
    return showsCoreMessage(error.code, error.detail)
      ? capitalize(error.detail)
      : SENTENCES[error.code];
  }
  if (error instanceof UserInputError) return error.message;
  return SENTENCES.INTERNAL;
}

/** A problem found in the renderer before calling the bridge (e.g. an unreadable amount). */
export class UserInputError extends Error {
  override readonly name = 'UserInputError';
}

export function toBridgeError(error: CallError): BridgeError {
  return new BridgeError(error.code, error.message);
}
