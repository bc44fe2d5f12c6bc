#!/usr/bin/env bash
# Runs one firmware image on QEMU with the semihosting console written to a
# file and instruction counting on (-icount shift=0: one instruction per
# virtual nanosecond). The machine follows the image's CPU (ELF e_machine):
# ARM -> mps2-an386 (Cortex-M4), RISC-V -> riscv32 virt (machine mode, no BIOS).
# Usage: tools/firmware/run-qemu.sh <image.elf> <output-file>
# Exit status: the firmware's.
set -uo pipefail
ELF=$1
OUT=$2
rm -f "$OUT"
# e_machine: 2 bytes at offset 18 (little endian): 0x28 ARM, 0xf3 RISC-V.
machine=$(od -An -tx1 -j18 -N1 "$ELF" | tr -d ' ')
case "$machine" in
  28) QEMU=(qemu-system-arm -M mps2-an386) ;;
  f3) QEMU=(qemu-system-riscv32 -M virt -bios none -m 16M) ;;
  *) echo "run-qemu: $ELF is neither ARM nor RISC-V (e_machine 0x$machine)" >&2; exit 2 ;;
esac
timeout 300 "${QEMU[@]}" -nographic -monitor none -serial none -icount shift=0 \
  -semihosting-config enable=on,target=native,chardev=ndsh -chardev file,id=ndsh,path="$OUT" \
  -kernel "$ELF"
