#!/bin/sh
# The size benchmark in one command:
#   benchmarks/size/run.sh [CORPUS...]
# CORPUS: JSONL files or directories (as for `newsdigest build`). Default: the
# bundled examples (tools/examples) plus, when ../shared is present, the
# corpora in ../shared/eval/summ. Writes benchmarks/size/results/ (results.md,
# results.csv, splits.csv, size.png, users.md) and the results sections of
# README.md. users.md (users.sh): the default `newsdigest build` command lines,
# held-out rows and the train-dict tier table.
# A dictionary trained on the BBC corpus (when present) is also measured as
# the preloaded dictionary of every corpus; it is kept in the build directory
# only (it is derived from the corpus and must not be committed).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ND_BUILD_DIR:-$root/build-size}
here=$root/benchmarks/size
out=$here/results
cmake -S "$root" -B "$build" -DNEWSDIGEST_BUILD_BENCHMARKS=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target size_bench newsdigest >/dev/null
shared=$root/../shared/eval/summ
if [ $# -eq 0 ]; then
  set -- "$root/tools/examples"
  for c in bbc_news_summary cnn_val1k orangesum_abstract_test; do
    if [ -f "$shared/$c.jsonl" ]; then set -- "$@" "$shared/$c.jsonl"; fi
  done
fi
dictarg=""
if [ -f "$shared/bbc_news_summary.jsonl" ]; then
  "$build/tools/newsdigest" train-dict -q -o "$build/bbc.en.dict" "$shared/bbc_news_summary.jsonl"
  dictarg="--dict $build/bbc.en.dict"
fi
mkdir -p "$out"
# shellcheck disable=SC2086
"$build/benchmarks/size/size_bench" --out "$out" $dictarg "$@" >/dev/null
(cd "$out" && gnuplot size.gp)
# The default command lines, held-out rows and tiers (JSONL corpora only).
jsonl=""
for c in "$@"; do case "$c" in *.jsonl) jsonl="$jsonl $c" ;; esac; done
if [ -n "$jsonl" ]; then
  # shellcheck disable=SC2086
  "$here/users.sh" "$build/tools/newsdigest" "$out" "$build/users" $jsonl
  awk -v results="$out/users.md" '
    /<!-- users:begin -->/ { print; while ((getline line < results) > 0) print line; skip = 1; next }
    /<!-- users:end -->/ { skip = 0 }
    !skip { print }' "$here/README.md" > "$here/README.md.tmp" && mv "$here/README.md.tmp" "$here/README.md"
fi
# Splice the tables into README.md between the markers.
awk -v results="$out/results.md" '
  /<!-- results:begin -->/ { print; while ((getline line < results) > 0) print line; skip = 1; next }
  /<!-- results:end -->/ { skip = 0 }
  !skip { print }' "$here/README.md" > "$here/README.md.tmp" && mv "$here/README.md.tmp" "$here/README.md"
echo "wrote $out and $here/README.md"
