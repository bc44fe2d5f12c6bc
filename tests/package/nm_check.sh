#!/bin/sh
# tests/package: the installed C reader libraries (newsdigest-reader.pc's
# libraries: reader, format, nanopb messages) need no C++ runtime: no
# reference to exception, RTTI, guard, operator new/delete or std:: symbols.
# Usage: nm_check.sh PREFIX
set -eu
prefix="$1"
pc="$(find "$prefix" -name newsdigest-reader.pc | head -n 1)"
[ -f "$pc" ] || { echo "no newsdigest-reader.pc under $prefix" >&2; exit 1; }
libdir="$(dirname "$(dirname "$pc")")"
libs="$(sed -n 's/^Libs: //p' "$pc" | tr ' ' '\n' | sed -n 's/^-lnewsdigest_\(.*\)/\1/p')"
[ -n "$libs" ] || { echo "$pc lists no newsdigest library" >&2; exit 1; }
bad=0
for l in $libs; do
  a="$libdir/libnewsdigest_$l.a"
  [ -f "$a" ] || { echo "missing $a" >&2; bad=1; continue; }
  # _Znw/_Zna/_Zdl/_Zda: operator new/delete; _ZSt/_ZNSt/_ZNKSt: std::;
  # _ZTI/_ZTS/_ZTV: RTTI and vtables; __cxa_*: exceptions, guards, atexit;
  # __gxx_personality*: unwinding.
  found="$(nm -A "$a" | grep -E ' [UVWw] (__cxa_|__gxx_personality|_Unwind_|_Znw|_Zna|_Zdl|_Zda|_ZSt|_ZNSt|_ZNKSt|_ZTI|_ZTS|_ZTV)' || true)"
  if [ -n "$found" ]; then
    echo "$a needs the C++ runtime:" >&2
    echo "$found" >&2
    bad=1
  else
    echo "$a: no C++ runtime symbols ($(nm "$a" | grep -c ' U ') undefined symbols, all C)"
  fi
done
exit "$bad"
