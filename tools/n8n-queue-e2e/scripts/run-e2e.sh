#!/usr/bin/env bash
# n8n in queue mode, end to end: makes sure Redis (Debian's) and the n8n host and PostgreSQL 17
# binaries (cache folders outside the repository) are installed, then runs the jest test, which
# starts and stops every server itself on free 127.0.0.1 ports. First run on a fresh machine:
# several minutes (the n8n host); later runs reuse the caches.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"

started=$(date +%s)
bash "$here/scripts/ensure-redis.sh"
KORE_N8N_HOST="$("$repo/tools/n8n-e2e/install-n8n-host.sh" | tail -n 1)"
export KORE_N8N_HOST
bash "$here/scripts/install-postgres.sh" >/dev/null
echo "[n8n-queue-e2e] set-up ready in $(( $(date +%s) - started )) s (redis-server, n8n host, PostgreSQL 17)" >&2

cd "$repo"
exec node node_modules/jest/bin/jest.js -c tools/n8n-queue-e2e/jest.config.cjs --runInBand "$@"
