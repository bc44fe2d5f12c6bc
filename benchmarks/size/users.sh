#!/bin/sh
# What users get: the default command lines of `newsdigest build` as rows,
# held-out rows and the train-dict tier table, as ratios to the sum of
# per-article brotli -q 11 -w 24 (read from results.csv, written by size_bench
# first). Called by run.sh:
#   users.sh NEWSDIGEST RESULTS_DIR WORK_DIR CORPUS.jsonl...
# Writes RESULTS_DIR/users.md. Every built file is checked with `verify`.
set -eu
nd=$1 out=$2 work=$3
shift 3
mkdir -p "$work"
csv=$out/results.csv
md=$out/users.md

name_of() { basename "$1" .jsonl; }
# Bytes of the per-article brotli references do not depend on the method:
# results.csv quotes methods that contain commas, so match by prefix instead.
brotli_ref() {
  grep "^$1,\"$2\"," "$csv" | head -1 | awk -F'",' '{ split($2, f, ","); print f[2] }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
size() { wc -c < "$1" | tr -d ' '; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# row CORPUS LABEL BROTLI FILE SECONDS NOTE
row() {
  b=$(size "$4")
  echo "| $1 | \`$2\` | $b | $(ratio "$b" "$3") | $5 | $6 |" >> "$md"
}

{
  echo "### What users get (default command lines; ids and 5 keywords per article)"
  echo
  echo "× brotli: file bytes / sum of per-article brotli -q 11 -w 24 over the same articles (title + body)."
  echo "Seconds: wall time of the whole command, \`-j 1\` (one core; summarizing included), shared machine."
  echo
  echo "| corpus | command | bytes | × brotli | s | note |"
  echo "|---|---|---:|---:|---:|---|"
} > "$md"

for c in "$@"; do
  n=$(name_of "$c")
  ref=$(brotli_ref "$n" "brotli -q 11 -w 24, per article")
  [ -n "$ref" ] || continue
  for args in "" "--train-dict" "--train-dict --compress-dict" "--train-dict --compress-dict --device-ram 64K" \
              "--train-dict --dict-size 65536"; do
    f=$work/$n.ndg
    t0=$(now)
    # shellcheck disable=SC2086
    "$nd" build -q -j 1 $args -o "$f" "$c"
    t1=$(now)
    "$nd" verify "$f" >/dev/null 2>&1 || echo "verify failed: $n $args" >&2
    note=""
    case "$args" in
      "") note="no dictionary" ;;
      "--train-dict") note="size chosen; plain dictionary (device layout: read in place, no RAM)" ;;
      "--train-dict --compress-dict") note="size chosen; compressed dictionary (reader RAM = dictionary size)" ;;
      *device-ram*) note="compressed, dictionary <= 64 KiB of reader RAM" ;;
      *dict-size*) note="the old fixed 64 KiB, plain" ;;
    esac
    row "$n" "build $args" "$ref" "$f" "$(secs "$t0" "$t1")" "$note"
  done
done

# Held-out: even lines train, odd lines are measured (the same split as
# size_bench: one article per line).
{
  echo
  echo "### Held-out rows (a dictionary trained on one part, measured on another)"
  echo
  echo "| corpus measured | command | bytes | × brotli | s | note |"
  echo "|---|---|---:|---:|---:|---|"
} >> "$md"
en=""
for c in "$@"; do
  n=$(name_of "$c")
  ref=$(brotli_ref "$n" "held-out: brotli -q 11 -w 24, per article (odd half)")
  [ -n "$ref" ] || continue
  awk 'NR % 2 == 1' "$c" > "$work/$n.even.jsonl"
  awk 'NR % 2 == 0' "$c" > "$work/$n.odd.jsonl"
  "$nd" train-dict -q --tiers -o "$work/$n-even.dict" "$work/$n.even.jsonl"
  for t in 256k 1m; do
    f=$work/$n.odd.ndg
    t0=$(now)
    "$nd" build -q -j 1 --dict "$work/$n-even-$t.dict" -o "$f" "$work/$n.odd.jsonl"
    t1=$(now)
    "$nd" verify --dict "$work/$n-even-$t.dict" "$f" >/dev/null 2>&1 || echo "verify failed: $n odd $t" >&2
    row "$n (odd half)" "build --dict $n-even-$t.dict" "$ref" "$f" "$(secs "$t0" "$t1")" "preloaded, trained on the even half (same source)"
  done
  case "$n" in orangesum*) ;; *) en="$en $c" ;; esac
done
# Other source: each English corpus measured with tiers trained on the others.
for c in $en; do
  n=$(name_of "$c")
  ref=$(brotli_ref "$n" "brotli -q 11 -w 24, per article")
  others=""
  for o in $en; do [ "$o" = "$c" ] || others="$others $o"; done
  [ -n "$others" ] || continue
  # shellcheck disable=SC2086
  "$nd" train-dict -q --tiers -o "$work/not-$n.dict" $others
  for t in 64k 256k 1m; do
    f=$work/$n.other.ndg
    t0=$(now)
    "$nd" build -q -j 1 --dict "$work/not-$n-$t.dict" -o "$f" "$c"
    t1=$(now)
    "$nd" verify --dict "$work/not-$n-$t.dict" "$f" >/dev/null 2>&1 || echo "verify failed: $n other $t" >&2
    row "$n" "build --dict not-$n-$t.dict" "$ref" "$f" "$(secs "$t0" "$t1")" "preloaded, trained on the other English corpora"
  done
done

# The tier table: per-article zstd of bodies only (no container).
{
  echo
  echo "### Dictionary tiers (\`train-dict --tiers\`), measured on news they were not trained on"
  echo
  echo "Bodies only, each compressed alone at level 19; \"× no dictionary\" against the same without one."
  echo
} >> "$md"
for c in $en; do
  n=$(name_of "$c")
  others=""
  for o in $en; do [ "$o" = "$c" ] || others="$others $o"; done
  [ -n "$others" ] || continue
  {
    echo "Trained on$(for o in $others; do printf ' %s' "$(name_of "$o")"; done), measured on $n:"
    echo
    # shellcheck disable=SC2086
    "$nd" train-dict -q --tiers -o "$work/tier-$n.dict" --measure "$c" $others | sed "s|$work/||; /^held-out:/G"
    echo
  } >> "$md"
done
for c in "$@"; do
  n=$(name_of "$c")
  {
    echo "Trained on $n except every 4th article, measured on those:"
    echo
    "$nd" train-dict -q --tiers -o "$work/tier-$n-h.dict" --hold-out 4 "$c" | sed "s|$work/||; /^held-out:/G"
    echo
  } >> "$md"
done
