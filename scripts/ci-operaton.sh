#!/usr/bin/env bash
# Sets up the Operaton engine app for CI on a fresh Debian 12 machine (run as root, after scripts/ci-postgres.sh).
# Idempotent: safe to run again (nodes it started before are restarted).
#   - checks Java 17+ (with javac) and Maven; installs openjdk-17-jdk-headless / maven with apt when missing,
#   - builds operaton/target/engine-app.jar with its JUnit tests (mvn -B -q package),
#   - stops nodes it started before, creates the database `operaton` afresh, owned by role welfare (from ci-postgres.sh),
#   - starts two nodes on ports 8081 and 8082 on that database with OPERATON_TEST_CLOCK=true, detached so they
#     outlive this script (logs: data/operaton/node-<port>.log, pid files beside them), one after the other (the
#     first creates the engine's schema), and waits for both,
#   - creates the databases `operaton_cluster` and `operaton_cluster_app` afresh (owned by the same role) for
#     test/operaton/cluster.spec.ts, which starts nodes and app processes of its own on them (not started here),
#   - prints OPERATON_URL=http://127.0.0.1:8081/engine-rest,http://127.0.0.1:8082/engine-rest and then
#     OPERATON_CLUSTER_DATABASE_URL=postgresql://…/operaton_cluster (only these two lines on standard output;
#     progress goes to standard error).
# Overridable: PG_ROLE, PG_PASSWORD, OPERATON_PG_DB, OPERATON_CLUSTER_PG_DB, OPERATON_CI_PORTS ("8081 8082"). When
# $GITHUB_ENV is set, OPERATON_URL and OPERATON_CLUSTER_DATABASE_URL are appended to it. Stop the nodes with `npm run operaton:stop`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 3>&1 1>&2

ROLE="${PG_ROLE:-welfare}"
PASSWORD="${PG_PASSWORD:-welfare}"
DB="${OPERATON_PG_DB:-operaton}"
PORTS="${OPERATON_CI_PORTS:-8081 8082}"
CLUSTER_DB="${OPERATON_CLUSTER_PG_DB:-operaton_cluster}"

log() { echo "[ci-operaton] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (it may install packages and creates a database)"
for name in "$ROLE" "$DB" "$CLUSTER_DB"; do
  [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]] || die "invalid identifier: $name"
done
[[ "$PASSWORD" =~ ^[A-Za-z0-9._~-]+$ ]] || die "the password must be URL-safe (letters, digits, . _ ~ -)"

# 1. Java 17+ and Maven
java_major() {
  local line
  line="$(java -version 2>&1 | grep -m1 -Eo 'version "[0-9]+(\.[0-9]+)?' || true)"
  line="${line#version \"}"
  if [[ "$line" == 1.* ]]; then echo "${line#1.}"; else echo "${line%%.*}"; fi
}
missing=()
major="$(command -v java >/dev/null && java_major || true)"
if [ -z "$major" ] || [ "$major" -lt 17 ] || ! command -v javac >/dev/null; then missing+=(openjdk-17-jdk-headless); fi
command -v mvn >/dev/null || missing+=(maven)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi
major="$(java_major)"
[ -n "$major" ] && [ "$major" -ge 17 ] || die "java is $major after the install: make Java 17+ the default (update-alternatives --config java)"
log "java $major, $(mvn -v 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g')"

# 2. Build with the JUnit tests
started=$(date +%s)
(cd operaton && mvn -B -q -Dstyle.color=never package) || die "the engine app's build or its JUnit tests failed (output above)"
tests=0; failed=0
for report in operaton/target/surefire-reports/TEST-*.xml; do
  [ -e "$report" ] || continue
  header="$(grep -m1 -o '<testsuite [^>]*>' "$report")"
  t="$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$header")"
  f="$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$header")"
  e="$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$header")"
  tests=$((tests + ${t:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
[ "$tests" -gt 0 ] || die "the build ran no JUnit test"
log "built operaton/target/engine-app.jar in $(( $(date +%s) - started )) s (JUnit: $tests tests run, $failed failed)"

# 3. The database, beside ci-postgres.sh's (same cluster, same role)
read -r _VERSION _CLUSTER PGPORT STATUS _ < <(pg_lsclusters --no-header 2>/dev/null | head -n 1) || true
[ -n "${PGPORT:-}" ] && [ "${STATUS:-}" = "online" ] || die "no PostgreSQL cluster online: run scripts/ci-postgres.sh first"
psql_admin() { runuser -u postgres -- psql -p "$PGPORT" -v ON_ERROR_STOP=1 -qtAX "$@"; }
[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" = "1" ] || die "role $ROLE is missing: run scripts/ci-postgres.sh first"
# nodes this script started before are stopped first; the engine's database is made again (a run never inherits
# another run's deployments, instances or jobs)
for port in $PORTS; do
  OPERATON_PORT="$port" node scripts/operaton.mjs stop
done
psql_admin -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
psql_admin -c "CREATE DATABASE \"$DB\" OWNER \"$ROLE\""
log "database $DB created"
DATABASE_URL="postgresql://$ROLE:$PASSWORD@127.0.0.1:$PGPORT/$DB"
# the cluster test's own engine database and app database (it starts its own nodes and app processes on them)
for db in "$CLUSTER_DB" "${CLUSTER_DB}_app"; do
  psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
  psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$ROLE\""
done
log "databases $CLUSTER_DB and ${CLUSTER_DB}_app created (for test/operaton/cluster.spec.ts)"
CLUSTER_URL="postgresql://$ROLE:$PASSWORD@127.0.0.1:$PGPORT/$CLUSTER_DB"

# 4. Two nodes, one after the other (the first one creates the schema)
urls=()
for port in $PORTS; do
  url="$(OPERATON_PORT="$port" OPERATON_DATABASE_URL="$DATABASE_URL" OPERATON_TEST_CLOCK=true \
    OPERATON_NODE_NAME="ci-node-$port" node scripts/operaton.mjs start)" || die "the node on port $port did not start (log: data/operaton/node-$port.log)"
  urls+=("$url")
done
OPERATON_URL="$(IFS=,; echo "${urls[*]}")"

if [ -n "${GITHUB_ENV:-}" ]; then
  echo "OPERATON_URL=$OPERATON_URL" >> "$GITHUB_ENV"
  echo "OPERATON_CLUSTER_DATABASE_URL=$CLUSTER_URL" >> "$GITHUB_ENV"
fi
log "ready; logs in data/operaton/node-<port>.log"
echo "OPERATON_URL=$OPERATON_URL" >&3
echo "OPERATON_CLUSTER_DATABASE_URL=$CLUSTER_URL" >&3
