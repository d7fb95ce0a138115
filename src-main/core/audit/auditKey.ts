import { hkdfSync } from 'node:crypto';

/**
 * The audit chain's HMAC key, derived from the data key so that only someone who can
 * open the vault can extend the chain, and domain-separated so it is never the data
 * key itself. A key rotation re-derives it and re-chains the log (see rechainAudit).
 */
export function deriveAuditKey(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, 'casike', 'casike audit log v1', 32));
}
