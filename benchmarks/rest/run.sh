#!/usr/bin/env bash
# REST load benchmark (issue 13, point 6): case creation, listing and reading against the trivial health endpoint of
# the same container, on a fresh copy of the built distribution (embedded H2, or PostgreSQL with DB=postgresql).
#
#   mvn -B install -DskipTests && benchmarks/rest/run.sh            # H2
#   DB=postgresql benchmarks/rest/run.sh                            # a throwaway database on 127.0.0.1:5432
#   DURATION=30s THREADS=2 CONNECTIONS=16 benchmarks/rest/run.sh
#
# Prints one RESULT line per run (requests/s, p50/p90/p99/max in ms, non-2xx answers).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
PORT="${PORT:-38181}"
DB="${DB:-h2}"
DURATION="${DURATION:-20s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16}"
CUSTOMERS_FOR="${CUSTOMERS_FOR:-40s}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work="$(mktemp -d)"
mkdir -p "$work/ids" "$work/cases" "$work/used"
tar -xzf "$(ls "$root"/karaf-assembly/target/winback-karaf-assembly-*.tar.gz | head -n 1)" -C "$work"
home="$(ls -d "$work"/winback-karaf-assembly-*/ | head -n 1)"
sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = ${PORT}/" "$home/etc/org.ops4j.pax.web.cfg"
sed -i "s/^sshPort *=.*/sshPort = $((PORT + 1))/" "$home/etc/org.apache.karaf.shell.cfg"
sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $((PORT + 2))/; s/^rmiServerPort *=.*/rmiServerPort = $((PORT + 3))/" \
  "$home/etc/org.apache.karaf.management.cfg"
pgdb=""
if [ "$DB" = postgresql ]; then
  pgdb="winback_load_$$"
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $pgdb"
  cat > "$home/etc/org.ops4j.datasource-winback.cfg" <<CFG
osgi.jdbc.driver.name = PostgreSQL JDBC Driver
url = jdbc:postgresql://127.0.0.1:5432/$pgdb
user = postgres
password =
osgi.jndi.service.name = winback
dataSourceName = winback
pool = dbcp2
xa = false
pool.maxTotal = 16
pool.minIdle = 1
pool.testOnBorrow = true
CFG
fi
"$home/bin/karaf" server > "$work/karaf.out" 2>&1 &
karaf=$!
cleanup() {
  # bin/karaf runs Java as its child: stopping the script alone would leave that JVM running (and loading the
  # machine for every later measurement), so stop the JVM of this copy by its karaf.home, and kill it if it lingers.
  pkill -TERM -f "karaf.home=${home%/}" 2>/dev/null || true
  for _ in $(seq 1 30); do pgrep -f "karaf.home=${home%/}" >/dev/null || break; sleep 1; done
  pkill -KILL -f "karaf.home=${home%/}" 2>/dev/null || true
  kill "$karaf" 2>/dev/null || true; wait "$karaf" 2>/dev/null || true
  [ -n "$pgdb" ] && psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" || true
  rm -rf "$work" || true
}
trap cleanup EXIT
base="http://127.0.0.1:${PORT}"
for _ in $(seq 1 300); do
  curl -fs "$base/api/v1/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$base/api/v1/health" >/dev/null
sleep 5   # let the modules finish starting before measuring
load() {  # mode, then wrk options
  local mode="$1"; shift
  MODE="$mode" WORKDIR="$work" CONNECTIONS="$CONNECTIONS" wrk -t"$THREADS" -c"$CONNECTIONS" "$@" \
    -s "$root/benchmarks/rest/cases.lua" "$base" | grep '^RESULT' | sed "s/^RESULT/RESULT db=$DB/"
}
load customers -d"$CUSTOMERS_FOR" >/dev/null            # the customers the creating runs open cases for
load create -d5s >/dev/null                               # warm-up of every path, and cases to read
load list -d5s >/dev/null
load get -d5s >/dev/null
load health -d5s >/dev/null
load health -d"$DURATION"
load list -d"$DURATION"
load get -d"$DURATION"
load create -d"$DURATION"
load mix -d"$DURATION"
RATE=500 CONNECTIONS=10 MODE=create WORKDIR="$work" wrk -t"$THREADS" -c10 -d"$DURATION" \
  -s "$root/benchmarks/rest/cases.lua" "$base" | grep '^RESULT' | sed "s/^RESULT/RESULT db=$DB rate=500/"
