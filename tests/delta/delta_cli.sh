#!/bin/sh
# CLI check of `newsdigest delta` and `newsdigest patch`: a day's update
# round-trips byte for byte; a wrong base, a truncated, a tampered and a
# replayed update each fail with a message naming the file and the reason,
# and leave an existing output untouched. Signed NEW: `patch --key` accepts
# it; a NEW edited and re-hashed into an update (not re-signed), another
# key, an unsigned NEW with --require-signature each fail with exit 2 and
# the signature's reason, output untouched.
# Usage: delta_cli.sh NEWSDIGEST_BINARY EXAMPLES_DIR WORK_DIR
set -u
nd=$1; examples=$2; work=$3
rm -rf "$work"; mkdir -p "$work/day1" "$work/day2"
fail() { echo "FAIL: $*"; exit 1; }
n=0
for f in "$examples"/*.txt; do
  n=$((n + 1))
  cp "$f" "$work/day2/"
  [ $n -le 6 ] && cp "$f" "$work/day1/"
done
"$nd" train-dict -q -o "$work/ex.dict" --size 8192 "$examples" || fail "train-dict"
"$nd" build -q -o "$work/old.ndg" --dict "$work/ex.dict" --embed-dict "$work/day1" || fail "build day 1"
"$nd" build -q -o "$work/new.ndg" --dict "$work/ex.dict" --embed-dict "$work/day2" || fail "build day 2"
"$nd" build -q -o "$work/other.ndg" --dict "$work/ex.dict" --embed-dict "$work/day2/$(ls "$work/day2" | tail -1)" \
  || fail "build other"
"$nd" delta "$work/old.ndg" "$work/new.ndg" -o "$work/up.ndu" --sequence 20 2>"$work/delta.err" || fail "delta: $(cat "$work/delta.err")"
"$nd" patch "$work/old.ndg" "$work/up.ndu" -o "$work/rebuilt.ndg" || fail "patch"
cmp -s "$work/new.ndg" "$work/rebuilt.ndg" || fail "patched file differs from NEW"
[ "$(wc -c < "$work/up.ndu")" -lt "$(wc -c < "$work/new.ndg")" ] || fail "update not smaller than NEW"

# The output is never one of the inputs (also through a symlink or a hard
# link): refused before anything is written, the input unchanged; the
# message names the command that refuses.
cp "$work/new.ndg" "$work/new-copy.ndg"; cp "$work/old.ndg" "$work/old-copy.ndg"; cp "$work/up.ndu" "$work/up-copy.ndu"
ln -sf "$work/new.ndg" "$work/new-sym.ndg"; ln -f "$work/old.ndg" "$work/old-hard.ndg"
refuse() {  # refuse WHAT ARGS...
  what=$1; shift
  err=$("$nd" "$@" 2>&1) && fail "$what: succeeded"
  echo "$err" | grep -q "output file too ($1 must not replace its input)" || fail "$what: unclear error: $err"
  cmp -s "$work/new.ndg" "$work/new-copy.ndg" && cmp -s "$work/old.ndg" "$work/old-copy.ndg" \
    && cmp -s "$work/up.ndu" "$work/up-copy.ndu" || fail "$what: an input was overwritten"
  echo "ok $what: $err"
}
refuse "delta -o NEW" delta "$work/old.ndg" "$work/new.ndg" -o "$work/new.ndg" --sequence 20
refuse "delta -o OLD" delta "$work/old.ndg" "$work/new.ndg" -o "$work/old.ndg" --sequence 20
refuse "delta -o symlink to NEW" delta "$work/old.ndg" "$work/new.ndg" -o "$work/new-sym.ndg" --sequence 20
refuse "delta -o hard link to OLD" delta "$work/old.ndg" "$work/new.ndg" -o "$work/old-hard.ndg" --sequence 20
refuse "patch -o UPDATE" patch "$work/old.ndg" "$work/up.ndu" -o "$work/up.ndu"
refuse "patch -o OLD" patch "$work/old.ndg" "$work/up.ndu" -o "$work/old-hard.ndg"

# OLD and NEW must be digest files the reader opens: a dictionary, a cut
# NEW or a cut OLD is refused, naming the file, and no update is written.
size=$(wc -c < "$work/new.ndg")
head -c $((size - 40)) "$work/new.ndg" > "$work/new-cut.ndg"
size=$(wc -c < "$work/old.ndg")
head -c $((size / 2)) "$work/old.ndg" > "$work/old-cut.ndg"
not_digest() {  # not_digest WHAT PATTERN OLD NEW
  what=$1; pat=$2
  rm -f "$work/bad.ndu"
  err=$("$nd" delta "$3" "$4" -o "$work/bad.ndu" --sequence 20 2>&1) && fail "$what: delta succeeded"
  echo "$err" | grep -q "$pat" || fail "$what: unclear error: $err"
  [ -e "$work/bad.ndu" ] && fail "$what: an update was written"
  echo "ok $what: $err"
}
not_digest "NEW a dictionary" "ex.dict: not a digest file" "$work/old.ndg" "$work/ex.dict"
not_digest "NEW truncated" "new-cut.ndg" "$work/old.ndg" "$work/new-cut.ndg"
not_digest "OLD truncated" "old-cut.ndg" "$work/old-cut.ndg" "$work/new.ndg"
not_digest "OLD a dictionary" "ex.dict: not a digest file" "$work/ex.dict" "$work/new.ndg"
# A digest file given to patch as the update is named for what it is.
err=$("$nd" patch "$work/old.ndg" "$work/new.ndg" -o "$work/bad.ndg" 2>&1) && fail "patch of a digest file succeeded"
echo "$err" | grep -q "new.ndg: not an update file (no NDGU magic)" || fail "patch of a digest file: unclear error: $err"
[ -e "$work/bad.ndg" ] && fail "patch of a digest file wrote its output"
echo "ok patch of a digest file: $err"

expect() {  # expect WHAT PATTERN OLD UPDATE [args...]
  what=$1; pat=$2; old=$3; upd=$4; shift 4
  echo keep > "$work/out.ndg"
  err=$("$nd" patch "$old" "$upd" -o "$work/out.ndg" "$@" 2>&1) && fail "$what: patch succeeded"
  echo "$err" | grep -q "$pat" || fail "$what: unclear error: $err"
  echo "$err" | grep -q "up" || fail "$what: error does not name the update: $err"
  [ "$(cat "$work/out.ndg")" = keep ] || fail "$what: output was replaced"
  echo "ok $what: $err"
}
expect "wrong base" "another edition" "$work/other.ndg" "$work/up.ndu"
head -c 500 "$work/up.ndu" > "$work/up-cut.ndu"
expect "truncated" "truncated" "$work/old.ndg" "$work/up-cut.ndu"
cp "$work/up.ndu" "$work/up-bad.ndu"
printf 'X' | dd of="$work/up-bad.ndu" bs=1 seek=300 conv=notrunc 2>/dev/null
expect "tampered" "tampered" "$work/old.ndg" "$work/up-bad.ndu"
expect "replayed" "not newer" "$work/old.ndg" "$work/up.ndu" --current-sequence 20
expect "applied twice" "not newer" "$work/new.ndg" "$work/up.ndu"

# Signatures: NEW signed at build time travels in the update untouched.
"$nd" keygen -o "$work/k" >/dev/null || fail "keygen"
"$nd" keygen -o "$work/o" >/dev/null || fail "keygen other"
"$nd" build -q -o "$work/snew.ndg" --sign "$work/k" --dict "$work/ex.dict" --embed-dict "$work/day2" \
  || fail "build --sign"
"$nd" delta "$work/old.ndg" "$work/snew.ndg" -o "$work/sup.ndu" --sequence 30 2>/dev/null || fail "delta signed"
"$nd" patch "$work/old.ndg" "$work/sup.ndu" -o "$work/srebuilt.ndg" --key "$work/k.pub" --require-signature \
  || fail "patch --key"
cmp -s "$work/snew.ndg" "$work/srebuilt.ndg" || fail "signed patched file differs from NEW"
"$nd" verify "$work/srebuilt.ndg" --key "$work/k.pub" --require-signature >/dev/null || fail "verify patched"
# The secret key file given as --key works (its public half) but is named, as verify names it.
"$nd" patch "$work/old.ndg" "$work/sup.ndu" -o "$work/srebuilt2.ndg" --key "$work/k" 2>"$work/seckey.err" \
  || fail "patch --key SECRET"
grep -q "is a secret key file" "$work/seckey.err" || fail "patch --key SECRET: no warning: $(cat "$work/seckey.err")"
# The forgery: a byte of NEW changed, the update made from it (so its CRC
# and NEW's SHA-512 hold), the signature left as it was.
cp "$work/snew.ndg" "$work/forged.ndg"
size=$(wc -c < "$work/forged.ndg")
printf 'Z' | dd of="$work/forged.ndg" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
cmp -s "$work/snew.ndg" "$work/forged.ndg" && fail "forgery did not change NEW"
"$nd" delta "$work/old.ndg" "$work/forged.ndg" -o "$work/sup-forged.ndu" --sequence 31 2>/dev/null \
  || fail "delta forged"
"$nd" patch "$work/old.ndg" "$work/sup-forged.ndu" -o "$work/plain.ndg" >/dev/null 2>&1 \
  || fail "the forged update should pass without --key (it is consistent)"
expect_sig() {  # expect_sig WHAT PATTERN UPDATE [args...]
  what=$1; pat=$2; upd=$3; shift 3
  echo keep > "$work/out.ndg"
  err=$("$nd" patch "$work/old.ndg" "$upd" -o "$work/out.ndg" "$@" 2>&1)
  rc=$?
  [ $rc -eq 2 ] || fail "$what: exit $rc, want 2: $err"
  echo "$err" | grep -q "$pat" || fail "$what: unclear error: $err"
  echo "$err" | grep -q "signature" || fail "$what: error does not say signature: $err"
  [ "$(cat "$work/out.ndg")" = keep ] || fail "$what: output was replaced"
  echo "ok $what: $err"
}
expect_sig "forged NEW" "tampered" "$work/sup-forged.ndu" --key "$work/k.pub"
expect_sig "wrong key" "another key" "$work/sup.ndu" --key "$work/o.pub"
expect_sig "unsigned required" "not signed" "$work/up.ndu" --key "$work/k.pub" --require-signature
"$nd" patch "$work/old.ndg" "$work/up.ndu" -o "$work/uns.ndg" --key "$work/k.pub" 2>"$work/uns.err" \
  || fail "unsigned NEW without --require-signature"
grep -q "not signed" "$work/uns.err" || fail "no warning for an unsigned NEW: $(cat "$work/uns.err")"
"$nd" patch "$work/old.ndg" "$work/sup.ndu" -o "$work/x.ndg" --require-signature 2>"$work/req.err"
[ $? -eq 1 ] && grep -q "needs --key" "$work/req.err" || fail "--require-signature without --key: $(cat "$work/req.err")"
[ -e "$work/x.ndg" ] && fail "--require-signature without --key wrote its output"
echo "ok"
