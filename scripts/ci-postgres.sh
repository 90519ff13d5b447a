#!/usr/bin/env bash
# Sets up a local PostgreSQL for CI on a fresh Debian 12 machine (run as root). Idempotent: safe to run again.
#   - installs the `postgresql` package (apt-get update only when it is missing),
#   - starts the newest installed cluster (creates `main` if there is none),
#   - creates role welfare/welfare and the databases welfare_test (dropped and made again on every run) and welfare,
#   - waits until the server accepts password logins over TCP, then prints TEST_DATABASE_URL.
# Overridable: PG_ROLE, PG_PASSWORD, PG_TEST_DB, PG_APP_DB. When $GITHUB_ENV is set, TEST_DATABASE_URL is appended to it.
set -euo pipefail

ROLE="${PG_ROLE:-welfare}"
PASSWORD="${PG_PASSWORD:-welfare}"
TEST_DB="${PG_TEST_DB:-welfare_test}"
APP_DB="${PG_APP_DB:-welfare}"

log() { echo "[ci-postgres] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (it installs packages and starts the cluster)"
for name in "$ROLE" "$TEST_DB" "$APP_DB"; do
  [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]] || die "invalid identifier: $name"
done
[[ "$PASSWORD" != *"'"* ]] || die "the password must not contain a single quote"

# 1. Package
if dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q 'install ok installed'; then
  log "postgresql is installed"
else
  log "installing postgresql"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi

# 2. Cluster: the first one pg_lsclusters lists, or a new `main` for the newest installed version
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header 2>/dev/null | head -n 1) || true
if [ -z "${VERSION:-}" ]; then
  VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  [ -n "$VERSION" ] || die "no PostgreSQL server version found in /usr/lib/postgresql"
  log "creating cluster $VERSION/main"
  pg_createcluster "$VERSION" main
  read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -n 1)
fi
log "cluster $VERSION/$CLUSTER on port $PORT is $STATUS"
if [ "$STATUS" != "online" ]; then
  pg_ctlcluster "$VERSION" "$CLUSTER" start
fi

# 3. Wait until ready
for _ in $(seq 1 60); do
  if pg_isready -q -p "$PORT"; then break; fi
  sleep 0.5
done
pg_isready -q -p "$PORT" || die "PostgreSQL $VERSION/$CLUSTER did not become ready on port $PORT"

# 4. Role and databases (as the postgres superuser, over the local socket)
psql_admin() { runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -qtAX "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" = "1" ]; then
  psql_admin -c "ALTER ROLE \"$ROLE\" WITH LOGIN PASSWORD '$PASSWORD'"
  log "role $ROLE exists (password reset)"
else
  psql_admin -c "CREATE ROLE \"$ROLE\" WITH LOGIN PASSWORD '$PASSWORD'"
  log "role $ROLE created"
fi
# the test database is thrown away and made again: a run never inherits another run's tables or migrations
psql_admin -c "DROP DATABASE IF EXISTS \"$TEST_DB\" WITH (FORCE)"
for db in "$TEST_DB" "$APP_DB"; do
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" = "1" ]; then
    log "database $db exists"
  else
    psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$ROLE\""
    log "database $db created"
  fi
done

# 5. Check a password login over TCP, as the tests will connect
URL="postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$TEST_DB"
for _ in $(seq 1 20); do
  if psql "$URL" -qtAX -c 'SELECT 1' >/dev/null 2>&1; then break; fi
  sleep 0.5
done
psql "$URL" -qtAX -c 'SELECT 1' >/dev/null || die "cannot log in as $ROLE over TCP on 127.0.0.1:$PORT (check pg_hba.conf)"

if [ -n "${GITHUB_ENV:-}" ]; then
  echo "TEST_DATABASE_URL=$URL" >> "$GITHUB_ENV"
fi
log "ready"
echo "TEST_DATABASE_URL=$URL"
