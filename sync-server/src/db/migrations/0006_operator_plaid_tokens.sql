-- `npm run admin -- rotate-token-keys` runs as casike_operator (migration 0005) and
-- re-seals every Plaid access token under the newest ring key (plaid/rotateTokens.ts).
-- The operator may read and rewrite those rows, still under row-level security.
CREATE POLICY plaid_items_operator ON plaid_items TO casike_operator USING (true) WITH CHECK (true);
GRANT SELECT, UPDATE ON plaid_items TO casike_operator;
