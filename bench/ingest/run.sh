#!/usr/bin/env bash
# Durable ingest benchmark: the real host (embedded mosquitto, mutual TLS) with SQLite and with PostgreSQL,
# N devices publishing pre-built MAC-chained batches, beside mosquitto's raw delivery of the same payloads.
# Prints one Markdown row per database and device count; the JSON summaries go to OUT_DIR.
#   bench/ingest/run.sh [EVENTS_PER_DEVICE=4000] [DEVICE_COUNTS="20 50 100"]
# Needs mosquitto and postgresql (bash scripts/install-deps.sh). The real-core simulator measurement
# (memory per simulated device) is bench/ingest/simulator.sh.
set -euo pipefail
events=${1:-4000}; counts=${2:-"20 50 100"}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${OUT_DIR:-$repo/.demo/ingest-bench}
mkdir -p "$out"
dotnet build -c Release "$repo/bench/EdgeSecurity.Bench" >/dev/null
for devices in $counts; do
  dotnet "$repo/bench/EdgeSecurity.Bench/bin/Release/net10.0/EdgeSecurity.Bench.dll" ingest \
    --devices "$devices" --events "$events" --db both --json >"$out/ingest-$devices.json" 2>"$out/ingest-$devices.log" \
    || { echo "bench: run with $devices devices failed, see $out/ingest-$devices.log" >&2; tail -5 "$out/ingest-$devices.log" >&2; exit 1; }
done
python3 - "$out" $counts <<'PY'
import json, sys
print("| database | devices | events | raw delivery ev/s | ack-only ceiling ev/s | ceiling of raw | stored+acked ev/s | of raw | of ceiling | p50 ms | p99 ms | busy/gap acks | KiB per device connection | load 1 min before/after |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|")
for n in sys.argv[2:]:
    for r in json.load(open(f"{sys.argv[1]}/ingest-{n}.json")):
        print(f"| {r['database']} | {r['devices']} | {r['events']:,} | {r['rawEventsPerSecond']:,.0f} | {r['ackOnlyEventsPerSecond']:,.0f} | "
              f"{r['ackOnlyRatioToRaw']:.1%} | {r['storedAckedEventsPerSecond']:,.0f} | {r['ratioToRaw']:.1%} | {r['ratioToAckOnly']:.1%} | {r['latencyP50Ms']:.0f} | {r['latencyP99Ms']:.0f} | {r['busyAcks']}/{r['gapAcks']} | "
              f"{r['managedBytesPerDeviceConnection']/1024:.0f} | {r['loadAverage1MinBefore']:.1f}/{r['loadAverage1MinAfter']:.1f} |")
PY
