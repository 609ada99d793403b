#!/usr/bin/env bash
# Runs sqlmap (Debian package `sqlmap`) against every list, filter and search endpoint of a fresh copy of the built
# distribution, signed in as an admin (who reaches every endpoint), and fails when sqlmap finds anything injectable.
#
#   scripts/sqlmap.sh                 # level 3, risk 2: every parameter, boolean/error/time/UNION/stacked techniques
#   LEVEL=5 RISK=3 scripts/sqlmap.sh  # the thorough run (hours)
#   ONLY=bounties VERBOSITY=3 scripts/sqlmap.sh   # one endpoint, showing every payload
#
# Needs `mvn -B install -DskipTests` first. The copy listens on 127.0.0.1:${PORT:-28181} and is deleted afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-28181}"
LEVEL="${LEVEL:-3}"
RISK="${RISK:-2}"
command -v sqlmap >/dev/null || { echo "sqlmap is not installed: apt-get install sqlmap" >&2; exit 2; }
tarball="$(ls karaf-assembly/target/winback-karaf-assembly-*.tar.gz | head -n 1)"
work="$(mktemp -d)"
out="$(pwd)/target/sqlmap"
rm -rf "$out" && mkdir -p "$out"
tar -xzf "$tarball" -C "$work"
home="$(ls -d "$work"/*/ | head -n 1)"
sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = ${PORT}/" "$home/etc/org.ops4j.pax.web.cfg"
# keep the console and JMX off the ports a developer's Winback uses
sed -i "s/^sshPort *=.*/sshPort = $((PORT + 1))/" "$home/etc/org.apache.karaf.shell.cfg"
sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $((PORT + 2))/; s/^rmiServerPort *=.*/rmiServerPort = $((PORT + 3))/" \
  "$home/etc/org.apache.karaf.management.cfg"
# the shipped admin has no known password: set one the way the README says (Karaf stores its digest at start)
sed -i "s/^admin = {CRYPT}[0-9A-Fa-f]*{CRYPT}/admin = admin/" "$home/etc/users.properties"
"$home/bin/karaf" server > "$out/karaf.out" 2>&1 &
karaf=$!
cleanup() { kill "$karaf" 2>/dev/null || true; wait "$karaf" 2>/dev/null || true; sleep 1; rm -rf "$work" || true; }
trap cleanup EXIT
base="http://127.0.0.1:${PORT}/api/v1"
for _ in $(seq 1 300); do
  curl -fs "$base/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$base/health" >/dev/null || { echo "the distribution did not answer health in 300 s:" >&2;
  tail -n 40 "$home/data/log/karaf.log" >&2; exit 2; }
for _ in $(seq 1 60); do   # the modules' resources join the application a moment after health answers
  curl -fs -u admin:admin "$base/openapi.json" | grep -q '"/bounties/accruals"' && break
  sleep 1
done

# some rows, so that true and false conditions can give different answers
customer=$(curl -fs -u admin:admin -H 'Content-Type: application/json' "$base/customers" \
  -d '{"externalId":"SQL-1","source":"crm","name":"Acme Ltd","segment":"enterprise","ownerRep":"rep1"}' \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
curl -fs -u admin:admin -H 'Content-Type: application/json' "$base/cases" \
  -d "{\"customerId\":\"$customer\",\"lossKind\":\"LAPSED\",\"lossReason\":\"price\"}" >/dev/null

targets=(
  "customers?q=acme&source=crm&ownerRep=rep1&page=0&size=20"
  "cases?status=OPEN&ownerRep=rep1&lossKind=LAPSED&lossReason=price&customerId=${customer}&strategy=nurture&overdue=false&page=0&size=20"
  "steps?assignee=rep1&status=PLANNED&due=2026-12-31&page=0&size=20"
  "whys?lossReason=price&q=late&page=0&size=20"
  "events?after=0&type=case.opened&limit=20"
  "audit?entityType=customer&entityId=${customer}&from=2026-01-01&to=2030-01-01&limit=20"
  "bounties?rep=rep1&period=2026-11&state=PENDING&page=0&size=20"
  "bounties/accruals?status=OPEN&page=0&size=20"
  "bounties/payroll?period=2026-11"
  "bounties/export.csv?period=2026-11"
  "imports?page=0&size=20"
  "detection/runs?page=0&size=20"
  "surveys/responses?customerId=${customer}&page=0&size=20"
  "surveys/invitations?customerId=${customer}&page=0&size=20"
  "improvements?status=DRAFT&lossReason=price&page=0&size=20"
  "reputation/summary?from=2026-01-01&to=2026-12-31&segment=enterprise&strategy=nurture"
  "loss-reasons"
  "teams"
)
found=0
for target in "${targets[@]}"; do
  name="${target%%\?*}"
  if [ -n "${ONLY:-}" ] && [ "$name" != "$ONLY" ]; then continue; fi
  echo "== $name"
  sqlmap -u "$base/$target" --auth-type=Basic --auth-cred=admin:admin --batch --level="$LEVEL" --risk="$RISK" \
    --dbms=H2 --flush-session --output-dir="$out/runs" --disable-coloring -v "${VERBOSITY:-1}" \
    > "$out/${name//\//_}.log" 2>&1 || true
  if grep -Eiq "is vulnerable|appears to be .*injectable|sqlmap identified the following injection" \
      "$out/${name//\//_}.log"; then
    echo "   INJECTABLE: see $out/${name//\//_}.log"
    found=1
  else
    grep -E "all tested parameters do not appear to be injectable|do not appear to be injectable" \
      "$out/${name//\//_}.log" | tail -n 1 | sed 's/^/   /' || true
  fi
done
# sqlmap counts the error statuses it met; a 5xx among them is a failure too
if grep -h -A1 "HTTP error codes detected" "$out"/*.log | grep -Eq "\b5[0-9][0-9] \("; then
  echo "5xx answers during the run:"; grep -h -A1 "HTTP error codes detected" "$out"/*.log | grep -E "\b5[0-9][0-9] \("
  found=1
fi
cp "$home/data/log/security.log" "$out/" 2>/dev/null || true
exit "$found"
