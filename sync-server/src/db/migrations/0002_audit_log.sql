-- The server's security audit log: append-only and hash-chained.
--
-- Each row's hash is an HMAC (key from the environment's key ring, id in key_id) over the
-- previous row's hash and this row's fields, computed by the server (audit/auditLog.ts).
-- The database refuses UPDATE, DELETE and TRUNCATE; an operator who disables that and
-- edits, deletes or reorders rows is caught by verifying the chain, which also needs the
-- key the database never sees.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  -- NULL for events without a known account (a failed sign-in for an unknown link).
  user_id uuid,
  event text NOT NULL,
  ip text,
  -- Canonical JSON text, exactly as hashed (jsonb would reorder keys).
  details text NOT NULL,
  key_id text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX audit_log_user ON audit_log (user_id, seq);

-- The chain's head: one row, locked by each append so concurrent writers (several server
-- replicas) take turns and every row links to exactly one predecessor.
CREATE TABLE audit_head (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, 'genesis');

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- The app may append and may read its own user's entries (account export); the owner's
-- verification reads the whole chain, so RLS is enabled but not forced here.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_log_append ON audit_log FOR INSERT WITH CHECK (true);
CREATE POLICY audit_log_own ON audit_log FOR SELECT USING (user_id = app_user_id());
GRANT SELECT, INSERT ON audit_log TO casike_app;
GRANT SELECT, UPDATE ON audit_head TO casike_app;
