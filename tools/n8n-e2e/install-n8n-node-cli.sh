#!/usr/bin/env bash
# Installs @n8n/node-cli (the `n8n-node lint` tool) once into a cache folder outside the repository:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/n8n-node-cli-<version>
# It cannot be a workspace devDependency: it pins eslint 9.29.0 (the workspace has 9.39) and pulls
# n8n-workflow 2.39 with isolated-vm, a native module that does not build on Node 20.
# Install scripts are skipped (lint never loads isolated-vm). Idempotent, safe concurrently (flock).
# Prints the install folder on its last line.
set -euo pipefail

CLI_VERSION="${KORE_N8N_NODE_CLI_VERSION:-0.48.3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$here/../scripts/npm-cache-install.sh" install-n8n-node-cli \
  "${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/n8n-node-cli-$CLI_VERSION" "@n8n/node-cli@$CLI_VERSION"
