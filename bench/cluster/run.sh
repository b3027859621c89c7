#!/usr/bin/env bash
# Clustered-broker measurements (docs/scale-out.md "Measured"): RabbitMQ clusters of real nodes beside the
# host's embedded mosquitto, in one run each, on this machine. Not part of CI.
#   bench/cluster/run.sh ingest       [DEVICES=50] [EVENTS_PER_DEVICE=2000]   events/s stored with 1-3 hosts, mosquitto / 1 node / 3 nodes
#   bench/cluster/run.sh connections  [DEVICES=2000]                          connections and broker memory per connection
#   bench/cluster/run.sh failover     [DEVICES=300] [RUNS=5]                  SIGKILL of one of 3 nodes until every device publishes again
#   bench/cluster/run.sh fleet        [DEVICES=10000]                         the simulated fleet: connect time and memory at fleet size
# Each measurement runs RUNS times (default 2; failover 5 kills). JSON and progress logs go to OUT_DIR
# (default .demo/cluster-bench); Markdown rows, with the load averages of each run, go to standard output.
# Needs mosquitto, rabbitmq-server and postgresql (bash scripts/install-deps.sh). RabbitMQ clusters start one
# at a time on the machine (the cluster tests wait for a bench's cluster and the other way round).
set -euo pipefail
what=${1:?"measurement: ingest, connections, failover or fleet"}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${OUT_DIR:-$repo/.demo/cluster-bench}
mkdir -p "$out"
dotnet build -c Release "$repo/bench/EdgeSecurity.Bench" >/dev/null
bench=(dotnet "$repo/bench/EdgeSecurity.Bench/bin/Release/net10.0/EdgeSecurity.Bench.dll" cluster)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
case $what in
  ingest) args=(ingest --devices "${2:-50}" --events "${3:-2000}" --runs "${RUNS:-2}") ;;
  connections) args=(connections --devices "${2:-2000}" --runs "${RUNS:-2}") ;;
  failover) args=(failover --devices "${2:-300}" --runs "${3:-5}") ;;
  fleet) args=(connections --devices "${2:-10000}" --runs "${RUNS:-2}" --concurrency 64 --engines mosquitto,rabbitmq:3) ;;
  *) echo "unknown measurement '$what': ingest, connections, failover or fleet" >&2; exit 2 ;;
esac
json="$out/$what-$stamp.json"
log="$out/$what-$stamp.log"
echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MiB, ulimit -n $(ulimit -n), ephemeral ports $(cat /proc/sys/net/ipv4/ip_local_port_range | tr '\t' '-'), $(uptime | sed 's/.*load/load/')" >&2
"${bench[@]}" "${args[@]}" ${EXTRA_ARGS:-} >"$json" 2>"$log" \
  || { echo "bench: $what failed, see $log" >&2; tail -5 "$log" >&2; exit 1; }
python3 - "$what" "$json" <<'PY'
import json, sys
what, rows = sys.argv[1], json.load(open(sys.argv[2]))
if what == "ingest":
    print("| broker | host instances | gap wait ms | devices | events | stored + acked ev/s | p50 ms | p99 ms | busy / gap acks | gap waits filled / expired | ack timeouts | load 1 min before/after |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|")
    for r in rows:
        broker = "mosquitto" if r["engine"] == "mosquitto" else f"RabbitMQ, {r['nodes']} node{'s' if r['nodes'] > 1 else ''}"
        print(f"| {broker} | {r['hosts']} | {r['gapWaitMs']} | {r['devices']} | {r['events']:,} | **{r['eventsPerSecond']:,.0f}** | {r['latencyP50Ms']:.0f} | {r['latencyP99Ms']:.0f} | {r['busyAcks']} / {r['gapAcks']} | {r['gapWaitsFilled']} / {r['gapWaitsExpired']} | {r['ackTimeouts']} | {r['loadAverage1MinBefore']:.1f} / {r['loadAverage1MinAfter']:.1f} |")
elif what in ("connections", "fleet"):
    print("| broker | sessions | connected / tried | connect total s | p50 ms | p95 ms | broker KiB per connection | per node: connections, RSS MiB before → after, open fds / limit | first failure | load 1 min before/after |")
    print("|---|---|---:|---:|---:|---:|---:|---|---|---|")
    for r in rows:
        broker = "mosquitto" if r["engine"] == "mosquitto" else f"RabbitMQ, {r['nodes']} node{'s' if r['nodes'] > 1 else ''}"
        nodes = "; ".join(f"{n['connections']:,}, {n['residentMiBBefore']:.0f} → {n['residentMiBAfter']:.0f}, {n['openDescriptors']:,} / {n['openFilesLimit']:,}" for n in r["perNode"])
        print(f"| {broker} | {r['sessions']} | {r['connected']:,} / {r['requested']:,} | {r['connectSeconds']:.1f} | {r['connectP50Ms']:.0f} | {r['connectP95Ms']:.0f} | **{r['brokerKiBPerConnection']:.0f}** | {nodes} | {r['firstFailure'] or '-'} | {r['loadAverage1MinBefore']:.1f} / {r['loadAverage1MinAfter']:.1f} |")
else:
    print("| kill | node killed | it led the events queue | devices | on killed node (disconnected) | on other nodes disconnected | every device publishing again s | killed node's devices p50 / p95 s | other devices max s | load 1 min before/after |")
    print("|---:|---:|---|---:|---:|---:|---:|---|---:|---|")
    for r in rows:
        print(f"| {r['run']} | {r['killedNode']} | {'yes' if r['killedEventsQueueLeader'] else 'no'} | {r['devices']} | {r['devicesOnKilledNode']} ({r['devicesOnKilledNodeDisconnected']}) | {r['devicesOnOtherNodesDisconnected']} | **{r['allResumedSeconds']:.2f}** | {r['killedNodeDevicesP50Seconds']:.2f} / {r['killedNodeDevicesP95Seconds']:.2f} | {r['otherDevicesMaxSeconds']:.2f} | {r['loadAverage1MinBefore']:.1f} / {r['loadAverage1MinAfter']:.1f} |")
PY
