#!/usr/bin/env bash
# Runs the hot-swap load benchmark against a fresh copy of the built distribution on loopback.
#   mvn -B install -DskipTests && benchmarks/hot-swap/run.sh [--threads 4 --swaps 5]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
command -v sshpass >/dev/null || { apt-get update -qq && apt-get install -y -qq sshpass; }
work="$(mktemp -d)"
cp -r "$root/karaf-assembly/target/assembly" "$work/winback"
trap '"$work/winback/bin/stop" >/dev/null 2>&1 || true; sleep 3; rm -rf "$work"' EXIT
"$work/winback/bin/start"
for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:8181/api/v1/health >/dev/null 2>&1 && break
  sleep 1
done
curl -fs http://127.0.0.1:8181/api/v1/health >/dev/null
# the SSH console comes up a moment after HTTP
for _ in $(seq 1 30); do
  sshpass -p admin ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p 8101 \
    admin@127.0.0.1 "feature:list -i" </dev/null >/dev/null 2>&1 && break
  sleep 1
done
python3 "$root/benchmarks/hot-swap/hot_swap_load.py" "$@"
