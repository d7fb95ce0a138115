import { z } from 'zod';

/*
 * The responses of /v1/auth and /v1/me as the desktop client reads them. They mirror
 * sync-server/src/api/auth.ts (the server's own request and response schemas); the two
 * should become one definition here once the server's auth work settles.
 */

export const MagicLinkRequestedSchema = z.object({
  status: z.literal('sent'),
  expiresInSeconds: z.number().int(),
});

export const TokenPairSchema = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string().min(1).max(4096),
  expiresIn: z.number().int().positive(),
  refreshToken: z.string().min(1).max(200),
  userId: z.string(),
  sessionId: z.string(),
});
export type TokenPair = z.infer<typeof TokenPairSchema>;

export const SignedOutSchema = z.object({
  status: z.literal('signed_out'),
  sessionsRevoked: z.number().int(),
});

export const MeSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), createdAt: z.string() }),
  session: z.object({ id: z.string(), deviceName: z.string(), createdAt: z.string() }),
});
export type Me = z.infer<typeof MeSchema>;

/** A sign-in that passed its first factor and must answer a second (TOTP or recovery code). */
export const MfaRequiredSchema = z.object({
  status: z.literal('mfa_required'),
  mfaToken: z.string().min(1).max(200),
  expiresIn: z.number().int(),
  methods: z.array(z.string()),
});

export const SignInResultSchema = z.union([TokenPairSchema, MfaRequiredSchema]);

export const TotpEnrolmentSchema = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  qrSvg: z.string(),
});

export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const MfaDisabledSchema = z.object({
  status: z.literal('disabled'),
  trustedDevicesRevoked: z.number().int(),
});
