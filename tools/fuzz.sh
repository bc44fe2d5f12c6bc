#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan + UBSan, -DNEWSDIGEST_FUZZ=ON)
# and runs each for a given time, or a given number of executions.
#
#   ./tools/fuzz.sh [SECONDS] [TARGET ...]      default: 60 s, every target
#   FUZZ_RUNS=10000000 ./tools/fuzz.sh 0 fuzz_reader_memory   (long campaign)
#
# Environment: FUZZ_BUILD (build dir, default build/fuzz), FUZZ_JOBS (targets
# run in parallel, default 1), FUZZ_RUNS (executions per target instead of a
# time limit), FUZZ_RSS_MB (default 2048).
# The working corpus is kept in $FUZZ_BUILD/corpus/<target> (grows across
# runs); seeds come from our own test data (tests/data), the writer
# (fuzz_make_seeds) and tests/fuzz/regress/<target>. Crashes, leaks and
# timeouts are saved in $FUZZ_BUILD/artifacts/<target>/; after fixing, copy
# the input to tests/fuzz/regress/<target>/ so every test suite replays it.
# Exit status: 0 when no target found anything.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_TARGET="${1:-60}"
shift || true
BUILD="${FUZZ_BUILD:-$ROOT/build/fuzz}"
JOBS="${FUZZ_JOBS:-1}"
RSS="${FUZZ_RSS_MB:-2048}"
ALL_TARGETS=(fuzz_reader_memory fuzz_reader_io fuzz_reader_fast fuzz_plain_text fuzz_jsonl fuzz_html fuzz_feed
             fuzz_summarize fuzz_sentences fuzz_roundtrip)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL_TARGETS[@]}")

echo "== fuzz: configuring $BUILD (clang-14, ASan+UBSan, libFuzzer)" >&2
CC=clang-14 CXX=clang++-14 cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNEWSDIGEST_FUZZ=ON -DNEWSDIGEST_SANITIZE=ON -DNEWSDIGEST_BUILD_TOOLS=OFF >/dev/null
cmake --build "$BUILD" -j "${BUILD_JOBS:-2}" --target "${TARGETS[@]}" fuzz_make_seeds >/dev/null

# Seeds.
SEEDS="$BUILD/seeds"
rm -rf "$SEEDS" && mkdir -p "$SEEDS"
"$BUILD/fuzz/fuzz_make_seeds" "$SEEDS" >/dev/null
mkdir -p "$SEEDS"/{fuzz_plain_text,fuzz_summarize,fuzz_sentences,fuzz_jsonl,fuzz_html,fuzz_feed}
for f in "$ROOT"/tests/data/summarize/*.txt "$ROOT"/tests/data/articles/*.txt; do
  [ -f "$f" ] || continue
  b="$(basename "$f")"
  for t in fuzz_plain_text fuzz_summarize fuzz_sentences; do head -c 16384 "$f" >"$SEEDS/$t/$b"; done
done
n=0
for f in "$ROOT"/tests/data/text/segment/*.jsonl; do
  [ -f "$f" ] || continue
  while IFS= read -r line; do
    n=$((n + 1))
    printf '%s' "$line" >"$SEEDS/fuzz_jsonl/line_$n"
    [ $((n % 4)) -eq 0 ] && printf '%s' "$line" >"$SEEDS/fuzz_sentences/line_$n"
  done <"$f"
done
for f in "$ROOT"/tests/data/html/*; do
  [ -f "$f" ] || continue
  case "$f" in
    *.html|*.htm) cp "$f" "$SEEDS/fuzz_html/" ;;
    *.xml|*.rdf|*.rss|*.atom) cp "$f" "$SEEDS/fuzz_feed/" ;;
  esac
done

run_one() {
  local t="$1"
  local corpus="$BUILD/corpus/$t" art="$BUILD/artifacts/$t/" log="$BUILD/logs/$t.log"
  mkdir -p "$corpus" "$art" "$(dirname "$log")"
  local seeds=("$SEEDS/$t")
  [ -d "$ROOT/tests/fuzz/regress/$t" ] && seeds+=("$ROOT/tests/fuzz/regress/$t")
  local limit=(-max_total_time="$SECONDS_PER_TARGET")
  [ -n "${FUZZ_RUNS:-}" ] && limit=(-runs="$FUZZ_RUNS")
  local maxlen=16384
  case "$t" in fuzz_html|fuzz_feed) maxlen=65536 ;; esac
  local rc=0
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}" \
    "$BUILD/fuzz/$t" "${limit[@]}" -timeout=20 -rss_limit_mb="$RSS" -max_len="$maxlen" \
      -print_final_stats=1 -artifact_prefix="$art" "$corpus" "${seeds[@]}" >"$log" 2>&1 || rc=$?
  local execs speed
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  speed="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  printf '%-20s rc=%d executions=%s exec/s=%s corpus=%s\n' "$t" "$rc" "${execs:-?}" "${speed:-?}" \
    "$(ls "$corpus" | wc -l)"
  return "$rc"
}
export -f run_one
export BUILD SEEDS ROOT SECONDS_PER_TARGET RSS
[ -n "${FUZZ_RUNS:-}" ] && export FUZZ_RUNS

echo "== fuzz: ${#TARGETS[@]} target(s), ${FUZZ_RUNS:+$FUZZ_RUNS runs}${FUZZ_RUNS:-$SECONDS_PER_TARGET s} each, $JOBS at a time" >&2
status=0
printf '%s\n' "${TARGETS[@]}" | xargs -P "$JOBS" -I{} bash -c 'run_one "$@"' _ {} || status=$?
if [ "$status" -ne 0 ]; then
  echo "fuzz.sh: FINDINGS (see $BUILD/logs/*.log and $BUILD/artifacts/)" >&2
  ls -1 "$BUILD"/artifacts/*/ 2>/dev/null >&2 || true
  exit 1
fi
echo "fuzz.sh: no findings" >&2
