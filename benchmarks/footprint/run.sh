#!/usr/bin/env bash
# Regenerates benchmarks/footprint/README.md: flash/RAM of the device reader
# per configuration and instruction counts per operation under QEMU, for
# Cortex-M4 and 32-bit RISC-V (a CPU whose toolchain is missing is left out).
# Usage: benchmarks/footprint/run.sh [build-dir]   (default: build)
# Needs the host build's nd_fw_corpus (built here) and the arm toolchain.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
cmake -S "$ROOT" -B "$BUILD" >/dev/null
cmake --build "$BUILD" -j2 --target nd_fw_corpus >/dev/null
CORPUS="$BUILD/tests/firmware/nd_fw_corpus"
WORK="$BUILD/footprint"
for cpu in cortex-m4 riscv32; do
  for c in minimal errstr o2; do
    rc=0
    "$ROOT/tools/firmware/build-firmware.sh" --cpu "$cpu" "$WORK" "$c" "$CORPUS" >/dev/null || rc=$?
    if [ "$rc" -eq 77 ]; then break; fi   # this CPU's toolchain is missing
    if [ "$rc" -ne 0 ]; then exit "$rc"; fi
  done
done
python3 "$ROOT/benchmarks/footprint/make_report.py" "$WORK" > "$ROOT/benchmarks/footprint/README.md"
echo "wrote benchmarks/footprint/README.md" >&2
