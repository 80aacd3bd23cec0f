#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + LeakSanitizer) and
# runs each for SECONDS on a scratch copy of its seed corpus, so the committed
# corpus is never modified. Exits non-zero on any crash, leak or timeout.
#   scripts/fuzz.sh [SECONDS]      (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
BUILD=build-fuzz
CORPUS=server/src/infra/io/fuzz_corpus

if [[ ! -f $BUILD/build.ninja ]]; then
  cmake -S . -B "$BUILD" -G Ninja -DJJ_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$BUILD" -j"${JOBS:-2}" jj_fuzz_csv jj_fuzz_xlsx jj_fuzz_http

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for target in csv xlsx http; do
  mkdir -p "$work/$target/corpus" "$work/$target/artifacts"
  cp "$CORPUS/$target"/* "$work/$target/corpus/"
  echo "--- fuzz $target for ${SECONDS_EACH}s"
  if ! "$BUILD/jj_fuzz_$target" -max_total_time="$SECONDS_EACH" -timeout=5 -rss_limit_mb=1024 \
      -artifact_prefix="$work/$target/artifacts/" -print_final_stats=1 "$work/$target/corpus" \
      >"$work/$target/log" 2>&1; then
    status=1
    tail -n 60 "$work/$target/log"
    mkdir -p "$BUILD/fuzz-artifacts"
    cp "$work/$target/artifacts"/* "$BUILD/fuzz-artifacts/" 2>/dev/null || true
    echo "--- fuzz $target: FAILED (reproducers copied to $BUILD/fuzz-artifacts/)"
  else
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$work/$target/log" || true
    echo "--- fuzz $target: ok"
  fi
done
exit $status
