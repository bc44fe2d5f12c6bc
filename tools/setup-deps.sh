#!/usr/bin/env bash
# Installs every Debian 12 package newsdigest needs (build, tests, benchmarks,
# device build). Idempotent: installs only what is missing. Uses sudo when
# not root.
set -euo pipefail

PACKAGES=(
  # build
  cmake g++ make pkg-config protobuf-compiler libprotobuf-dev nanopb libnanopb-dev libzstd-dev libsodium-dev
  libicu-dev libstemmer-dev libgumbo-dev libxml2-dev nlohmann-json3-dev libcli11-dev
  # tests and robustness
  catch2 valgrind clang-14 libclang-rt-14-dev
  # benchmarks and reports
  libbenchmark-dev zlib1g-dev liblzma-dev libbrotli-dev gnuplot-nox ots python3 time
  # sharded builds on a cluster engine (tools/cluster)
  python3-distributed
  # small-device build
  gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm dpkg-dev
  # second device CPU (32-bit RISC-V under qemu-system-riscv32)
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
