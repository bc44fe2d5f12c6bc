#!/usr/bin/env bash
# Builds newsdigest and runs every test through ctest: a normal build, a
# unity build (-DCMAKE_UNITY_BUILD=ON; all but the device tests, see
# DEVICE_LABELS below), the reader-only build
# (-DNEWSDIGEST_BUILD_WRITER=OFF: format, reader and package tests; small),
# then the robustness gate (issue 8):
#   * a sanitizer build (-DNEWSDIGEST_SANITIZE=ON: ASan + UBSan) running all
#     tests but the device ones;
#   * valgrind memcheck over the reader tests (tests/reader, the fuzz
#     regression inputs of the reader targets, and the corruption matrix at a
#     coarser stride), on the normal build;
#   * a short fuzz pass of every libFuzzer target (tools/fuzz.sh, clang-14),
#     FUZZ_SECONDS each (default 60), two targets at a time.
# Installs missing Debian packages first. Usage: ./tools/test.sh (from
# anywhere). Knobs: JOBS, FUZZ_SECONDS, ND_TEST_SKIP_READER_ONLY=1,
# ND_TEST_SKIP_SANITIZE=1, ND_TEST_SKIP_VALGRIND=1, ND_TEST_SKIP_FUZZ=1 (local
# runs only; CI runs all). Each stage prints its wall time (README.md, "Tests").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/tools/setup-deps.sh"
JOBS="${JOBS:-$(nproc)}"

# run_suite <build-dir> [cmake options...]; CTEST_EXCLUDE (a label regex)
# leaves those tests out of this suite's ctest run.
run_suite() {
  local dir="$1"; shift
  local t0=$SECONDS
  local exclude=()
  [ -n "${CTEST_EXCLUDE:-}" ] && exclude=(-LE "$CTEST_EXCLUDE")
  echo "== $dir: cmake $* ${exclude[*]}" >&2
  cmake -S "$ROOT" -B "$ROOT/$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSDIGEST_WERROR=ON "$@" >/dev/null
  cmake --build "$ROOT/$dir" -j "$JOBS"
  (cd "$ROOT/$dir" && ctest --output-on-failure -j "$JOBS" "${exclude[@]}")
  echo "== $dir: $((SECONDS - t0)) s" >&2
}

# The device tests (labels firmware, bundle) cross-compile the reader for
# Cortex-M4 and RISC-V and run it under QEMU: the host build's configuration
# does not change what they build, so they run in the normal suite only (the
# unity and sanitizer builds still register them: the test counts match).
DEVICE_LABELS='firmware|bundle'
run_suite build/test
CTEST_EXCLUDE="$DEVICE_LABELS" run_suite build/test-unity -DCMAKE_UNITY_BUILD=ON
# The reader-only configuration a firmware or app developer builds (issue
# 14): its own small build (reader, format, nanopb messages; no protobuf,
# ICU or writer), the reader/format tests and the package tests.
if [ "${ND_TEST_SKIP_READER_ONLY:-0}" != 1 ]; then
  run_suite build/test-reader-only -DNEWSDIGEST_BUILD_WRITER=OFF
fi

if [ "${ND_TEST_SKIP_SANITIZE:-0}" != 1 ]; then
  t0=$SECONDS
  # Any sanitizer report fails the test that triggered it.
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
  CTEST_EXCLUDE="$DEVICE_LABELS" run_suite build/test-sanitize -DNEWSDIGEST_SANITIZE=ON
  unset ASAN_OPTIONS UBSAN_OPTIONS
  # A test binary that crashes while Catch lists its tests registers none:
  # the sanitizer build must run as many tests as the normal one.
  count_tests() { (cd "$ROOT/$1" && ctest -N | sed -n 's/^Total Tests: //p'); }
  n_plain="$(count_tests build/test)" n_san="$(count_tests build/test-sanitize)"
  if [ "$n_plain" != "$n_san" ]; then
    echo "test.sh: the sanitizer build registered $n_san tests, the normal build $n_plain" >&2
    exit 1
  fi
  echo "== sanitizer stage: $((SECONDS - t0)) s" >&2
fi

if [ "${ND_TEST_SKIP_VALGRIND:-0}" != 1 ]; then
  t0=$SECONDS
  echo "== valgrind memcheck: reader tests (build/test)" >&2
  VG=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
      --track-origins=yes)
  B="$ROOT/build/test"
  vg_pids=()
  for exe in "$B"/tests/reader/*; do
    [ -f "$exe" ] && [ -x "$exe" ] || continue
    "${VG[@]}" "$exe" >/dev/null & vg_pids+=($!)
  done
  for t in fuzz_reader_memory fuzz_reader_io; do
    [ -x "$B/tests/fuzz/$t" ] && { "${VG[@]}" "$B/tests/fuzz/$t" "$ROOT/tests/fuzz/regress/$t" >/dev/null & vg_pids+=($!); }
  done
  # The matrix at every 16th case keeps valgrind to a few minutes.
  ND_ROBUST_STRIDE=16 "${VG[@]}" "$B/tests/robust/robust_tests" "[matrix]" >/dev/null & vg_pids+=($!)
  for p in "${vg_pids[@]}"; do wait "$p"; done
  echo "== valgrind: clean, $((SECONDS - t0)) s" >&2
fi

if [ "${ND_TEST_SKIP_FUZZ:-0}" != 1 ]; then
  t0=$SECONDS
  FUZZ_JOBS="${FUZZ_JOBS:-2}" "$ROOT/tools/fuzz.sh" "${FUZZ_SECONDS:-60}"
  echo "== fuzz stage: $((SECONDS - t0)) s" >&2
fi
echo "test.sh: all suites passed" >&2
