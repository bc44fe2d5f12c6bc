#!/usr/bin/env bash
# The main job, end to end: installs what is missing, builds, packs the
# bundled example articles into a digest file, lists it, verifies it and
# prints one digest decoded. Usage: ./tools/demo.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/tools/setup-deps.sh"
BUILD="$ROOT/build/demo"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNEWSDIGEST_BUILD_TESTS=OFF >/dev/null
echo "== building newsdigest (log: $BUILD/build.log)"
cmake --build "$BUILD" -j "$(nproc)" --target newsdigest >"$BUILD/build.log" 2>&1 || { cat "$BUILD/build.log"; exit 1; }
ND="$BUILD/tools/newsdigest"
OUT="$BUILD/examples.ndg"

echo "== newsdigest build -o examples.ndg tools/examples/*.txt tools/examples/*.jsonl"
"$ND" build -o "$OUT" "$ROOT"/tools/examples/*.txt "$ROOT"/tools/examples/*.jsonl
echo
echo "== newsdigest ls examples.ndg"
"$ND" ls "$OUT"
echo
echo "== newsdigest verify examples.ndg"
"$ND" verify "$OUT"
echo
echo "== newsdigest show examples.ndg 0 --body"
"$ND" show "$OUT" 0 --body
echo
echo "== newsdigest stats examples.ndg"
"$ND" stats "$OUT"
