#!/usr/bin/env bash
# The command line as an operator uses it: imports (exit 0 only when every
# row is written; problems as "row N, column X: reason"), the audit in its
# three formats, policies, and verify-log catching an edited audit entry.
#   scripts/cli_test.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
TMP=$(mktemp -d /tmp/jijiao-cli.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export JIJIAO_PWHASH=fast JIJIAO_FILES_DIR="$TMP/files"
J=("$BUILD/jijiao" --db "sqlite:$TMP/cli.db")
passed=0
ok() { passed=$((passed + 1)); echo "ok $passed - $1"; }
fail() { echo "not ok - $1"; exit 1; }
expect_exit() {  # code description command...
  local want=$1 what=$2
  shift 2
  set +e
  "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  set -e
  [[ $got == "$want" ]] || { cat "$TMP/out" "$TMP/err"; fail "$what: exit $got, expected $want"; }
}

"${J[@]}" demo >/dev/null
id() {  # a valid ID number: 441821 + birth + sequence + check character
  python3 - "$1" <<'PY'
import sys
body = "441821" + sys.argv[1]
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
print(body + "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11])
PY
}
good=$(id 19880808051)
bad=$(id 19880808053)
bad=${bad:0:17}$([[ ${bad:17:1} == 1 ]] && echo 2 || echo 1)
printf '姓名,身份证号,学校代码,学段\n甲,%s,441821101001,小学\n乙,%s,441821101001,小学\n' "$good" "$bad" >"$TMP/t.csv"

expect_exit 1 "an import with a bad row" "${J[@]}" import teachers "$TMP/t.csv" --mode insert
grep -q "^row 3, column 身份证号: " "$TMP/err" || { cat "$TMP/err"; fail "the problem is printed as row N, column X: reason"; }
grep -q "未写入" "$TMP/out" || fail "the summary says nothing was written"
ok "a bad row: exit 1, 'row 3, column 身份证号: …', nothing written"

# The good row is written, but not everything was imported: still exit 1.
expect_exit 1 "good rows only" "${J[@]}" import teachers "$TMP/t.csv" --mode insert --good-rows-only
grep -q "已写入.*inserted=1" "$TMP/out" || fail "one row inserted"
[[ $(sqlite3 "$TMP/cli.db" "SELECT COUNT(*) FROM teachers WHERE id_number = '$good'") == 1 ]] || fail "the good row is in"
expect_exit 1 "the same file again" "${J[@]}" import teachers "$TMP/t.csv" --mode dry-run
printf '姓名,身份证号,学校代码,学段\n丙,%s,441821101001,小学\n' "$(id 19880808071)" >"$TMP/ok.csv"
expect_exit 0 "a clean import" "${J[@]}" import teachers "$TMP/ok.csv" --mode insert
ok "--good-rows-only writes the good row and exits 1; a clean file exits 0"

expect_exit 0 "audit json" "${J[@]}" audit --year 2026 --org 441821101001 --format json
python3 -c "import json,sys; a=json.load(open('$TMP/out')); assert a and all(set(x)>={'id_number','name','school','year','total_credits','by_dimension','achievement_credits','status','shortfalls'} for x in a)" ||
  fail "audit JSON shape"
expect_exit 0 "audit xlsx" "${J[@]}" audit --year 2026 --format xlsx --out "$TMP/a.xlsx"
[[ $(head -c 2 "$TMP/a.xlsx") == PK ]] || fail "an xlsx file"
expect_exit 2 "xlsx without --out" "${J[@]}" audit --year 2026 --format xlsx
ok "audit: JSON objects with the documented keys, xlsx to a file"

echo '{"hours_per_credit": "ten"}' >"$TMP/bad.json"
expect_exit 1 "a bad policy" "${J[@]}" policy load "$TMP/bad.json" --region 441821 --year 2026
grep -q "^hours_per_credit: " "$TMP/err" || fail "the field path of a bad policy"
"${J[@]}" policy show --region 441821 --year 2026 >"$TMP/p.json" 2>/dev/null
expect_exit 0 "a good policy" "${J[@]}" policy load "$TMP/p.json" --region 441821 --year 2026
ok "policy: a bad document names its field; a good one is stored"

# Only SQLite opens the database file: a verb handed the database itself, by
# any spelling, refuses before opening it, and the database stays whole.
before=$(sqlite3 "$TMP/cli.db" "SELECT COUNT(*) FROM teachers")
ln -s "$TMP/cli.db" "$TMP/link.db"
for f in "$TMP/cli.db" "$TMP/./cli.db" "$TMP/link.db" "$TMP/cli.db-wal"; do
  expect_exit 2 "import of the database file $f" "${J[@]}" import teachers "$f" --mode insert
  grep -q "数据库本身" "$TMP/err" || fail "the refusal says why ($f)"
done
expect_exit 2 "audit --out the database" "${J[@]}" audit --year 2026 --format csv --out "$TMP/cli.db"
expect_exit 2 "policy load of the database" "${J[@]}" policy load "$TMP/link.db" --region 441821 --year 2026
[[ $(sqlite3 "$TMP/cli.db" "PRAGMA integrity_check") == ok ]] || fail "integrity after the refusals"
[[ $(sqlite3 "$TMP/cli.db" "SELECT COUNT(*) FROM teachers") == "$before" ]] || fail "teachers after the refusals"
ok "the database's own file is never imported, overwritten or read by a verb"

# Exemptions (免审) from a list: all or nothing, by either spelling of the verb.
ex_before=$(sqlite3 "$TMP/cli.db" "SELECT COUNT(*) FROM audit_exemptions")
locked=$(sqlite3 "$TMP/cli.db" "SELECT MIN(year) FROM year_locks")
printf '身份证号,姓名,年度,原因\n%s,丙,%s,骨干教师年度考核合格\n%s,丙,%s,骨干教师年度考核合格\n' \
  "$(id 19880808071)" "$((locked + 1))" "$(id 19880808071)" "$locked" >"$TMP/ex.csv"
expect_exit 1 "exemptions with a locked year" "${J[@]}" exemptions import "$TMP/ex.csv"
grep -q "^row 3, column 年度: .*锁定" "$TMP/err" || { cat "$TMP/err"; fail "the locked year is named by row and column"; }
[[ $(sqlite3 "$TMP/cli.db" "SELECT COUNT(*) FROM audit_exemptions") == "$ex_before" ]] || fail "nothing written"
head -n 2 "$TMP/ex.csv" >"$TMP/ex_ok.csv"
expect_exit 0 "a clean exemption list" "${J[@]}" import exemptions "$TMP/ex_ok.csv"
[[ $(sqlite3 "$TMP/cli.db" "SELECT COUNT(*) FROM audit_exemptions") == $((ex_before + 1)) ]] || fail "one exemption written"
ok "exemptions import: a locked year refuses the whole file; a clean file is written"

expect_exit 0 "verify-log intact" "${J[@]}" verify-log
sqlite3 "$TMP/cli.db" "UPDATE audit_log SET after_json = '{}' WHERE id = (SELECT MAX(id) FROM audit_log)"
expect_exit 2 "verify-log tampered" "${J[@]}" verify-log
ok "verify-log: exit 0 intact, exit 2 after an edit behind the server's back"
echo "cli: $passed passed, 0 failed"
