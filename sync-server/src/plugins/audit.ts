import fp from 'fastify-plugin';
import { appendAudit, type AuditEntry } from '../audit/auditLog';
import type { Queryable } from '../db/types';

declare module 'fastify' {
  interface FastifyInstance {
    /** Records a security event in the caller's transaction (audit/auditLog.ts). */
    audit: (q: Queryable, entry: AuditEntry) => Promise<void>;
  }
}

export const auditPlugin = fp(
  (app, _options, done) => {
    app.decorate('audit', (q: Queryable, entry: AuditEntry) =>
      appendAudit(q, app.config.keyRing, app.clock(), entry),
    );
    done();
  },
  { name: 'casike-audit', dependencies: ['casike-config'] },
);
