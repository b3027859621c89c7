#!/usr/bin/env bash
# Ingest load: N simulated devices (real core, mTLS MQTT) at R events/s each into the demo host (SQLite).
# Prints the simulator's --json summary and the durable rate (events acknowledged by the host per second).
#   bench/ingest/simulator.sh [DEVICES] [RATE_PER_DEVICE] [SECONDS]
set -euo pipefail
devices=${1:-50}; rate=${2:-100}; seconds=${3:-20}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
workspace="$repo/.demo/bench"
mkdir -p "$repo/.demo"
log="$repo/.demo/bench-demo.log"
demo_pid=""
cleanup() { [[ -n $demo_pid ]] && kill -TERM "$demo_pid" 2>/dev/null; wait "$demo_pid" 2>/dev/null || true; }
trap cleanup EXIT
bash "$repo/scripts/demo.sh" --keep-running --devices "$devices" --duration 3 --workspace "$workspace" >"$log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 600); do grep -q "Host keeps running" "$log" && break; kill -0 "$demo_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }; sleep 0.5; done
grep -q "Host keeps running" "$log" || { echo "bench: the demo host did not come up" >&2; exit 1; }
port=$(sed -n 's/.*embedded mosquitto on 127.0.0.1:\([0-9]*\).*/\1/p' "$log" | head -1)
start=$(date +%s.%N)
dotnet "$repo/tools/EdgeSecurity.Cli/bin/Debug/net10.0/edgesec.dll" simulate run --fleet "$workspace/fleet" --pki "$workspace/pki" \
  --devices "$devices" --duration "$seconds" --rate "$rate" --heartbeat 5 --broker-address 127.0.0.1 --broker-port "$port" --drain 120 --json \
  >"$workspace/bench.json" || echo "bench: not everything was acknowledged within the drain time" >&2
end=$(date +%s.%N)
python3 - "$workspace/bench.json" "$start" "$end" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); wall = float(sys.argv[3]) - float(sys.argv[2])
print(f"devices {s['devices']}  generated {s['eventsGenerated']}  acknowledged {s['eventsAcknowledged']}  "
      f"run+drain {s['elapsedSeconds']:.1f} s  durable rate {s['eventsAcknowledged']/s['elapsedSeconds']:.0f} events/s  "
      f"managed memory/device {s['memoryPerDeviceBytes']/1024:.0f} KiB")
PY
