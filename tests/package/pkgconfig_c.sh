#!/bin/sh
# tests/package: a C program built with `cc` against an installed newsdigest
# using nothing but `pkg-config --cflags --libs newsdigest-reader`, then run
# on the golden file. Usage: pkgconfig_c.sh PREFIX WORKDIR GOLDEN COUNT [LDFLAGS...]
set -eu
prefix="$1" work="$2" golden="$3" count="$4"
shift 4
here="$(cd "$(dirname "$0")" && pwd)"
command -v pkg-config >/dev/null || { echo "pkg-config missing" >&2; exit 77; }
pc_dir="$(dirname "$(find "$prefix" -name newsdigest-reader.pc | head -n 1)")"
[ -f "$pc_dir/newsdigest-reader.pc" ] || { echo "no newsdigest-reader.pc under $prefix" >&2; exit 1; }
export PKG_CONFIG_PATH="$pc_dir"
flags="$(pkg-config --cflags --libs newsdigest-reader)"
echo "pkg-config --cflags --libs newsdigest-reader: $flags"
mkdir -p "$work"
# shellcheck disable=SC2086  # the flags are words
${CC:-cc} -std=c11 -Wall -Wextra -Werror -o "$work/pkgconfig_c" "$here/read_golden.c" $flags "$@"
"$work/pkgconfig_c" "$golden" "$count"
