-- Accounts and sign-in state, protected by row-level security.
--
-- The server connects as the owner of these tables only to migrate. Every request runs
-- as casike_app (database.ts: SET LOCAL ROLE), a role that owns nothing, cannot log in
-- and cannot bypass RLS. Roles belong to the whole cluster, so creating it tolerates a
-- role made by another database (or a concurrent migration) first.
DO $$
BEGIN
  CREATE ROLE casike_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
-- The owner switches to the role per transaction, so it must be a member (a superuser
-- owner already may; a non-superuser owner needs CREATEROLE for this grant).
GRANT casike_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO casike_app;

-- Transaction-local identity (see database.ts). An unset or empty setting is NULL, and
-- NULL matches no row: forgetting to set the user shows nothing rather than everything.
CREATE FUNCTION app_user_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

CREATE FUNCTION app_capability(name text) RETURNS text
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting(name, true), '') $$;

CREATE TABLE users (
  id uuid PRIMARY KEY,
  -- Stored lower-cased and trimmed; one account per address.
  email text NOT NULL UNIQUE CHECK (email = lower(btrim(email)) AND length(email) <= 254),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A session is one signed-in device: the family of refresh tokens issued to it.
-- Revoking the session revokes the family.
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  device_name text NOT NULL CHECK (length(device_name) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text CHECK (revoked_reason IN ('sign_out', 'sign_out_everywhere', 'token_reuse', 'idle', 'account_deleted'))
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Refresh tokens are stored as SHA-256 hashes only. A used token stays (used_at set) so
-- that presenting it again is recognised as reuse.
CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Magic links exist before any account does (the first link creates it), so they hold
-- the address, not a user id. Only the token's hash is stored, with the device's
-- PKCE-style challenge: the link completes only with the verifier the asking device kept.
CREATE TABLE magic_links (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  email text NOT NULL,
  challenge text NOT NULL,
  device_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  failed_attempts integer NOT NULL DEFAULT 0
);
CREATE INDEX magic_links_expires ON magic_links (expires_at);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
ALTER TABLE magic_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE magic_links FORCE ROW LEVEL SECURITY;

CREATE POLICY users_self ON users
  USING (id = app_user_id()) WITH CHECK (id = app_user_id());
-- Signing in looks one address up; it sees that one row and nothing else.
CREATE POLICY users_lookup_by_email ON users FOR SELECT
  USING (email = app_capability('app.lookup_email'));

CREATE POLICY sessions_owner ON sessions
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());

CREATE POLICY refresh_tokens_owner ON refresh_tokens
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
-- A refresh starts from the token alone: its hash opens its own row. Hashes are never
-- readable otherwise, so knowing one means holding the token.
CREATE POLICY refresh_tokens_by_hash ON refresh_tokens FOR SELECT
  USING (token_hash = app_capability('app.token_hash'));

CREATE POLICY magic_links_create ON magic_links FOR INSERT WITH CHECK (true);
CREATE POLICY magic_links_by_hash_read ON magic_links FOR SELECT
  USING (token_hash = app_capability('app.token_hash'));
CREATE POLICY magic_links_by_hash_use ON magic_links FOR UPDATE
  USING (token_hash = app_capability('app.token_hash'))
  WITH CHECK (token_hash = app_capability('app.token_hash'));

GRANT SELECT, INSERT, UPDATE, DELETE ON users TO casike_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO casike_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON refresh_tokens TO casike_app;
GRANT SELECT, INSERT, UPDATE ON magic_links TO casike_app;
