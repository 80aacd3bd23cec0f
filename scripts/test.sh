#!/usr/bin/env bash
# Runs every test suite and ends with one summary line "N passed, N failed".
#   scripts/test.sh BUILD_DIR
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
OUT=test-output
mkdir -p "$OUT"
passed=0
failed=0
suite() {
  local name=$1
  shift
  echo "=== $name"
  local start=$SECONDS
  if "$@" 2>&1 | tee "$OUT/$name.log"; then
    passed=$((passed + 1))
    echo "=== $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    echo "=== $name: FAILED ($((SECONDS - start)) s) — see $OUT/$name.log"
  fi
}
export JIJIAO_PWHASH=fast
suite unit "$BUILD/jj_unit_tests" --gtest_brief=1
suite fuzz scripts/fuzz.sh 10
suite api scripts/with-postgres.sh "$BUILD/jj_api_tests" --gtest_brief=1
suite web bash -c "cd web && npm test --silent"
suite cli scripts/cli_test.sh "$BUILD"
suite fidelity python3 scripts/fidelity_test.py "$BUILD"
suite first-run scripts/first_run_test.sh "$BUILD"
suite crash scripts/crash_import.sh "$BUILD"
suite durability scripts/crash_durability.sh "$BUILD"
suite verify-log scripts/verify_log_test.sh "$BUILD"
suite backup scripts/backup_test.sh "$BUILD"
suite e2e scripts/e2e.sh "$BUILD"
echo
echo "suites: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
