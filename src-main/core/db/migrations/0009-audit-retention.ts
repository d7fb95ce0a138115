import type { Migration } from './migration';

/**
 * Audit log retention. Old rows may now be deleted, but only through the prune path:
 * the delete trigger lets a row go only while `audit_prune_permit` (one row, written and
 * removed inside the prune's own transaction) covers its seq. The last pruned row's seq
 * and MAC go to `audit_checkpoint`, the anchor verification starts from; it too changes
 * only under a permit, and each prune records it in the chain (`audit.pruned`).
 */
export const migration0009AuditRetention: Migration = {
  version: 9,
  name: 'audit-retention',
  up(db) {
    db.exec(`
      CREATE TABLE audit_prune_permit (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        up_to_seq INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE audit_checkpoint (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        mac BLOB NOT NULL
      ) STRICT;

      DROP TRIGGER audit_log_no_delete;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit WHERE OLD.seq <= up_to_seq)
      BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

      CREATE TRIGGER audit_checkpoint_no_insert BEFORE INSERT ON audit_checkpoint
      WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit)
      BEGIN SELECT RAISE(ABORT, 'audit checkpoint changes only when pruning'); END;

      CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
      WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit)
      BEGIN SELECT RAISE(ABORT, 'audit checkpoint changes only when pruning'); END;

      CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
      BEGIN SELECT RAISE(ABORT, 'audit checkpoint changes only when pruning'); END;
    `);
  },
};
