#!/usr/bin/env bash
# Installs what building (and, with --test, testing) GNBV Planner needs, skipping whatever is
# already there. Safe to run again and again. Versions are pinned: trunk 0.21.14 (0.22 needs
# a newer rustc), wasm-bindgen-cli exactly the wasm-bindgen of Cargo.lock, wasm-split-cli 0.2.4
# (wasm_split_cli_support, the splitter Leptos's split points are made for), binaryen 132 from
# npm (Debian's binaryen 108 produces wasm that crashes in Chromium: never use it).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
WASM_SPLIT_VERSION=0.2.4
with_test=0
[ "${1:-}" = "--test" ] && with_test=1

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
step() { printf '\n==> %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

step "Rust toolchain: wasm32 target, rustfmt, clippy"
installed=$(rustup target list --installed)
grep -qx wasm32-unknown-unknown <<<"$installed" || rustup target add wasm32-unknown-unknown
components=$(rustup component list --installed)
grep -q '^rustfmt' <<<"$components" || rustup component add rustfmt
grep -q '^clippy' <<<"$components" || rustup component add clippy
echo "ok"

step "trunk $TRUNK_VERSION"
if have trunk && [ "$(trunk --version)" = "trunk $TRUNK_VERSION" ]; then
  echo "present"
else
  echo "installing (about 20 minutes on 2 cores)…"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if have wasm-bindgen && [ "$(wasm-bindgen --version)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  echo "present"
else
  echo "installing (about 2 minutes)…"
  # Not --locked: one of its locked dependencies is missing from the registry mirror.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

step "wasm-split-cli $WASM_SPLIT_VERSION (cuts the page's wasm into the page and the screens' parts)"
# It has no --version: cargo's list of installed crates says which one is there.
if have wasm-split-cli && cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  echo "present"
else
  echo "installing (about 1 minute)…"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

step "node packages (wasm-opt from binaryen 132; Playwright without a browser download)"
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
   && [ "$(wasm-opt --version 2>/dev/null)" = "wasm-opt version 132 (version_132)" ]; then
  echo "present"
else
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

if [ "$with_test" = 1 ]; then
  step "poppler-utils (pdftotext: the print test reads the printed PDF)"
  if have pdftotext; then
    echo "present"
  else
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq poppler-utils
  fi

  step "Chromium and ChromeDriver (Debian packages)"
  if have chromium && have chromedriver; then
    echo "present: $(chromium --version 2>/dev/null)"
  else
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver
  fi
fi
echo
echo "Set-up complete."
