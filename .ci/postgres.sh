#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 on a loopback port in a temp dir, for the store tests.
#   source .ci/postgres.sh && pg_up     -> exports DATABASE_URL_TEST
#   pg_down                              -> stops it and removes its files
# initdb refuses to run as root, so the server runs as the `postgres` OS user.
set -euo pipefail

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

pg_install() {
  echo "PostgreSQL binaries missing: installing postgresql with apt" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  # Debian's package starts a cluster of its own; we use our own temp cluster.
  (service postgresql stop || true) >/dev/null 2>&1
}

pg_up() {
  local bindir port
  bindir=$(pg_bindir) || { pg_install; bindir=$(pg_bindir); }
  id postgres >/dev/null 2>&1 || useradd --system --create-home postgres
  PG_TMP=$(mktemp -d /tmp/idsync-pg.XXXXXX)
  chown postgres "$PG_TMP"
  port=${PG_PORT:-$((20000 + RANDOM % 20000))}
  local as_pg=(runuser -u postgres --)
  [ "$(id -u)" -eq 0 ] || as_pg=()
  "${as_pg[@]}" "$bindir/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --no-locale >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  # pg_stat_statements (shipped with Debian's server package) lets `npm run bench` say which
  # statements a sync's database time went to; the tests do not need it.
  local preload=""
  [ -f "$(dirname "$bindir")/lib/pg_stat_statements.so" ] && preload="-c shared_preload_libraries=pg_stat_statements"
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 $preload" \
    start >/dev/null || { cat "$PG_TMP/server.log" >&2; return 1; }
  "${as_pg[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres idsync_test
  export PG_TMP PG_BINDIR="$bindir"
  export DATABASE_URL_TEST="postgres://postgres@127.0.0.1:$port/idsync_test"
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') up at 127.0.0.1:$port" >&2
}

pg_down() {
  [ -n "${PG_TMP:-}" ] || return 0
  local as_pg=(runuser -u postgres --)
  [ "$(id -u)" -eq 0 ] || as_pg=()
  "${as_pg[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
  PG_TMP=
}
