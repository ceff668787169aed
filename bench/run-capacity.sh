#!/bin/bash
# Capacity run: how many sessions one control-plane process holds, and what 10,000 steady sessions
# cost. Two simulator processes (each process is capped by its own open-files limit), the first
# with FIRST agents: steady-state CPU, heap and PINGS round trips at that size; then the second adds
# SECOND more and the script reports the most sessions the control plane held at once (ss, server side).
#
#   FIRST=9850 SECOND=9850 PINGS=1000 bench/run-capacity.sh
set -euo pipefail
cd "$(dirname "$0")/.."
FIRST=${FIRST:-9850}
SECOND=${SECOND:-9850}
PINGS=${PINGS:-1000}
STEADY_SECONDS=${STEADY_SECONDS:-60}
HTTP_PORT=${HTTP_PORT:-18080}
AGENTS_PORT=${AGENTS_PORT:-17443}
WORK=${WORK:-$(mktemp -d /tmp/loopback-capacity.XXXXXX)}
mkdir -p "$WORK/data"
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
ulimit -n "$(ulimit -Hn)"
log "machine: $(nproc) CPUs, kernel $(uname -r), open-files limit $(ulimit -n) per process"
cp api/target/loopback.jar "$WORK/loopback.jar"
cp bench/target/loopback-bench.jar "$WORK/bench.jar"

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
LOOPBACK_DATA_DIR="$WORK/data" LOOPBACK_HTTP_PORT=$HTTP_PORT LOOPBACK_AGENTS_PORT=$AGENTS_PORT LOOPBACK_TEMPORAL_EMBEDDED_PORT=17233 \
  java -Xmx8g -jar "$WORK/loopback.jar" >"$WORK/control-plane.log" 2>&1 &
CP_PID=$!; PIDS+=("$CP_PID")
until curl -sf "http://localhost:$HTTP_PORT/actuator/health" >/dev/null 2>&1; do sleep 2; done
log "control plane pid $CP_PID up"

simulate() { # name agents pings hold
  java -Xmx9g -jar "$WORK/bench.jar" --api "http://localhost:$HTTP_PORT" --data-dir "$WORK/data" --agents "$2" \
    --ping-samples "$3" --hold "$4" --connect-timeout 1800 --progress-seconds 30 >"$WORK/$1.log" 2>&1 &
  PIDS+=("$!")
}
sessions() { ss -Htn state established "( sport = :$AGENTS_PORT )" | wc -l; }

simulate first "$FIRST" "$PINGS" 3600
until grep -q '^READY' "$WORK/first.log"; do sleep 5; done
until grep -q 'ping_gateway_round_trip' "$WORK/first.log"; do sleep 5; done
grep RESULT "$WORK/first.log"
c0=$(awk '{print $14 + $15}' "/proc/$CP_PID/stat"); sleep "$STEADY_SECONDS"; c1=$(awk '{print $14 + $15}' "/proc/$CP_PID/stat")
log "RESULT at $(sessions) sessions: control plane CPU $(awk -v a="$c0" -v b="$c1" -v s="$STEADY_SECONDS" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) / hz / s * 100 }')% of one core over ${STEADY_SECONDS}s"
jcmd "$CP_PID" GC.run >/dev/null
log "RESULT heap after full GC: $(jcmd "$CP_PID" GC.heap_info | grep -E 'garbage-first heap' | sed 's/^ *//')"
log "RESULT RSS $(awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$CP_PID/status"), fds $(ls "/proc/$CP_PID/fd" | wc -l)"

simulate second "$SECOND" 0 600
max=0
until grep -q '^READY\|RESULT enrolled' "$WORK/second.log" && [ "$(sessions)" -le "$max" ]; do
  n=$(sessions); [ "$n" -gt "$max" ] && max=$n
  sleep 5
  if ! kill -0 "$CP_PID" 2>/dev/null; then log "control plane exited"; break; fi
done
grep RESULT "$WORK/second.log" || true
log "RESULT most sessions held at once by the control plane: $max (ss, server side); its open-files limit: $(awk '/Max open files/ {print $4}' /proc/$CP_PID/limits)"
log "'Too many open files' in the control plane log: $(grep -ciE 'too many open files' "$WORK/control-plane.log" || true) lines"
log "logs in $WORK"
