import { z } from 'zod';
import { DeviceNameSchema, TokenPairSchema } from './auth';

/*
 * Wire schemas of the second factor, trusted devices, OIDC sign-in, notices and the
 * account-rights routes (/v1/auth/mfa, /v1/auth/oidc, /v1/account). Like api/auth.ts they
 * move to src-shared when the desktop client needs them.
 */

const TotpCodeSchema = z.string().regex(/^\d{6}$/, 'must be 6 digits');
const RecoveryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/, 'must look like xxxxx-xxxxx');

/** Sign-in passed its first factor; the account wants a second one. */
export const MfaRequiredSchema = z.object({
  status: z.literal('mfa_required'),
  mfaToken: z.string(),
  expiresIn: z.number().int(),
  methods: z.array(z.enum(['totp', 'recovery_code'])),
});

/** What a sign-in completion answers: a session, or the MFA challenge to answer first. */
export const SignInResultSchema = z.union([TokenPairSchema, MfaRequiredSchema]);

export const MfaVerifySchema = z
  .strictObject({
    mfaToken: z.string().min(1).max(200),
    code: TotpCodeSchema.optional(),
    recoveryCode: RecoveryCodeSchema.optional(),
    /** Skip the second factor on this device for 30 days. */
    trustDevice: z.boolean().optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
    message: 'send exactly one of code and recoveryCode',
  });

export const MfaSignedInSchema = TokenPairSchema.extend({
  /** Present when trustDevice was asked: keep it and send it with the next sign-ins. */
  trustedDeviceToken: z.string().optional(),
  trustedDeviceExpiresAt: z.string().optional(),
});

export const MfaStatusSchema = z.object({
  enabled: z.boolean(),
  pending: z.boolean(),
  recoveryCodesLeft: z.number().int(),
});

export const TotpEnrolmentSchema = z.object({
  /** Base32 seed, for typing into an authenticator by hand. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** The same URI as a QR code: an SVG image, and that SVG as a data: URL. */
  qrSvg: z.string(),
  qrDataUrl: z.string(),
});

export const CodeBodySchema = z.strictObject({ code: TotpCodeSchema });
export const CodeOrRecoverySchema = z
  .strictObject({ code: TotpCodeSchema.optional(), recoveryCode: RecoveryCodeSchema.optional() })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
    message: 'send exactly one of code and recoveryCode',
  });

export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export const MfaDisabledSchema = z.object({
  status: z.literal('disabled'),
  trustedDevicesRevoked: z.number().int(),
});

export const TrustedDeviceSchema = z.object({
  id: z.string(),
  deviceName: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export const TrustedDeviceListSchema = z.object({ devices: z.array(TrustedDeviceSchema) });
export const IdParamsSchema = z.strictObject({ id: z.uuid() });
export const RevokedSchema = z.object({ status: z.literal('revoked') });

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

export const OidcStartSchema = z.strictObject({
  /** Where the provider sends the browser back: a loopback URL or casike://auth/oidc. */
  redirectUri: z.string().max(300),
  /** The device's PKCE challenge (S256); the provider checks the verifier on exchange. */
  codeChallenge: z
    .string()
    .length(43)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url'),
  codeChallengeMethod: z.literal('S256'),
  deviceName: DeviceNameSchema,
});
export const OidcStartedSchema = z.object({
  authorizationUrl: z.string(),
  state: z.string(),
  expiresIn: z.number().int(),
});
export const OidcCompleteSchema = z.strictObject({
  /** The full URL the browser came back to (code, state, iss in its query). */
  callbackUrl: z.string().max(4096),
  codeVerifier: z
    .string()
    .min(43)
    .max(128)
    .regex(/^[A-Za-z0-9._~-]+$/, 'must be an RFC 7636 code verifier'),
  trustedDeviceToken: z.string().min(1).max(200).optional(),
});
