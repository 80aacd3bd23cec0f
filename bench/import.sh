#!/usr/bin/env bash
# Import benchmark: synthetic valid teachers (bench/gen_teachers.cc, fixed
# seed) imported with `jijiao import teachers` into a fresh demo database, on
# SQLite and on PostgreSQL (a throw-away cluster). Reports the import's own
# time (reading, validating every row, writing teachers and their accounts,
# commit), rows/s and the process's peak RSS.
#   bench/import.sh [BUILD_DIR] [COUNTS] [FORMATS] [DBS]
#   e.g. bench/import.sh build "100000 1000000" "csv xlsx" "sqlite postgres"
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
COUNTS=${2:-100000}
FORMATS=${3:-csv xlsx}
DBS=${4:-sqlite postgres}
TMP=$(mktemp -d /tmp/jijiao-bench-import.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export JIJIAO_PWHASH=fast JIJIAO_FILES_DIR="$TMP/files"

run_one() {  # db_url count format
  local db=$1 n=$2 fmt=$3 file="$TMP/t$2.$3"
  [[ -f $file ]] || "$BUILD/jj_gen_teachers" "$n" "$file"
  "$BUILD/jijiao" --db "$db" demo >/dev/null
  local out
  out=$(/usr/bin/time -f "peak_rss_kb=%M" "$BUILD/jijiao" --db "$db" import teachers "$file" 2>&1 >"$TMP/out.txt" |
    grep peak_rss_kb) || true
  local line seconds
  line=$(grep -E "written|not written" "$TMP/out.txt" || true)
  seconds=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$line")
  [[ $line == *"已写入"* ]] || { echo "import failed: $line"; cat "$TMP/out.txt"; exit 1; }
  local rss_mb=$(( ${out#peak_rss_kb=} / 1024 ))
  local rps
  rps=$(awk -v n="$n" -v s="$seconds" 'BEGIN { printf "%d", n / s }')
  printf '%-9s %-5s %8d rows  %7.2f s  %8d rows/s  peak RSS %4d MiB\n' "${db%%:*}" "$fmt" "$n" "$seconds" "$rps" "$rss_mb"
}

for db in $DBS; do
  for n in $COUNTS; do
    for fmt in $FORMATS; do
      if [[ $db == sqlite ]]; then
        rm -f "$TMP/b.db"*
        run_one "sqlite:$TMP/b.db" "$n" "$fmt"
      else
        scripts/with-postgres.sh bash -c "$(declare -f run_one); BUILD=$BUILD TMP=$TMP; run_one \"\$JIJIAO_TEST_PG\" $n $fmt" |
          grep -v '^with-postgres'
      fi
    done
  done
done
