#!/usr/bin/env bash
# Fetches the Debian source packages of zstd, nanopb and libsodium for the small-device
# build (tools/firmware) into a cache directory, never into the repository.
#
# Usage: tools/fetch-device-sources.sh <cache-dir>
#   Prints the unpacked source trees as "zstd=<dir>", "nanopb=<dir>" and
#   "libsodium-dev=<dir>" (libsodium: signature verification, sodium_verify.cmake).
#
# - Uses only Debian tools (apt-get source, dpkg-source from dpkg-dev).
# - The deb-src entry is derived from the machine's own apt sources
#   (/etc/apt/sources.list.d/*.sources in deb822 form, or sources.list lines),
#   written into a private apt configuration inside the cache: the system's
#   apt state is neither read for writing nor modified, and no root is needed.
# - Sources are asked for by *source* package name (zstd comes from libzstd).
#   The version of the installed package is tried first (so the device build
#   matches the host's libzstd/nanopb generator), then every version the
#   deb-src lists offer, newest first: a mirror that lists a version but does
#   not serve its files (seen with security updates) does not break the build.
# - Idempotent: once both trees are unpacked, nothing is downloaded again and
#   the script works offline.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 <cache-dir>" >&2
  exit 1
fi
mkdir -p "$1"
CACHE=$(cd "$1" && pwd)
PKGS=(zstd nanopb libsodium-dev)

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

# Source package of a binary package: the installed one's own record, else the
# Sources index (zstd and libzstd1 both come from the source package libzstd).
source_name() {
  local bin="$1" src
  src=$(dpkg-query -W -f='${source:Package}' "$bin" 2>/dev/null || true)
  if [ -z "$src" ]; then
    src=$(apt-cache "${APT_OPTS[@]}" showsrc "$bin" 2>/dev/null | sed -n 's/^Package: //p' | head -n 1)
  fi
  echo "${src:-$bin}"
}

# Every version the configured deb-src entries offer, newest first.
offered_versions() {
  apt-cache "${APT_OPTS[@]}" showsrc "$1" 2>/dev/null | sed -n 's/^Version: //p' | sort -u -r -V
}

for p in "${PKGS[@]}"; do
  [ -f "$CACHE/$p.stamp" ] && continue
  src=$(source_name "$p")
  installed=$(dpkg-query -W -f='${source:Version}' "$p" 2>/dev/null || true)
  # Try the installed version first (the device build then matches the host's
  # library), then every offered version, newest first. A mirror may list a
  # version whose files it does not serve (a security update, say): that is
  # not an error as long as some version downloads.
  candidates=()
  [ -n "$installed" ] && candidates+=("$installed")
  while read -r v; do
    [ -n "$v" ] && [ "$v" != "$installed" ] && candidates+=("$v")
  done < <(offered_versions "$src")
  work="$CACHE/src-$p"
  dir=""
  tried=()
  for v in "${candidates[@]}"; do
    rm -rf "$work"
    mkdir -p "$work"
    tried+=("$src=$v")
    echo "fetch-device-sources: apt-get source $src=$v" >&2
    if (cd "$work" && apt-get "${APT_OPTS[@]}" -qq source "$src=$v" >"$work.log" 2>&1); then
      dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)
      [ -n "$dir" ] && break
    fi
  done
  if [ -z "$dir" ]; then
    if [ ${#tried[@]} -eq 0 ]; then
      echo "fetch-device-sources: no source package '$src' (for $p) in the deb-src lists derived from /etc/apt" >&2
    else
      echo "fetch-device-sources: could not download $p's sources; tried ${tried[*]} (last apt log: $work.log)" >&2
    fi
    exit 1
  fi
  rm -f "$work.log"
  echo "$dir" > "$CACHE/$p.stamp"
done

for p in "${PKGS[@]}"; do echo "$p=$(cat "$CACHE/$p.stamp")"; done
