#!/bin/bash
# Real convergence: a fresh control plane with the netns provider, HOSTS local hosts (real agents,
# real WireGuard — kernel or wireguard-go), one network; time from the first join until every host
# pings every other host's overlay address. Linux, root. Called by bench/run-mesh.sh convergence.
#
#   sudo HOSTS=10 bench/run-mesh.sh convergence
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$1
HOSTS=${HOSTS:-10}
HTTP_PORT=${HTTP_PORT:-18080}
export LOOPBACK_HTTP_PORT=$HTTP_PORT LOOPBACK_AGENTS_PORT=${AGENTS_PORT:-17443} LOOPBACK_TEMPORAL_EMBEDDED_PORT=${TEMPORAL_PORT:-17233}
export LOOPBACK_DATA_DIR=$WORK/data LOOPBACK_NETNS_PROVIDER=true LOOPBACK_NETNS_BRIDGE=lbbench0 LOOPBACK_NETNS_CIDR=10.216.0.0/24
export LOOPBACK_PACKAGES_DIR=$PWD/agent/target
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
now() { date +%s.%N; }
[ "$(id -u)" = 0 ] || { log "needs root (network namespaces)"; exit 1; }
log "machine: $(nproc) CPUs, kernel $(uname -r), WireGuard: $([ -e /sys/module/wireguard ] && echo kernel || echo wireguard-go)"

cp api/target/loopback.jar "$WORK/loopback.jar"
java -Xmx2g -jar "$WORK/loopback.jar" > "$WORK/control-plane.log" 2>&1 &
CP=$!
API=http://localhost:$HTTP_PORT/api/v1
cleanup() {
  for m in $(curl -s -H "$auth" "$API/workspaces/$WS/hosts" 2>/dev/null | jq -r '.hosts[].id' 2>/dev/null); do
    curl -s -o /dev/null -X DELETE -H "$auth" "$API/workspaces/$WS/hosts/$m/machine" || true
  done
  kill "$CP" 2>/dev/null || true
  wait "$CP" 2>/dev/null || true
}
trap cleanup EXIT
until [ -s "$WORK/data/bootstrap-owner-key" ] && curl -sf -o /dev/null "$API/me" -H "Authorization: Bearer $(cat "$WORK/data/bootstrap-owner-key")"; do sleep 1; done
auth="Authorization: Bearer $(cat "$WORK/data/bootstrap-owner-key")"; json="Content-Type: application/json"
WS=$(curl -s -H "$auth" -H "$json" -d '{"name":"convergence"}' "$API/workspaces" | jq -r .id)

started=$(now)
for i in $(seq 1 "$HOSTS"); do
  curl -s -o /dev/null -H "$auth" -H "$json" -d "{\"name\":\"h$i\",\"provider\":\"netns\"}" "$API/workspaces/$WS/hosts"
done
until [ "$(curl -s -H "$auth" "$API/workspaces/$WS/hosts" | jq '[.hosts[] | select(.state=="MANAGED")] | length')" = "$HOSTS" ]; do sleep 1; done
log "RESULT hosts=$HOSTS managed_after_s=$(echo "$(now) - $started" | bc)"

N=$(curl -s -H "$auth" -H "$json" -d '{"name":"bench","cidr":"10.94.0.0/24"}' "$API/workspaces/$WS/networks" | jq -r .id)
ids=$(curl -s -H "$auth" "$API/workspaces/$WS/hosts" | jq -r '.hosts[].id')
machines=$(for h in $ids; do curl -s -H "$auth" "$API/workspaces/$WS/hosts/$h" | jq -r .machine.machineId; done)
t0=$(now)
for h in $ids; do curl -s -o /dev/null -X PUT -H "$auth" "$API/workspaces/$WS/networks/$N/members/$h"; done
t_joined=$(now)
addresses=$(curl -s -H "$auth" "$API/workspaces/$WS/networks/$N" | jq -r '.members[].address')
# All pairs, each pair once it answers; rounds until none is left.
pending=$(for m in $machines; do for a in $addresses; do echo "$m $a"; done; done)
while [ -n "$pending" ]; do
  left=
  while read -r m a; do
    ip netns exec "lb-$m" ping -c 1 -W 1 "$a" >/dev/null 2>&1 || left="$left$m $a"$'\n'
  done <<< "$pending"
  pending=$(printf '%s' "$left" | sed '/^$/d')
done
t_done=$(now)
pairs=$(( $(echo "$machines" | wc -w) * $(echo "$addresses" | wc -w) ))
log "RESULT hosts=$HOSTS joins_s=$(echo "$t_joined - $t0" | bc) first_join_to_all_pairs_ping_s=$(echo "$t_done - $t0" | bc) pairs=$pairs"
log "logs in $WORK"
