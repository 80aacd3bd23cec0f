#!/usr/bin/env bash
# HTTP load on the teacher list: a demo database, one `jijiao serve`, and wrk
# with 64 connections on GET /api/v1/teachers?page=1 as the county bureau admin
# (the widest scope: 6,500 teachers to count and page).
# Prints the server's RSS idle and after the load, wrk's rps and p99.
#   bench/http_teachers.sh [BUILD_DIR] [SECONDS] [DB_URL]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SECONDS_LOAD=${2:-10}
TMP=$(mktemp -d /tmp/jijiao-bench.XXXXXX)
DB=${3:-sqlite:$TMP/bench.db}
PORT=$((20000 + RANDOM % 20000))
"$BUILD/jijiao" demo --db "$DB" >/dev/null
"$BUILD/jijiao" serve --db "$DB" --listen "127.0.0.1:$PORT" --web-root "" --workers 4 >"$TMP/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
COOKIE=$(curl -s -i -H 'Content-Type: application/json' \
  -d '{"username":"bureau_admin","password":"Demo@2026"}' "http://127.0.0.1:$PORT/api/v1/auth/login" |
  sed -n 's/^Set-Cookie: \([^;]*\).*/\1/pi')
[[ -n $COOKIE ]] || { echo "login failed"; exit 1; }
rss() { awk -v k="$1" '$1==k":" {print int($2/1024) " MiB"}' /proc/$PID/status; }
sleep 1
echo "idle RSS: $(rss VmRSS)"
wrk -t2 -c64 -d"${SECONDS_LOAD}s" --latency -H "Cookie: $COOKIE" \
  "http://127.0.0.1:$PORT/api/v1/teachers?page=1" | tee "$TMP/wrk.txt"
echo "RSS after load: $(rss VmRSS), peak: $(rss VmHWM)"
rps=$(awk '/Requests\/sec/ {print $2}' "$TMP/wrk.txt")
p99=$(awk '$1=="99%" {print $2}' "$TMP/wrk.txt")
echo "teachers_list rps=$rps p99=$p99"
