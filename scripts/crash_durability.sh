#!/usr/bin/env bash
# Durability: every write the server acknowledged survives kill -9, even when
# another process opened the database meanwhile and an attacker asked the
# server for the database file by its path (hole 1 of the security issue:
# a second descriptor on the file, once closed, dropped SQLite's locks and the
# next opener removed the WAL under the live server). SQLite.
#   scripts/crash_durability.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
TMP=$(mktemp -d /tmp/jijiao-durable.XXXXXX)
PORT=$((20000 + RANDOM % 20000))
URL="http://127.0.0.1:$PORT"
export JIJIAO_PWHASH=fast JIJIAO_FILES_DIR="$TMP/files"
DBFILE="$TMP/durable.db"
SERVER=""
cleanup() {
  if [[ -n $SERVER ]]; then
    kill -9 "$SERVER" 2>/dev/null
    wait "$SERVER" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "durability test FAILED: $*"; exit 1; }

mkdir -p "$TMP/web/assets"
echo '<!doctype html><title>ui</title>' >"$TMP/web/index.html"
"$BUILD/jijiao" --db "sqlite:$DBFILE" demo >/dev/null

serve() {
  "$BUILD/jijiao" --db "sqlite:$DBFILE" serve --listen "127.0.0.1:$PORT" --web-root "$TMP/web" >>"$TMP/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -fs "$URL/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  fail "server did not start"
}
login() {
  curl -fs -c "$TMP/cookies" -H 'Content-Type: application/json' \
    -d '{"username":"sysadmin","password":"Demo@2026"}' "$URL/api/v1/auth/login" | jq -r .csrf_token
}
county_id() { sqlite3 "$DBFILE" "SELECT id FROM orgs WHERE type = 'county' ORDER BY id LIMIT 1"; }
# Creates a school; prints its code when the server acknowledged it (201).
create() {
  local code=$1
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/cookies" -H "X-CSRF-Token: $CSRF" \
    -H 'Content-Type: application/json' \
    -d "{\"code\":\"$code\",\"name\":\"耐久测试学校$code\",\"type\":\"school\",\"parent_id\":$PARENT}" "$URL/api/v1/orgs")
  [[ $status == 201 ]] && echo "$code"
  return 0
}
# The attacks that used to open the database file through a second descriptor.
attack() {
  for target in "/$DBFILE" "/%2f${DBFILE#/}" "//proc/self/cmdline" "//etc/passwd"; do
    local body
    body=$(curl -s --path-as-is "$URL$target" | head -c 64 | tr -d '\0' || true)
    [[ $body != "SQLite format 3"* ]] || fail "GET $target served the database file"
  done
}

PARENT=$(county_id)
serve
CSRF=$(login)
acked="$TMP/acked"
: >"$acked"
for i in $(seq 1 40); do create "D$i" >>"$acked"; done
attack
# Another process opens the database while the server runs.
"$BUILD/jijiao" --db "sqlite:$DBFILE" verify-log >"$TMP/verify1.log" 2>&1 || true
for i in $(seq 41 80); do create "D$i" >>"$acked"; done
attack
"$BUILD/jijiao" --db "sqlite:$DBFILE" verify-log >"$TMP/verify2.log" 2>&1 || true
for i in $(seq 81 120); do create "D$i" >>"$acked"; done
n_acked=$(wc -l <"$acked")
[[ $n_acked -eq 120 ]] || fail "only $n_acked of 120 writes were acknowledged"
kill -9 "$SERVER"
wait "$SERVER" 2>/dev/null || true
SERVER=""

# After the crash: every acknowledged school is there, through a fresh server.
serve
found=$(sqlite3 "$DBFILE" "SELECT code FROM orgs WHERE code LIKE 'D%' AND name LIKE '耐久测试学校%'" | sort)
missing=$(comm -23 <(sort "$acked") <(echo "$found"))
[[ -z $missing ]] || fail "acknowledged writes lost after kill -9: $(echo "$missing" | wc -l) of $n_acked ($(echo $missing | head -c 200))"
[[ $(sqlite3 "$DBFILE" "PRAGMA integrity_check") == ok ]] || fail "integrity_check"
"$BUILD/jijiao" --db "sqlite:$DBFILE" verify-log >"$TMP/verify3.log" 2>&1 || fail "verify-log after restart: $(cat "$TMP/verify3.log")"
echo "durability: $n_acked acknowledged writes, 2 foreign opens, 8 file-path attacks, kill -9: all writes kept"
