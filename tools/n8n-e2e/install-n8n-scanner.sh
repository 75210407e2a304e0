#!/usr/bin/env bash
# Installs @n8n/scan-community-package (n8n's verification scanner) once into a cache folder outside
# the repository:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/n8n-scanner-<version>
# Not a workspace devDependency for the same reasons as @n8n/node-cli (see install-n8n-node-cli.sh):
# it pins its own eslint and n8n plugin versions. Install scripts are skipped: a dependency's
# preinstall (`npx only-allow pnpm`) fails otherwise, and the scanner's lint needs none of them.
# Idempotent, safe concurrently (flock). Prints the install folder on its last line.
set -euo pipefail

SCANNER_VERSION="${KORE_N8N_SCANNER_VERSION:-0.32.0}"
DIR="${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/n8n-scanner-$SCANNER_VERSION"
log() { echo "[install-n8n-scanner] $*" >&2; }

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
printf '{ "name": "kore-train-n8n-scanner", "private": true }\n' > "$DIR/package.json"
log "installing @n8n/scan-community-package@$SCANNER_VERSION (about a minute, the first time only)"
(cd "$DIR" && npm install --no-audit --no-fund --no-save --loglevel=error --ignore-scripts "@n8n/scan-community-package@$SCANNER_VERSION" >&2)
date -u +%FT%TZ > "$DIR/.complete"
log "done in $(( $(date +%s) - start )) s: $DIR"
echo "$DIR"
