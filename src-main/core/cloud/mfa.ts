import {
  MfaDisabledSchema,
  RecoveryCodesSchema,
  TotpEnrolmentSchema,
} from '../../../src-shared/contract/cloud/authWire';
import type { UnlockedVault } from '../vault';
import { CloudError } from './cloudErrors';
import { authorizedClient } from './signIn';

/*
 * Two-step sign-in (TOTP) for the account, through the server's /v1/account/mfa routes.
 * A server without them answers 404, reported as `not_available`.
 */

export type MfaChange =
  | { action: 'start' }
  | { action: 'confirm'; code: string }
  | { action: 'disable'; code?: string; recoveryCode?: string };

export type MfaResult =
  | { action: 'started'; secret: string; otpauthUri: string; qrSvg: string }
  | { action: 'enabled'; recoveryCodes: string[] }
  | { action: 'disabled'; trustedDevicesRevoked: number };

const notAvailable = (error: unknown): never => {
  if (error instanceof CloudError && error.failure === 'not_available')
    throw new CloudError('not_available', 'two-step sign-in is not available on this server');
  throw error;
};

export async function setMfa(vault: UnlockedVault, change: MfaChange): Promise<MfaResult> {
  const client = authorizedClient(vault);
  const post = <S extends Parameters<typeof client.http.json>[2]>(
    path: string,
    schema: S,
    body?: unknown,
  ) =>
    client
      .call((token) =>
        client.http.json('POST', path, schema, { token, ...(body === undefined ? {} : { body }) }),
      )
      .catch(notAvailable);
  switch (change.action) {
    case 'start': {
      const r = await post('/v1/account/mfa/totp', TotpEnrolmentSchema);
      return { action: 'started', secret: r.secret, otpauthUri: r.otpauthUri, qrSvg: r.qrSvg };
    }
    case 'confirm': {
      const r = await post('/v1/account/mfa/totp/confirm', RecoveryCodesSchema, {
        code: change.code,
      });
      return { action: 'enabled', recoveryCodes: r.recoveryCodes };
    }
    case 'disable': {
      const body =
        change.recoveryCode !== undefined
          ? { recoveryCode: change.recoveryCode }
          : { code: change.code };
      const r = await post('/v1/account/mfa/totp/disable', MfaDisabledSchema, body);
      return { action: 'disabled', trustedDevicesRevoked: r.trustedDevicesRevoked };
    }
  }
}
