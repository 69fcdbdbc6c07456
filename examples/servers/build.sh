#!/usr/bin/env sh
# Build the sample echo servers into examples/servers/bin/ (gitignored).
# Usage: examples/servers/build.sh        (needs gcc or $CC)
# A binary is rebuilt only when its source or echo_common.h is newer.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-gcc}
command -v "$cc" >/dev/null 2>&1 || { echo "build.sh: $cc not found" >&2; exit 127; }
mkdir -p "$here/bin"
for src in "$here"/tcpserv*.c; do
  name=$(basename "$src" .c)
  out="$here/bin/$name"
  if [ -x "$out" ] && [ "$out" -nt "$src" ] && [ "$out" -nt "$here/echo_common.h" ]; then
    continue
  fi
  # Build to a temporary name, then rename: concurrent builds never see half a binary.
  tmp="$out.tmp.$$"
  "$cc" -std=c11 -Wall -Wextra -O2 -o "$tmp" "$src"
  mv -f "$tmp" "$out"
  echo "built $out"
done
