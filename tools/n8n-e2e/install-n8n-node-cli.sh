#!/usr/bin/env bash
# Installs @n8n/node-cli (the `n8n-node lint` tool) once into a cache folder outside the repository:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/n8n-node-cli-<version>
# It cannot be a workspace devDependency: it pins eslint 9.29.0 (the workspace has 9.39) and pulls
# n8n-workflow 2.39 with isolated-vm, a native module that does not build on Node 20.
# Install scripts are skipped (lint never loads isolated-vm). Idempotent, safe concurrently (flock).
# Prints the install folder on its last line.
set -euo pipefail

CLI_VERSION="${KORE_N8N_NODE_CLI_VERSION:-0.48.3}"
DIR="${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/n8n-node-cli-$CLI_VERSION"
log() { echo "[install-n8n-node-cli] $*" >&2; }

mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
if ! flock -n 9; then
  log "another install is running; waiting for it"
  flock 9
fi
if [ -f "$DIR/.complete" ]; then
  echo "$DIR"
  exit 0
fi
rm -rf "$DIR"
mkdir -p "$DIR"
start=$(date +%s)
printf '{ "name": "kore-train-n8n-node-cli", "private": true }\n' > "$DIR/package.json"
log "installing @n8n/node-cli@$CLI_VERSION (about a minute, the first time only)"
(cd "$DIR" && npm install --no-audit --no-fund --no-save --loglevel=error --ignore-scripts "@n8n/node-cli@$CLI_VERSION" >&2)
date -u +%FT%TZ > "$DIR/.complete"
log "done in $(( $(date +%s) - start )) s: $DIR"
echo "$DIR"
