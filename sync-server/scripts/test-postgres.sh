#!/usr/bin/env bash
# A throwaway PostgreSQL for the sync server's tests (CI and developers alike).
#
#   eval "$(sync-server/scripts/test-postgres.sh start)"   # exports DATABASE_URL, CASIKE_TEST_PG_DIR
#   npm --prefix sync-server test                          # runs every DB test on PGlite and Postgres
#   sync-server/scripts/test-postgres.sh stop "$CASIKE_TEST_PG_DIR"
#
# `start` installs Debian's postgresql if its binaries are missing and we are root, makes
# a new cluster in a temp dir (trust auth, listening on 127.0.0.1 only, a random free
# port, fsync off: the data is disposable), starts it, and prints shell `export` lines on
# stdout. Everything else goes to stderr, so the output can be eval'd. Postgres refuses to
# run as root, so as root the cluster belongs to the `postgres` user (runuser).
set -euo pipefail

log() { printf 'test-postgres: %s\n' "$*" >&2; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  printf '%s' "$dir"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin dir port started=0
  bin=$(pg_bin)
  if [ -z "$bin" ]; then
    if [ "$(id -u)" != 0 ]; then
      log "PostgreSQL is not installed (apt-get install postgresql) and we are not root"
      exit 1
    fi
    log "installing postgresql"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
    bin=$(pg_bin)
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/casike-pg.XXXXXX")
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null 2>&1; then
      started=1
      break
    fi
  done
  if [ "$started" != 1 ]; then
    log "could not start PostgreSQL; server log follows"
    cat "$dir/server.log" >&2 || true
    exit 1
  fi
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
  printf 'export DATABASE_URL=%q\n' "postgres://postgres@127.0.0.1:$port/postgres"
  printf 'export CASIKE_TEST_PG_DIR=%q\n' "$dir"
  printf '# stop with: %q stop %q\n' "$0" "$dir"
}

stop() {
  local dir=${1:-} bin
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    log "usage: $0 stop DIR (the CASIKE_TEST_PG_DIR printed by start)"
    exit 2
  fi
  bin=$(pg_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    log "usage: $0 start | stop DIR"
    exit 2
    ;;
esac
