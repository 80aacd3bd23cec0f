#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL 15 cluster in a temp dir,
# exporting JIJIAO_TEST_PG=postgresql://... for it; removes the cluster after.
#   scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
DIR=$(mktemp -d /tmp/jijiao-pg.XXXXXX)
PORT=${JIJIAO_PG_PORT:-$((20000 + RANDOM % 20000))}
AS=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi
cleanup() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
"${AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -E UTF8 --locale=C.UTF-8 -A trust -U postgres >"$DIR/initdb.log" 2>&1 ||
  { cat "$DIR/initdb.log"; exit 1; }
"${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/pg.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
  { cat "$DIR/pg.log"; exit 1; }
"${AS[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres jijiao_test
export JIJIAO_TEST_PG="postgresql://postgres@127.0.0.1:$PORT/jijiao_test"
echo "with-postgres: PostgreSQL on port $PORT"
"$@"
