#!/usr/bin/env python3
"""Writes the footprint report (Markdown) from three device builds.
Usage: make_report.py <work-dir>   (holds fw-minimal, fw-errstr, fw-o2, corpus)"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "firmware"))
import check  # noqa: E402

work = sys.argv[1]
configs = [("minimal", "-Os, no error strings (device default)"), ("errstr", "-Os, with error strings"),
           ("o2", "-O2, no error strings")]
res = {c: check.measure(os.path.join(work, "fw-" + c)) for c, _ in configs}
exp = open(os.path.join(work, "corpus", "expected.h")).read()
ndig = re.search(r"ND_FW_DIGESTS (\d+)", exp).group(1)
dict_bytes = re.search(r"ND_FW_DICT_BYTES (\d+)", exp).group(1)
file_bytes = re.search(r"ND_FW_FILE_BYTES (\d+)", exp).group(1)
gcc = subprocess.run(["arm-none-eabi-gcc", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
qemu = subprocess.run(["qemu-system-arm", "--version"], capture_output=True, text=True).stdout.splitlines()[0]

p = print
p("# Footprint of the small-device reader (Cortex-M4)")
p()
p("Regenerate with `benchmarks/footprint/run.sh [build-dir]` (one command; needs gcc-arm-none-eabi,")
p("libnewlib-arm-none-eabi, qemu-system-arm, dpkg-dev). The budgets are checked by the ctest")
p("`firmware_budgets` (tests/firmware). Toolchain: " + gcc + "; " + qemu + ".")
p()
p(f"Corpus: {ndig} digests of English articles from tools/examples (bodies extended to about 4 KiB),")
p(f"one trained dictionary of {dict_bytes} bytes embedded in the file; file {file_bytes} bytes in flash.")
p("Reader: minimal workspace (no text buffer), memory mode, bodies decoded in place in a 4 KiB buffer.")
p()
p("## Flash and RAM per configuration (bytes)")
p()
p("| configuration | reader | crc32c | nanopb | zstd decoder | **reader code** | libc (memcpy...) | RAM: data+bss | workspace | stack peak | **RAM total** |")
p("|---|---|---|---|---|---|---|---|---|---|---|")
for c, desc in configs:
    m = res[c]
    f = m["flash"]
    p(f"| {c} ({desc}) | {f.get('reader', 0)} | {f.get('crc32c', 0)} | {f.get('nanopb', 0)} | {f.get('zstd', 0)} | "
      f"**{m['reader_flash']}** | {m['libc_flash']} | {m.get('data_bss', '?')} | {m.get('workspace', '?')} | "
      f"{m.get('stack_peak', '?')} | **{m.get('ram_total', '?')}** |")
p()
p("Reader code = reader + crc32c + nanopb (incl. generated descriptors) + zstd decoder, from the linker map of")
p("the demo firmware (after --gc-sections); the digest file and dictionary are not counted. RAM total =")
p(".data + .bss of the demo (4 KiB body buffer, summary pointers) + reader workspace (ZSTD_DCtx with a")
p("1 KiB literal buffer, reader state, summary scratch) + measured stack peak. The linker script also")
p("limits RAM to 40 KiB with a 3 KiB stack reservation, so the link itself fails past the budget.")
p()
p("## Instructions per operation (QEMU `-icount shift=0`, SysTick, calibrated)")
p()
p("| configuration | open | headline | summary | body after summary | full digest | body alone |")
p("|---|---|---|---|---|---|---|")
for c, _ in configs:
    o = res[c]["ops"]
    cell = lambda k: f"{o[k]['mean']} / {o[k]['max']}" if k in o else "?"
    p(f"| {c} | {cell('open')} | {cell('headline')} | {cell('summary')} | {cell('body_after_summary')} | "
      f"{cell('full_digest')} | {cell('body_alone')} |")
p()
p("Cells are mean / max over the digests. Headline = nd_reader_meta of a digest not loaded before (index")
p("lookup, record header, metadata CRC-32C, nanopb decode). Summary = nd_reader_summary_into (text CRC,")
p("dictionary tables loaded once, summary blocks). Full digest = summary, then nd_reader_body resuming")
p("the same frame (dictionary tables not reloaded) and reordering in place. Open includes checking the")
p("embedded dictionary record's CRC. SysTick resolution is 40 instructions.")
p()
p("## Budgets (minimal configuration)")
p()
m = res["minimal"]
rows = [("reader code flash", m["reader_flash"], 32768), ("RAM total", m.get("ram_total", 1 << 30), 40960),
        ("headline (max)", m["ops"].get("headline", {}).get("max", 1 << 30), 5000),
        ("summary (max)", m["ops"].get("summary", {}).get("max", 1 << 30), 120000),
        ("full digest (max)", m["ops"].get("full_digest", {}).get("max", 1 << 30), 250000)]
p("| budget | measured | limit | status |")
p("|---|---|---|---|")
for name, got, lim in rows:
    p(f"| {name} | {got} | {lim} | {'met' if got <= lim else '**missed**'} |")
