#!/usr/bin/env bash
# Event delivery on PostgreSQL (issue 8): how fast the durable event log reaches a no-op subscriber and a webhook
# receiver, and how long an event takes from its commit to the receiver. Unpacks a fresh copy of the built
# distribution into a temporary directory (its own ports; never 8181), points it at a throwaway database on
# 127.0.0.1:5432 and removes both when done, also on failure.
#   mvn -B install -DskipTests && benchmarks/events/run.sh [--backlog 20000] [--rate 20] [--seconds 30]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dist=("$root"/karaf-assembly/target/winback-karaf-assembly-*.tar.gz)
[ -f "${dist[0]}" ] || { echo "no distribution under karaf-assembly/target: run mvn -B install -DskipTests" >&2; exit 2; }
command -v psql >/dev/null || { echo "psql is needed (apt-get install postgresql-client)" >&2; exit 2; }
exec python3 "$root/benchmarks/events/event_throughput.py" --dist "${dist[0]}" "$@"
