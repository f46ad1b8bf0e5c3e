# GNBV Planner. The two commands most people need:
#   make run    install what is missing, build the release app, serve it on http://127.0.0.1:8080
#   make test   install what is missing, then every check and test (what CI runs)
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
PORT ?= 8080
E2E_PORT ?= 8787

.PHONY: check-xlsx-pdf run test setup setup-test build size serve fmt lint test-engine build-engine-wasm test-app-wasm e2e bench bench-wasm

run: setup build serve

test: setup-test fmt lint test-engine build-engine-wasm test-app-wasm build e2e
	@echo; echo "All checks passed."

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

build:
	@echo; echo "==> Building the release app (trunk)"
	trunk build --release --offline
	@echo; echo "==> Download size"
	@scripts/size.sh dist

size:
	@scripts/size.sh dist

serve:
	@PORT=$(PORT) scripts/serve.sh

fmt:
	@echo; echo "==> cargo fmt --check"
	cargo fmt --all --check

lint:
	@echo; echo "==> cargo clippy -D warnings (engine native, app wasm32, the split page)"
	cargo clippy -p gnbv-engine --all-targets -- -D warnings
	cargo clippy -p gnbv-app --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo clippy -p gnbv-app --target wasm32-unknown-unknown --features split --bins -- -D warnings

test-engine:
	@echo; echo "==> Engine tests (native)"
	cargo test -p gnbv-engine

build-engine-wasm:
	@echo; echo "==> Engine library for wasm32"
	cargo build -p gnbv-engine --lib --no-default-features --target wasm32-unknown-unknown

test-app-wasm:
	@echo; echo "==> App tests in headless Chromium (wasm-bindgen-test)"
	cargo test -p gnbv-app --target wasm32-unknown-unknown

e2e:
	@echo; echo "==> End-to-end tests (Playwright, Chromium) against the release build"
	E2E_PORT=$(E2E_PORT) npx playwright test --config tests/playwright.config.ts

# Engine timings in WebAssembly in headless Chromium (prints medians; not part of `make test`).
bench-wasm:
	WASM_BINDGEN_TEST_TIMEOUT=300 cargo test -p gnbv-app --release --target wasm32-unknown-unknown --features wasm-bench --test bench_wasm -- --nocapture

# The default proposal's workbook converted to PDF by LibreOffice (needs libreoffice-calc;
# not part of `make test`): fails if the conversion fails.
check-xlsx-pdf:
	@scripts/check-xlsx-pdf.sh

# Native engine benchmarks (criterion).
bench:
	cargo bench -p gnbv-engine
