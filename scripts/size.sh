#!/usr/bin/env bash
# Prints the download size of the release build: the wasm and JS files of dist/, raw, gzip and
# brotli (the build's own compressed copies, which the server sends);
# then the page's own download (the app's wasm, its JS and the CSS: what the first screen
# needs; the workers load later) against the size budget, and fails above it.
set -euo pipefail
dist="${1:-dist}"
# The page's compressed budget in bytes. Lower it as the page shrinks (issue: ≤ 350 KB).
# Raised from 960,000 to 985,000 with the household review (the review step, IndexedDB,
# restore and its races, the population named on every screen: +43 KB gzip), to be won back
# with the page split. Raised again to 1,040,000 with credit as credit (the credit plan's table
# and fields, the fund-flow grouping: +54 KB gzip), likewise. Raised to 1,090,000 with several
# years (the year selector, the loan book chart, every year's scenario and the link base of
# version 5 compiled in: +47.6 KB gzip), likewise. Raised to 1,185,000 with the optimiser's
# panel (question, progress, the answer beside the current scenario, prices, apply/save; the
# page now parses the plan's floating-point predictions: +95.6 KB gzip; the solver itself is
# in its own worker), likewise. Raised to 1,220,000 with honest uncertainty (the parameters'
# ranges and each target's driver in every projection, the sensitivity panel with its tornado
# and its worker's answer, the household-only tick: +36.6 KB gzip; twiggy names 22 KB raw of
# it in uncertainty, sensitivity and tornado, the rest generic), likewise. Raised to 1,345,000
# with household plans and monitoring (the plan panel and its district roll-up, the Monitoring screen, the actuals
# checks and the report computed on the page: +124.8 KB gzip; twiggy names 113 KB raw of it in
# household_plan, actuals, monitoring and their views), likewise: the report's computation is
# the first candidate to move to the export worker.
# Since the server sends the build's brotli copies (scripts/precompress.mjs) to every browser
# that accepts brotli, the budget counts those bytes: the page's download is what crosses the
# wire. Gzip (1,340,958 bytes for the same page before the switch) is printed beside it.
# Lowered from 975,000 to 865,000 when the views' types were erased (`--cfg erase_components`
# in .cargo/config.toml: 966,414 -> 851,135 brotli).
# Lowered from 865,000 to 575,000 when the page was split (every screen but the Overview in
# parts of its own, loaded when first shown: scripts/split.py; 851,421 -> 555,188 brotli), and
# to 510,000 when the share link's code followed (-> 492,993 brotli), and to 450,000 when the
# code that reads stored work did (a returning visit's: -> 435,052 brotli), and to 410,000 when
# the page's engine was optimised for size (`[profile.page]` in Cargo.toml: -> 394,872 brotli).
# The page's files: index.html, the page's wasm and JS glue, the parts' loader module (the glue
# imports it at the start: gnbv-app-split-*.js) and the CSS; the parts (gnbv-*.wasm) are not.
budget="${PAGE_BUDGET:-410000}"
size() { stat -c %s "$1"; }
total_raw=0; total_gz=0; total_br=0
for f in "$dist"/*.wasm "$dist"/*.js; do
  [ -e "$f" ] || continue
  if [ ! -e "$f.br" ] || [ ! -e "$f.gz" ]; then
    echo "$f has no .br or .gz copy: build with trunk (its post-build hook writes them)." >&2
    exit 1
  fi
  raw=$(size "$f"); gz=$(size "$f.gz"); br=$(size "$f.br")
  printf '  %-48s %9d bytes  %9d gzip  %9d brotli\n' "$(basename "$f")" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
done
printf '  %-48s %9d bytes  %9d gzip  %9d brotli (%d KiB)\n' "wasm + js" "$total_raw" "$total_gz" "$total_br" $((total_br / 1024))
page_gz=0; page_br=0
for f in "$dist"/index.html "$dist"/gnbv-app-*.wasm "$dist"/gnbv-app-*.js "$dist"/styles-*.css; do
  [ -e "$f" ] || continue
  page_gz=$((page_gz + $(size "$f.gz"))); page_br=$((page_br + $(size "$f.br")))
done
printf '  %-48s %9d gzip  %9d brotli (budget %d)\n' "page (html + page wasm + js + css)" "$page_gz" "$page_br" "$budget"
if [ "$page_br" -gt "$budget" ]; then
  echo "The page's download is $page_br bytes brotli, above its budget of $budget: find what grew (twiggy top dist/gnbv-app-*_bg.wasm)." >&2
  exit 1
fi
