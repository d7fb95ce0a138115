/*
 * Rate-limit rules: a limit per fixed window, per subject. Every auth route is limited per
 * client address; the ones that send mail or test a secret are also limited per account
 * or address, so a botnet cannot flood one inbox, and every authenticated call counts
 * against its account.
 */

export type RateLimitRule =
  | 'auth-ip' // every /v1/auth route, per client address
  | 'magic-link-email' // sign-in mails per address
  | 'magic-link-verify-ip' // link completions per client address
  | 'account' // authenticated API calls per account
  | 'mfa-code'; // second-factor codes tried, per account (sign-in, enrol, disable, delete)

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitRule, RateLimit>> = {
  'auth-ip': { limit: 60, windowSeconds: 60 },
  'magic-link-email': { limit: 5, windowSeconds: 15 * 60 },
  'magic-link-verify-ip': { limit: 20, windowSeconds: 15 * 60 },
  account: { limit: 600, windowSeconds: 60 },
  // Guessing a 6-digit code at 10 per 5 minutes takes years on average.
  'mfa-code': { limit: 10, windowSeconds: 5 * 60 },
};
