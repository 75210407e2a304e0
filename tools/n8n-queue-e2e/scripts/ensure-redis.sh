#!/usr/bin/env bash
# Redis from Debian's packages (redis-server, with redis-cli), for the queue-mode end-to-end test.
# The test starts its own redis-server on a free loopback port; no system service is used.
set -euo pipefail
if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "ensure-redis: redis-server is missing; run as root or: sudo apt-get install -y redis-server" >&2
  exit 1
fi
echo "ensure-redis: installing Debian's redis-server (once per machine)…" >&2
export DEBIAN_FRONTEND=noninteractive
started=$(date +%s)
apt-get update -qq
apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# Debian's package may start a system service; the test never uses it.
redis-server --version >&2
echo "ensure-redis: done in $(( $(date +%s) - started )) s" >&2
