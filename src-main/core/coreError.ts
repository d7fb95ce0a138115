import type { ErrorCode } from '../../src-shared/contract/errors';

/**
 * An error a domain raises on purpose: a code from the contract and one line for
 * people. Anything else that escapes a handler is reported as INTERNAL, unexplained.
 */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

export const notFound = (what: string) => new CoreError('NOT_FOUND', `${what} not found`);
export const invalid = (message: string) => new CoreError('VALIDATION', message);
export const conflict = (message: string) => new CoreError('CONFLICT', message);
