#!/bin/sh
# Extraction benchmark: one command.
#   benchmarks/extract/run.sh [BUILD_DIR]
# Builds nd_extract_bench, runs it over ../shared/eval/extract (scrapinghub and
# readability sets; override with EXTRACT_EVAL_DATA), prints the Markdown
# report (also saved as BUILD_DIR/benchmarks/extract/out/report.md) and
# re-scores the predictions with the benchmark's own score.py as a check of
# our metric implementation.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build-bench}
DATA=${EXTRACT_EVAL_DATA:-$ROOT/../shared/eval/extract}
if [ ! -d "$DATA" ]; then
  echo "no evaluation data at $DATA (set EXTRACT_EVAL_DATA)" >&2
  exit 1
fi
cmake -S "$ROOT" -B "$BUILD" -DNEWSDIGEST_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$BUILD" -j2 --target nd_extract_bench >/dev/null
OUT="$BUILD/benchmarks/extract/out"
mkdir -p "$OUT"
"$BUILD/benchmarks/extract/nd_extract_bench" --data "$DATA" --out "$OUT" | tee "$OUT/report.md"
if command -v python3 >/dev/null 2>&1 && [ -f "$DATA/score.py" ]; then
  echo
  echo "## Cross-check with score.py"
  echo
  echo '```'
  EXTRACT_EVAL_DATA="$DATA" python3 "$DATA/score.py" --n-bootstrap 200 "$OUT/scrapinghub-preds.json"
  EXTRACT_EVAL_DATA="$DATA" python3 "$DATA/score.py" --n-bootstrap 200 --set readability --subset real \
    "$OUT/readability-preds.json"
  echo '```'
fi
