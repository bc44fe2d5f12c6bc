#!/usr/bin/env bash
# Builds and runs the device signature-verify firmware (issue 18) under QEMU:
# fetches libsodium's sources with the zstd/nanopb ones, writes the signed
# corpus, builds nd_fw_sign (Cortex-M4, -Os, no error strings), runs it and
# writes the footprint of "reader + signature verify".
# Usage: tools/firmware/sodium_verify.sh <work-dir> <sign_fw_corpus tool>
# Prints the firmware's output and the footprint lines; exit 0 when the
# firmware printed RESULT PASS, 77 when the arm toolchain or QEMU is missing.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <work-dir> <sign_fw_corpus>" >&2
  exit 1
fi
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
mkdir -p "$1"
WORK=$(cd "$1" && pwd)
for t in arm-none-eabi-gcc arm-none-eabi-g++ qemu-system-arm; do
  if ! command -v "$t" >/dev/null 2>&1; then
    echo "sodium_verify: $t not found; skipping (install with tools/setup-deps.sh)" >&2
    exit 77
  fi
done
srcs=$("$ROOT/tools/fetch-device-sources.sh" "$WORK/device-sources")
ZSTD_DIR=$(echo "$srcs" | sed -n 's/^zstd=//p')
NANOPB_DIR=$(echo "$srcs" | sed -n 's/^nanopb=//p')
SODIUM_DIR=$(echo "$srcs" | sed -n 's/^libsodium-dev=//p')
"$2" --out-dir "$WORK/sign-corpus" >&2
BUILD="$WORK/fw-sign"
cmake -S "$HERE" -B "$BUILD" -DCMAKE_TOOLCHAIN_FILE="$HERE/arm-none-eabi.cmake" -DCMAKE_BUILD_TYPE= \
  -DND_ZSTD_DIR="$ZSTD_DIR" -DND_NANOPB_DIR="$NANOPB_DIR" -DND_SODIUM_DIR="$SODIUM_DIR" \
  -DND_FW_CORPUS_DIR="$WORK/sign-corpus" -DND_FW_CONFIG=minimal -DND_STACK_SIZE=6144 >&2
cmake --build "$BUILD" -j2 --target nd_fw_sign >&2
"$HERE/run-qemu.sh" "$BUILD/nd_fw_sign.elf" "$BUILD/sign.out" || true
cat "$BUILD/sign.out"
python3 "$ROOT/benchmarks/sign/sign_footprint.py" "$BUILD/nd_fw_sign.map" "$BUILD/sign.out"
grep -q "^RESULT PASS" "$BUILD/sign.out"
