#!/usr/bin/env bash
# Fetches the Debian source packages of zstd and nanopb for the small-device
# build (tools/firmware) into a cache directory, never into the repository.
#
# Usage: tools/fetch-device-sources.sh <cache-dir>
#   Prints the two unpacked source trees as "zstd=<dir>" and "nanopb=<dir>".
#
# - Uses only Debian tools (apt-get source, dpkg-source from dpkg-dev).
# - The deb-src entry is derived from the machine's own apt sources
#   (/etc/apt/sources.list.d/*.sources in deb822 form, or sources.list lines),
#   written into a private apt configuration inside the cache: the system's
#   apt state is neither read for writing nor modified, and no root is needed.
# - The version fetched is the one of the installed binary package when there
#   is one (so the device build matches the host's libzstd/nanopb generator).
# - Idempotent: once both trees are unpacked, nothing is downloaded again and
#   the script works offline.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 <cache-dir>" >&2
  exit 1
fi
mkdir -p "$1"
CACHE=$(cd "$1" && pwd)
PKGS=(zstd nanopb)

# Already fetched? (a tree is complete once its stamp file exists)
have_all=1
for p in "${PKGS[@]}"; do
  [ -f "$CACHE/$p.stamp" ] || have_all=0
done
if [ "$have_all" -eq 1 ]; then
  for p in "${PKGS[@]}"; do echo "$p=$(cat "$CACHE/$p.stamp")"; done
  exit 0
fi

for tool in apt-get dpkg-source; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fetch-device-sources: '$tool' is missing (install dpkg-dev; see tools/setup-deps.sh)" >&2
    exit 1
  fi
done

# ---- Private apt configuration with deb-src entries ------------------------
APT="$CACHE/apt"
mkdir -p "$APT/lists/partial" "$APT/archives/partial" "$APT/etc/sources.list.d" "$APT/etc/preferences.d"
SRC="$APT/etc/sources.list.d/device-src.sources"
: > "$SRC"
found=0
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  # deb822 stanzas: turn "Types: deb" into "Types: deb-src", keep the rest.
  awk '
    /^[[:space:]]*$/ { print; next }
    /^Types:/ { print "Types: deb-src"; next }
    { print }
  ' "$f" >> "$SRC"
  echo >> "$SRC"
  found=1
done
LIST="$APT/etc/sources.list"
: > "$LIST"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  if grep -Eq '^[[:space:]]*deb[[:space:]]' "$f"; then
    sed -nE 's/^[[:space:]]*deb([[:space:]])/deb-src\1/p' "$f" >> "$LIST"
    found=1
  fi
done
if [ "$found" -eq 0 ]; then
  echo "fetch-device-sources: no apt sources found under /etc/apt" >&2
  exit 1
fi

APT_OPTS=(
  -o "Dir::Etc::SourceList=$LIST"
  -o "Dir::Etc::SourceParts=$APT/etc/sources.list.d"
  -o "Dir::Etc::Preferences=$APT/etc/preferences"
  -o "Dir::Etc::PreferencesParts=$APT/etc/preferences.d"
  -o "Dir::State::Lists=$APT/lists"
  -o "Dir::Cache=$APT/cache"
  -o "Dir::Cache::Archives=$APT/archives"
  -o "Debug::NoLocking=1"
  -o "APT::Sandbox::User=$(id -un)"
  -o "Acquire::Languages=none"
)
mkdir -p "$APT/cache"

if ! ls "$APT/lists/"*Sources* >/dev/null 2>&1; then
  echo "fetch-device-sources: apt-get update (private deb-src lists in $APT)" >&2
  apt-get "${APT_OPTS[@]}" -qq update >&2
fi

for p in "${PKGS[@]}"; do
  [ -f "$CACHE/$p.stamp" ] && continue
  ver=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || true)
  spec="$p"
  if [ -n "$ver" ] && apt-cache "${APT_OPTS[@]}" showsrc "$p" 2>/dev/null | grep -qx "Version: $ver"; then
    spec="$p=$ver"
  fi
  work="$CACHE/src-$p"
  rm -rf "$work"
  mkdir -p "$work"
  echo "fetch-device-sources: apt-get source $spec" >&2
  (cd "$work" && apt-get "${APT_OPTS[@]}" -qq source "$spec" >&2)
  # The source package may be named differently (zstd comes from libzstd).
  dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  if [ -z "$dir" ]; then
    echo "fetch-device-sources: no unpacked tree for $p" >&2
    exit 1
  fi
  echo "$dir" > "$CACHE/$p.stamp"
done

for p in "${PKGS[@]}"; do echo "$p=$(cat "$CACHE/$p.stamp")"; done
