#!/usr/bin/env bash
# A real office from an empty database, without the demo: migrate, import the
# org tree, create the first administrator (password on standard input, never
# in argv), log in over HTTP, be told to change the password, change it, and
# work. Also the refusals: weak password, unknown org, wrong org type, a
# username taken, a role the command line does not create.
#   scripts/first_run_test.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
TMP=$(mktemp -d /tmp/jijiao-first.XXXXXX)
PORT=$((20000 + RANDOM % 20000))
URL="http://127.0.0.1:$PORT"
SERVER=""
cleanup() {
  if [[ -n $SERVER ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
export JIJIAO_PWHASH=fast JIJIAO_FILES_DIR="$TMP/files"
J=("$BUILD/jijiao" --db "sqlite:$TMP/office.db")
passed=0
ok() { passed=$((passed + 1)); echo "ok $passed - $1"; }
fail() { echo "not ok - $1"; cat "$TMP/out" "$TMP/err" 2>/dev/null; exit 1; }
expect_exit() {  # code description stdin command...
  local want=$1 what=$2 input=$3
  shift 3
  set +e
  printf '%s\n' "$input" | "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  set -e
  [[ $got == "$want" ]] || fail "$what: exit $got, expected $want"
}

"${J[@]}" migrate >/dev/null
printf '代码,名称,类型,上级代码\n440000,广东省,省,\n441800,清远市,市,440000\n441821,示范县,县,441800\n441821900,示范县教育局,教育局,441821\n441821001,示范县第一小学,学校,441821\n' >"$TMP/orgs.csv"
"${J[@]}" import orgs "$TMP/orgs.csv" --mode insert >"$TMP/out" 2>"$TMP/err" || fail "org import"
ok "an empty database takes an org tree"

expect_exit 2 "a weak password" "short" "${J[@]}" admin create --username county_admin --org 441821 --role bureau_admin
grep -q "密码" "$TMP/err" || fail "the weak-password message names the password"
ok "a weak password is refused"
expect_exit 2 "an unknown org" "Strong-Pass-2026" "${J[@]}" admin create --username county_admin --org 999999 --role bureau_admin
grep -q "999999" "$TMP/err" || fail "the unknown org is named"
ok "an unknown org is refused by its code"
expect_exit 2 "a bureau admin at a school" "Strong-Pass-2026" "${J[@]}" admin create --username county_admin --org 441821001 --role bureau_admin
ok "a bureau admin cannot sit at a school"
expect_exit 105 "the command line does not create teachers" "Strong-Pass-2026" "${J[@]}" admin create --username t1 --org 441821 --role teacher
ok "only sys_admin and bureau_admin are created on the command line"
expect_exit 0 "create the first administrator" "Strong-Pass-2026" "${J[@]}" admin create --username county_admin --org 441821 --role bureau_admin
grep -q "首次登录须修改密码" "$TMP/out" || fail "says the password must be changed"
ok "the first administrator is created"
expect_exit 2 "the same username again" "Strong-Pass-2026" "${J[@]}" admin create --username county_admin --org 441821 --role bureau_admin
ok "a username is taken once"
[[ $(sqlite3 "$TMP/office.db" "SELECT COUNT(*) FROM accounts") == 1 ]] || fail "one account"
sqlite3 "$TMP/office.db" "SELECT password_hash FROM accounts" | grep -q '^\$argon2id\$' || fail "Argon2id hash"
ok "one account, hashed with Argon2id"

"${J[@]}" serve --listen "127.0.0.1:$PORT" --web-root "$TMP" >"$TMP/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -fs "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
login=$(curl -s -c "$TMP/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"county_admin","password":"Strong-Pass-2026"}' "$URL/api/v1/auth/login")
[[ $(jq -r .user.must_change_password <<<"$login") == true ]] || fail "login: $login"
CSRF=$(jq -r .csrf_token <<<"$login")
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/cookies" "$URL/api/v1/teachers")
[[ $status == 403 ]] || fail "before the change: $status"
ok "the administrator logs in and must change the password first"
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/cookies" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
  -d '{"old_password":"Strong-Pass-2026","new_password":"Office-Pass-2027"}' "$URL/api/v1/auth/password")
[[ $status == 204 ]] || fail "password change: $status"
tree=$(curl -s -b "$TMP/cookies" "$URL/api/v1/orgs/tree")
grep -q "示范县第一小学" <<<"$tree" || fail "the tree: $tree"
ok "after the change the county is theirs"
echo "first run: $passed passed"
