#!/usr/bin/env bash
# End to end in a real n8n: installs the host if missing (first run: several minutes), then runs
# n8n.e2e.ts (jest) against kore-sim; it builds and packs packages/n8n-nodes-kore-train under a lock
# (src/harness.ts), so a parallel browser test never packs a half-rewritten dist/.
# The Nx target `@kore-train/n8n-e2e:e2e` runs this after the n8n package's `build`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

started=$(date +%s)
KORE_N8N_HOST="$("$here/install-n8n-host.sh" | tail -n 1)"
export KORE_N8N_HOST
echo "[n8n-e2e] n8n host ready in $(( $(date +%s) - started )) s: $KORE_N8N_HOST" >&2

cd "$repo"
exec node node_modules/jest/bin/jest.js -c tools/n8n-e2e/jest.config.cjs --runInBand "$@"
