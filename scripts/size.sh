#!/usr/bin/env bash
# Prints the download size of the release build: the wasm and JS files of dist/, raw and gzip.
set -euo pipefail
dist="${1:-dist}"
total_raw=0; total_gz=0
for f in "$dist"/*.wasm "$dist"/*.js; do
  [ -e "$f" ] || continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  printf '  %-48s %9d bytes  %9d gzip\n' "$(basename "$f")" "$raw" "$gz"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
done
printf '  %-48s %9d bytes  %9d gzip (%d KiB)\n' "wasm + js" "$total_raw" "$total_gz" $((total_gz / 1024))
