#!/bin/sh
# Summary quality benchmark, one command:
#   benchmarks/quality/run.sh [build-dir]
# Builds summ_quality and summ_speed_bench (Release), checks our ROUGE against
# ../shared/eval/summ/rouge.py, then prints, for every set in
# ../shared/eval/summ/*.jsonl (when present) and for the bundled examples, a
# markdown table of ours / Lead-k / random-k / OTS (at our summary length),
# for all articles and for the held-out half (odd articles), then the speed.
# Then ours vs Lead-k per set and article length, and on unseen data: the
# robust designs of issue 16 (summ_quality designs: nested leave-one-corpus-out
# and 3-fold, retraining a model per fold; NO_LOCO=1 skips that part).
# Environment: NEWSDIGEST_SHARED_DIR (default <repo>/../shared), NO_OTS=1, NO_LOCO=1,
# OLD_BUILD=<build dir of an older checkout with summ_corpus_bench> for a
# side-by-side speed ratio and a byte-exact comparison of the summaries.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build-quality}
SHARED=${NEWSDIGEST_SHARED_DIR:-$ROOT/../shared}
SUMM=$SHARED/eval/summ
cmake -S "$ROOT" -B "$BUILD" -DNEWSDIGEST_BUILD_BENCHMARKS=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j2 --target summ_quality summ_speed_bench summ_corpus_bench >/dev/null
Q=$BUILD/benchmarks/quality/summ_quality
OTS=--ots
if [ "${NO_OTS:-0}" = 1 ] || ! command -v ots >/dev/null 2>&1; then OTS=; fi

# k per set: OrangeSum and XSum references are one sentence long.
k_for() {
  case "$(basename "$1")" in
    orangesum*|xsum*) echo 1 ;;
    *) echo 3 ;;
  esac
}
lang_for() {
  case "$(basename "$1")" in
    orangesum*) echo fr ;;
    *) echo en ;;
  esac
}

if [ -f "$SUMM/rouge.py" ] && [ -d "$SUMM/baselines" ] && command -v python3 >/dev/null 2>&1; then
  echo "## ROUGE check: ours vs rouge.py on the published baselines"
  for hyp in "$SUMM"/baselines/*.lead*.jsonl "$SUMM"/baselines/*.ots_r20.jsonl; do
    set_name=$(basename "$hyp" | sed 's/\..*//')
    refs=$SUMM/$set_name.jsonl
    [ -f "$refs" ] || continue
    lang=$(lang_for "$refs")
    ours=$($Q rouge --refs "$refs" --hyps "$hyp" --lang "$lang" | awk '/F1/ {printf "%s ", $3}')
    theirs=$(python3 "$SUMM/rouge.py" --refs "$refs" --hyps "$hyp" --lang "$lang" | awk '/F1/ {printf "%s ", $3}')
    echo "$(basename "$hyp"): ours $ours| rouge.py $theirs"
  done
  echo
fi

