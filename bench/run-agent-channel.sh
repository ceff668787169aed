#!/bin/bash
# Agent-channel benchmark: starts a fresh control plane in a temporary data directory, runs the fleet
# simulator against it (enrollment ramp, steady state with pings, maximum sessions held, restart
# under the fleet) and samples the control plane's CPU, heap, RSS and established sockets. Prints
# every figure; docs/benchmarks.md explains them.
#
#   bench/run-agent-channel.sh                      # defaults below
#   AGENTS=10000 PINGS=1000 bench/run-agent-channel.sh
#
# The control plane and the simulator run from copies of their jars, so that a rebuild by someone
# else during the run cannot pull classes from under them.
set -euo pipefail
cd "$(dirname "$0")/.."

AGENTS=${AGENTS:-3000}                 # one fleet: its ramp is scenario (a), its steady state (b), its peak (c), its restart (d)
TOKENS=${TOKENS:-1}
ENROLL_RATE=${ENROLL_RATE:-0}          # 0: as fast as the control plane takes them (bounded by MAX_IN_FLIGHT)
MAX_IN_FLIGHT=${MAX_IN_FLIGHT:-256}
SOURCES=${SOURCES:-4}
PINGS=${PINGS:-300}
PING_CONCURRENCY=${PING_CONCURRENCY:-8}
STEADY_SECONDS=${STEADY_SECONDS:-60}   # CPU is averaged over this much steady state
RESTART=${RESTART:-1}                  # 0 skips scenario (d)
HTTP_PORT=${HTTP_PORT:-18080}
AGENTS_PORT=${AGENTS_PORT:-17443}
TEMPORAL_PORT=${TEMPORAL_PORT:-17233}
CP_HEAP=${CP_HEAP:-8g}
SIM_HEAP=${SIM_HEAP:-10g}
WORK=${WORK:-$(mktemp -d /tmp/loopback-bench.XXXXXX)}
mkdir -p "$WORK"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

raise_fd_limit() {
  # Every agent session is a socket on both sides. Raising the hard limit needs CAP_SYS_RESOURCE;
  # without it the soft limit can only go up to the hard one, and that caps the fleet.
  ulimit -Hn 1048576 2>/dev/null || log "cannot raise the hard open-files limit above $(ulimit -Hn) (no CAP_SYS_RESOURCE?)"
  ulimit -n "$(ulimit -Hn)"
}

# ---- build ---------------------------------------------------------------------------------------
if [ ! -f api/target/loopback.jar ]; then
  log "api/target/loopback.jar is missing: build the control plane first (./mvnw -q -B -DskipTests package)"; exit 1
fi
log "building bench/ (needs loopback-agent in ~/.m2: mvn -B -o -q install -DskipTests -pl protocol,agent)"
mvn -B -o -q -pl bench package
cp api/target/loopback.jar "$WORK/loopback.jar"
cp bench/target/loopback-bench.jar "$WORK/bench.jar"
unzip -o -q -j "$WORK/loopback.jar" 'BOOT-INF/lib/postgresql-*.jar' -d "$WORK" && mv "$WORK"/postgresql-*.jar "$WORK/postgresql.jar"
mkdir -p "$WORK/data"

CP_PID=
SIM_PID=
cleanup() {
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
  [ -n "$CP_PID" ] && kill -TERM "$CP_PID" 2>/dev/null && wait "$CP_PID" 2>/dev/null || true
}
trap cleanup EXIT

start_control_plane() {
  (
    raise_fd_limit
    export LOOPBACK_DATA_DIR="$WORK/data" LOOPBACK_HTTP_PORT="$HTTP_PORT" LOOPBACK_AGENTS_PORT="$AGENTS_PORT" \
      LOOPBACK_TEMPORAL_EMBEDDED_PORT="$TEMPORAL_PORT"
    cd "$WORK"
    exec java -Xmx"$CP_HEAP" -jar "$WORK/loopback.jar" >>"$WORK/control-plane.log" 2>&1
  ) &
  CP_PID=$!
}

wait_healthy() {
  for _ in $(seq 1 600); do
    if curl -sf "http://localhost:$HTTP_PORT/actuator/health" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$CP_PID" 2>/dev/null; then log "the control plane exited; see $WORK/control-plane.log"; exit 1; fi
    sleep 0.5
  done
  log "the control plane did not become healthy"; exit 1
}

sessions_held() { ss -Htn state established "( sport = :$AGENTS_PORT )" | wc -l; }

# ---- machine -------------------------------------------------------------------------------------
log "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, kernel $(uname -r), $(java -version 2>&1 | head -1)"
log "open files: soft $(ulimit -Sn) hard $(ulimit -Hn); ephemeral ports $(sysctl -n net.ipv4.ip_local_port_range | tr '\t' '-')"
log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
log "work directory: $WORK"

