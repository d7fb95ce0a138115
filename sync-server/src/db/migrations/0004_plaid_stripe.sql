-- Plaid items (bank connections) and Stripe billing state.
--
-- The server stores no transactions: only what it needs to relay them (the item's access
-- token, envelope-encrypted by plaid/tokenEnvelope.ts with the environment's key ring) and
-- what entitlement needs (the subscription's state, re-fetched from Stripe on every
-- webhook). Webhooks arrive without a user: the Plaid item id, the link token's hash or
-- the Stripe customer id opens exactly the matching row (app_capability), the way a
-- refresh token's hash opens its own row in 0001.

CREATE TABLE plaid_items (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  plaid_item_id text NOT NULL UNIQUE CHECK (length(plaid_item_id) <= 200),
  institution_id text CHECK (length(institution_id) <= 100),
  institution_name text CHECK (length(institution_name) <= 200),
  -- "v1.<kid>.<wrapped data key>.<sealed token>", never the token itself.
  token_ciphertext text NOT NULL,
  -- The ring key that wraps this row's data key (also inside the ciphertext), so rotation
  -- can find the rows still under an old key without decrypting.
  token_key_id text NOT NULL,
  -- ok | reconnect (ITEM_LOGIN_REQUIRED, PENDING_EXPIRATION...: update-mode Link needed)
  status text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'reconnect')),
  status_reason text CHECK (length(status_reason) <= 100),
  -- Set by SYNC_UPDATES_AVAILABLE, cleared by the next completed sync.
  updates_available boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  last_synced_at timestamptz
);
CREATE INDEX plaid_items_user ON plaid_items (user_id);
CREATE INDEX plaid_items_key ON plaid_items (token_key_id);

-- One Hosted Link session. Only the link token's SHA-256 is kept: the LINK webhook names
-- the token, and its hash opens this row. item_id is set for update mode (reconnect).
CREATE TABLE plaid_link_sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  link_token_hash text NOT NULL UNIQUE,
  item_id uuid REFERENCES plaid_items (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- pending | finished (webhook or /link/token/get saw success) | exited | exchanged
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'finished', 'exited', 'exchanged'))
);
CREATE INDEX plaid_link_sessions_user ON plaid_link_sessions (user_id);

-- Our user <-> Stripe customer, one each way.
CREATE TABLE billing_customers (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  stripe_customer_id text NOT NULL UNIQUE CHECK (length(stripe_customer_id) <= 200),
  created_at timestamptz NOT NULL
);

-- Subscription state as last fetched from Stripe (never as told by an event's payload).
CREATE TABLE billing_subscriptions (
  stripe_subscription_id text PRIMARY KEY CHECK (length(stripe_subscription_id) <= 200),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (length(status) <= 40),
  price_id text CHECK (length(price_id) <= 200),
  current_period_end timestamptz,
  cancel_at_period_end boolean NOT NULL DEFAULT false,
  -- When we first saw it past_due: the grace period counts from here.
  past_due_since timestamptz,
  -- Stripe's own clock for the fetched state, so an older fetch never overwrites a newer.
  fetched_at timestamptz NOT NULL
);
CREATE INDEX billing_subscriptions_user ON billing_subscriptions (user_id);

-- Stripe event ids already handled (deduplication). No user data: id, type, when.
CREATE TABLE stripe_events (
  event_id text PRIMARY KEY CHECK (length(event_id) <= 200),
  event_type text NOT NULL CHECK (length(event_type) <= 100),
  received_at timestamptz NOT NULL
);

ALTER TABLE plaid_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE plaid_items FORCE ROW LEVEL SECURITY;
ALTER TABLE plaid_link_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE plaid_link_sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE billing_customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_customers FORCE ROW LEVEL SECURITY;
ALTER TABLE billing_subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_subscriptions FORCE ROW LEVEL SECURITY;

CREATE POLICY plaid_items_owner ON plaid_items
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
-- A verified Plaid webhook names the item; that id finds its owner and nothing else.
CREATE POLICY plaid_items_by_item_id ON plaid_items FOR SELECT
  USING (plaid_item_id = app_capability('app.plaid_item_id'));

CREATE POLICY plaid_link_sessions_owner ON plaid_link_sessions
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY plaid_link_sessions_by_hash ON plaid_link_sessions FOR SELECT
  USING (link_token_hash = app_capability('app.token_hash'));

CREATE POLICY billing_customers_owner ON billing_customers
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY billing_customers_by_customer ON billing_customers FOR SELECT
  USING (stripe_customer_id = app_capability('app.stripe_customer_id'));

CREATE POLICY billing_subscriptions_owner ON billing_subscriptions
  USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON plaid_items TO casike_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON plaid_link_sessions TO casike_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON billing_customers TO casike_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON billing_subscriptions TO casike_app;
GRANT SELECT, INSERT ON stripe_events TO casike_app;
