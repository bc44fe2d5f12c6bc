#!/usr/bin/env python3
"""Checks of the device build (used by tests/firmware and benchmarks/footprint).

check.py demo <fw-build-dir>     run the demo firmware, require RESULT PASS
check.py budgets <fw-build-dir>  run demo + bench, compare with the budgets
check.py symbols <fw-build-dir>  nm the device reader library: no heap,
                                 exceptions, compressor or protobuf symbols
check.py measure <fw-build-dir>  print the measurements as JSON
check.py same <fw-build-dir> <fw-build-dir>
                                 run the demo of two builds (two CPUs), require
                                 both to pass and to print the same decoded
                                 headlines, summary and body checksums
check.py stats <fw-build-dir> <newsdigest>
                                 `newsdigest stats --json` of the build's corpus
                                 must predict the minimal workspace the demo
                                 firmware measures on that CPU
The CPU of a build (cortex-m4 | riscv32) is read from its nd_fw_cpu.txt.
Exit 0 on success, 1 on a failed check.
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import footprint  # noqa: E402

BUDGETS_M4 = {
    "reader_flash": 32 * 1024,   # reader + nanopb + zstd decoder, bytes
    "ram_total": 40 * 1024,      # data + bss + workspace + stack peak, bytes
    "headline": 5000,            # instructions, max over the corpus
    "summary": 120000,
    "full_digest": 250000,
}
# rv32imac: compressed code is larger than Thumb-2, and RISC-V needs more
# instructions for the same work (no count-leading-zeros without Zbb: zstd's
# bit reader calls libgcc's __clzsi2; no load/store multiple); the RAM budget
# is the same device budget.
BUDGETS_RV32 = dict(BUDGETS_M4, reader_flash=40 * 1024, headline=6000, summary=150000, full_digest=450000)
BUDGETS = {"cortex-m4": BUDGETS_M4, "riscv32": BUDGETS_RV32}
NM = {"cortex-m4": "arm-none-eabi-nm", "riscv32": "riscv64-unknown-elf-nm"}
FORBIDDEN = re.compile(r"^(malloc|free|calloc|realloc|_Znwj|_Znaj|_Znwm|_Znam|_ZdlPv\w*|_ZdaPv\w*|"
                       r"__cxa_throw|__cxa_allocate_exception|__gxx_personality_v0|ZSTD_compress\w*|"
                       r".*protobuf.*|.*google.*)$")


def cpu_of(build):
    path = os.path.join(build, "nd_fw_cpu.txt")
    return open(path).read().strip() if os.path.exists(path) else "cortex-m4"


def run(build, name):
    out = os.path.join(build, name + ".out.txt")
    rc = subprocess.call([os.path.join(HERE, "run-qemu.sh"), os.path.join(build, name + ".elf"), out])
    text = open(out).read() if os.path.exists(out) else ""
    return rc, text


def measure(build):
    rc_demo, demo = run(build, "nd_fw_demo")
    rc_bench, bench = run(build, "nd_fw_bench")
    flash, ram = footprint.parse(os.path.join(build, "nd_fw_demo.map"))
    m = {"cpu": cpu_of(build), "demo_ok": rc_demo == 0 and "RESULT PASS" in demo,
         "bench_ok": rc_bench == 0 and "RESULT PASS" in bench,
         "flash": flash, "ram": ram,
         "reader_flash": sum(flash.get(k, 0) for k in ("reader", "crc32c", "nanopb", "zstd")),
         "libc_flash": flash.get("libc", 0), "ops": {}, "demo_out": demo, "digests": []}
    r = re.search(r"RAM data\+bss (\d+) workspace (\d+) stack_peak (\d+) total (\d+)", demo)
    if r:
        m["data_bss"], m["workspace"], m["stack_peak"], m["ram_total"] = map(int, r.groups())
    for op, mx, mean, n in re.findall(r"^OP (\S+) max (\d+) mean (\d+) count (\d+)", bench, re.M):
        m["ops"][op] = {"max": int(mx), "mean": int(mean), "count": int(n)}
    for i, text, s, rest in re.findall(r"^D (\d+) text (\d+) summary (\d+) rest (\d+)", bench, re.M):
        m["digests"].append({"i": int(i), "text": int(text), "summary": int(s), "rest": int(rest)})
    return m


def check_budgets(m):
    problems = []
    if not m["demo_ok"]:
        problems.append("demo firmware failed")
    if not m["bench_ok"]:
        problems.append("bench firmware failed")
    got = {"reader_flash": m["reader_flash"], "ram_total": m.get("ram_total", 1 << 30),
           "headline": m["ops"].get("headline", {}).get("max", 1 << 30),
           "summary": m["ops"].get("summary", {}).get("max", 1 << 30),
           "full_digest": m["ops"].get("full_digest", {}).get("max", 1 << 30)}
    for k, limit in BUDGETS[m["cpu"]].items():
        status = "ok" if got[k] <= limit else "OVER"
        print(f"{k:14s} {got[k]:8d} / {limit:8d} {status}")
        if got[k] > limit:
            problems.append(f"{k} {got[k]} > {limit}")
    return problems


def check_symbols(build):
    lib = os.path.join(build, "libnd_device_reader.a")
    out = subprocess.run([NM[cpu_of(build)], "-A", lib], capture_output=True, text=True, check=True).stdout
    bad = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and FORBIDDEN.match(parts[-1]):
            bad.append(line)
    return bad


def decoded_lines(text):
    """The demo's output lines that depend only on the decoded file (not on
    the CPU's RAM figures)."""
    return [line for line in text.splitlines() if not line.startswith("RAM ")]


