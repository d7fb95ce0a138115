import type { Migration } from './migration';

/**
 * The cloud account's local state, kept inside the encrypted vault (never in plain
 * files): the signed-in session's tokens, a sign-in waiting for its emailed code (the
 * device's PKCE verifier), the highest backup sequence this vault has seen (rollback
 * detection), and an upload in progress (resuming). Provisional number: the file is
 * 0007 in the plan, registered as version 4 on this branch until the lead renumbers.
 */
export const migration0007Cloud: Migration = {
  version: 7,
  name: 'cloud',
  up(db) {
    db.exec(`
      CREATE TABLE cloud_session (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        server_url TEXT NOT NULL,
        email TEXT NOT NULL,
        user_id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        refresh_token TEXT NOT NULL,
        access_token TEXT NOT NULL,
        access_expires_at TEXT NOT NULL,
        signed_in_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE cloud_pending_sign_in (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        server_url TEXT NOT NULL,
        email TEXT NOT NULL,
        code_verifier TEXT NOT NULL,
        requested_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE cloud_backup_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_sequence INTEGER NOT NULL CHECK (last_sequence >= 0),
        last_backup_id TEXT
      ) STRICT;

      CREATE TABLE cloud_outgoing_backup (
        backup_id TEXT PRIMARY KEY,
        server_url TEXT NOT NULL,
        file_name TEXT NOT NULL,
        total_bytes INTEGER NOT NULL,
        part_bytes INTEGER NOT NULL,
        sequence INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
