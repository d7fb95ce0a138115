-- Rate-limit counters live in Postgres so every replica counts against the same limit
-- (DESIGN.md: nothing per-instance that correctness depends on). Buckets are HMACs of
-- "rule + subject" (an IP address, an email address, an account), so the table holds no
-- address in the clear.
CREATE TABLE rate_limits (
  bucket text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limits TO casike_app;
