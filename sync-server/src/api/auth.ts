import { z } from 'zod';

/*
 * The wire schemas of /v1/auth and /v1/me. The desktop client (src-main/core/cloud, not
 * written yet) needs the same schemas; when it arrives they move to src-shared so both
 * sides parse with one definition.
 */

const base64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

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
  /** RFC 7636 verifier: 43–128 characters. */
  codeVerifier: z
    .string()
    .min(43)
    .max(128)
    .regex(/^[A-Za-z0-9._~-]+$/, 'must be an RFC 7636 code verifier'),
  /** A trusted device's token (ctd_…): skips the second factor while it is valid. */
  trustedDeviceToken: z.string().min(1).max(200).optional(),
});

export const TokenPairSchema = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  userId: z.string(),
  sessionId: z.string(),
});

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
