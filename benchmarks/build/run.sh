#!/usr/bin/env bash
# The build benchmark: clean-build wall and CPU time of each configuration,
# the size of each library and of the CLI, and what a unity build saves.
# Not run by the tests (a full run takes an hour or more on 2 cores).
#
# Usage: benchmarks/build/run.sh [-j N] [--only REGEX] [--keep] [work-dir]
#   -j N         parallel jobs per build (default: nproc)
#   --only REGEX measure only configurations whose name matches (the others
#                keep their previous results, if any): e.g. --only 'release|device'
#   --keep       keep each configuration's build tree (default: deleted after
#                measuring, they are large)
#   work-dir     default: <repo>/build/buildbench
# Configurations (name: what):
#   release, release-unity, minsizerel, minsizerel-unity   the whole project
#       (library, CLI, tests, benchmarks off), normal and -DCMAKE_UNITY_BUILD=ON
#   release-cli, release-cli-unity   libraries + CLI only (-DNEWSDIGEST_BUILD_TESTS=OFF),
#       Release: what building just the tool costs
#   reader-only, reader-only-unity   -DNEWSDIGEST_BUILD_WRITER=OFF
#       -DNEWSDIGEST_BUILD_TESTS=OFF (Release)
#   device-cortex-m4, device-riscv32   tools/firmware (minimal: -Os, no error
#       strings), the device reader library and the two firmware images
# Results: <work-dir>/results.jsonl (one line per configuration), then
# benchmarks/build/README.md and build.png (report.py; the chart needs gnuplot).
# Compiler caches are switched off (CCACHE_DISABLE=1): every build is clean.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/benchmarks/build"
JOBS=$(nproc)
ONLY=""
KEEP=0
WORK=""
while [ $# -gt 0 ]; do
  case "$1" in
    -j) JOBS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) WORK=$1; shift ;;
  esac
done
WORK=${WORK:-$ROOT/build/buildbench}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
RESULTS="$WORK/results.jsonl"
touch "$RESULTS"
export CCACHE_DISABLE=1
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "build bench: /usr/bin/time is missing (package time)" >&2; exit 1; }

