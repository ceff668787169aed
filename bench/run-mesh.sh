#!/bin/bash
# Mesh benchmarks; docs/benchmarks.md ("Mesh") explains the figures.
#
#   bench/run-mesh.sh compute               # the compiler alone, in one JVM: sizes 100, 1,000, 10,000
#   AGENTS=10000 bench/run-mesh.sh delivery # a fresh control plane, simulated agents, one network, one timed join
#   sudo HOSTS=10 bench/run-mesh.sh convergence  # real hosts in namespaces: first join to all-pairs ping
#
# Both run from a copy of the bench jar (and of the control plane's), so that a rebuild by someone
# else during the run cannot pull classes from under them.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-compute}
shift || true
WORK=${WORK:-$(mktemp -d /tmp/loopback-mesh.XXXXXX)}
mkdir -p "$WORK"
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
machine() {
  log "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, kernel $(uname -r), $(java -version 2>&1 | head -1)"
  log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); work directory: $WORK"
}
[ -f bench/target/loopback-bench.jar ] || { log "build first: ./mvnw -q -B -DskipTests install"; exit 1; }
cp bench/target/loopback-bench.jar "$WORK/bench.jar"

# Runs a main class of the bench jar other than the fleet simulator.
bench_main() { # class heap args...
  local class=$1 heap=$2; shift 2
  java -Xmx"$heap" -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -Dloader.main="$class" \
    -cp "$WORK/bench.jar" org.springframework.boot.loader.launch.PropertiesLauncher "$@"
}

case "$MODE" in
  compute)
    machine
    bench_main dev.loopback.bench.mesh.MeshComputeBenchmark "${COMPUTE_HEAP:-8g}" "$@" | tee "$WORK/compute.log"
    log "logs in $WORK"
    ;;
  delivery)
    exec bench/run-mesh-delivery.sh "$WORK" "$@"
    ;;
  convergence)
    exec bench/run-mesh-convergence.sh "$WORK" "$@"
    ;;
  *)
    echo "usage: $0 compute|delivery|convergence [options]"; exit 2
    ;;
esac
