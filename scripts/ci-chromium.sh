#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/browser, driven by playwright-core) on a fresh Debian 12
# machine (run as root). Idempotent: when /usr/bin/chromium exists nothing is installed (apt-get update only
# runs when it is missing). Prints the version.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
log() { echo "[ci-chromium] $*" >&2; }

if [ -x "$CHROMIUM" ]; then
  log "chromium is installed"
else
  [ "$(id -u)" -eq 0 ] || { log "ERROR: run as root to install chromium"; exit 1; }
  log "installing chromium"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
[ -x "$CHROMIUM" ] || { log "ERROR: $CHROMIUM is still missing"; exit 1; }
"$CHROMIUM" --version 2>/dev/null