# Machine state at the start (the machine may be shared: load average).
python3 - "$WORK/machine.json" "$JOBS" <<'PY'
import json, os, platform, subprocess, sys
def first(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
    except Exception:
        return "?"
cpu = "?"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
json.dump({"cpu": cpu, "nproc": os.cpu_count(), "jobs": int(sys.argv[2]), "load": os.getloadavg(),
           "cxx": first(["c++", "--version"]), "cmake": first(["cmake", "--version"]),
           "kernel": platform.release()}, open(sys.argv[1], "w"))
PY

# Runs "$@" under /usr/bin/time; sets T_WALL T_USER T_SYS; returns its status.
timed() {
  local tf="$WORK/time.txt" rc=0
  "$TIME" -f "%e %U %S" -o "$tf" "$@" > "$WORK/last.log" 2>&1 || rc=$?
  read -r T_WALL T_USER T_SYS < <(tail -n 1 "$tf")
  return $rc
}

# record <name> <status> <configure-wall> <build-wall> <build-user> <build-sys> <build-dir> <kind>
record() {
  python3 - "$RESULTS" "$@" <<'PY'
import glob, json, os, sys
results, name, status, cfg_wall, wall, user, sys_t, build, kind = sys.argv[1:]
libs, cli = {}, None
if os.path.isdir(build):
    for p in glob.glob(os.path.join(build, "**", "*.a"), recursive=True):
        if "/_deps/" in p or "/CMakeFiles/" in p:
            continue
        libs[os.path.basename(p)] = os.path.getsize(p)
    for p in glob.glob(os.path.join(build, "tools", "newsdigest")):
        if os.path.isfile(p):
            cli = os.path.getsize(p)
images = {}
if kind == "device" and os.path.isdir(build):
    for p in glob.glob(os.path.join(build, "*.elf")):
        images[os.path.basename(p)] = os.path.getsize(p)
rows = [json.loads(l) for l in open(results) if l.strip()]
rows = [r for r in rows if r["name"] != name]
rows.append({"name": name, "kind": kind, "status": status, "configure_wall": float(cfg_wall),
             "wall": float(wall), "user": float(user), "sys": float(sys_t), "cpu": float(user) + float(sys_t),
             "libs": libs, "cli": cli, "images": images, "load": os.getloadavg()})
with open(results, "w") as f:
    for r in rows:
        f.write(json.dumps(r, sort_keys=True) + "\n")
PY
}

want() { [ -z "$ONLY" ] || [[ "$1" =~ $ONLY ]]; }

host_config() {  # <name> <cmake args...>
  local name=$1
  shift
  want "$name" || return 0
  local b="$WORK/$name"
  rm -rf "$b"
  echo "build bench: $name" >&2
  local status=ok cfg=0
  if timed cmake -S "$ROOT" -B "$b" -DNEWSDIGEST_BUILD_BENCHMARKS=OFF "$@"; then
    cfg=$T_WALL
    timed cmake --build "$b" -j "$JOBS" || status=failed
  else
    status=configure-failed
    T_WALL=0 T_USER=0 T_SYS=0
  fi
  [ "$status" = ok ] || cp "$WORK/last.log" "$WORK/$name.failed.log"
  record "$name" "$status" "$cfg" "$T_WALL" "$T_USER" "$T_SYS" "$b" host
  [ "$KEEP" -eq 1 ] || rm -rf "$b"
}

device_config() {  # <cpu>
  local cpu=$1 name="device-$1"
  want "$name" || return 0
  local gcc=arm-none-eabi-gcc tc=arm-none-eabi.cmake
  if [ "$cpu" = riscv32 ]; then gcc=riscv64-unknown-elf-gcc tc=riscv32.cmake; fi
  if ! command -v "$gcc" >/dev/null 2>&1; then
    echo "build bench: $gcc missing, $name skipped" >&2
    return 0
  fi
  echo "build bench: $name" >&2
  # Inputs of the device build: the Debian sources and the firmware corpus
  # (made with a host build's nd_fw_corpus; not part of the timing).
  local srcs zstd nanopb
  srcs=$("$ROOT/tools/fetch-device-sources.sh" "$WORK/device-sources")
  zstd=$(echo "$srcs" | sed -n 's/^zstd=//p')
  nanopb=$(echo "$srcs" | sed -n 's/^nanopb=//p')
  if [ ! -f "$WORK/corpus/expected.h" ]; then
    cmake -S "$ROOT" -B "$WORK/corpus-host" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$WORK/corpus-host" -j "$JOBS" --target nd_fw_corpus >/dev/null
    "$WORK/corpus-host/tests/firmware/nd_fw_corpus" --out-dir "$WORK/corpus" --examples "$ROOT/tools/examples" >&2
  fi
  local b="$WORK/$name" status=ok cfg=0
  rm -rf "$b"
  if timed cmake -S "$ROOT/tools/firmware" -B "$b" -DCMAKE_TOOLCHAIN_FILE="$ROOT/tools/firmware/$tc" \
      -DCMAKE_BUILD_TYPE= -DND_ZSTD_DIR="$zstd" -DND_NANOPB_DIR="$nanopb" -DND_FW_CORPUS_DIR="$WORK/corpus" \
      -DND_FW_CONFIG=minimal -DND_STACK_SIZE=3072; then
    cfg=$T_WALL
    timed cmake --build "$b" -j "$JOBS" || status=failed
  else
    status=configure-failed
    T_WALL=0 T_USER=0 T_SYS=0
  fi
  [ "$status" = ok ] || cp "$WORK/last.log" "$WORK/$name.failed.log"
  record "$name" "$status" "$cfg" "$T_WALL" "$T_USER" "$T_SYS" "$b" device
  [ "$KEEP" -eq 1 ] || rm -rf "$b"
}

host_config release -DCMAKE_BUILD_TYPE=Release
host_config release-unity -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON
host_config minsizerel -DCMAKE_BUILD_TYPE=MinSizeRel
host_config minsizerel-unity -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_UNITY_BUILD=ON
host_config release-cli -DCMAKE_BUILD_TYPE=Release -DNEWSDIGEST_BUILD_TESTS=OFF
host_config release-cli-unity -DCMAKE_BUILD_TYPE=Release -DNEWSDIGEST_BUILD_TESTS=OFF -DCMAKE_UNITY_BUILD=ON
host_config reader-only -DCMAKE_BUILD_TYPE=Release -DNEWSDIGEST_BUILD_WRITER=OFF -DNEWSDIGEST_BUILD_TESTS=OFF
host_config reader-only-unity -DCMAKE_BUILD_TYPE=Release -DNEWSDIGEST_BUILD_WRITER=OFF -DNEWSDIGEST_BUILD_TESTS=OFF \
  -DCMAKE_UNITY_BUILD=ON
device_config cortex-m4
device_config riscv32

python3 "$HERE/report.py" "$WORK" "$HERE"
echo "wrote benchmarks/build/README.md" >&2
