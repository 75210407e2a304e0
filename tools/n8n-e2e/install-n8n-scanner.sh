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
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$here/../scripts/npm-cache-install.sh" install-n8n-scanner \
  "${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/n8n-scanner-$SCANNER_VERSION" "@n8n/scan-community-package@$SCANNER_VERSION"
