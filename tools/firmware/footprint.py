#!/usr/bin/env python3
"""Footprint of the device reader from a GNU ld map file of a firmware image.

Usage: footprint.py <map> [--json]
Prints flash bytes (text + rodata + data init values) per component of the
link: reader, crc32c, nanopb, zstd, libc/libgcc, firmware, digest file; and
RAM (.data + .bss) per component. Components are recognized by object names
of tools/firmware/CMakeLists.txt.
"""
import json
import re
import sys

SECTION_RE = re.compile(r"^\s+(\S+)?\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(\S.*)$")
OUT_RE = re.compile(r"^(\.\S+)")


def component(obj, name):
    if "nd_fw_digest" in name:
        return "digest file"
    if re.search(r"(nd_reader\w*|status)\.cc\.obj", obj):
        return "reader"
    if "crc32c.cc.obj" in obj:
        return "crc32c"
    if re.search(r"(pb_decode|pb_common|newsdigest\.npb)\.c\.obj", obj):
        return "nanopb"
    if "nd_device_reader.a" in obj or "nd_dev_zstd" in obj:
        return "zstd"
    if "libc" in obj or "libgcc" in obj or "libm" in obj or "libstdc++" in obj:
        return "libc"
    return "firmware"


def parse(path):
    flash, ram = {}, {}
    out = None
    pending = None
    with open(path) as f:
        lines = f.read().splitlines()
    # Only the part after "Linker script and memory map" lists placements.
    start = next((i for i, l in enumerate(lines) if l.startswith("Linker script and memory map")), 0)
    for line in lines[start:]:
        m = OUT_RE.match(line)
        if m:
            out = m.group(1)
            pending = None
            continue
        if out not in (".text", ".ARM.exidx", ".data", ".bss"):
            continue
        sm = SECTION_RE.match(line)
        if sm:
            name = sm.group(1) or pending or ""
            size = int(sm.group(3), 16)
            obj = sm.group(4)
            pending = None
            if size == 0 or obj.startswith("0x") or name.startswith("*"):
                continue
            comp = component(obj, name)
            if out in (".text", ".ARM.exidx", ".data"):
                flash[comp] = flash.get(comp, 0) + size
            if out in (".data", ".bss"):
                ram[comp] = ram.get(comp, 0) + size
            continue
        stripped = line.strip()
        if stripped and not stripped.startswith("*") and " " not in stripped:
            pending = stripped  # long section name; sizes on the next line
    return flash, ram


def main():
    flash, ram = parse(sys.argv[1])
    reader_code = sum(flash.get(k, 0) for k in ("reader", "crc32c", "nanopb", "zstd"))
    result = {"flash": flash, "ram": ram, "reader_flash": reader_code}
    if "--json" in sys.argv:
        print(json.dumps(result, sort_keys=True))
        return
    for k in sorted(flash):
        print(f"flash {k:12s} {flash[k]:8d}")
    for k in sorted(ram):
        print(f"ram   {k:12s} {ram[k]:8d}")
    print(f"reader code (reader+crc32c+nanopb+zstd): {reader_code} bytes")


if __name__ == "__main__":
    main()
