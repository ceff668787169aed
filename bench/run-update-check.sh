#!/bin/bash
# Update-check benchmark (docs/benchmarks.md, "Update check"): a fresh control plane as in
# run-mesh-delivery.sh, RELEASES agent releases seeded through the API (signed packages, published),
# then wrk against the update check and, in the same run and server, its trivial endpoint
# (/system/v1/ping, 204 with no body) for the ratio.
#
#   RELEASES=10000 bench/run-update-check.sh
#
# wrk and the control plane share the machine's CPUs: the figures are for both on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-$(mktemp -d /tmp/loopback-updates.XXXXXX)}
RELEASES=${RELEASES:-10000}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
HTTP_PORT=${HTTP_PORT:-18080}
AGENTS_PORT=${AGENTS_PORT:-17443}
TEMPORAL_PORT=${TEMPORAL_PORT:-17233}
CP_HEAP=${CP_HEAP:-2g}
mkdir -p "$WORK/data"
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
command -v wrk >/dev/null || { log "needs wrk: apt-get install -y wrk"; exit 1; }
[ -f api/target/loopback.jar ] && [ -f bench/target/loopback-bench.jar ] || { log "build first: ./mvnw -q -B -DskipTests install"; exit 1; }
cp api/target/loopback.jar "$WORK/loopback.jar"
cp bench/target/loopback-bench.jar "$WORK/bench.jar"

CP_PID=
cleanup() { [ -n "$CP_PID" ] && kill -TERM "$CP_PID" 2>/dev/null && wait "$CP_PID" 2>/dev/null || true; }
trap cleanup EXIT

log "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, kernel $(uname -r), $(java -version 2>&1 | head -1), $(wrk -v 2>&1 | head -1)"
log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); work directory: $WORK"
(
  export LOOPBACK_DATA_DIR="$WORK/data" LOOPBACK_HTTP_PORT="$HTTP_PORT" LOOPBACK_AGENTS_PORT="$AGENTS_PORT" \
    LOOPBACK_TEMPORAL_EMBEDDED_PORT="$TEMPORAL_PORT"
  cd "$WORK"
  exec java -Xmx"$CP_HEAP" -jar "$WORK/loopback.jar" >>"$WORK/control-plane.log" 2>&1
) &
CP_PID=$!
for _ in $(seq 1 600); do
  curl -sf "http://localhost:$HTTP_PORT/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$CP_PID" 2>/dev/null || { log "the control plane exited; see $WORK/control-plane.log"; exit 1; }
  sleep 0.5
done
log "control plane healthy"
for _ in $(seq 1 120); do [ -s "$WORK/data/bootstrap-owner-key" ] && break; sleep 0.5; done
KEY=$(cat "$WORK/data/bootstrap-owner-key")
java -Dloader.main=dev.loopback.bench.catalog.CatalogSeeder -cp "$WORK/bench.jar" org.springframework.boot.loader.launch.PropertiesLauncher \
  "http://localhost:$HTTP_PORT" "$KEY" "$RELEASES" 8 | tee "$WORK/seed.log"

BASE="http://localhost:$HTTP_PORT/system/v1"
TOP=$(curl -s -H "Authorization: Bearer $KEY" "http://localhost:$HTTP_PORT/api/v1/catalog/releases?component=agent" | jq -r '[.releases[].version] | length')
log "catalog: $TOP agent releases"
show() { # name url expected-status
  log "$1: $(curl -s -o /dev/null -w '%{http_code}' "$2") (expected $3), body: $(curl -s "$2" | head -c 160)"
}
show "update check, recent agent" "$BASE/updates/agent?channel=stable&version=10.99.0&arch=amd64" 200
show "update check, old agent" "$BASE/updates/agent?channel=stable&version=1.0.0&arch=amd64" 200
show "update check, up to date" "$BASE/updates/agent?channel=stable&version=10.99.9&arch=amd64" 204
show "trivial endpoint" "$BASE/ping" 204

# A fleet on many versions: each request asks from one of 1,000 seeded versions.
cat > "$WORK/mixed.lua" <<'LUA'
math.randomseed(os.time())
request = function()
  local n = math.random(0, 9999)
  local v = (1 + math.floor(n / 1000)) .. "." .. math.floor(n / 10) % 100 .. "." .. n % 10
  return wrk.format("GET", "/system/v1/updates/agent?channel=stable&arch=amd64&version=" .. v)
end
LUA

run() { # name url [script]
  local name=$1 url=$2 script=${3:-}
  log "wrk $name: -t$THREADS -c$CONNECTIONS -d$DURATION $url"
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency ${script:+-s "$script"} "$url")
  echo "$out" >"$WORK/wrk-$name.txt"
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "RESULT $name requests_per_s=$rps p50=$p50 p99=$p99 non_2xx=${non2xx:-0}"
}
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$BASE/ping" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$BASE/updates/agent?channel=stable&version=10.99.0&arch=amd64" >/dev/null
{
  run trivial "$BASE/ping"
  run update-recent "$BASE/updates/agent?channel=stable&version=10.99.0&arch=amd64"
  run update-old "$BASE/updates/agent?channel=stable&version=1.0.0&arch=amd64"
  run update-none "$BASE/updates/agent?channel=stable&version=10.99.9&arch=amd64"
  run update-mixed "$BASE/updates/agent" "$WORK/mixed.lua"
  run trivial-again "$BASE/ping"
} | tee "$WORK/results.txt"
log "logs in $WORK"