# ---- control plane -------------------------------------------------------------------------------
T0=$(now)
start_control_plane
wait_healthy
log "control plane pid $CP_PID healthy after $(elapsed "$T0" "$(now)")s; open-files limit $(awk '/Max open files/ {print $4}' /proc/$CP_PID/limits)"

# ---- simulator: ramp (a), steady state (b), peak (c), restart (d) -------------------------------------
HOLD=$((STEADY_SECONDS + 30))
(
  raise_fd_limit
  exec java -Xmx"$SIM_HEAP" -jar "$WORK/bench.jar" --api "http://localhost:$HTTP_PORT" --data-dir "$WORK/data" \
    --agents "$AGENTS" --tokens "$TOKENS" --enroll-rate "$ENROLL_RATE" --max-in-flight "$MAX_IN_FLIGHT" \
    --source-addresses "$SOURCES" --ping-samples "$PINGS" --ping-concurrency "$PING_CONCURRENCY" \
    --hold "$HOLD" --heartbeat-report --reconnect-timeout 300
) > >(tee "$WORK/simulator.log") 2>&1 &
SIM_PID=$!

# While the fleet enrolls: what PostgreSQL sessions wait on, and the sockets the gateway holds.
PG_PORT=$(ps -eo args | grep -F -- "-D $WORK/data/postgres " | grep -v grep | sed -n 's/.* -p \([0-9]*\) .*/\1/p' | head -1)
sleep 15
java -cp "$WORK/postgresql.jar" bench/tools/PgActivity.java "$PG_PORT" postgres 20 1000 >"$WORK/pg-activity.log" 2>&1 || true
log "$(tail -1 "$WORK/pg-activity.log")"
MAX_HELD=0
until grep -q '^HOLDING' "$WORK/simulator.log" 2>/dev/null; do
  kill -0 "$SIM_PID" 2>/dev/null || { log "the simulator exited early"; exit 1; }
  held=$(sessions_held); [ "$held" -gt "$MAX_HELD" ] && MAX_HELD=$held
  sleep 2
done
held=$(sessions_held); [ "$held" -gt "$MAX_HELD" ] && MAX_HELD=$held

# ---- (b) steady state: CPU over STEADY_SECONDS, then heap after a full GC, RSS, sockets --------------
TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$CP_PID/stat"; }
c0=$(cpu_ticks); t0=$(now); l0=$(cut -d' ' -f1 /proc/loadavg)
sleep "$STEADY_SECONDS"
c1=$(cpu_ticks); t1=$(now)
CPU=$(awk -v c="$((c1 - c0))" -v hz="$TICKS" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", 100 * c / hz / (b - a) }')
PROM_CPU=$(curl -s "http://localhost:$HTTP_PORT/actuator/prometheus" | awk '/^process_cpu_usage/ {print $2}')
held=$(sessions_held); [ "$held" -gt "$MAX_HELD" ] && MAX_HELD=$held
jcmd "$CP_PID" GC.run >/dev/null
HEAP=$(jcmd "$CP_PID" GC.heap_info | grep -E 'garbage-first heap|total' | head -1 | sed 's/^ *//')
RSS=$(awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$CP_PID/status")
FDS=$(ls "/proc/$CP_PID/fd" | wc -l)
log "RESULT control_plane_cpu=${CPU}% of one core averaged over ${STEADY_SECONDS}s (process_cpu_usage now ${PROM_CPU}; machine load ${l0} -> $(cut -d' ' -f1 /proc/loadavg))"
log "RESULT control_plane_heap_after_gc: $HEAP"
log "RESULT control_plane_rss=$RSS fds=$FDS established_gateway_sockets=$held"

# ---- (d) restart under the fleet ---------------------------------------------------------------------
if [ "$RESTART" = 1 ]; then
  TK=$(now)
  log "stopping the control plane (TERM) under $held sessions"
  kill -TERM "$CP_PID"; wait "$CP_PID" 2>/dev/null || true
  TE=$(now)
  start_control_plane
  until ss -Hltn "( sport = :$AGENTS_PORT )" | grep -q LISTEN; do sleep 0.2; done
  TL=$(now)
  wait_healthy
  log "RESULT restart: stopped in $(elapsed "$TK" "$TE")s; gateway listening again $(elapsed "$TK" "$TL")s after TERM; healthy after $(elapsed "$TK" "$(now)")s"
  while kill -0 "$SIM_PID" 2>/dev/null; do
    held=$(sessions_held); [ "$held" -gt "$MAX_HELD" ] && MAX_HELD=$held
    sleep 2
  done
fi
wait "$SIM_PID" || true
SIM_PID=
log "RESULT max_established_gateway_sockets_seen=$MAX_HELD (server side, ss, sampled every 2s)"
log "refused or failed agent requests in the control plane log: $(grep -c 'Refused agent' "$WORK/control-plane.log" || true)"
log "figures:"
grep -h 'RESULT' "$WORK/simulator.log"
log "logs in $WORK"
