/*
 * Log hygiene. Logs leave the machine (collectors, support tickets), so a line must never
 * hold a token, a magic link, a cookie, an email address or a secret. Two nets:
 *  - by key: any property whose name says it is sensitive is replaced, at any depth;
 *  - by shape: strings are scrubbed of things that look like our tokens, JWTs, bearer
 *    credentials, URL passwords, token query parameters and email addresses, because a
 *    secret can hide inside an innocent field (an error message, a URL).
 * Redaction is tested by logging real secrets and searching the output for them.
 */

export const REDACTED = '[redacted]';

const SENSITIVE_KEY =
  /(authorization|cookie|token|secret|password|passwd|verifier|challenge|link|e-?mail|api[-_]?key|credential|signature|database_?url|smtp_?url|dsn|^keys?$|^code$)/i;

const SCRUBBERS: readonly [RegExp, string][] = [
  // Our own token formats (prefix + base64url) and JWTs.
  [/\bc(?:rt|ml|mf|td|os)_[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
  // Plaid tokens (access-, public-, link-<env>-<uuid>) and Stripe keys and signing secrets.
  [/\b(?:access|public|link)-(?:sandbox|development|production)-[A-Za-z0-9-]{8,}/g, REDACTED],
  [/\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{8,}|\bwhsec_[A-Za-z0-9+/=_-]{8,}/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // user:password@ in any URL (database, SMTP).
  [/([a-z][a-z0-9+.-]{0,20}:\/\/)[^/\s:@]{0,256}:[^/\s@]{0,256}@/gi, `$1${REDACTED}@`],
  // Token-bearing query or fragment parameters.
  [
    /([?&#](?:token|code|state|verifier|access_token|refresh_token|id_token)=)[^&#\s"']+/gi,
    `$1${REDACTED}`,
  ],
  [/[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}\.[A-Za-z]{2,24}/g, '[email]'],
];

// Log fields are short; a long string is cut before scrubbing so the patterns stay linear
// and a hostile request body cannot make logging expensive.
const MAX_LOGGED_STRING = 4096;

/** A string with every secret-looking part replaced. */
export function scrubString(text: string): string {
  let out = text.length > MAX_LOGGED_STRING ? `${text.slice(0, MAX_LOGGED_STRING)}…[cut]` : text;
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement);
  return out;
}

/** A deep copy of `value` that is safe to log. Cycles and depth are bounded. */
export function sanitizeForLog(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => sanitizeForLog(v, depth + 1, seen));
  if (value instanceof Error) {
    return { type: value.name, message: scrubString(value.message) };
  }
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.length} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SENSITIVE_KEY.test(key) ? REDACTED : sanitizeForLog(v, depth + 1, seen);
  }
  return out;
}
