#!/usr/bin/env bash
# verify-log proves the protected tables against the audit log, and an anchor
# kept off the machine sees a cut tail. On the demo database (with a policy
# loaded): intact, exit 0, with an anchor line. Then, each on a fresh copy,
# edits made with the sqlite3 CLI behind the server's back: a credit record's
# hours 8 → 640, a record's state declared → approved, a stamp, a year lock, a
# policy, an audit entry: exit 2, naming the row (or entry). Last, the newest
# entries deleted and audit_head rewound: the chain alone passes (exit 0, the
# point of the anchor), `--anchor` taken before fails (exit 2), an anchor
# older than the cut still passes.
#   scripts/verify_log_test.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
TMP=$(mktemp -d /tmp/jijiao-verify.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export JIJIAO_PWHASH=fast JIJIAO_FILES_DIR="$TMP/files"
SEED="$TMP/seed.db"
DB="$TMP/case.db"
J=("$BUILD/jijiao" --db "sqlite:$DB")
passed=0
ok() { passed=$((passed + 1)); echo "ok $passed - $1"; }
fail() { echo "not ok - $1"; exit 1; }
ms() { date +%s%3N; }
# Runs a command, keeps its output in $TMP/out, checks its exit status.
expect_exit() {  # code description command...
  local want=$1 what=$2
  shift 2
  set +e
  "$@" >"$TMP/out" 2>&1
  local got=$?
  set -e
  [[ $got == "$want" ]] || { cat "$TMP/out"; fail "$what: exit $got, expected $want"; }
}
says() {  # description text...: the last output names every text
  local what=$1
  shift
  for text in "$@"; do grep -qF -- "$text" "$TMP/out" || { cat "$TMP/out"; fail "$what: output lacks '$text'"; }; done
}
fresh() {  # a new copy of the seeded database, made by SQLite
  rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
  sqlite3 "$SEED" ".backup '$DB'"
}
q() { sqlite3 "$DB" "$1"; }

t0=$(ms)
"$BUILD/jijiao" --db "sqlite:$SEED" demo >"$TMP/demo.log"
seed_ms=$(($(ms) - t0))
"$BUILD/jijiao" --db "sqlite:$SEED" policy show --region 441821 --year 2025 >"$TMP/policy.json" 2>/dev/null
"$BUILD/jijiao" --db "sqlite:$SEED" policy load "$TMP/policy.json" --region 441821 --year 2025 >/dev/null 2>&1
records=$(sqlite3 "$SEED" "SELECT COUNT(*) FROM credit_records")
[[ $records -gt 50000 ]] || fail "the demo has only $records credit records"

fresh
t0=$(ms)
expect_exit 0 "verify-log on the demo" "${J[@]}" verify-log
verify_ms=$(($(ms) - t0))
says "intact" "审计日志完好" "audit log intact"
grep -Eq '^anchor: [0-9]+:[0-9a-f]{64}$' "$TMP/out" || { cat "$TMP/out"; fail "an anchor line N:HASH"; }
SEED_ANCHOR=$(sed -n 's/^anchor: //p' "$TMP/out")
ok "the demo ($records credit records) verifies: exit 0, anchor $SEED_ANCHOR (seed ${seed_ms} ms, verify-log ${verify_ms} ms)"

fresh
id=$(q "SELECT id FROM credit_records WHERE hours_tenths = 80 ORDER BY id LIMIT 1")
[[ -n $id ]] || fail "a record of 8 hours"
q "UPDATE credit_records SET hours_tenths = 6400 WHERE id = $id"
expect_exit 2 "hours 8 → 640" "${J[@]}" verify-log
says "hours 8 → 640" "被篡改" "tampered" "credit_records id $id 字段 hours_tenths" "日志记录为 80，现为 6400" \
  "logged 80, now 6400"
grep -q '^anchor:' "$TMP/out" && fail "no anchor is printed for a tampered database"
ok "a record's hours 8 → 640 with sqlite3: exit 2, names credit_records id $id, hours_tenths 80 → 6400"

fresh
id=$(q "SELECT id FROM credit_records WHERE state = 'declared' ORDER BY id LIMIT 1")
[[ -n $id ]] || fail "a declared record"
q "UPDATE credit_records SET state = 'approved' WHERE id = $id"
expect_exit 2 "declared → approved" "${J[@]}" verify-log
says "declared → approved" "credit_records id $id 字段 state" '"declared"' '"approved"'
ok "a record's state declared → approved: exit 2, names credit_records id $id"

fresh
q "INSERT INTO credit_records (teacher_id, record_date, project_name, hours_tenths, source, state, created_at, updated_at)
   SELECT teacher_id, record_date, '补录', 400, 'import', 'approved', created_at, updated_at FROM credit_records LIMIT 1"
id=$(q "SELECT MAX(id) FROM credit_records")
expect_exit 2 "an inserted record" "${J[@]}" verify-log
says "an inserted record" "credit_records id $id" "no logged event"
ok "a record inserted behind the server's back: exit 2, no logged event for id $id"

fresh
id=$(q "SELECT MIN(id) FROM audit_stamps")
[[ -n $id ]] || fail "a stamp"
q "UPDATE audit_stamps SET year = year + 10 WHERE id = $id"
expect_exit 2 "a stamp" "${J[@]}" verify-log
says "a stamp" "验印 audit_stamps id $id 字段 year"
ok "a stamp (验印) moved to another year: exit 2, names audit_stamps id $id"

fresh
id=$(q "SELECT MIN(id) FROM year_locks")
[[ -n $id ]] || fail "a year lock"
q "DELETE FROM year_locks WHERE id = $id"
expect_exit 2 "a deleted year lock" "${J[@]}" verify-log
says "a deleted year lock" "year_locks id $id" "no delete was logged"
ok "a year lock deleted (the year unlocked) behind the server's back: exit 2, names year_locks id $id"

fresh
id=$(q "SELECT MAX(id) FROM policies")
[[ -n $id ]] || fail "a policy"
q "UPDATE policies SET document = replace(document, '\"hours_per_credit\":', '\"hours_per_credit\":9') WHERE id = $id"
expect_exit 2 "a policy" "${J[@]}" verify-log
says "a policy" "policies id $id 字段 document"
ok "a policy document edited: exit 2, names policies id $id"

fresh
entry=$(q "SELECT MIN(id) FROM audit_log WHERE object_type = 'credit_record' AND after_json LIKE '%\"hours_tenths\":%'")
q "UPDATE audit_log SET after_json = replace(after_json, '\"hours_tenths\":', '\"hours_tenths\":9') WHERE id = $entry"
expect_exit 2 "an edited audit entry" "${J[@]}" verify-log
says "an edited audit entry" "第 $entry 条" "entry $entry"
ok "an audit entry edited: exit 2, the chain breaks at entry $entry"

# A cut tail. Two events after the seed's anchor (administrators created at
# the command line), the anchor taken after them; then the newest two entries
# deleted and audit_head rewound to the entry before.
fresh
for u in ops_a ops_b; do
  echo 'Ops-Pass-2026' | "${J[@]}" admin create --username "$u" --org 441821 --role bureau_admin >/dev/null
done
expect_exit 0 "verify-log after two more events" "${J[@]}" verify-log
ANCHOR=$(sed -n 's/^anchor: //p' "$TMP/out")
[[ ${ANCHOR%%:*} -gt ${SEED_ANCHOR%%:*} ]] || fail "the anchor moved on ($SEED_ANCHOR → $ANCHOR)"
expect_exit 0 "the same anchor before the cut" "${J[@]}" verify-log --anchor "$ANCHOR"
says "the anchor matches" "锚点一致" "anchor matches"
q "DELETE FROM audit_log WHERE id > (SELECT MAX(id) - 2 FROM audit_log);
   UPDATE audit_head SET last_hash = (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1);"
expect_exit 0 "a cut tail without an anchor" "${J[@]}" verify-log
ok "the newest entries deleted and audit_head rewound: the chain alone passes (exit 0), as it must"
expect_exit 2 "a cut tail with the anchor" "${J[@]}" verify-log --anchor "$ANCHOR"
says "the anchor is gone" "锚点第 ${ANCHOR%%:*} 条日志已不存在" "the log was cut"
ok "verify-log --anchor $ANCHOR (taken before the cut): exit 2, the anchor entry is gone"
expect_exit 0 "an anchor older than the cut" "${J[@]}" verify-log --anchor "$SEED_ANCHOR"
bad="${SEED_ANCHOR%%:*}:$(printf 'a%.0s' $(seq 64))"
expect_exit 2 "an anchor with another hash" "${J[@]}" verify-log --anchor "$bad"
says "another hash" "历史被改写" "rewritten"
expect_exit 1 "a malformed anchor" "${J[@]}" verify-log --anchor "12:xyz"
ok "an anchor older than the cut passes; another hash at the anchor fails (2); a malformed anchor is an error (1)"
echo "verify-log: $passed passed, 0 failed (demo seed ${seed_ms} ms, verify-log ${verify_ms} ms on $records records)"
