import { z } from 'zod';

/*
 * The wire schemas of sign-in: /v1/auth (magic link, OIDC, MFA challenge, tokens), /v1/me,
 * and the second-factor and trusted-device routes of /v1/account. One definition for both
 * sides: the sync server validates requests and serializes responses with them
 * (sync-server/src/api/auth.ts and account.ts re-export them), and the desktop client
 * parses the server's answers with them (src-main/core/cloud).
 */

const base64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

/** RFC 7636 verifier: 43–128 unreserved characters. */
const CodeVerifierSchema = z
  .string()
  .min(43)
  .max(128)
  .regex(/^[A-Za-z0-9._~-]+$/, 'must be an RFC 7636 code verifier');

/** A trusted device's token (ctd_…): skips the second factor while it is valid. */
const TrustedDeviceTokenSchema = z.string().min(1).max(200);

export const TotpCodeSchema = z.string().regex(/^\d{6}$/, 'must be 6 digits');
export const RecoveryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/, 'must look like xxxxx-xxxxx');

export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((email) => email.toLowerCase());

export const DeviceNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  // Shown back in session lists: no control characters.
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

// ---- magic link -------------------------------------------------------------------------

export const MagicLinkRequestSchema = z.strictObject({
  email: EmailSchema,
  /** base64url(SHA-256(codeVerifier)); the verifier stays on the device. */
  codeChallenge: base64url(43, 43),
  codeChallengeMethod: z.literal('S256'),
  deviceName: DeviceNameSchema,
});

export const MagicLinkRequestedSchema = z.object({
  status: z.literal('sent'),
  expiresInSeconds: z.number().int(),
});

export const MagicLinkVerifySchema = z.strictObject({
  token: z.string().min(1).max(200),
  codeVerifier: CodeVerifierSchema,
  trustedDeviceToken: TrustedDeviceTokenSchema.optional(),
});

// ---- tokens -----------------------------------------------------------------------------

export const TokenPairSchema = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string().min(1).max(4096),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  refreshToken: z.string().min(1).max(200),
  userId: z.string(),
  sessionId: z.string(),
});
export type TokenPair = z.infer<typeof TokenPairSchema>;

export const RefreshRequestSchema = z.strictObject({
  refreshToken: z.string().min(1).max(200),
});

export const SignedOutSchema = z.object({
  status: z.literal('signed_out'),
  sessionsRevoked: z.number().int(),
});

export const MeSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), createdAt: z.string() }),
  session: z.object({ id: z.string(), deviceName: z.string(), createdAt: z.string() }),
});
export type Me = z.infer<typeof MeSchema>;

// ---- second factor at sign-in -------------------------------------------------------------

/** A sign-in that passed its first factor and must answer a second (TOTP or recovery code). */
export const MfaRequiredSchema = z.object({
  status: z.literal('mfa_required'),
  mfaToken: z.string().min(1).max(200),
  expiresIn: z.number().int(),
  /** 'totp', 'recovery_code'; a string list so an older client survives a new method. */
  methods: z.array(z.string()),
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
  trustedDeviceToken: TrustedDeviceTokenSchema.optional(),
  trustedDeviceExpiresAt: z.string().optional(),
});

// ---- OIDC through the system browser ------------------------------------------------------

export const OidcStartSchema = z.strictObject({
  /** Where the provider sends the browser back: a loopback URL or casike://auth/oidc. */
  redirectUri: z.string().max(300),
  /** The device's PKCE challenge (S256); the provider checks the verifier on exchange. */
  codeChallenge: base64url(43, 43),
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
  codeVerifier: CodeVerifierSchema,
  trustedDeviceToken: TrustedDeviceTokenSchema.optional(),
});

// ---- the account's second factor and trusted devices ---------------------------------------

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
export type TrustedDevice = z.infer<typeof TrustedDeviceSchema>;
export const TrustedDeviceListSchema = z.object({ devices: z.array(TrustedDeviceSchema) });
export const RevokedSchema = z.object({ status: z.literal('revoked') });
