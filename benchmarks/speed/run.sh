#!/usr/bin/env bash
# One command for the speed report: builds the speed benchmarks and the CLI
# (Release), runs them, times `newsdigest build --threads N`, measures the
# peak RSS of a 100,000-article streamed build, and writes
# benchmarks/speed/README.md with tables and gnuplot charts.
#
# usage: benchmarks/speed/run.sh
# env:   BUILD_DIR            build directory (default: build-speed)
#        ND_SPEED_QUICK=1     small corpus, fewer repetitions, 5,000-article stream
#        ND_SPEED_ARTICLES    corpus size for the benchmarks (default 1000)
#        ND_SPEED_STREAM      articles in the memory test stream (default 100000)
#        ND_SPEED_REPS        benchmark repetitions (default 5)
#        ND_SPEED_KEEP=1      keep the raw results directory
#        ND_SPEED_CORPUS      colon-separated corpus files/dirs (default: ../shared
#                             eval corpora when present, else tools/examples)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/benchmarks/speed"
BUILD="${BUILD_DIR:-$ROOT/build-speed}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
QUICK="${ND_SPEED_QUICK:-0}"
if [ "$QUICK" = 1 ]; then
  export ND_SPEED_ARTICLES="${ND_SPEED_ARTICLES:-200}"
  STREAM="${ND_SPEED_STREAM:-5000}"; REPS="${ND_SPEED_REPS:-2}"; ROUNDS=1
else
  export ND_SPEED_ARTICLES="${ND_SPEED_ARTICLES:-1000}"
  STREAM="${ND_SPEED_STREAM:-100000}"; REPS="${ND_SPEED_REPS:-5}"; ROUNDS=4
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/nd_speed_run.XXXXXX")"
# ND_SPEED_KEEP=1 keeps the raw results (JSON, timings) for report.py reruns.
[ "${ND_SPEED_KEEP:-0}" = 1 ] && echo "raw results kept in $WORK" || trap 'rm -rf "$WORK"' EXIT

echo "== configure + build (Release) in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNEWSDIGEST_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target newsdigest speed_build_bench speed_read_bench >/dev/null
ND="$BUILD/tools/newsdigest"

{
  echo "date:      $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit:    $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "cpu:       $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
  echo "cores:     $(nproc) online ($(lscpu | sed -n 's/^Thread(s) per core:[[:space:]]*//p') thread(s) per core)"
  echo "memory:    $(free -m | awk '/^Mem:/ {print $2 " MB"}')"
  echo "kernel:    $(uname -sr)"
  echo "compiler:  $(${CXX:-c++} --version | head -1)"
  echo "zstd:      $(zstd --version 2>/dev/null | head -1)"
  echo "build:     Release (-O3), Google Benchmark $(dpkg-query -W -f='${Version}' libbenchmark-dev 2>/dev/null || echo '?')"
  echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) at start (the machine is shared; see notes)"
} > "$WORK/machine.txt"

BENCH_ARGS=(--benchmark_repetitions="$REPS" --benchmark_min_time=0.2 --benchmark_format=console)
echo "== speed_build_bench"
"$BUILD/benchmarks/speed/speed_build_bench" "${BENCH_ARGS[@]}" --benchmark_out="$WORK/build.json" \
  --benchmark_out_format=json | grep -v '_mean\|_median\|_stddev\|_cv' || true
echo "== speed_read_bench"
"$BUILD/benchmarks/speed/speed_read_bench" "${BENCH_ARGS[@]}" --benchmark_out="$WORK/read.json" \
  --benchmark_out_format=json | grep -v '_mean\|_median\|_stddev\|_cv' || true

# Corpus for the CLI runs: the shared eval corpora when present, else the
# bundled examples repeated into a JSONL stream.
SHARED="$ROOT/../shared/eval/summ"
if [ -n "${ND_SPEED_CORPUS:-}" ]; then
  IFS=: read -r -a TC <<< "$ND_SPEED_CORPUS"; TDESC="ND_SPEED_CORPUS"
elif ls "$SHARED"/*.jsonl >/dev/null 2>&1; then
  TC=("$SHARED"/*.jsonl); TDESC="../shared/eval/summ/*.jsonl"
else
  python3 "$HERE/gen_stream.py" "$WORK/examples.jsonl" 2000 "$ROOT/tools/examples"
  TC=("$WORK/examples.jsonl"); TDESC="tools/examples repeated to 2,000 articles"
fi
if [ "$QUICK" = 1 ]; then
  head -n 300 "${TC[0]}" > "$WORK/quick.jsonl"; TC=("$WORK/quick.jsonl"); TDESC="300 articles of $TDESC"
fi
echo "== newsdigest build --threads N ($TDESC), $ROUNDS round(s)"
: > "$WORK/threads.tsv"
for round in $(seq 1 "$ROUNDS"); do
  for t in 1 2 4; do
    /usr/bin/time -f "$t $round %e %U %S %M" -a -o "$WORK/threads.tsv" \
      "$ND" build --quiet --threads "$t" -o "$WORK/t$t.ndg" "${TC[@]}" 2>/dev/null || true
  done
done
cat "$WORK/threads.tsv"
for t in 2 4; do cmp -s "$WORK/t1.ndg" "$WORK/t$t.ndg" || echo "WARNING: --threads $t output differs" >&2; done
TART=$("$ND" stats "$WORK/t1.ndg" 2>/dev/null | awk '$1 == "digests" {print $2; exit}')
[ -n "$TART" ] || TART=$(cat "${TC[@]}" | grep -c .)

echo "== peak RSS: $STREAM-article stream"
SRC=("$ROOT/tools/examples"); ls "$SHARED"/*.jsonl >/dev/null 2>&1 && SRC=("$SHARED"/*.jsonl)
python3 "$HERE/gen_stream.py" "$WORK/stream.jsonl" "$STREAM" "${SRC[@]}"
IN_MB=$(( $(stat -c %s "$WORK/stream.jsonl") / 1048576 ))
CMD="newsdigest build -o out.ndg - < stream.jsonl"
/usr/bin/time -v -o "$WORK/rss.time" "$ND" build --quiet -o "$WORK/stream.ndg" - < "$WORK/stream.jsonl" || true
{
  echo "articles=$STREAM"
  echo "input_mb=$IN_MB"
  echo "command=$CMD (default threads = all cores)"
  echo "max_rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/rss.time")"
  echo "wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/rss.time")"
  echo "output_mb=$(( $(stat -c %s "$WORK/stream.ndg" 2>/dev/null || echo 0) / 1048576 ))"
  echo "threads_corpus=$TDESC"
  echo "threads_articles=$TART"
} > "$WORK/rss.txt"
cat "$WORK/rss.txt"
rm -f "$WORK/stream.jsonl" "$WORK/stream.ndg"
echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) at end" >> "$WORK/machine.txt"

python3 "$HERE/report.py" "$WORK" "$HERE"
