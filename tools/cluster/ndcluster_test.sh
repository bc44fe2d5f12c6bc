#!/bin/sh
# ctest: the Dask driver on a 2-worker LocalCluster builds the bundled examples
# in shards and merges them; the result must equal one single-machine build
# byte for byte. Exit 77 (skip) only when Dask is not installed.
# Usage: ndcluster_test.sh NEWSDIGEST SOURCE_DIR
set -eu
ND="$1"
SRC="$2"
/usr/bin/python3 -c "import dask.distributed" 2>/dev/null || { echo "Dask (python3-distributed) absent: skipped"; exit 77; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
"$ND" train-dict -o "$W/news.dict" "$SRC/tools/examples" >/dev/null 2>&1
# Inputs in the order the driver shards them: the example files by name.
FILES=$(find "$SRC/tools/examples" -type f ! -name README.md ! -name '.*' | LC_ALL=C sort)
# shellcheck disable=SC2086
"$ND" build -q -j 1 --dict "$W/news.dict" -o "$W/single.ndg" $FILES
# shellcheck disable=SC2086
/usr/bin/python3 "$SRC/tools/cluster/ndcluster.py" --newsdigest "$ND" --workers 2 --shards 5 \
  --dict "$W/news.dict" -o "$W/cluster.ndg" $FILES
cmp "$W/single.ndg" "$W/cluster.ndg"
echo "cluster build == single build ($(wc -c < "$W/single.ndg") bytes)"

# A directory as build walks it: a subfolder whose files sort between the
# top-level ones by full path ("a.txt" < "a/..." < "b.txt"), a non-article
# NOTES.md and data.csv (skipped by the walk), a hidden file.
D="$W/dir"
mkdir -p "$D/a"
N=0
for f in $FILES; do
  N=$((N + 1))
  case $N in
    1) cp "$f" "$D/a.${f##*.}" ;;
    2|3) cp "$f" "$D/a/x$N.${f##*.}" ;;
    *) cp "$f" "$D/b$N.${f##*.}" ;;
  esac
done
printf 'notes, not an article\n' > "$D/NOTES.md"
printf 'x,y\n1,2\n' > "$D/data.csv"
printf 'hidden\n' > "$D/.hidden.txt"
"$ND" build -q -j 1 --dict "$W/news.dict" -o "$W/single-dir.ndg" "$D" || true
test -s "$W/single-dir.ndg"
/usr/bin/python3 "$SRC/tools/cluster/ndcluster.py" --newsdigest "$ND" --workers 2 --shards 3 \
  --dict "$W/news.dict" -o "$W/cluster-dir.ndg" "$D"
cmp "$W/single-dir.ndg" "$W/cluster-dir.ndg"
echo "directory: cluster build == single build"

# An error path (a dictionary that does not exist) leaves no temporary folder.
mkdir "$W/tmp"
if TMPDIR="$W/tmp" /usr/bin/python3 "$SRC/tools/cluster/ndcluster.py" --newsdigest "$ND" --workers 1 --shards 1 \
  --dict "$W/missing.dict" -o "$W/never.ndg" "$D" 2>/dev/null; then
  echo "a missing dictionary was accepted"; exit 1
fi
LEFT=$(ls -A "$W/tmp" | grep '^ndcluster\.' || true)
test -z "$LEFT" || { echo "temporary folder left: $LEFT"; exit 1; }
echo "error path: no temporary folder left"

# Every input rejected: exit 2 and build's message, no output file.
printf '\377\376 not UTF-8\n' > "$W/bad1.txt"
printf '\377 not UTF-8 either\n' > "$W/bad2.txt"
RC=0
/usr/bin/python3 "$SRC/tools/cluster/ndcluster.py" --newsdigest "$ND" --workers 1 --shards 2 \
  --dict "$W/news.dict" -o "$W/none.ndg" "$W/bad1.txt" "$W/bad2.txt" 2>"$W/none.err" || RC=$?
test "$RC" = 2 || { echo "all inputs rejected: exit $RC, not 2"; cat "$W/none.err"; exit 1; }
grep -q "every input was rejected" "$W/none.err" || { cat "$W/none.err"; exit 1; }
grep -q "is required" "$W/none.err" && { echo "merge usage error leaked"; exit 1; }
test ! -e "$W/none.ndg" || { echo "an output was written"; exit 1; }
echo "all rejected: exit 2, no output"
