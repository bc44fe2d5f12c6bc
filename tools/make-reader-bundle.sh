#!/usr/bin/env bash
# Generates the drop-in reader bundle: one flat directory with the no-heap C
# reader (our reader + format sources, C/C++ as they are in the repository),
# zstd's decoder as one C file and nanopb's decoder with the generated message
# code, for build systems that just compile every file of a folder (Arduino,
# PlatformIO, ESP-IDF, Zephyr, a Makefile). The public header is nd_reader.h
# (with status_codes.h, which it includes). See README.md "Reader bundle".
#
# Usage: tools/make-reader-bundle.sh <out-dir> [<sources-cache-dir>]
#   out-dir            new, empty, or an earlier bundle (replaced); any other
#                      folder or file is refused and left as it is
#   sources-cache-dir  where tools/fetch-device-sources.sh keeps the Debian
#                      source packages of zstd and nanopb (default:
#                      <out-dir>.sources); they are never committed
# Needs: bash, python3, protoc, protoc-gen-nanopb (package nanopb), apt-get
# and dpkg-source (dpkg-dev) for the first fetch. Exit 77 when one of those
# tools is missing (ctest counts that as skipped); 1 on any other error.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 <out-dir> [<sources-cache-dir>]" >&2
  exit 1
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$1
CACHE=${2:-${OUT%/}.sources}

# Only an empty folder or an earlier bundle is replaced, never a folder with
# other files in it (a sketch's src/, the current directory).
if [ -e "$OUT" ] && [ -n "$(ls -A "$OUT" 2>/dev/null || echo file)" ] &&
   ! head -n 1 "$OUT/README.md" 2>/dev/null | grep -qx '# newsdigest reader bundle'; then
  echo "make-reader-bundle: $OUT exists and is not an earlier reader bundle; give a new or empty folder (nothing was changed)" >&2
  exit 1
fi

for t in python3 protoc protoc-gen-nanopb apt-get dpkg-source; do
  if ! command -v "$t" >/dev/null 2>&1; then
    echo "make-reader-bundle: $t not found; skipping (install with tools/setup-deps.sh)" >&2
    exit 77
  fi
done

srcs=$("$ROOT/tools/fetch-device-sources.sh" "$CACHE")
ZSTD_DIR=$(echo "$srcs" | sed -n 's/^zstd=//p')
NANOPB_DIR=$(echo "$srcs" | sed -n 's/^nanopb=//p')

rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# nanopb message code for proto/newsdigest.proto (same options as the builds).
(cd "$ROOT/proto" && protoc --plugin=protoc-gen-nanopb="$(command -v protoc-gen-nanopb)" -I. \
  --nanopb_out=-e.npb:"$TMP" newsdigest.proto)

# zstd's decoder amalgamated into one C file by zstd's own script.
ZSL="$ZSTD_DIR/build/single_file_libs"
(cd "$ZSL" && python3 ./combine.py -r ../../lib -x legacy/zstd_legacy.h -o "$TMP/zstddeclib.c" zstddeclib-in.c) >&2

python3 - "$ROOT" "$OUT" "$TMP" "$ZSTD_DIR" "$NANOPB_DIR" "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)" <<'PY'
import os, re, sys

root, out, tmp, zstd, nanopb, rev = sys.argv[1:]

# The reader as the device build compiles it (tools/firmware/CMakeLists.txt):
# every nd_reader_* source plus the format's status text and CRC-32C. The
# signature check (nd_reader_sign.cc) needs libsodium's sources and is left
# out: tools/firmware/sodium_verify.cmake builds it for devices.
reader_dir = os.path.join(root, "core", "reader")
format_dir = os.path.join(root, "core", "format")
sources = sorted(os.path.join(reader_dir, f) for f in os.listdir(reader_dir)
                 if f.startswith("nd_reader_") and f.endswith((".c", ".cc")) and f != "nd_reader_sign.cc")
for name in ("status", "crc32c"):
    for ext in (".c", ".cc"):
        p = os.path.join(format_dir, name + ext)
        if os.path.exists(p):
            sources.append(p)
include_roots = [os.path.join(reader_dir, "include"), os.path.join(format_dir, "include"), reader_dir]

INC = re.compile(r'^(\s*#\s*include\s*)([<"])([^>"]+)[>"]', re.M)
# Headers that come from outside the repository: flat names in the bundle.
EXTERNAL = {"pb.h", "pb_decode.h", "pb_common.h", "zstd.h", "zstd_errors.h", "newsdigest.npb.h"}
files = {}  # bundle name -> text


def flat(text):
    """Include directives of the bundle: quoted and flat."""
    def sub(m):
        target = m.group(3)
        base = os.path.basename(target)
        if m.group(2) == '"' and (target.startswith("newsdigest/") or base in EXTERNAL):
            return f'{m.group(1)}"{base}"'
        if m.group(2) == "<" and base in EXTERNAL and "/" not in target:
            return f'{m.group(1)}"{base}"'
        return m.group(0)
    return INC.sub(sub, text)


