#!/usr/bin/env bash
# Page benchmark: the list and summary pages the UI opens, as each role that
# opens them, under wrk at 64 connections, beside GET /healthz of the same
# server in the same run (the floor). One table per database: page, role,
# response size, one request's time (curl), req/s, p99, errors (non-2xx and
# socket errors), and req/s as a fraction of the floor's.
#   bench/pages.sh [BUILD_DIR]
# Environment:
#   SCALE=county|city|province  county: the demo (6,600 teachers); city: the
#             demo grown to 15 counties (~100,000 teachers, 30 approved records
#             each, a teacher account each, a city bureau admin); province:
#             151 counties (~1,000,000)
# The audit table is asked for as the UI asks: page 1 of 50 rows (a server
# before paging ignores the parameters and sends the whole table).
#   DBS="sqlite postgres"   the databases, each in a fresh throw-away place
#   SECONDS_EACH=4          wrk's duration per page
#   CONNECTIONS=64          wrk's connections
#   THREADS=4               the server's --workers
#   ONLY=regex              run only the rows whose "page role" matches
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
BUILD=$(cd "$BUILD" && pwd)
SCALE=${SCALE:-county}
DBS=${DBS:-sqlite postgres}
SECONDS_EACH=${SECONDS_EACH:-4}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-4}
ONLY=${ONLY:-}
case $SCALE in
  county) COUNTIES=0 ;;
  city) COUNTIES=14 ;;
  province) COUNTIES=150 ;;
  *) echo "SCALE must be county, city or province" >&2; exit 2 ;;
esac
YEAR=$(($(date +%Y) - 1))
PASSWORD='Demo@2026'

