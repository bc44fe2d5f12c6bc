#!/bin/sh
# CLI check: a file that names a dictionary it does not embed fails with a
# clear "dictionary missing" error, and reads fine once the dictionary is given.
# Usage: missing_dict_cli.sh NEWSDIGEST_BINARY EXAMPLES_DIR WORK_DIR
set -u
nd=$1; examples=$2; work=$3
mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
"$nd" train-dict -q -o "$work/ex.dict" --size 8192 "$examples" || fail "train-dict"
"$nd" build -q -o "$work/named.ndg" --dict "$work/ex.dict" "$examples" || fail "build --dict"
"$nd" build -q -o "$work/embedded.ndg" --dict "$work/ex.dict" --embed-dict "$examples" || fail "build --embed-dict"
err=$("$nd" show "$work/named.ndg" 0 2>&1 >/dev/null) && fail "show without the dictionary succeeded"
echo "$err" | grep -q "dictionary missing" || fail "unclear error: $err"
"$nd" show --dict "$work/ex.dict" "$work/named.ndg" 0 >/dev/null || fail "show --dict"
"$nd" show "$work/embedded.ndg" 0 >/dev/null || fail "show of the self-contained file"
"$nd" verify "$work/embedded.ndg" >/dev/null 2>&1 || fail "verify of the self-contained file"
[ "$(wc -c < "$work/embedded.ndg")" -gt "$(wc -c < "$work/named.ndg")" ] || fail "embedded file is not larger"
echo "ok: $err"