def add_repo_file(path, name=None):
    name = name or os.path.basename(path)
    if name in files:
        return
    text = open(path, encoding="utf-8").read()
    files[name] = flat(text)
    for m in INC.finditer(text):
        if m.group(2) != '"':
            continue
        target = m.group(3)
        for r in include_roots + [os.path.dirname(path)]:
            p = os.path.join(r, target)
            if os.path.exists(p):
                add_repo_file(p)
                break


for s in sources:
    base, ext = os.path.splitext(os.path.basename(s))
    # .cpp: the one C++ extension every embedded build system compiles.
    add_repo_file(s, base + (".cpp" if ext == ".cc" else ext))

for f in ("pb.h", "pb_common.h", "pb_common.c", "pb_decode.h", "pb_decode.c"):
    files[f] = flat(open(os.path.join(nanopb, f), encoding="utf-8").read())
for f in ("newsdigest.npb.h", "newsdigest.npb.c"):
    files[f] = flat(open(os.path.join(tmp, f), encoding="utf-8").read())
for f in ("zstd.h", "zstd_errors.h"):
    files[f] = open(os.path.join(zstd, "lib", f), encoding="utf-8").read()

prelude = """/* zstd's decoder (zstd's own single-file amalgamation, decoder only) for the
 * newsdigest reader bundle. Generated by tools/make-reader-bundle.sh.
 * No heap: zstd's allocation hooks return NULL; the reader gives zstd a
 * static context in its workspace (ZSTD_initStaticDCtx). Size switches as in
 * the device build; define ND_BUNDLE_ZSTD_FAST for zstd's faster, larger
 * decoder paths. */
#define ZSTD_DEPS_MALLOC
#define ZSTD_malloc(s) ((void)(s), (void*)0)
#define ZSTD_calloc(n, s) ((void)(n), (void)(s), (void*)0)
#define ZSTD_free(p) ((void)(p))
#ifndef ND_BUNDLE_ZSTD_FAST
#define HUF_FORCE_DECOMPRESS_X1
#define ZSTD_FORCE_DECOMPRESS_SEQUENCES_SHORT
#define ZSTD_DECODER_INTERNAL_BUFFER 1024
#endif
#define XXH_NO_STDLIB
/* zstd's internal asserts off (no assert/abort on devices). */
#ifndef NDEBUG
#define NDEBUG
#endif
"""
files["nd_zstd_decoder.c"] = prelude + open(os.path.join(tmp, "zstddeclib.c"), encoding="utf-8").read()

licenses = []
for label, d, cands in (("zstd", zstd, ("LICENSE",)), ("nanopb", nanopb, ("LICENSE.txt", "LICENSE"))):
    for c in cands:
        p = os.path.join(d, c)
        if os.path.exists(p):
            files[f"LICENSE.{label}.txt"] = open(p, encoding="utf-8").read()
            licenses.append(f"LICENSE.{label}.txt")
            break
zstd_ver = os.path.basename(zstd)
npb_ver = os.path.basename(nanopb)
cpp = sorted(n for n in files if n.endswith(".cpp"))
c = sorted(n for n in files if n.endswith(".c"))
files["README.md"] = f"""# newsdigest reader bundle

Generated by `tools/make-reader-bundle.sh` from newsdigest {rev}, {zstd_ver} and {npb_ver}
(Debian source packages). Do not edit: regenerate.

The no-heap newsdigest reader in one folder. Include `nd_reader.h`; compile every `.c` and `.cpp` file
here; nothing else is needed (no zstd or nanopb library, no malloc).

- C files ({len(c)}): {", ".join(c)}
- C++ files ({len(cpp)}), C++17, no exceptions/RTTI needed: {", ".join(cpp)}
- Headers: `nd_reader.h` (the API; it includes `status_codes.h`), the rest are internal.
- Licenses of the third-party code: {", ".join(licenses)}.

Recommended flags: C++ `-std=c++17 -fno-exceptions -fno-rtti -fno-threadsafe-statics`, all `-Os` on
devices, `-ffunction-sections -fdata-sections` with `-Wl,--gc-sections`. With those, the objects need
only memcpy/memset/memmove/memcmp/strlen and libgcc: link with `cc` or `c++` alike.

Optional defines (apply to every file of the bundle):
- `NEWSDIGEST_STRIP_ERROR_STRINGS`, `PB_NO_ERRMSG`: no error texts (smaller flash).
- `NEWSDIGEST_READER_NO_DDICT`: leave out the fast layout's prepared dictionaries (devices).
- `NEWSDIGEST_CRC32C_SMALL`: no CRC shift tables (smaller flash).
- `ND_BUNDLE_ZSTD_FAST`: zstd's faster, larger decoder paths (hosts).

Size the workspace with `nd_reader_probe` + `nd_reader_workspace_size_min` (or `newsdigest stats
--ram BYTES FILE` on a host); see docs/device-reader.md in the newsdigest repository.
"""

for name, text in files.items():
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(text)
print(f"make-reader-bundle: {len(files)} files in {out}", file=sys.stderr)
PY
echo "$OUT"
