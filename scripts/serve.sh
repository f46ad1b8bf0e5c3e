#!/usr/bin/env bash
# Serves the built app in dist/ on loopback only. PORT defaults to 8080.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-8080}"
[ -f dist/index.html ] || { echo "dist/ is empty: run 'make build' first" >&2; exit 1; }
echo
echo "GNBV Planner is running at http://127.0.0.1:$port/  (Ctrl+C to stop)"
exec python3 scripts/serve.py dist "$port"
