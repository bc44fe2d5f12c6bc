#!/usr/bin/env bash
# Builds the device reader and the demo/bench firmware for one configuration.
#
# Usage: tools/firmware/build-firmware.sh [--cpu cortex-m4|riscv32] <work-dir> <config> <nd_fw_corpus> [examples-dir]
#   cpu: cortex-m4 (default; QEMU mps2-an386) | riscv32 (rv32imac; QEMU virt)
#   config: minimal (-Os, no error strings) | errstr (-Os, error strings) | o2 (-O2)
# Fetches zstd and nanopb sources into <work-dir>/device-sources (once),
# writes the digest corpus to <work-dir>/corpus (once, shared by both CPUs),
# builds into <work-dir>/fw-<config> (Cortex-M4) or <work-dir>/fw-rv32-<config>
# (RISC-V) and prints that directory. Exit 77 when the CPU's toolchain or
# QEMU is missing.
set -euo pipefail
CPU=cortex-m4
if [ "${1:-}" = "--cpu" ]; then
  CPU=${2:-}
  shift 2
fi
if [ $# -lt 3 ]; then
  echo "usage: $0 [--cpu cortex-m4|riscv32] <work-dir> <config> <nd_fw_corpus> [examples-dir]" >&2
  exit 1
fi
case "$CPU" in
  cortex-m4) TOOLS="arm-none-eabi-gcc arm-none-eabi-g++ qemu-system-arm"; TOOLCHAIN=arm-none-eabi.cmake; PREFIX=fw- ;;
  riscv32) TOOLS="riscv64-unknown-elf-gcc riscv64-unknown-elf-g++ qemu-system-riscv32"; TOOLCHAIN=riscv32.cmake
    PREFIX=fw-rv32- ;;
  *) echo "build-firmware: unknown cpu '$CPU' (cortex-m4 | riscv32)" >&2; exit 1 ;;
esac
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
mkdir -p "$1"
WORK=$(cd "$1" && pwd)
CONFIG=$2
CORPUS_TOOL=$3
EXAMPLES=${4:-$ROOT/tools/examples}

for t in $TOOLS; do
  if ! command -v "$t" >/dev/null 2>&1; then
    echo "build-firmware: $t not found; skipping (install with tools/setup-deps.sh)" >&2
    exit 77
  fi
done

if [ "$CPU" = riscv32 ] && [ ! -f /usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs ]; then
  echo "build-firmware: picolibc-riscv64-unknown-elf not installed; skipping" >&2
  exit 77
fi

srcs=$("$ROOT/tools/fetch-device-sources.sh" "$WORK/device-sources")
ZSTD_DIR=$(echo "$srcs" | sed -n 's/^zstd=//p')
NANOPB_DIR=$(echo "$srcs" | sed -n 's/^nanopb=//p')

# The corpus is shared by all configurations; rebuilt when the tool changes.
if [ ! -f "$WORK/corpus/expected.h" ] || [ "$CORPUS_TOOL" -nt "$WORK/corpus/expected.h" ]; then
  "$CORPUS_TOOL" --out-dir "$WORK/corpus" --examples "$EXAMPLES" >&2
fi

BUILD="$WORK/$PREFIX$CONFIG"
cmake -S "$HERE" -B "$BUILD" -DCMAKE_TOOLCHAIN_FILE="$HERE/$TOOLCHAIN" -DCMAKE_BUILD_TYPE= \
  -DND_ZSTD_DIR="$ZSTD_DIR" -DND_NANOPB_DIR="$NANOPB_DIR" -DND_FW_CORPUS_DIR="$WORK/corpus" \
  -DND_FW_CONFIG="$CONFIG" -DND_STACK_SIZE=3072 >&2
cmake --build "$BUILD" -j2 >&2
echo "$BUILD"
