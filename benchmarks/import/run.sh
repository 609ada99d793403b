#!/usr/bin/env bash
# Import throughput: Winback's purchase import on embedded H2 and on PostgreSQL, beside PostgreSQL's own COPY of
# the same file, in one run on loopback. Unpacks fresh copies of the built distribution into a temporary
# directory (its own HTTP, SSH and RMI ports; never 8181), uses throwaway databases on 127.0.0.1:5432 and removes
# both when done, also on failure.
#   mvn -B install -DskipTests && benchmarks/import/run.sh [--rows 1000000] [--stacks 2]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dist=("$root"/karaf-assembly/target/winback-karaf-assembly-*.tar.gz)
[ -f "${dist[0]}" ] || { echo "no distribution under karaf-assembly/target: run mvn -B install -DskipTests" >&2; exit 2; }
command -v psql >/dev/null || { echo "psql is needed (apt-get install postgresql-client)" >&2; exit 2; }
exec python3 "$root/benchmarks/import/import_throughput.py" --dist "${dist[0]}" "$@"
