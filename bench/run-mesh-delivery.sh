#!/bin/bash
# Mesh delivery benchmark (called by bench/run-mesh.sh delivery): a fresh control plane as in
# run-agent-channel.sh, AGENTS + TIMED_JOINS simulated agents that report real X25519 keys and answer
# mesh applies (bench's SimulatedMesh), one network through the API with AGENTS members, then
# TIMED_JOINS more joins one at a time, each timed from the PUT until every host acknowledged it.
#
#   AGENTS=5000 bench/run-mesh.sh delivery
#
# One simulator process holds AGENTS + 1 sockets; with the container's 20,000 open files per process
# that is fine up to ~19,000 agents (run-capacity.sh splits larger fleets over two processes).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:?work directory}
AGENTS=${AGENTS:-10000}
CIDR=${CIDR:-10.64.0.0/16}
TIMED_JOINS=${TIMED_JOINS:-3}
JOIN_CONCURRENCY=${JOIN_CONCURRENCY:-8}
MESH_TIMEOUT=${MESH_TIMEOUT:-1800}
MAX_IN_FLIGHT=${MAX_IN_FLIGHT:-256}
SOURCES=${SOURCES:-4}
HTTP_PORT=${HTTP_PORT:-18080}
AGENTS_PORT=${AGENTS_PORT:-17443}
TEMPORAL_PORT=${TEMPORAL_PORT:-17233}
CP_HEAP=${CP_HEAP:-6g}
SIM_HEAP=${SIM_HEAP:-4g}   # the machine is shared: 8g + 8g got the simulator OOM-killed by the kernel
mkdir -p "$WORK/data"
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
raise_fd_limit() {
  ulimit -Hn 1048576 2>/dev/null || true
  ulimit -n "$(ulimit -Hn)"
}

[ -f api/target/loopback.jar ] || { log "api/target/loopback.jar is missing: ./mvnw -q -B -DskipTests install"; exit 1; }
cp api/target/loopback.jar "$WORK/loopback.jar"
[ -f "$WORK/bench.jar" ] || cp bench/target/loopback-bench.jar "$WORK/bench.jar"

CP_PID=
SIM_PID=
cleanup() {
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
  [ -n "$CP_PID" ] && kill -TERM "$CP_PID" 2>/dev/null && wait "$CP_PID" 2>/dev/null || true
}
trap cleanup EXIT

log "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, kernel $(uname -r), $(java -version 2>&1 | head -1)"
log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); work directory: $WORK"
T0=$(now)
(
  raise_fd_limit
  # With the log lines' key-value pairs (%kvp): "Planned a mesh round" hosts=… millis=… is part of the figures.
  export LOGGING_PATTERN_CONSOLE='%d{HH:mm:ss.SSS} %5p [%t] %logger{36} : %m %kvp%n%wEx'
  export LOOPBACK_DATA_DIR="$WORK/data" LOOPBACK_HTTP_PORT="$HTTP_PORT" LOOPBACK_AGENTS_PORT="$AGENTS_PORT" \
    LOOPBACK_TEMPORAL_EMBEDDED_PORT="$TEMPORAL_PORT"
  cd "$WORK"
  # CP_JAVA_OPTS: extra JVM options for the control plane, e.g. to profile it.
  exec java -Xmx"$CP_HEAP" ${CP_JAVA_OPTS:-} -jar "$WORK/loopback.jar" >>"$WORK/control-plane.log" 2>&1
) &
CP_PID=$!
for _ in $(seq 1 600); do
  curl -sf "http://localhost:$HTTP_PORT/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$CP_PID" 2>/dev/null || { log "the control plane exited; see $WORK/control-plane.log"; exit 1; }
  sleep 0.5
done
log "control plane pid $CP_PID healthy after $(elapsed "$T0" "$(now)")s"

(
  raise_fd_limit
  exec java -Xmx"$SIM_HEAP" -jar "$WORK/bench.jar" --api "http://localhost:$HTTP_PORT" --data-dir "$WORK/data" \
    --agents "$((AGENTS + TIMED_JOINS))" --max-in-flight "$MAX_IN_FLIGHT" --source-addresses "$SOURCES" --connect-timeout 1800 \
    --progress-seconds 30 --mesh --mesh-cidr "$CIDR" --mesh-join-concurrency "$JOIN_CONCURRENCY" --mesh-timed-joins "$TIMED_JOINS" --mesh-timeout "$MESH_TIMEOUT"
) > >(tee "$WORK/simulator.log") 2>&1 &
SIM_PID=$!
wait "$SIM_PID" || true
SIM_PID=

log "where the time went (control plane log):"
grep -h 'Planned a mesh round' "$WORK/control-plane.log" | tail -"$((TIMED_JOINS + 2))" || true
log "mesh-related warnings and errors in the control plane log: $(grep -ciE 'WARN|ERROR' "$WORK/control-plane.log" || true) lines; last ones:"
grep -iE 'WARN|ERROR' "$WORK/control-plane.log" | grep -iE 'mesh|frame|network' | tail -5 || true
log "figures:"
grep -h 'RESULT' "$WORK/simulator.log" || true
log "logs in $WORK"
