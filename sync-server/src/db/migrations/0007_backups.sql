-- Encrypted backups (provisional number: becomes 0005 after the MFA migration merges).
--
-- The server holds opaque ciphertext the client encrypted before upload, cut into parts,
-- plus sizes and timestamps: nothing that says what a backup contains. Uploads are
-- resumable: a backup row exists from the first request, parts arrive in any order and
-- may be sent again, and `completed_at` is set once every part is here.
CREATE TABLE backups (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  total_bytes bigint NOT NULL CHECK (total_bytes > 0),
  part_bytes integer NOT NULL CHECK (part_bytes > 0),
  part_count integer NOT NULL CHECK (part_count > 0),
  created_at timestamptz NOT NULL,
  completed_at timestamptz,
  -- Lets a part name its backup and its owner together (backup_parts' foreign key).
  UNIQUE (id, user_id)
);
CREATE INDEX backups_user_completed ON backups (user_id, completed_at);

CREATE TABLE backup_parts (
  backup_id uuid NOT NULL,
  -- Repeated from the backup so the policy needs no join; the composite foreign key
  -- makes a part belong to its backup's owner, whoever inserts it.
  user_id uuid NOT NULL,
  part_index integer NOT NULL CHECK (part_index >= 0),
  data bytea NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (backup_id, part_index),
  FOREIGN KEY (backup_id, user_id) REFERENCES backups (id, user_id) ON DELETE CASCADE
);

-- Ciphertext does not compress: store it out of line without trying (saves CPU per part).
ALTER TABLE backup_parts ALTER COLUMN data SET STORAGE EXTERNAL;

ALTER TABLE backups ENABLE ROW LEVEL SECURITY;
ALTER TABLE backups FORCE ROW LEVEL SECURITY;
ALTER TABLE backup_parts ENABLE ROW LEVEL SECURITY;
ALTER TABLE backup_parts FORCE ROW LEVEL SECURITY;

CREATE POLICY backups_owner ON backups
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY backup_parts_owner ON backup_parts
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON backups TO casike_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON backup_parts TO casike_app;
