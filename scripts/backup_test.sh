#!/usr/bin/env bash
# Backup and restore (SQLite). `jijiao serve` runs on the demo database while
# a client writes over HTTP in a loop (schools created as the demo sysadmin,
# each acknowledged 201 recorded); `jijiao backup` is taken in the middle.
# Every write acknowledged before the backup began is in the backup; the
# backup restored into a new path passes verify-log and integrity_check. And
# the refusals: a backup onto the database (or its -wal, or a link to it), onto
# an existing file without --force, a restore onto a database that holds data
# without --force, a restore from a file that is not a Jijiao database or that
# fails verify-log, and either verb on PostgreSQL.
#   scripts/backup_test.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
TMP=$(mktemp -d /tmp/jijiao-backup.XXXXXX)
PORT=$((20000 + RANDOM % 20000))
URL="http://127.0.0.1:$PORT"
export JIJIAO_PWHASH=fast JIJIAO_FILES_DIR="$TMP/files"
DBFILE="$TMP/live.db"
BACKUP="$TMP/backup/jijiao.db"
RESTORED="$TMP/restored/jijiao.db"
SERVER=""
WRITER=""
cleanup() {
  [[ -n $WRITER ]] && { kill "$WRITER" 2>/dev/null; wait "$WRITER" 2>/dev/null || true; }
  [[ -n $SERVER ]] && { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; }
  rm -rf "$TMP"
}
trap cleanup EXIT
passed=0
ok() { passed=$((passed + 1)); echo "ok $passed - $1"; }
fail() { echo "not ok - $1"; [[ -f $TMP/server.log ]] && tail -5 "$TMP/server.log"; exit 1; }
expect_exit() {  # code description command...
  local want=$1 what=$2
  shift 2
  set +e
  "$@" >"$TMP/out" 2>&1
  local got=$?
  set -e
  [[ $got == "$want" ]] || { cat "$TMP/out"; fail "$what: exit $got, expected $want"; }
}

