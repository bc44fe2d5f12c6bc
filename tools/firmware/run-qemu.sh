#!/usr/bin/env bash
# Runs one firmware image on QEMU's mps2-an386 (Cortex-M4) with the
# semihosting console written to a file and instruction counting on
# (-icount shift=0: one instruction per virtual nanosecond).
# Usage: tools/firmware/run-qemu.sh <image.elf> <output-file>
# Exit status: the firmware's.
set -uo pipefail
ELF=$1
OUT=$2
rm -f "$OUT"
timeout 300 qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none -icount shift=0 \
  -semihosting-config enable=on,target=native,chardev=ndsh -chardev file,id=ndsh,path="$OUT" \
  -kernel "$ELF"
