#!/usr/bin/env bash
# Installs one npm package, once, into a cache folder outside the repository, for the tools that cannot be
# workspace dependencies (they pin their own eslint, need Node 24, or ship native binaries).
# Usage: npm-cache-install.sh LABEL DIR PACKAGE@VERSION [COMMAND...]
#   COMMAND, when given, runs in DIR after the install and before the folder is marked complete.
# DIR/.complete is written last: a folder without it is a broken install and is redone. Install scripts are
# skipped (npm 11 asks before running them; none of the tools needs theirs). Idempotent and safe to run
# concurrently (flock on DIR.lock). Prints DIR on its last line.
set -euo pipefail

label="$1" dir="$2" package="$3"
shift 3
log() { echo "[$label] $*" >&2; }

mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
if ! flock -n 9; then
  log "another install is running; waiting for it"
  flock 9
fi
if [ -f "$dir/.complete" ]; then
  echo "$dir"
  exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
started=$(date +%s)
printf '{ "name": "kore-train-%s", "private": true }\n' "$label" > "$dir/package.json"
log "installing $package (the first time only)"
(cd "$dir" && npm install --no-audit --no-fund --no-save --loglevel=error --ignore-scripts "$package" >&2)
if [ "$#" -gt 0 ]; then (cd "$dir" && "$@" >&2); fi
date -u +%FT%TZ > "$dir/.complete"
log "done in $(( $(date +%s) - started )) s: $dir"
echo "$dir"
