#!/usr/bin/env bash
# Runs `n8n-node lint` (n8n's community-node rules, strict mode) on packages/n8n-nodes-kore-train.
# @n8n/node-cli cannot live in the workspace (see install-n8n-node-cli.sh), so the node's sources are
# linted in a staging folder whose node_modules point at the cached CLI, plus @kore-train/core for
# import resolution. Tests are left out: they are not part of the published node.
# Usage: n8n-node-lint.sh [package dir]   (default: the n8n package of this repository)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
pkg="$(cd "${1:-$repo/packages/n8n-nodes-kore-train}" && pwd)"

cli="$("$here/install-n8n-node-cli.sh" | tail -n 1)"
stage="$(mktemp -d "${TMPDIR:-/tmp}/n8n-node-lint.XXXXXX")"
trap 'rm -rf "$stage"' EXIT

cp "$pkg/package.json" "$pkg/eslint.config.mjs" "$stage/"
[ -f "$pkg/README.md" ] && cp "$pkg/README.md" "$stage/"
cp -R "$pkg/credentials" "$pkg/nodes" "$stage/"

mkdir -p "$stage/node_modules/@kore-train"
for entry in "$cli/node_modules/"* "$cli/node_modules/".bin; do
  ln -s "$entry" "$stage/node_modules/$(basename "$entry")"
done
ln -s "$repo/packages/core" "$stage/node_modules/@kore-train/core"

# Standalone: the package's own tsconfig extends the workspace's base by a relative path.
cat > "$stage/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "target": "ES2022", "module": "nodenext", "moduleResolution": "nodenext", "strict": true,
    "skipLibCheck": true, "noEmit": true, "types": ["node"],
    "paths": {
      "@kore-train/core": ["$repo/packages/core/src/index.ts"],
      "@kore-train/core/engine": ["$repo/packages/core/src/engine-entry.ts"]
    }
  },
  "include": ["credentials/**/*.ts", "nodes/**/*.ts"]
}
JSON

echo "[n8n-node lint] $pkg (staged in $stage)" >&2
cd "$stage"
PATH="$stage/node_modules/.bin:$PATH" node "$cli/node_modules/@n8n/node-cli/bin/n8n-node.mjs" lint
