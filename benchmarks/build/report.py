#!/usr/bin/env python3
"""Writes benchmarks/build/README.md (and build.png with gnuplot) from the
results of benchmarks/build/run.sh.
Usage: report.py <work-dir> <out-dir>   (work-dir holds results.jsonl, machine.json)"""
import json
import os
import shutil
import subprocess
import sys

work, out = sys.argv[1], sys.argv[2]
rows = {}
for line in open(os.path.join(work, "results.jsonl")):
    if line.strip():
        r = json.loads(line)
        rows[r["name"]] = r
machine = json.load(open(os.path.join(work, "machine.json")))
ORDER = ["release", "release-unity", "minsizerel", "minsizerel-unity", "release-cli", "release-cli-unity",
         "reader-only", "reader-only-unity",
         "device-cortex-m4", "device-riscv32"]
DESC = {
    "release": "whole project, Release (library, CLI, tests)",
    "release-unity": "the same, -DCMAKE_UNITY_BUILD=ON",
    "minsizerel": "whole project, MinSizeRel",
    "minsizerel-unity": "the same, unity",
    "release-cli": "libraries + CLI (-DNEWSDIGEST_BUILD_TESTS=OFF), Release",
    "release-cli-unity": "the same, unity",
    "reader-only": "-DNEWSDIGEST_BUILD_WRITER=OFF -DNEWSDIGEST_BUILD_TESTS=OFF, Release",
    "reader-only-unity": "the same, unity",
    "device-cortex-m4": "tools/firmware, arm-none-eabi-gcc, minimal (-Os)",
    "device-riscv32": "tools/firmware, riscv64-unknown-elf-gcc rv32imac, minimal (-Os)",
}
names = [n for n in ORDER if n in rows] + sorted(n for n in rows if n not in ORDER)


def kib(n):
    return "-" if n is None else f"{n / 1024:.0f}"


def secs(x):
    return f"{x:.0f}"


lines = []
p = lines.append
p("# Build benchmark")
p("")
p("Clean builds of each configuration: wall and CPU (user + system) time of `cmake --build` (configure")
p("time separate), the size of each static library and of the `newsdigest` CLI. Regenerate with")
p("`benchmarks/build/run.sh [-j N] [--only REGEX]` (not run by the tests; a full run takes an hour or more")
p("on 2 cores). Compiler caches are off (`CCACHE_DISABLE=1`).")
p("")
p(f"Machine: {machine['cpu']}, {machine['nproc']} cores, `-j {machine['jobs']}`; {machine['cxx']}; "
  f"{machine['cmake']}. Load average at the start: {', '.join(f'{x:.1f}' for x in machine['load'])}.")
if max(machine["load"]) > machine["nproc"] * 0.5:
    p("**The machine was shared with other work while this ran** (load average above): wall times are")
    p("inflated and noisy; CPU times are the better comparison, and the ratios between configurations")
    p("more telling than the absolute values.")
missing = [n for n in ORDER if n not in rows]
if missing:
    p("")
    p("Not measured in this run: " + ", ".join(missing) + " (run.sh --only ... adds them).")
p("")
p("## Time and output size")
p("")
p("| configuration | what | status | configure (s) | build wall (s) | build CPU (s) | libraries (KiB) | CLI (KiB) | load avg at end |")
p("|---|---|---|---|---|---|---|---|---|")
for n in names:
    r = rows[n]
    libs = sum(r["libs"].values()) if r["libs"] else None
    p(f"| {n} | {DESC.get(n, '')} | {r['status']} | {secs(r['configure_wall'])} | {secs(r['wall'])} | "
      f"{secs(r['cpu'])} | {kib(libs)} | {kib(r['cli'])} | {r['load'][0]:.1f} |")
p("")
p("## What a unity build saves")
p("")
pairs = [b for b in ("release", "minsizerel", "release-cli", "reader-only")
         if rows.get(b, {}).get("status") == "ok" and rows.get(b + "-unity", {}).get("status") == "ok"]
if not pairs:
    p("No normal/unity pair was measured in this run.")
else:
    p("| pair | build wall: normal → unity | build CPU: normal → unity | CPU saved | CLI size: normal → unity (KiB) |")
    p("|---|---|---|---|---|")
for base in pairs:
    a, b = rows[base], rows[base + "-unity"]
    saved = 100.0 * (a["cpu"] - b["cpu"]) / a["cpu"] if a["cpu"] else 0.0
    p(f"| {base} | {secs(a['wall'])} → {secs(b['wall'])} s | {secs(a['cpu'])} → {secs(b['cpu'])} s | "
      f"{saved:.0f}% | {kib(a['cli'])} → {kib(b['cli'])} |")
libnames = sorted({k for n in names for k in rows[n]["libs"]})
host_names = [n for n in names if rows[n]["kind"] == "host"]
if libnames and host_names:
    p("")
    p("## Libraries per configuration (KiB, static archives)")
    p("")
    p("| library | " + " | ".join(host_names) + " |")
    p("|---|" + "---|" * len(host_names))
    for lib in libnames:
        if not any(lib in rows[n]["libs"] for n in host_names):
            continue
        p(f"| {lib} | " + " | ".join(kib(rows[n]["libs"].get(lib)) for n in host_names) + " |")
dev = [n for n in names if rows[n]["kind"] == "device"]
if dev:
    p("")
    p("Device builds (bytes): the archive a firmware links and the two demo images (ELF files, with")
    p("symbols; flash and RAM figures are in benchmarks/footprint/README.md).")
    p("")
    p("| configuration | " + " | ".join(sorted({k for n in dev for k in list(rows[n]['libs']) + list(rows[n]['images'])}))
      + " |")
    keys = sorted({k for n in dev for k in list(rows[n]["libs"]) + list(rows[n]["images"])})
    p("|---|" + "---|" * len(keys))
    for n in dev:
        allv = dict(rows[n]["libs"], **rows[n]["images"])
        p(f"| {n} | " + " | ".join(str(allv.get(k, "-")) for k in keys) + " |")
p("")
p("Sizes are of the files as built (archives with symbols, no debug information; Release: -O3,")
p("MinSizeRel: -Os; the CLI unstripped). The CLI is absent where the configuration does not build it.")

# Chart: build CPU and wall time per configuration.
dat = os.path.join(work, "build.dat")
with open(dat, "w") as f:
    for n in names:
        f.write(f"\"{n}\" {rows[n]['wall']:.1f} {rows[n]['cpu']:.1f}\n")
if shutil.which("gnuplot") and names:
    png = os.path.join(out, "build.png")
    gp = f"""set terminal pngcairo size 900,420 font ",10"
set output "{png}"
set title "Clean build time per configuration"
set ylabel "seconds"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -30 scale 0
set key top right
set grid ytics
plot "{dat}" using 2:xtic(1) title "wall", "" using 3 title "CPU (user+sys)"
"""
    subprocess.run(["gnuplot"], input=gp, text=True, check=True)
    p("")
    p("![build time per configuration](build.png)")

open(os.path.join(out, "README.md"), "w").write("\n".join(lines) + "\n")
