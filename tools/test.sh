#!/usr/bin/env bash
# Builds newsdigest and runs every test through ctest, twice: a normal build
# and a unity build (-DCMAKE_UNITY_BUILD=ON). Installs missing Debian
# packages first. Usage: ./tools/test.sh   (from anywhere)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/tools/setup-deps.sh"
JOBS="${JOBS:-$(nproc)}"

run_suite() {
  local dir="$1"; shift
  echo "== $dir: cmake $*" >&2
  cmake -S "$ROOT" -B "$ROOT/$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSDIGEST_WERROR=ON "$@" >/dev/null
  cmake --build "$ROOT/$dir" -j "$JOBS"
  (cd "$ROOT/$dir" && ctest --output-on-failure -j "$JOBS")
}

run_suite build/test
run_suite build/test-unity -DCMAKE_UNITY_BUILD=ON
echo "test.sh: all suites passed" >&2
