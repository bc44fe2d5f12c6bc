#!/usr/bin/env bash
# Regenerates benchmarks/footprint/README.md: flash/RAM of the device reader
# per configuration and instruction counts per operation under QEMU.
# Usage: benchmarks/footprint/run.sh [build-dir]   (default: build)
# Needs the host build's nd_fw_corpus (built here) and the arm toolchain.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
cmake -S "$ROOT" -B "$BUILD" >/dev/null
cmake --build "$BUILD" -j2 --target nd_fw_corpus >/dev/null
CORPUS="$BUILD/tests/firmware/nd_fw_corpus"
WORK="$BUILD/footprint"
for c in minimal errstr o2; do
  "$ROOT/tools/firmware/build-firmware.sh" "$WORK" "$c" "$CORPUS" >/dev/null
done
python3 "$ROOT/benchmarks/footprint/make_report.py" "$WORK" > "$ROOT/benchmarks/footprint/README.md"
echo "wrote benchmarks/footprint/README.md" >&2
