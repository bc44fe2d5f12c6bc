#!/usr/bin/env python3
"""Footprint of "reader + signature verify" on the device (issue 18).

Usage: sign_footprint.py <nd_fw_sign.map> <sign.out> [--json]
Flash and RAM of the signature code (libsodium's verify-only objects, the
stubs, nd_reader_sign.cc) and the reader's own code (tools/firmware/
footprint.py's components) from the sign firmware's map, which links both; RAM of a
verify = its workspace (ND_SIGN_WORKSPACE_MIN, 384 bytes) + its stack
(the firmware's stack peak right after the first verify minus the peak
just before it);
instructions per verify from the firmware's output (QEMU -icount).
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "firmware"))
import footprint  # noqa: E402

_base_component = footprint.component


def sign_component(obj, name):
    if re.search(r"nd_dev_sodium|nd_device_reader_sign\.a|sodium_verify_stubs|nd_reader_sign\.cc\.obj", obj):
        return "signature verify"
    return _base_component(obj, name)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    footprint.component = sign_component
    sflash, sram = footprint.parse(args[0])
    footprint.component = _base_component
    dflash = sflash
    out = open(args[1]).read()
    ops = {m.group(1): int(m.group(2)) for m in re.finditer(r"^OP (\S+) insns (\d+)", out, re.M)}
    stack = re.search(r"^STACK verify (\d+)", out, re.M)
    before = re.search(r"^STACK before (\d+)", out, re.M)
    size = re.search(r"^FILE bytes (\d+)", out, re.M)
    reader = sum(dflash.get(k, 0) for k in ("reader", "crc32c", "nanopb", "zstd"))
    sig_flash = sflash.get("signature verify", 0)
    sig_ram_static = sram.get("signature verify", 0)
    stack_bytes = int(stack.group(1)) - (int(before.group(1)) if before else 0) if stack else None
    result = {
        "reader_flash": reader,
        "signature_flash": sig_flash,
        "signature_static_ram": sig_ram_static,
        "signature_workspace": 384,
        "signature_stack_peak": stack_bytes,
        "file_bytes": int(size.group(1)) if size else None,
        "insns": ops,
        "pass": "RESULT PASS" in out,
    }
    if "--json" in sys.argv:
        print(json.dumps(result, sort_keys=True))
        return
    print(f"FOOTPRINT reader flash {reader} B; signature verify extra flash {sig_flash} B "
          f"(target <= 24576), static RAM {sig_ram_static} B")
    if stack_bytes is not None:
        print(f"FOOTPRINT signature verify RAM: workspace 384 B + stack peak {stack_bytes} B = "
              f"{384 + stack_bytes + sig_ram_static} B (target <= 4096)")
    for k, v in ops.items():
        print(f"FOOTPRINT {k}: {v} instructions for {result['file_bytes']} bytes")


if __name__ == "__main__":
    main()
