#!/usr/bin/env bash
# Installs the n8n host used by the end-to-end tests, once, into a cache folder outside the repository:
#   ${KORE_N8N_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/n8n-<version>}
#     node       the workspace's one Node 24 (tools/node-red-e2e/node24.mjs; n8n 2.x needs Node >= 24),
#                linked here so that the host folder names its runtime
#     n8n/       n8n itself (tools/scripts/npm-cache-install.sh: scripts skipped, then sqlite3 rebuilt for Node 24)
#     .complete  written last; a folder without it is a broken install and is redone.
# Idempotent and safe to run concurrently (the installers it calls lock). Prints the install folder on its last line.
set -euo pipefail

N8N_VERSION="${KORE_N8N_VERSION:-2.40.7}"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/kore-train"
DIR="${KORE_N8N_HOME:-$CACHE_ROOT/n8n-$N8N_VERSION}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { echo "[install-n8n-host] $*" >&2; }

if [ -f "$DIR/.complete" ]; then
  log "n8n $N8N_VERSION already installed in $DIR"
  echo "$DIR"
  exit 0
fi
start=$(date +%s)
mkdir -p "$DIR"

# The same Node 24 binary Node-RED 5 runs on: installed once for the workspace, not once per host.
node24="$(node "$repo/tools/node-red-e2e/node24.mjs" | tail -n 1)"
node_home="$(dirname "$(dirname "$(dirname "$(dirname "$node24")")")")" # <cache>/node-<version>
if [ ! -L "$DIR/node" ]; then rm -rf "$DIR/node"; fi # an older install kept its own copy here
ln -sfn "$node_home" "$DIR/node"

# npm itself is the workspace's; with Node 24 first on PATH it runs, installs and rebuilds under Node 24.
export PATH="$(dirname "$node24"):$PATH"
log "installing n8n@$N8N_VERSION on $(node --version) (several minutes, ~3 GB; scripts skipped: an optional Kafka client fails to build)"
bash "$repo/tools/scripts/npm-cache-install.sh" install-n8n-host "$DIR/n8n" "n8n@$N8N_VERSION" \
  npm rebuild --loglevel=error sqlite3 > /dev/null

"$DIR/n8n/node_modules/.bin/n8n" --version >&2
printf '{ "n8n": "%s", "node": "%s", "installedAt": "%s" }\n' "$N8N_VERSION" "$(node --version)" "$(date -u +%FT%TZ)" > "$DIR/.complete"
log "done in $(( $(date +%s) - start )) s: $DIR"
echo "$DIR"