mkdir -p "$TMP/web" "$TMP/backup"
echo '<!doctype html><title>ui</title>' >"$TMP/web/index.html"
"$BUILD/jijiao" --db "sqlite:$DBFILE" demo >/dev/null
"$BUILD/jijiao" --db "sqlite:$DBFILE" serve --listen "127.0.0.1:$PORT" --web-root "$TMP/web" >"$TMP/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -fs "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$URL/healthz" >/dev/null || fail "server did not start"
CSRF=$(curl -fs -c "$TMP/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"sysadmin","password":"Demo@2026"}' "$URL/api/v1/auth/login" | jq -r .csrf_token)
PARENT=$(sqlite3 "$DBFILE" "SELECT id FROM orgs WHERE type = 'county' ORDER BY id LIMIT 1")

# The writer: schools B1, B2, ... one request after another; a line per 201.
acked="$TMP/acked"
: >"$acked"
(
  for i in $(seq 1 200); do
    status=$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/cookies" -H "X-CSRF-Token: $CSRF" \
      -H 'Content-Type: application/json' \
      -d "{\"code\":\"B$i\",\"name\":\"备份测试学校$i\",\"type\":\"school\",\"parent_id\":$PARENT}" "$URL/api/v1/orgs")
    [[ $status == 201 ]] && echo "B$i" >>"$acked"
  done
) &
WRITER=$!
for _ in $(seq 300); do [[ $(wc -l <"$acked") -ge 60 ]] && break; sleep 0.1; done
# What was acknowledged before the backup began (the writer goes on meanwhile).
cp "$acked" "$TMP/acked_before"
t0=$(date +%s%3N)
expect_exit 0 "backup while serve writes" "$BUILD/jijiao" --db "sqlite:$DBFILE" backup --out "$BACKUP"
backup_ms=$(($(date +%s%3N) - t0))
grep -q "备份完成 / backup written" "$TMP/out" || { cat "$TMP/out"; fail "the backup says it is written"; }
wait "$WRITER"
WRITER=""
n_before=$(wc -l <"$TMP/acked_before")
n_all=$(wc -l <"$acked")
[[ $n_before -ge 60 && $n_all -gt $n_before ]] || fail "writes went on around the backup ($n_before before, $n_all in all)"
in_backup=$(sqlite3 "$BACKUP" "SELECT code FROM orgs WHERE code LIKE 'B%' AND name LIKE '备份测试学校%'" | sort)
missing=$(comm -23 <(sort "$TMP/acked_before") <(echo "$in_backup"))
[[ -z $missing ]] || fail "writes acknowledged before the backup are missing from it: $(echo $missing | head -c 200)"
[[ ! -e $BACKUP-wal ]] || fail "the backup is one file (no -wal)"
[[ $(sqlite3 "$BACKUP" "PRAGMA integrity_check") == ok ]] || fail "integrity_check of the backup"
ok "backup while serve writes (${backup_ms} ms): all $n_before writes acknowledged before it are in it ($(echo "$in_backup" | wc -l) schools; $n_all acknowledged in all)"

expect_exit 0 "restore into a new path" "$BUILD/jijiao" --db "sqlite:$RESTORED" restore --from "$BACKUP"
grep -q "已恢复 / restored" "$TMP/out" || { cat "$TMP/out"; fail "the restore says so"; }
expect_exit 0 "verify-log on the restored database" "$BUILD/jijiao" --db "sqlite:$RESTORED" verify-log
grep -q "审计日志完好" "$TMP/out" || fail "the restored log is intact"
[[ $(sqlite3 "$RESTORED" "PRAGMA integrity_check") == ok ]] || fail "integrity_check of the restored database"
[[ $(sqlite3 "$RESTORED" "SELECT COUNT(*) FROM orgs") == $(sqlite3 "$BACKUP" "SELECT COUNT(*) FROM orgs") ]] ||
  fail "the restored database holds what the backup holds"
ok "restored into a new path: verify-log exit 0, integrity_check ok"

# Refusals: the database's own files, by any spelling; an existing file.
ln -s "$DBFILE" "$TMP/link.db"
for f in "$DBFILE" "$TMP/./live.db" "$TMP/link.db" "$DBFILE-wal" "$DBFILE-shm"; do
  expect_exit 2 "backup onto $f" "$BUILD/jijiao" --db "sqlite:$DBFILE" backup --out "$f" --force
  grep -q "数据库本身" "$TMP/out" || { cat "$TMP/out"; fail "the refusal says why ($f)"; }
done
expect_exit 2 "backup onto an existing file" "$BUILD/jijiao" --db "sqlite:$DBFILE" backup --out "$BACKUP"
grep -q "\-\-force" "$TMP/out" || fail "the refusal names --force"
expect_exit 0 "backup with --force" "$BUILD/jijiao" --db "sqlite:$DBFILE" backup --out "$BACKUP" --force
ok "backup refuses the database, its -wal/-shm and a link to it (exit 2), and an existing file without --force"

expect_exit 2 "restore onto a database that holds data" "$BUILD/jijiao" --db "sqlite:$RESTORED" restore --from "$BACKUP"
grep -q "\-\-force" "$TMP/out" || fail "the refusal names --force"
expect_exit 2 "restore the live database from itself" "$BUILD/jijiao" --db "sqlite:$DBFILE" restore --from "$TMP/link.db" --force
echo "not a database" >"$TMP/text.db"
expect_exit 2 "restore from a text file" "$BUILD/jijiao" --db "sqlite:$TMP/new1.db" restore --from "$TMP/text.db"
sqlite3 "$TMP/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
expect_exit 2 "restore from another SQLite database" "$BUILD/jijiao" --db "sqlite:$TMP/new2.db" restore --from "$TMP/other.db"
grep -q "schema_migrations" "$TMP/out" || { cat "$TMP/out"; fail "the refusal says why"; }
sqlite3 "$BACKUP" ".backup '$TMP/tampered.db'"
sqlite3 "$TMP/tampered.db" "UPDATE credit_records SET hours_tenths = hours_tenths + 6400 WHERE id = (SELECT MIN(id) FROM credit_records)"
expect_exit 2 "restore from a tampered backup" "$BUILD/jijiao" --db "sqlite:$TMP/new3.db" restore --from "$TMP/tampered.db"
grep -q "verify-log" "$TMP/out" || { cat "$TMP/out"; fail "the refusal names verify-log"; }
for f in new1 new2 new3; do [[ ! -s $TMP/$f.db ]] || fail "a refused restore wrote $f.db"; done
sqlite3 "$RESTORED" "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)"  # spoil it: --force restores over it
expect_exit 0 "restore with --force" "$BUILD/jijiao" --db "sqlite:$RESTORED" restore --from "$BACKUP" --force
expect_exit 0 "verify-log after the forced restore" "$BUILD/jijiao" --db "sqlite:$RESTORED" verify-log
ok "restore refuses a database holding data without --force, the database's own file, a text file, another SQLite database and a tampered backup (exit 2); --force restores"

expect_exit 2 "backup on PostgreSQL" "$BUILD/jijiao" --db "postgresql://nobody@127.0.0.1:1/none" backup --out "$TMP/pg.db"
grep -q "pg_dump" "$TMP/out" || fail "the PostgreSQL message names pg_dump"
expect_exit 2 "restore on PostgreSQL" "$BUILD/jijiao" --db "postgresql://nobody@127.0.0.1:1/none" restore --from "$BACKUP"
grep -q "pg_restore" "$TMP/out" || fail "the PostgreSQL message names pg_restore"
ok "PostgreSQL: backup and restore point to pg_dump / pg_restore (exit 2)"

# The live database after all this: whole, and the server still answers.
curl -fs "$URL/healthz" >/dev/null || fail "the server still answers"
kill "$SERVER"
wait "$SERVER" 2>/dev/null || true
SERVER=""
[[ $(sqlite3 "$DBFILE" "PRAGMA integrity_check") == ok ]] || fail "integrity_check of the live database"
expect_exit 0 "verify-log on the live database" "$BUILD/jijiao" --db "sqlite:$DBFILE" verify-log
ok "the live database is whole and verifies after the backups and refusals"
echo "backup: $passed passed, 0 failed"
