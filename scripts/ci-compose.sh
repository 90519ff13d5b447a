#!/usr/bin/env bash
# Checks docker-compose.yml without a Docker daemon (CI; run as root on Debian 12). Idempotent.
#   - installs Debian's `docker-compose` package (1.29.2) with apt when the command is missing,
#   - runs `docker-compose -f docker-compose.yml config -q`: the file must parse, follow the Compose schema
#     (unknown or misspelt keys, wrong types, depends_on conditions) and interpolate. Exits non-zero, with
#     docker-compose's message, when it does not.
# The secrets the file requires (POSTGRES_PASSWORD, OPERATON_API_TOKEN) get throw-away values here unless set,
# so that the check does not need a .env; nothing is started and nothing is written.
# Overridable: COMPOSE_FILE_TO_CHECK (default docker-compose.yml, relative to the repository).
set -euo pipefail
cd "$(dirname "$0")/.."

FILE="${COMPOSE_FILE_TO_CHECK:-docker-compose.yml}"

log() { echo "[ci-compose] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ -f "$FILE" ] || die "$FILE not found"

if ! command -v docker-compose >/dev/null; then
  [ "$(id -u)" -eq 0 ] || die "docker-compose is missing; run as root to install it (apt-get install docker-compose)"
  log "installing docker-compose"
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq docker-compose >/dev/null
fi
log "$(docker-compose version --short 2>/dev/null || docker-compose --version)"

export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-ci0compose0check0password}"
export OPERATON_API_TOKEN="${OPERATON_API_TOKEN:-ci-compose-check-token-0123456789}"
# an empty env file: a developer's .env does not change what is checked; `config` never needs a daemon
empty_env="$(mktemp)"
trap 'rm -f "$empty_env"' EXIT
if ! output="$(docker-compose --project-directory . --env-file "$empty_env" -f "$FILE" config -q 2>&1)"; then
  log "$FILE is not a valid compose file:"
  printf '%s\n' "$output" >&2
  exit 1
fi
[ -z "$output" ] || printf '%s\n' "$output" >&2
log "$FILE is valid"
