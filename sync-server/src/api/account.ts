import { z } from 'zod';
import { RecoveryCodeSchema, TotpCodeSchema } from '../../../src-shared/contract/cloud/authWire';

// The sign-in and second-factor schemas live in src-shared, one definition for server and
// client; these re-exports keep the routes' imports where they were.
export {
  CodeBodySchema,
  CodeOrRecoverySchema,
  MfaDisabledSchema,
  MfaRequiredSchema,
  MfaSignedInSchema,
  MfaStatusSchema,
  MfaVerifySchema,
  OidcCompleteSchema,
  OidcStartSchema,
  OidcStartedSchema,
  RecoveryCodesSchema,
  RevokedSchema,
  SignInResultSchema,
  TotpEnrolmentSchema,
  TrustedDeviceListSchema,
  TrustedDeviceSchema,
} from '../../../src-shared/contract/cloud/authWire';

/*
 * Wire schemas of sessions, notices and the account-rights routes (/v1/account); the
 * second factor, trusted devices and OIDC sign-in come from src-shared (see api/auth.ts).
 */

export const IdParamsSchema = z.strictObject({ id: z.uuid() });

export const SessionListSchema = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      deviceName: z.string(),
      createdAt: z.string(),
      lastSeenAt: z.string(),
      current: z.boolean(),
    }),
  ),
});

export const NoticeListSchema = z.object({
  notices: z.array(
    z.object({
      id: z.string(),
      template: z.string(),
      title: z.string(),
      body: z.string(),
      createdAt: z.string(),
    }),
  ),
});

export const DeleteAccountSchema = z.strictObject({
  /** The account's address, typed again: deletion cannot be a stray request. */
  confirmEmail: z.string().trim().max(254),
  /** Required when MFA is on. */
  code: TotpCodeSchema.optional(),
  recoveryCode: RecoveryCodeSchema.optional(),
});
export const AccountDeletedSchema = z.object({
  status: z.literal('deleted'),
  sessionsRevoked: z.number().int(),
});

/** Everything the server holds about the caller (GDPR art. 15/20, CCPA "right to know"). */
export const AccountExportSchema = z.object({
  exportedAt: z.string(),
  format: z.literal('casike-account-export-v1'),
  sections: z.record(z.string(), z.unknown()),
});