echo "## Quality (ROUGE F1 x100)"
echo
echo "| set | method | n | sents | words | R-1 | R-2 | R-Lsum |"
echo "|---|---|---|---|---|---|---|---|"
for set in "$SUMM"/*.jsonl "$ROOT/benchmarks/quality/data/examples.jsonl"; do
  [ -f "$set" ] || continue
  k=$(k_for "$set")
  $Q eval --set "$set" --k "$k" $OTS --markdown
  $Q eval --set "$set" --k "$k" --split test --markdown --label "$(basename "$set" .jsonl) (held-out)" | head -2
done

# Ours vs Lead-k on unseen data (issue 16). Targets in the tuning objective
# are the issue's targets + 0.3, as in train.sh.
target_for() {
  case "$(basename "$1")" in
    cnn*) echo 29.9:11.9:26.7 ;;
    bbc*) echo 57.1:50.9:56.4 ;;
    orangesum*) echo 22.9:7.3:16.9 ;;
    *) echo 0:0:0 ;;
  esac
}
LOCO_SETS=
for set in "$SUMM"/*.jsonl; do
  [ -f "$set" ] || continue
  LOCO_SETS="$LOCO_SETS --set $set:$(k_for "$set"):$(target_for "$set")"
done
if [ -n "$LOCO_SETS" ]; then
  echo
  echo "## The shipped model vs Lead-k, per set and per article length (all articles; tuned on the even ones)"
  echo
  $Q loco $LOCO_SETS --rounds 0 --bins
  if [ "${NO_LOCO:-0}" != 1 ]; then
    echo
    echo "## Unseen data: robust designs, leave-one-corpus-out (nested) and 3-fold"
    echo
    echo "Each fold's model: one linear model from a pure position prior (model_lead.txt), 3 rounds of coordinate"
    echo "ascent on the even articles of its training part, L2 pull toward the prior 0.2, lead guard 1, lead margin"
    echo "tuned. Designs on top: d = as tuned; a = confidence fallback to Lead-k (lead_margin); b = lead sentence 1"
    echo "always kept; c = position prior blended with standardized scores (prior_weight); bc = b + c. The nested"
    echo "value is chosen by leave-one-out among the training corpora only (single-corpus models); the default value"
    echo "is the smallest whose worst held-out gain is within 0.05 of the best. Models are cached in"
    echo "$BUILD/summ_models (delete it to retrain: about 10-25 minutes). NO_LOCO=1 skips this part."
    echo
    mkdir -p "$BUILD/summ_models"
    $Q designs $LOCO_SETS --load "$ROOT/benchmarks/quality/model_lead.txt" --gate 20:30 --params long --lead-margin \
      --lead-guard 1 --l2 0.2 --rounds 3 --train-split train --folds 3 --models "$BUILD/summ_models"
  fi
fi
echo
echo "## Speed"
"$BUILD/benchmarks/quality/summ_speed_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true 2>/dev/null
SETS=$(ls "$SUMM"/*.jsonl 2>/dev/null || true)
[ -n "$SETS" ] || SETS=$ROOT/benchmarks/quality/data/examples.jsonl
NEW=$BUILD/benchmarks/quality/summ_corpus_bench
echo
echo "Summarize() over every article of: $(echo $SETS | xargs -n1 basename | tr '\n' ' ')"
if [ -n "${OLD_BUILD:-}" ] && [ -x "$OLD_BUILD/benchmarks/quality/summ_corpus_bench" ]; then
  OLD=$OLD_BUILD/benchmarks/quality/summ_corpus_bench
  TMP=$(mktemp -d)
  # Alternate old and new so both see the same machine load.
  for round in 1 2; do
    $OLD --reps 2 $SETS | sed 's/^/old: /' | tee -a "$TMP/old.txt"
    $NEW --reps 2 $SETS | sed 's/^/new: /' | tee -a "$TMP/new.txt"
  done
  old_us=$(awk '{print $5}' "$TMP/old.txt" | sort -n | head -1)
  new_us=$(awk '{print $5}' "$TMP/new.txt" | sort -n | head -1)
  echo "speed ratio old/new (best CPU time per article): $(echo "$old_us $new_us" | awk '{printf "%.2fx", $1 / $2}')"
  $OLD --reps 1 --golden "$TMP/old.golden" $SETS >/dev/null
  $NEW --reps 1 --golden "$TMP/new.golden" $SETS >/dev/null
  if cmp -s "$TMP/old.golden" "$TMP/new.golden"; then
    echo "summaries and keywords: byte-identical on all $(wc -l < "$TMP/new.golden") articles"
  else
    echo "summaries and keywords: $(diff "$TMP/old.golden" "$TMP/new.golden" | grep -c '^<') of $(wc -l < "$TMP/new.golden") articles differ"
  fi
  rm -rf "$TMP"
else
  $NEW --reps 3 $SETS
fi
