#!/usr/bin/env bash
# Converts the default scenario's budget proposal to PDF with LibreOffice, headless, and checks
# that a PDF with A4 pages comes out. Needs `soffice` (Debian: libreoffice-calc-nogui).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "soffice not found: apt-get install -y libreoffice-calc-nogui" >&2; exit 1; }
out=tests/artifacts/xlsx-pdf
rm -rf "$out" && mkdir -p "$out"
cargo run -q --release -p gnbv-engine -- scenario default > "$out/scenario.json"
cargo run -q --release -p gnbv-engine -- export --scenario "$out/scenario.json" --format xlsx --out "$out/du-toan.xlsx"
soffice --headless --convert-to pdf --outdir "$out" "$out/du-toan.xlsx" >/dev/null 2>&1
test -s "$out/du-toan.pdf" || { echo "LibreOffice made no PDF" >&2; exit 1; }
head -c 5 "$out/du-toan.pdf" | grep -q '%PDF-' || { echo "not a PDF" >&2; exit 1; }
if command -v pdfinfo >/dev/null; then pdfinfo "$out/du-toan.pdf" | grep -E 'Pages|Page size'; fi
if command -v pdftoppm >/dev/null; then pdftoppm -r 80 -f 1 -l 1 -png "$out/du-toan.pdf" "$out/page"; fi
echo "ok: $out/du-toan.pdf"
