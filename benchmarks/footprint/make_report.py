#!/usr/bin/env python3
"""Writes the footprint report (Markdown) from the device builds of two CPUs.
Usage: make_report.py <work-dir>
  (holds fw-{minimal,errstr,o2} for Cortex-M4, fw-rv32-{minimal,errstr,o2} for
  32-bit RISC-V, and corpus; a CPU whose builds are missing is left out)"""
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
CPUS = [("cortex-m4", "Cortex-M4", "fw-", "arm-none-eabi-gcc", "qemu-system-arm"),
        ("riscv32", "RISC-V rv32imac", "fw-rv32-", "riscv64-unknown-elf-gcc", "qemu-system-riscv32")]
CPUS = [c for c in CPUS if os.path.isdir(os.path.join(work, c[2] + "minimal"))]
res = {}
for cpu, _, prefix, _, _ in CPUS:
    for c, _ in configs:
        d = os.path.join(work, prefix + c)
        if os.path.isdir(d):
            res[(cpu, c)] = check.measure(d)
exp = open(os.path.join(work, "corpus", "expected.h")).read()
ndig = re.search(r"ND_FW_DIGESTS (\d+)", exp).group(1)
dict_bytes = re.search(r"ND_FW_DICT_BYTES (\d+)", exp).group(1)
file_bytes = re.search(r"ND_FW_FILE_BYTES (\d+)", exp).group(1)


def first_line(cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]


tools = "; ".join(f"{label}: {first_line([gcc, '--version'])}, {first_line([qemu, '--version'])}"
                  for _, label, _, gcc, qemu in CPUS)

p = print
p("# Footprint of the small-device reader (Cortex-M4 and 32-bit RISC-V)")
p()
p("Regenerate with `benchmarks/footprint/run.sh [build-dir]` (one command; needs gcc-arm-none-eabi,")
p("libnewlib-arm-none-eabi, qemu-system-arm, gcc-riscv64-unknown-elf, picolibc-riscv64-unknown-elf,")
p("qemu-system-misc, dpkg-dev). The budgets are checked by the ctests `firmware_budgets` and")
p("`firmware_rv32_budgets` (tests/firmware). Toolchains: " + tools + ".")
p()
p(f"Corpus: {ndig} digests of English articles from tools/examples (bodies extended to about 4 KiB),")
p(f"one trained dictionary of {dict_bytes} bytes embedded in the file; file {file_bytes} bytes in flash.")
p("Reader: minimal workspace (no text buffer), memory mode, bodies decoded in place in a 4 KiB buffer.")
p()
p("## The two CPUs side by side (minimal configuration)")
p()
p("| figure | " + " | ".join(label for _, label, _, _, _ in CPUS) + " |")
p("|---|" + "---|" * len(CPUS))
side = [("reader code flash (bytes)", lambda m: m["reader_flash"]),
        ("  of which zstd decoder", lambda m: m["flash"].get("zstd", 0)),
        ("  of which reader + crc32c", lambda m: m["flash"].get("reader", 0) + m["flash"].get("crc32c", 0)),
        ("  of which nanopb", lambda m: m["flash"].get("nanopb", 0)),
        ("libc in the image (bytes)", lambda m: m["libc_flash"]),
        ("RAM total (bytes)", lambda m: m.get("ram_total", "?")),
        ("  workspace", lambda m: m.get("workspace", "?")),
        ("  stack peak", lambda m: m.get("stack_peak", "?"))]
for op, name in (("open", "open"), ("headline", "headline"), ("summary", "summary"),
                 ("full_digest", "full digest"), ("body_alone", "body alone")):
    side.append((f"instructions: {name} (mean / max)",
                 lambda m, op=op: f"{m['ops'][op]['mean']} / {m['ops'][op]['max']}" if op in m["ops"] else "?"))
for name, get in side:
    p(f"| {name} | " + " | ".join(str(get(res[(cpu, 'minimal')])) for cpu, _, _, _, _ in CPUS) + " |")
