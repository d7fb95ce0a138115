import type { ErrorCode } from '../../../src-shared/contract/errors';
import { CoreError } from '../coreError';

/** Why a cloud operation failed, finer than the contract's error code. */
export type CloudFailure =
  | 'insecure_url' // the server URL is not https: (and not loopback)
  | 'bad_url'
  | 'not_signed_in'
  | 'no_pending_sign_in'
  | 'unreachable' // network error, timeout
  | 'server_error' // 5xx or a response that does not match its schema
  | 'rejected' // a 4xx the caller cannot fix by retrying
  | 'not_available' // the server does not offer this feature (404 on its route)
  | 'tampered' // a backup failed authentication
  | 'rollback' // a backup older than one this vault has seen
  | 'wrong_backup' // the server answered with another backup than the one asked for
  | 'wrong_secret'; // the passphrase or recovery key does not open the backup

const CODES: Readonly<Record<CloudFailure, ErrorCode>> = {
  insecure_url: 'VALIDATION',
  bad_url: 'VALIDATION',
  not_signed_in: 'FORBIDDEN',
  no_pending_sign_in: 'CONFLICT',
  unreachable: 'BUSY',
  server_error: 'INTERNAL',
  rejected: 'VALIDATION',
  not_available: 'NOT_FOUND',
  tampered: 'DAMAGED',
  rollback: 'DAMAGED',
  wrong_backup: 'DAMAGED',
  wrong_secret: 'WRONG_SECRET',
};

/** A cloud failure with a one-line message for people (never a token or a key). */
export class CloudError extends CoreError {
  constructor(
    readonly failure: CloudFailure,
    message: string,
    /** The server's own error code, when it sent one. */
    readonly serverCode?: string,
    readonly status?: number,
  ) {
    super(CODES[failure], message);
    this.name = 'CloudError';
  }
}