def check_same(a, b):
    (rc_a, out_a), (rc_b, out_b) = run(a, "nd_fw_demo"), run(b, "nd_fw_demo")
    problems = []
    for build, rc, out in ((a, rc_a, out_a), (b, rc_b, out_b)):
        if rc != 0 or "RESULT PASS" not in out:
            problems.append(f"demo of {build} ({cpu_of(build)}) failed")
    la, lb = decoded_lines(out_a), decoded_lines(out_b)
    if la != lb:
        for i in range(max(len(la), len(lb))):
            x = la[i] if i < len(la) else "<none>"
            y = lb[i] if i < len(lb) else "<none>"
            if x != y:
                problems.append(f"line {i + 1} differs: {cpu_of(a)}: {x!r} / {cpu_of(b)}: {y!r}")
                break
    nb = sum(1 for line in la if line.startswith("B "))
    print(f"{cpu_of(a)} vs {cpu_of(b)}: {len(la)} lines, {nb} bodies compared: "
          + ("identical" if la == lb else "DIFFERENT"))
    return problems


def check_stats(build, cli):
    rc, demo = run(build, "nd_fw_demo")
    r = re.search(r"RAM data\+bss \d+ workspace (\d+)", demo)
    if rc != 0 or not r:
        return [f"demo of {build} failed"]
    corpus = os.path.join(os.path.dirname(os.path.abspath(build)), "corpus", "digest.ndg")
    out = subprocess.run([cli, "stats", "--json", corpus], capture_output=True, text=True, check=True).stdout
    predicted = json.loads(out)["device_workspace"][cpu_of(build)]["minimal_memory"]
    measured = int(r.group(1))
    print(f"{cpu_of(build)}: minimal workspace measured {measured}, newsdigest stats says {predicted}")
    if predicted != measured:
        return [f"stats predicts {predicted} bytes, the device needs {measured}: update kDeviceBases in "
                "tools/newsdigest/cmd_stats.cc"]
    return []


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "stats":
        problems = check_stats(sys.argv[2], sys.argv[3])
        for p in problems:
            print("stats: " + p)
        return 1 if problems else 0
    if len(sys.argv) == 4 and sys.argv[1] == "same":
        problems = check_same(sys.argv[2], sys.argv[3])
        for p in problems:
            print("same: " + p)
        return 1 if problems else 0
    if len(sys.argv) != 3:
        print(__doc__)
        return 1
    mode, build = sys.argv[1], sys.argv[2]
    if mode == "demo":
        rc, text = run(build, "nd_fw_demo")
        sys.stdout.write(text)
        return 0 if rc == 0 and "RESULT PASS" in text else 1
    if mode == "symbols":
        bad = check_symbols(build)
        for b in bad:
            print("forbidden symbol:", b)
        print("symbols: ok" if not bad else "symbols: FAIL")
        return 1 if bad else 0
    m = measure(build)
    if mode == "measure":
        m.pop("demo_out")
        print(json.dumps(m, sort_keys=True))
        return 0
    if mode == "budgets":
        problems = check_budgets(m)
        for p in problems:
            print("budget exceeded:", p)
        return 1 if problems else 0
    print(__doc__)
    return 1


if __name__ == "__main__":
    sys.exit(main())