p()
p("Both CPUs decode the same digest file byte for byte: the ctest `firmware_same_output` compares the demo")
p("output (headlines, summary, body checksums) of the two images line by line; each image also checks")
p("every value against the host's (expected.h). RISC-V runs at -march=rv32imac: without Zbb, zstd's")
p("count-leading-zeros is a libgcc call, one reason for its higher instruction counts.")
p()
p("## Flash and RAM per configuration (bytes)")
p()
p("| cpu | configuration | reader | crc32c | nanopb | zstd decoder | **reader code** | libc (memcpy...) | RAM: data+bss | workspace | stack peak | **RAM total** |")
p("|---|---|---|---|---|---|---|---|---|---|---|---|")
for (cpu, c), m in res.items():
    desc = dict(configs)[c]
    f = m["flash"]
    p(f"| {cpu} | {c} ({desc}) | {f.get('reader', 0)} | {f.get('crc32c', 0)} | {f.get('nanopb', 0)} | {f.get('zstd', 0)} | "
      f"**{m['reader_flash']}** | {m['libc_flash']} | {m.get('data_bss', '?')} | {m.get('workspace', '?')} | "
      f"{m.get('stack_peak', '?')} | **{m.get('ram_total', '?')}** |")
p()
p("Reader code = reader + crc32c + nanopb (incl. generated descriptors) + zstd decoder, from the linker map of")
p("the demo firmware (after --gc-sections); the digest file and dictionary are not counted. RAM total =")
p(".data + .bss of the demo (4 KiB body buffer, summary pointers) + reader workspace (ZSTD_DCtx with a")
p("1 KiB literal buffer, reader state, summary scratch) + measured stack peak. The linker script also")
p("limits RAM to 40 KiB with a 3 KiB stack reservation, so the link itself fails past the budget.")
p()
p("## Instructions per operation (QEMU `-icount shift=0`; Cortex-M4: SysTick, RISC-V: instret; calibrated)")
p()
p("| cpu | configuration | open | headline | summary | body after summary | full digest | body alone |")
p("|---|---|---|---|---|---|---|---|")
for (cpu, c), m in res.items():
    o = m["ops"]
    cell = lambda k: f"{o[k]['mean']} / {o[k]['max']}" if k in o else "?"
    p(f"| {cpu} | {c} | {cell('open')} | {cell('headline')} | {cell('summary')} | {cell('body_after_summary')} | "
      f"{cell('full_digest')} | {cell('body_alone')} |")
p()
p("Cells are mean / max over the digests. Headline = nd_reader_meta of a digest not loaded before (index")
p("lookup, record header, metadata CRC-32C, nanopb decode). Summary = nd_reader_summary_into (text CRC,")
p("dictionary tables loaded once, summary blocks). Full digest = summary, then nd_reader_body resuming")
p("the same frame (dictionary tables not reloaded) and reordering in place. Open includes checking the")
p("embedded dictionary record's CRC. SysTick resolution is 40 instructions; instret counts single")
p("instructions (QEMU's virt implements it from the instruction count).")
p()
p("## Budgets (minimal configuration; tools/firmware/check.py)")
p()
p("| cpu | budget | measured | limit | status |")
p("|---|---|---|---|---|")
for cpu, _, _, _, _ in CPUS:
    m = res[(cpu, "minimal")]
    b = check.BUDGETS[cpu]
    rows = [("reader code flash", m["reader_flash"], b["reader_flash"]),
            ("RAM total", m.get("ram_total", 1 << 30), b["ram_total"]),
            ("headline (max)", m["ops"].get("headline", {}).get("max", 1 << 30), b["headline"]),
            ("summary (max)", m["ops"].get("summary", {}).get("max", 1 << 30), b["summary"]),
            ("full digest (max)", m["ops"].get("full_digest", {}).get("max", 1 << 30), b["full_digest"])]
    for name, got, lim in rows:
        p(f"| {cpu} | {name} | {got} | {lim} | {'met' if got <= lim else '**missed**'} |")
