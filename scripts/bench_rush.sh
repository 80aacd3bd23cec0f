#!/usr/bin/env bash
# The registration rush of issue #5: TEACHERS signed-in teachers apply at the
# same moment for a project of CAPACITY seats, against SERVERS `jijiao serve`
# processes sharing one PostgreSQL (a throw-away cluster from
# scripts/with-postgres.sh). Exactly CAPACITY must be accepted and the rest
# waitlisted, in every round (each round rushes a fresh project with the same
# teachers). Builds what it needs, downloads nothing, stops everything it
# started. Ends with the last round's line
#   accepted=N waitlisted=M p99_ms=X rps=Y healthz_p99_ms=Z
# and exits non-zero when any round was not exact or any request failed.
#   scripts/bench_rush.sh [BUILD_DIR] [ROUNDS]         (make bench-rush ROUNDS=3)
# Environment (defaults): TEACHERS=5000 CAPACITY=500 SERVERS=2 THREADS=4 (request
# handler threads per server, --workers) CONNECTIONS=160 (split across the servers) JOBS=1
# (build parallelism) DB=postgres (or sqlite: one file shared by the servers).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
ROUNDS=${2:-1}
TEACHERS=${TEACHERS:-5000}
CAPACITY=${CAPACITY:-500}
SERVERS=${SERVERS:-2}
THREADS=${THREADS:-4}
CONNECTIONS=${CONNECTIONS:-160}
DB=${DB:-postgres}

if [[ -z ${JJ_RUSH_INNER:-} ]]; then
  [[ -f $BUILD/build.ninja ]] || cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  out=$(ninja -C "$BUILD" -j"${JOBS:-1}" jijiao jj_rush_seed jj_rush 2>&1) || { echo "$out"; exit 1; }
  export JJ_RUSH_INNER=1
  if [[ $DB == postgres ]]; then
    exec scripts/with-postgres.sh "$0" "$BUILD" "$ROUNDS"
  fi
  exec "$0" "$BUILD" "$ROUNDS"
fi

TMP=$(mktemp -d /tmp/jijiao-rush.XXXXXX)
PIDS=()
stop() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap stop EXIT
if [[ $DB == postgres ]]; then
  DB_URL=$JIJIAO_TEST_PG
else
  DB_URL=sqlite:$TMP/rush.db
fi
export JIJIAO_FILES_DIR=$TMP/files

"$BUILD/jijiao" migrate --db "$DB_URL" >/dev/null
"$BUILD/jj_rush_seed" "$DB_URL" teachers "$TEACHERS" "$TMP/sessions.txt"

PORT_ARGS=()
for i in $(seq "$SERVERS"); do
  "$BUILD/jijiao" serve --db "$DB_URL" --listen 127.0.0.1:0 --web-root "" --workers "$THREADS" \
    >"$TMP/server$i.log" 2>&1 &
  PIDS+=($!)
done
for i in $(seq "$SERVERS"); do
  port=
  for _ in $(seq 200); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/server$i.log")
    [[ -n $port ]] && break
    kill -0 "${PIDS[i - 1]}" 2>/dev/null || break
    sleep 0.05
  done
  [[ -n $port ]] || { echo "bench-rush: server $i did not start:"; cat "$TMP/server$i.log"; exit 1; }
  PORT_ARGS+=(--port "$port")
done
echo "bench-rush: $TEACHERS teachers, $CAPACITY seats, $SERVERS servers × $THREADS workers on ${DB_URL%%:*}," \
  "$CONNECTIONS connections, $ROUNDS round(s)"

failed=0
lines=()
for round in $(seq "$ROUNDS"); do
  project=$("$BUILD/jj_rush_seed" "$DB_URL" project "$CAPACITY")
  echo "--- round $round/$ROUNDS: project $project"
  rc=0
  "$BUILD/jj_rush" --db "$DB_URL" --sessions "$TMP/sessions.txt" --project "$project" "${PORT_ARGS[@]}" \
    --connections "$CONNECTIONS" | tee "$TMP/round.txt" || rc=$?
  [[ $rc -eq 0 ]] || failed=$((failed + 1))
  lines+=("$(tail -n1 "$TMP/round.txt")")
done
for i in "${!PIDS[@]}"; do
  kill -0 "${PIDS[i]}" 2>/dev/null || { echo "bench-rush: server $((i + 1)) died:"; tail -n 20 "$TMP/server$((i + 1)).log"; failed=$((failed + 1)); }
done
if ((ROUNDS > 1)); then
  echo "--- $ROUNDS rounds, $failed failed:"
  printf '  %s\n' "${lines[@]}"
  echo "${lines[-1]}"
fi
exit $((failed > 0))
