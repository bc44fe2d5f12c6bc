#!/usr/bin/env bash
# The update demo under QEMU (issue 18): builds the update corpus and the
# three update firmware images, then runs one. The applier's SHA-512 and
# the signature verify of NEW come from libsodium's verify-only device build
# (sodium_verify.cmake), the publisher's public key is linked in.
#
# Usage: tools/firmware/update-demo.sh <work-dir> <nd_fw_update_corpus> accept|reject|reject_sig
#   accept:     edition 1 + the good update (edition 2, signed) -> must apply,
#               verify NEW's signature, list the new headlines, check every body
#   reject:     edition 1 + a tampered update (CRC recomputed) -> must be
#               rejected as tampered (NEW's SHA-512)
#   reject_sig: edition 1 + an update to edition 2 signed by another key (CRC
#               and SHA-512 hold) -> must be rejected by the signature step
# <work-dir> is the firmware tests' work dir: device sources are fetched
# into <work-dir>/device-sources (shared with build-firmware.sh), the build
# goes to <work-dir>/fw-update. Exit 77 when the arm toolchain or QEMU is
# missing (the firmware tests' gating).
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 <work-dir> <nd_fw_update_corpus> accept|reject" >&2
  exit 1
fi
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
WORK=$(cd "$1" && pwd)
TOOL=$2
MODE=$3
for t in arm-none-eabi-gcc arm-none-eabi-g++ qemu-system-arm; do
  command -v "$t" >/dev/null 2>&1 || { echo "update-demo: $t not found; skipping" >&2; exit 77; }
done
srcs=$("$HERE/../fetch-device-sources.sh" "$WORK/device-sources")
ZSTD_DIR=$(echo "$srcs" | sed -n 's/^zstd=//p')
NANOPB_DIR=$(echo "$srcs" | sed -n 's/^nanopb=//p')
SODIUM_DIR=$(echo "$srcs" | sed -n 's/^libsodium-dev=//p')
CORPUS="$WORK/update-corpus"
if [ ! -f "$CORPUS/update_expected.h" ] || [ ! -f "$CORPUS/update_key.h" ] ||
   [ "$TOOL" -nt "$CORPUS/update_expected.h" ]; then
  "$TOOL" --out-dir "$CORPUS" >&2
fi
# The device reader's CMake project wants a digest corpus dir: reuse ours
# (its digest.ndg is edition 1; the demo firmware built there is not run).
[ -f "$CORPUS/digest.ndg" ] || cp "$CORPUS/update_old.ndg" "$CORPUS/digest.ndg"
BUILD="$WORK/fw-update"
# RAM: the reader's 40 KiB budget plus 3 KiB more stack for the signature
# verify (libsodium's ref10, about 3 KiB deep; issue 18 allows 4 KiB extra).
# One build at a time (the accept and reject tests may start together).
exec 9>"$WORK/fw-update.lock"
flock 9
cmake -S "$HERE" -B "$BUILD" -DCMAKE_TOOLCHAIN_FILE="$HERE/arm-none-eabi.cmake" -DCMAKE_BUILD_TYPE= \
  -DND_ZSTD_DIR="$ZSTD_DIR" -DND_NANOPB_DIR="$NANOPB_DIR" -DND_SODIUM_DIR="$SODIUM_DIR" \
  -DND_FW_CORPUS_DIR="$CORPUS" -DND_FW_UPDATE_DIR="$CORPUS" -DND_FW_CONFIG=minimal \
  -DND_STACK_SIZE=6144 -DND_RAM_BUDGET=44032 >&2
cmake --build "$BUILD" -j2 --target nd_fw_update nd_fw_update_reject nd_fw_update_reject_sig >&2
flock -u 9
# The applier must not pull in the heap or exceptions (like check.py symbols).
objs=$(find "$BUILD/CMakeFiles/nd_dev_update.dir" -name '*.obj')
[ -n "$objs" ] || { echo "update-demo: no applier objects in $BUILD" >&2; exit 1; }
# shellcheck disable=SC2086
bad=$(arm-none-eabi-nm -A $objs |
  grep -E ' U (malloc|free|calloc|realloc|_Znwj|_Znaj|_ZdlPv[A-Za-z0-9_]*|_ZdaPv[A-Za-z0-9_]*|__cxa_throw|__cxa_allocate_exception|__gxx_personality_v0)$' || true)
if [ -n "$bad" ]; then
  echo "update-demo: forbidden symbols in the device applier:" >&2
  echo "$bad" >&2
  exit 1
fi
case "$MODE" in
  accept) ELF=nd_fw_update ;;
  reject) ELF=nd_fw_update_reject ;;
  reject_sig) ELF=nd_fw_update_reject_sig ;;
  *) echo "update-demo: mode must be accept, reject or reject_sig" >&2; exit 1 ;;
esac
OUT="$BUILD/$ELF.out.txt"
rc=0
"$HERE/run-qemu.sh" "$BUILD/$ELF.elf" "$OUT" || rc=$?
cat "$OUT"
if [ "$rc" -eq 0 ] && grep -q '^RESULT PASS' "$OUT"; then
  exit 0
fi
echo "update-demo: $MODE run failed (exit $rc)" >&2
exit 1
