#!/usr/bin/env bash
# Tests of the drop-in reader bundle (tools/make-reader-bundle.sh).
#
# bundle_test.sh generate <work> [<sources-cache>]
#     generates <work>/bundle (Debian sources cached in <sources-cache>,
#     default <work>/sources);
#     exit 77 when a tool it needs is missing.
# bundle_test.sh host <work> <reference-decoder> FILE...
#     compiles the bundle alone with the host cc/c++ (no include path but the
#     bundle, no library), links tests/bundle/bundle_decode.c with `cc`, and
#     requires its output on every FILE (read callback and memory mode) to be
#     identical to the reference decoder's (the same program linked with the
#     project's nd_reader).
# bundle_test.sh arm <work> <reference-decoder> FILE
#     compiles the bundle alone with arm-none-eabi-gcc/g++ for the Cortex-M4,
#     links tests/bundle/bundle_device_main.c with FILE in flash (firmware's
#     semihost.c, mps2_an386.ld), runs it under qemu-system-arm and requires
#     the same output as the reference. Exit 77 without the arm toolchain or
#     QEMU.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MODE=$1
WORK=$2
BUNDLE="$WORK/bundle"
CXXFLAGS_BUNDLE="-std=c++17 -fno-exceptions -fno-rtti -fno-threadsafe-statics"

compile_bundle() {  # <obj-dir> <cc> <c++> <flags...>
  local dir=$1 cc=$2 cxx=$3
  shift 3
  rm -rf "$dir"
  mkdir -p "$dir"
  local f
  for f in "$BUNDLE"/*.c; do
    "$cc" "$@" -c "$f" -o "$dir/$(basename "$f").o"
  done
  for f in "$BUNDLE"/*.cpp; do
    # shellcheck disable=SC2086
    "$cxx" "$@" $CXXFLAGS_BUNDLE -Wall -Wextra -c "$f" -o "$dir/$(basename "$f").o"
  done
}

case "$MODE" in
  generate)
    # A folder holding anything but an earlier bundle is refused, untouched.
    CANARY="$WORK/not-a-bundle"
    rm -rf "$CANARY"
    mkdir -p "$CANARY"
    echo precious > "$CANARY/mycode.c"
    if "$ROOT/tools/make-reader-bundle.sh" "$CANARY" "${3:-$WORK/sources}" 2>/dev/null; then
      echo "make-reader-bundle replaced a folder that was not a bundle"; exit 1
    fi
    [ "$(cat "$CANARY/mycode.c")" = precious ] || { echo "make-reader-bundle touched $CANARY"; exit 1; }
    exec "$ROOT/tools/make-reader-bundle.sh" "$BUNDLE" "${3:-$WORK/sources}"
    ;;
  host)
    REF=$3
    shift 3
    [ -f "$BUNDLE/nd_reader.h" ] || { echo "no bundle in $BUNDLE (run generate first)"; exit 1; }
    OBJ="$WORK/host-obj"
    compile_bundle "$OBJ" cc c++ -O2
    cc -O2 -Wall -Wextra -I"$BUNDLE" -c "$HERE/bundle_decode.c" -o "$OBJ/main.o"
    # Linked with cc: the bundle needs no C++ runtime.
    cc -o "$WORK/bundle_decode" "$OBJ"/*.o
    for file in "$@"; do
      for mode in "" --memory; do
        "$REF" $mode "$file" > "$WORK/ref.txt"
        "$WORK/bundle_decode" $mode "$file" > "$WORK/bundle.txt"
        if ! cmp -s "$WORK/ref.txt" "$WORK/bundle.txt"; then
          echo "bundle output differs from the reference on $file ${mode:-(read callback)}:"
          diff "$WORK/ref.txt" "$WORK/bundle.txt" | head -20
          exit 1
        fi
        echo "host ${mode:-io}: $(tail -n 1 "$WORK/bundle.txt") identical: $file"
      done
    done
    ;;
  arm)
    REF=$3
    FILE=$4
    for t in arm-none-eabi-gcc arm-none-eabi-g++ qemu-system-arm; do
      command -v "$t" >/dev/null 2>&1 || { echo "$t not found: skipped"; exit 77; }
    done
    [ -f "$BUNDLE/nd_reader.h" ] || { echo "no bundle in $BUNDLE (run generate first)"; exit 1; }
    FW="$ROOT/tools/firmware"
    OBJ="$WORK/arm-obj"
    CPU="-mcpu=cortex-m4 -mthumb -mfloat-abi=soft -Os -ffunction-sections -fdata-sections"
    # shellcheck disable=SC2086
    compile_bundle "$OBJ" arm-none-eabi-gcc arm-none-eabi-g++ $CPU
    printf '  .section .rodata.nd_bundle_digest, "a"\n  .balign 8\n  .global nd_bundle_digest\nnd_bundle_digest:\n  .incbin "%s"\n  .global nd_bundle_digest_end\nnd_bundle_digest_end:\n' \
      "$(cd "$(dirname "$FILE")" && pwd)/$(basename "$FILE")" > "$WORK/bundle_blob.S"
    # shellcheck disable=SC2086
    arm-none-eabi-gcc $CPU -c "$WORK/bundle_blob.S" -o "$OBJ/blob.o"
    # shellcheck disable=SC2086
    arm-none-eabi-gcc $CPU -Wall -I"$BUNDLE" -I"$FW" -c "$HERE/bundle_device_main.c" -o "$OBJ/main.o"
    # shellcheck disable=SC2086
    arm-none-eabi-gcc $CPU -c "$FW/semihost.c" -o "$OBJ/semihost.o"
    # Linked with gcc (newlib-nano for memcpy & co.), no C++ runtime.
    # shellcheck disable=SC2086
    arm-none-eabi-gcc $CPU -specs=nano.specs -nostartfiles -Wl,--gc-sections -T"$FW/mps2_an386.ld" \
      -Wl,--defsym=ND_RAM_BUDGET=1048576 -Wl,--defsym=ND_STACK_SIZE=16384 \
      -o "$WORK/bundle_device.elf" "$OBJ"/*.o
    arm-none-eabi-size "$WORK/bundle_device.elf"
    "$REF" --memory "$FILE" > "$WORK/ref.txt"
    rc=0
    "$FW/run-qemu.sh" "$WORK/bundle_device.elf" "$WORK/device.txt" || rc=$?
    if [ "$rc" -ne 0 ] || ! cmp -s "$WORK/ref.txt" "$WORK/device.txt"; then
      echo "device run: exit $rc; output vs reference:"
      diff "$WORK/ref.txt" "$WORK/device.txt" | head -20
      exit 1
    fi
    echo "cortex-m4: $(tail -n 1 "$WORK/device.txt") identical to the host reference: $FILE"
    ;;
  *)
    echo "usage: $0 generate|host|arm <work> ..." >&2
    exit 2
    ;;
esac
