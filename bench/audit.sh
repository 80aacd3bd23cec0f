#!/usr/bin/env bash
# Audit benchmark on SQLite and PostgreSQL: TEACHERS generated teachers with
# RECORDS approved records each, audited for one year over the whole tree.
#   bench/audit.sh [BUILD_DIR] [TEACHERS=1000000] [RECORDS=30] [DBS="sqlite postgres"]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
N=${2:-1000000}
R=${3:-30}
DBS=${4:-sqlite postgres}
TMP=$(mktemp -d /tmp/jijiao-bench-audit.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
for db in $DBS; do
  if [[ $db == sqlite ]]; then
    "$BUILD/jj_audit_bench" "sqlite:$TMP/audit.db" "$N" "$R" 2>&1 | grep -v '\[info\]'
  else
    scripts/with-postgres.sh bash -c "\"$BUILD/jj_audit_bench\" \"\$JIJIAO_TEST_PG\" $N $R" 2>&1 |
      grep -v -e '\[info\]' -e '^with-postgres'
  fi
done
