#!/usr/bin/env bash
# Page weight: the login page's compressed JavaScript and CSS and its first
# contentful paint in headless Chromium (Performance API), served by the
# jijiao server from the built web UI on localhost.
#   bench/page_weight.sh [BUILD_DIR]
# Environment: RUNS=5 (cold-cache loads; FCP is their median),
#   WEB_ROOT=web/dist (run `npm run build` in web/ first),
#   MAX_JS_KB=250 MAX_FCP_MS=500 (exit 1 when a target is missed; empty: report only)
# Needs e2e/node_modules (cd e2e && npm ci) and /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
WEB_ROOT=${WEB_ROOT:-web/dist}
MAX_JS_KB=${MAX_JS_KB-250}
MAX_FCP_MS=${MAX_FCP_MS-500}
[[ -f "$WEB_ROOT/index.html" ]] || { echo "no $WEB_ROOT/index.html: run npm run build in web/" >&2; exit 2; }
TMP=$(mktemp -d /tmp/jijiao-weight.XXXXXX)
PORT=$((20000 + RANDOM % 20000))
export JIJIAO_PWHASH=fast JIJIAO_FILES_DIR="$TMP/files"
"$BUILD/jijiao" demo --db "sqlite:$TMP/w.db" >/dev/null
"$BUILD/jijiao" serve --db "sqlite:$TMP/w.db" --web-root "$WEB_ROOT" --listen "127.0.0.1:$PORT" >"$TMP/server.log" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
for _ in $(seq 300); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$TMP/server.log"; exit 1; }
  sleep 0.1
done
OUT=$(BASE_URL="http://127.0.0.1:$PORT" node bench/page_weight.mjs)
echo "$OUT"
node -e '
const r = JSON.parse(process.argv[1]), maxJs = process.argv[2], maxFcp = process.argv[3]
const bad = []
if (maxJs && r.js_compressed_kb >= Number(maxJs)) bad.push(`login JS ${r.js_compressed_kb} KB >= ${maxJs} KB`)
if (maxFcp && r.fcp_ms_median >= Number(maxFcp)) bad.push(`FCP ${r.fcp_ms_median} ms >= ${maxFcp} ms`)
if (bad.length) { console.error("page weight: " + bad.join("; ")); process.exit(1) }
' "$OUT" "$MAX_JS_KB" "$MAX_FCP_MS"
