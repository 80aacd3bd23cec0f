#!/usr/bin/env bash
# Crash test: kill `jijiao serve` with SIGKILL in the middle of a 100,000-row
# teacher import; after a restart the database must hold none of the rows
# (all or nothing) and the job must show as failed. Then the same file
# imports completely. SQLite (on PostgreSQL an interrupted job is marked
# failed once its heartbeat is a minute old; the rows are atomic the same way).
#   scripts/crash_import.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
TMP=$(mktemp -d /tmp/jijiao-crash.XXXXXX)
PORT=$((20000 + RANDOM % 20000))
URL="http://127.0.0.1:$PORT"
export JIJIAO_PWHASH=fast JIJIAO_FILES_DIR="$TMP/files"
DBFILE="$TMP/crash.db"
SERVER=""
cleanup() {
  if [[ -n $SERVER ]]; then
    kill "$SERVER" 2>/dev/null
    wait "$SERVER" 2>/dev/null
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "crash test FAILED: $*"; exit 1; }
count() { sqlite3 "$DBFILE" "SELECT COUNT(*) FROM teachers"; }
# A load this large drops the secondary indexes inside its transaction and
# rebuilds them before commit (db::DeferredIndexes): whether it was killed or
# committed, all four must be there and the file consistent.
indexes_intact() {
  local n
  n=$(sqlite3 "$DBFILE" "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name IN
    ('teachers_org', 'teachers_name', 'accounts_org', 'accounts_teacher')")
  [[ $n == 4 ]] || fail "$1: $n of the 4 secondary indexes of teachers and accounts"
  [[ $(sqlite3 "$DBFILE" "PRAGMA integrity_check") == ok ]] || fail "$1: integrity_check"
}

"$BUILD/jijiao" --db "sqlite:$DBFILE" demo >/dev/null
"$BUILD/jj_gen_teachers" 100000 "$TMP/t.csv"
before=$(count)

serve() {
  "$BUILD/jijiao" --db "sqlite:$DBFILE" serve --listen "127.0.0.1:$PORT" --web-root "" >>"$TMP/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -fs "$URL/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  fail "server did not start"
}
login() {
  curl -fs -c "$TMP/cookies" -H 'Content-Type: application/json' \
    -d '{"username":"sysadmin","password":"Demo@2026"}' "$URL/api/v1/auth/login" | jq -r .csrf_token
}
upload() {
  curl -fs -b "$TMP/cookies" -H "X-CSRF-Token: $1" -H 'Content-Type: text/csv' \
    --data-binary "@$TMP/t.csv" "$URL/api/v1/teachers/import?mode=insert" | jq -r .id
}
job() { curl -fs -b "$TMP/cookies" "$URL/api/v1/jobs/$1"; }
field() { jq -r ".$1"; }

serve
csrf=$(login)
id=$(upload "$csrf")
# Wait until the import has written a good part of the rows, then kill.
for _ in $(seq 400); do
  done_rows=$(job "$id" | field done)
  ((done_rows >= 30000)) && break
  sleep 0.02
done
((done_rows >= 30000)) || fail "the import never got under way (done=$done_rows)"
((done_rows < 100000)) || fail "the import finished before the kill"
{ kill -9 "$SERVER" && wait "$SERVER"; } 2>/dev/null || true
SERVER=""
echo "killed the server at $done_rows of 100000 rows"

after=$(count)
[[ $after == "$before" ]] || fail "half-applied: $before teachers before, $after after the kill"
indexes_intact "after the kill"
serve  # the restart marks the interrupted job failed
csrf=$(login)
state=$(job "$id" | field state)
[[ $state == failed ]] || fail "the interrupted job is '$state', not failed"
[[ $(count) == "$before" ]] || fail "rows appeared after the restart"
echo "after restart: $(count) teachers (unchanged), job $id failed"

id=$(upload "$csrf")
for _ in $(seq 600); do
  state=$(job "$id" | field state)
  [[ $state == queued || $state == running ]] || break
  sleep 0.1
done
[[ $state == succeeded ]] || fail "the re-import ended '$state'"
expected=$((before + 100000))
[[ $(count) == "$expected" ]] || fail "re-import left $(count) teachers, expected $expected"
indexes_intact "after the re-import"
echo "crash test: ok (none after the kill, all $expected after the re-import)"
