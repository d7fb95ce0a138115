// What the secret scanner looks for. Each rule captures the secret itself in group 1, so
// findings can be masked and checked for entropy and fake markers. Patterns follow the
// issuers' documented formats; the generic rule catches the rest by name and entropy.

export interface SecretRule {
  /** Stable id, used in findings and in the allowlist. */
  id: string;
  description: string;
  /** Global regex; group 1 is the secret value. */
  pattern: RegExp;
  /** Minimum Shannon entropy (bits per character) of the value; weaker values are not secrets. */
  minEntropy: number;
}

export const SECRET_RULES: readonly SecretRule[] = [
  {
    id: 'private-key',
    description: 'a PEM private key',
    pattern: /(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)/g,
    minEntropy: 0,
  },
  {
    id: 'aws-access-key-id',
    description: 'an AWS access key id',
    pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b/g,
    minEntropy: 3,
  },
  {
    id: 'aws-secret-access-key',
    description: 'an AWS secret access key',
    pattern: /aws_?secret_?access_?key\W{0,5}[=:]\s*["'`]?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    minEntropy: 3.5,
  },
  {
    id: 'stripe-key',
    description: 'a Stripe secret or restricted key',
    pattern: /\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,255})\b/g,
    minEntropy: 3.2,
  },
  {
    id: 'stripe-webhook-secret',
    description: 'a Stripe webhook signing secret',
    pattern: /\b(whsec_[0-9A-Za-z+/=]{24,})/g,
    minEntropy: 3.2,
  },
  {
    id: 'plaid-access-token',
    description: 'a Plaid access token',
    pattern:
      /\b(access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g,
    minEntropy: 3,
  },
  {
    id: 'plaid-secret',
    description: 'a Plaid API secret',
    pattern: /plaid_?secret\W{0,5}[=:]\s*["'`]?([0-9a-f]{30})\b/gi,
    minEntropy: 3,
  },
  {
    id: 'openai-key',
    description: 'an OpenAI API key',
    pattern:
      /\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-])/g,
    minEntropy: 3.5,
  },
  {
    id: 'github-token',
    description: 'a GitHub token',
    pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/g,
    minEntropy: 3.5,
  },
  {
    id: 'generic-secret',
    description: 'a high-entropy string assigned to a secret-like name',
    pattern:
      /(?:secret|token|passw(?:or)?d|pwd|api_?key|apikey|private_?key|credential)[\w.-]{0,40}["'`]?\s{0,5}(?:=>|:=|[:=])\s{0,5}["'`]([^"'`\s]{16,512})["'`]/gi,
    minEntropy: 3.8,
  },
];

/** Shannon entropy of `value` in bits per character. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * What only a deliberately fake value contains: a word that says so, or a run no random
 * generator produces in practice (a counting sequence, the alphabet, one repeated
 * character). A real key containing one by chance is about a one-in-a-million event.
 */
const FAKE_MARKER =
  /fake|dummy|example|placeholder|not-?a-?real|redacted|changeme|012345|123456|abcdef|(.)\1{5,}/i;

/** Values that are code, not secrets: interpolations, environment lookups, references. */
const NOT_A_LITERAL = /\$\{|process\.env|import\.meta|^<.*>$/;

/** True when a value matched by `rule` looks like a real secret worth reporting. */
export function looksReal(rule: SecretRule, value: string): boolean {
  if (FAKE_MARKER.test(value) || NOT_A_LITERAL.test(value)) return false;
  if (rule.id === 'private-key') return true;
  if (rule.id === 'generic-secret' && !(/[0-9]/.test(value) && /[A-Za-z]/.test(value))) {
    return false;
  }
  return shannonEntropy(value) >= rule.minEntropy;
}

/** The line comment that marks one deliberately fake value in a test fixture. */
export const INLINE_ALLOW_MARKER = 'secret-scan: allow';

/** First four characters and the length: enough to find it, never enough to use it. */
export function maskSecret(value: string): string {
  return `${value.slice(0, 4)}… (${value.length} chars)`;
}
