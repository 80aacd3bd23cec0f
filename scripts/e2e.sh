#!/usr/bin/env bash
# End-to-end: a fresh demo database, a real server with the built web UI,
# and the Playwright (playwright-core + Debian chromium) scenario in e2e/.
#   scripts/e2e.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
TMP=$(mktemp -d /tmp/jijiao-e2e.XXXXXX)
PORT=${E2E_PORT:-$((20000 + RANDOM % 20000))}
export JIJIAO_PWHASH=fast JIJIAO_FILES_DIR="$TMP/files"
"$BUILD/jijiao" demo --db "sqlite:$TMP/e2e.db" >/dev/null
"$BUILD/jijiao" serve --db "sqlite:$TMP/e2e.db" --web-root web/dist --listen "127.0.0.1:$PORT" >"$TMP/server.log" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
for _ in $(seq 300); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  if ! kill -0 "$SERVER" 2>/dev/null; then
    echo "e2e: the server exited:"
    cat "$TMP/server.log"
    exit 1
  fi
  sleep 0.1
done
mkdir -p test-output/e2e
BASE_URL="http://127.0.0.1:$PORT" SCREENSHOT_DIR="$PWD/test-output/e2e" node e2e/run.mjs