# One database: seed it, serve it, measure every page, print the table.
run_one() {
  local db=$1 url=$2 tmp
  tmp=$(mktemp -d /tmp/jijiao-pages.XXXXXX)
  local t0=$SECONDS
  "$BUILD/jijiao" demo --db "$url" >/dev/null
  [[ $COUNTIES -gt 0 ]] && "$BUILD/jj_gen_region" "$url" "$COUNTIES" 30 "$YEAR" >&2
  local seeded=$((SECONDS - t0))
  local port=$((20000 + RANDOM % 20000))
  "$BUILD/jijiao" serve --db "$url" --listen "127.0.0.1:$port" --web-root "" --workers "$THREADS" \
    >"$tmp/server.log" 2>&1 &
  local pid=$!
  # shellcheck disable=SC2064
  trap "kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf '$tmp'" RETURN
  local base="http://127.0.0.1:$port"
  for _ in $(seq 300); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
  declare -A cookie
  local user
  for user in sysadmin city_admin bureau_admin school_admin teacher; do
    [[ $user == city_admin && $COUNTIES -eq 0 ]] && continue
    cookie[$user]=$(curl -s -i -H 'Content-Type: application/json' \
      -d "{\"username\":\"$user\",\"password\":\"$PASSWORD\"}" "$base/api/v1/auth/login" |
      sed -n 's/^Set-Cookie: \([^;]*\).*/\1/pi' | head -n1)
    [[ -n ${cookie[$user]} ]] || { echo "login failed: $user" >&2; return 1; }
  done
  get() { curl -fs -H "Cookie: ${cookie[$1]}" "$base$2"; }
  # What the pages ask for: a teacher of school A (its full ID number and
  # name, read as the school admin), the demo teacher's own id.
  local tid idn name me
  tid=$(get school_admin '/api/v1/teachers?page=1&page_size=1' | jq -r '.items[0].id')
  idn=$(get school_admin "/api/v1/teachers/$tid" | jq -r '.id_number')
  name=$(get school_admin "/api/v1/teachers/$tid" | jq -r '.name | @uri')
  me=$(get teacher /api/v1/auth/me | jq -r '.user.teacher_id')
  local rows=(
    "healthz|-|/healthz"
    "teachers page 1|sysadmin|/api/v1/teachers?page=1"
    "teachers page 1|city_admin|/api/v1/teachers?page=1"
    "teachers page 1|bureau_admin|/api/v1/teachers?page=1"
    "teachers page 1|school_admin|/api/v1/teachers?page=1"
    "teachers ID number|sysadmin|/api/v1/teachers?page=1&q=$idn"
    "teachers ID number|bureau_admin|/api/v1/teachers?page=1&q=$idn"
    "teachers name|bureau_admin|/api/v1/teachers?page=1&q=$name"
    "org tree|sysadmin|/api/v1/orgs/tree"
    "org tree|bureau_admin|/api/v1/orgs/tree"
    "org tree|school_admin|/api/v1/orgs/tree"
    "accounts page 1|sysadmin|/api/v1/accounts?page=1"
    "accounts page 1|bureau_admin|/api/v1/accounts?page=1"
    "credit records|bureau_admin|/api/v1/credits/records?page=1"
    "credit records|school_admin|/api/v1/credits/records?page=1"
    "audit table|city_admin|/api/v1/credits/audit?year=$YEAR&page=1&page_size=50"
    "audit table|bureau_admin|/api/v1/credits/audit?year=$YEAR&page=1&page_size=50"
    "audit table|school_admin|/api/v1/credits/audit?year=$YEAR&page=1&page_size=50"
    "completion|city_admin|/api/v1/credits/completion?year=$YEAR"
    "completion|bureau_admin|/api/v1/credits/completion?year=$YEAR"
    "projects|bureau_admin|/api/v1/projects?page=1"
    "projects|teacher|/api/v1/projects?page=1"
    "own audit|teacher|/api/v1/credits/audit/teachers/$me?year=$YEAR"
    "own records|teacher|/api/v1/credits/records?teacher_id=$me&page=1"
  )
  local floor=""
  printf '\n== %s, SCALE=%s (%s counties added), seeded in %d s; nproc %s, %s\n' "$db" "$SCALE" "$COUNTIES" \
    "$seeded" "$(nproc)" "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
  printf 'wrk -c%s -d%ss per page; server --workers %s; year %s\n' "$CONNECTIONS" "$SECONDS_EACH" "$THREADS" "$YEAR"
  printf '%-20s %-13s %10s %9s %9s %10s %7s %7s\n' page role bytes one_ms req/s p99 errors floor
  local row page role path hdr code bytes one out rps p99 errs ratio
  for row in "${rows[@]}"; do
    IFS='|' read -r page role path <<<"$row"
    [[ $role == city_admin && $COUNTIES -eq 0 ]] && continue
    [[ -n $ONLY && $page != healthz && ! "$page $role" =~ $ONLY ]] && continue
    hdr=()
    [[ $role != - ]] && hdr=(-H "Cookie: ${cookie[$role]}")
    read -r code bytes one < <(curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' \
      "${hdr[@]}" "$base$path")
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --timeout 30s --latency "${hdr[@]}" "$base$path")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    errs=$(awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(/[^0-9 ]/," "); for(i=1;i<=NF;i++) n+=$i} END {print n+0}' <<<"$out")
    [[ $code == 200 ]] || errs="$errs(HTTP $code)"
    [[ -z $floor ]] && floor=$rps
    ratio=$(awk -v a="$rps" -v b="$floor" 'BEGIN {printf "%.3f", (b > 0) ? (a / b) : 0}')
    printf '%-20s %-13s %10s %9.0f %9s %10s %7s %7s\n' "$page" "$role" "$bytes" "$(awk -v s="$one" 'BEGIN{print s*1000}')" \
      "$rps" "${p99:-?}" "$errs" "$ratio"
  done
  printf 'server RSS peak: %s\n' "$(awk '$1=="VmHWM:" {print int($2/1024) " MiB"}' /proc/$pid/status)"
}

for db in $DBS; do
  if [[ $db == _pg ]]; then
    run_one postgres "$JIJIAO_TEST_PG"
  elif [[ $db == sqlite ]]; then
    dir=$(mktemp -d /tmp/jijiao-pages-db.XXXXXX)
    run_one sqlite "sqlite:$dir/pages.db"
    rm -rf "$dir"
  else
    # A throw-away cluster (scripts/with-postgres.sh), this script again inside it.
    DBS=_pg SCALE=$SCALE SECONDS_EACH=$SECONDS_EACH CONNECTIONS=$CONNECTIONS THREADS=$THREADS ONLY=$ONLY \
      scripts/with-postgres.sh "$0" "$BUILD" | grep -v '^with-postgres'
  fi
done
true
