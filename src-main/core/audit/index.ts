/** The hash-chained, append-only audit log. Open it through an UnlockedVault. */
export { AUDIT_EVENTS, type AuditEventName, type AuditDetails } from './auditEvents';
export { type AuditRow, type AuditVerdict, type AuditHead } from './auditChain';
