-- Second factor (TOTP + recovery codes), pending MFA challenges, trusted devices, OIDC
-- sign-in state, in-app notices, the operator role used by the admin CLI and the daily
-- jobs, and audit-log retention.

-- TOTP: one authenticator per account. The seed is sealed with the key ring
-- (auth/sealedSecrets.ts); key_id says which ring key, so key rotation finds old rows.
-- last_used_step is the newest accepted 30-second step: a code from that step or earlier
-- is refused, so each code works once.
CREATE TABLE mfa_totp (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret_sealed text NOT NULL,
  key_id text NOT NULL,
  created_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  last_used_step bigint
);

-- Ten one-time recovery codes per account, as SHA-256 hashes only.
CREATE TABLE mfa_recovery_codes (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- The first factor passed, the second is due: a short-lived, single-use challenge found
-- through its token's hash (like magic links).
CREATE TABLE mfa_challenges (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  method text NOT NULL CHECK (method IN ('magic_link', 'oidc')),
  device_name text NOT NULL CHECK (length(device_name) <= 100),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  failed_attempts integer NOT NULL DEFAULT 0
);
CREATE INDEX mfa_challenges_user ON mfa_challenges (user_id);

-- A device the user chose to trust after passing MFA: its token (hash stored) skips the
-- second factor until expires_at, unless revoked.
CREATE TABLE trusted_devices (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  device_name text NOT NULL CHECK (length(device_name) <= 100),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX trusted_devices_user ON trusted_devices (user_id);

-- OIDC sign-in in flight: created by /oidc/start, used once by /oidc/complete, found only
-- through the hash of its state.
CREATE TABLE oidc_flows (
  state_hash text PRIMARY KEY,
  nonce text NOT NULL,
  redirect_uri text NOT NULL CHECK (length(redirect_uri) <= 300),
  device_name text NOT NULL CHECK (length(device_name) <= 100),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX oidc_flows_expires ON oidc_flows (expires_at);

-- Which provider identity signed in to which account (issuer + subject).
CREATE TABLE oidc_identities (
  issuer text NOT NULL,
  subject text NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities (user_id);

-- In-app notices (e.g. a breach notification), shown once: seen_at is set when read.
CREATE TABLE account_notices (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  template text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  seen_at timestamptz
);
CREATE INDEX account_notices_user ON account_notices (user_id);

ALTER TABLE mfa_totp ENABLE ROW LEVEL SECURITY;
ALTER TABLE mfa_totp FORCE ROW LEVEL SECURITY;
ALTER TABLE mfa_recovery_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE mfa_recovery_codes FORCE ROW LEVEL SECURITY;
ALTER TABLE mfa_challenges ENABLE ROW LEVEL SECURITY;
ALTER TABLE mfa_challenges FORCE ROW LEVEL SECURITY;
ALTER TABLE trusted_devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE trusted_devices FORCE ROW LEVEL SECURITY;
ALTER TABLE oidc_flows ENABLE ROW LEVEL SECURITY;
ALTER TABLE oidc_flows FORCE ROW LEVEL SECURITY;
ALTER TABLE oidc_identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE oidc_identities FORCE ROW LEVEL SECURITY;
ALTER TABLE account_notices ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_notices FORCE ROW LEVEL SECURITY;

CREATE POLICY mfa_totp_owner ON mfa_totp
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY mfa_recovery_codes_owner ON mfa_recovery_codes
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY mfa_challenges_owner ON mfa_challenges
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
-- Completing a challenge starts from its token alone: the hash opens its own row.
CREATE POLICY mfa_challenges_by_hash ON mfa_challenges FOR SELECT
  USING (token_hash = app_capability('app.token_hash'));
CREATE POLICY trusted_devices_owner ON trusted_devices
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY oidc_flows_create ON oidc_flows FOR INSERT WITH CHECK (true);
CREATE POLICY oidc_flows_by_hash_read ON oidc_flows FOR SELECT
  USING (state_hash = app_capability('app.token_hash'));
CREATE POLICY oidc_flows_by_hash_use ON oidc_flows FOR UPDATE
  USING (state_hash = app_capability('app.token_hash'))
  WITH CHECK (state_hash = app_capability('app.token_hash'));
CREATE POLICY oidc_identities_owner ON oidc_identities
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY account_notices_owner ON account_notices
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON mfa_totp TO casike_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON mfa_recovery_codes TO casike_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON mfa_challenges TO casike_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON trusted_devices TO casike_app;
GRANT SELECT, INSERT, UPDATE ON oidc_flows TO casike_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON oidc_identities TO casike_app;
GRANT SELECT, UPDATE, DELETE ON account_notices TO casike_app;

-- The operator: what the admin CLI (npm run admin) and the daily jobs run as. It sees
-- every account (revoke all sessions, notify every user, re-encrypt under a new key,
-- delete what is past retention), so the serving role casike_app is never a member of it;
-- only the owner connection can SET ROLE to it. It cannot bypass RLS either: it sees rows
-- through policies written for it alone.
DO $$
BEGIN
  CREATE ROLE casike_operator NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
GRANT casike_operator TO CURRENT_USER;
-- The admin CLI revokes sessions with its own reason.
ALTER TABLE sessions DROP CONSTRAINT sessions_revoked_reason_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_revoked_reason_check CHECK (revoked_reason IN
  ('sign_out', 'sign_out_everywhere', 'token_reuse', 'idle', 'account_deleted', 'admin_revoked'));
GRANT USAGE ON SCHEMA public TO casike_operator;

CREATE POLICY users_operator ON users TO casike_operator USING (true) WITH CHECK (true);
CREATE POLICY sessions_operator ON sessions TO casike_operator USING (true) WITH CHECK (true);
CREATE POLICY refresh_tokens_operator ON refresh_tokens TO casike_operator USING (true);
CREATE POLICY magic_links_operator ON magic_links TO casike_operator USING (true);
CREATE POLICY mfa_totp_operator ON mfa_totp TO casike_operator USING (true) WITH CHECK (true);
CREATE POLICY mfa_challenges_operator ON mfa_challenges TO casike_operator USING (true);
CREATE POLICY trusted_devices_operator ON trusted_devices TO casike_operator
  USING (true) WITH CHECK (true);
CREATE POLICY oidc_flows_operator ON oidc_flows TO casike_operator USING (true);
CREATE POLICY account_notices_operator ON account_notices TO casike_operator
  USING (true) WITH CHECK (true);
CREATE POLICY audit_log_operator ON audit_log TO casike_operator USING (true) WITH CHECK (true);

GRANT SELECT, UPDATE ON users TO casike_operator;
GRANT SELECT, UPDATE, DELETE ON sessions TO casike_operator;
GRANT SELECT, DELETE ON refresh_tokens TO casike_operator;
GRANT SELECT, DELETE ON magic_links TO casike_operator;
GRANT SELECT, UPDATE ON mfa_totp TO casike_operator;
GRANT SELECT, DELETE ON mfa_challenges TO casike_operator;
GRANT SELECT, UPDATE, DELETE ON trusted_devices TO casike_operator;
GRANT SELECT, DELETE ON oidc_flows TO casike_operator;
GRANT SELECT, INSERT ON account_notices TO casike_operator;
GRANT SELECT, INSERT, DELETE ON audit_log TO casike_operator;
GRANT SELECT, UPDATE ON audit_head TO casike_operator;

-- Audit-log retention. The log stays append-only: UPDATE and TRUNCATE are always refused,
-- and DELETE only of the oldest entries, up to the sequence number a retention run names
-- for its own transaction (audit.prune_through). The chain then starts from the last
-- deleted entry's hash, kept in audit_head, so verification still covers every row left.
ALTER TABLE audit_head ADD COLUMN pruned_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN pruned_hash text NOT NULL DEFAULT 'genesis';

CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND OLD.seq <= coalesce(nullif(current_setting('audit.prune_through', true), '')::bigint, 0) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
