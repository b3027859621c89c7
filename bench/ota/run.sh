#!/usr/bin/env bash
# OTA roll-out benchmark: one signed bundle of SIZE_KIB rolled out to N simulated devices (the real firmware
# core) through the real host (embedded mosquitto, mutual TLS, SQLite) on loopback, in one wave.
# Reports the time from the campaign's creation until every device confirmed a healthy boot, the chunk
# throughput, and the host's CPU time and memory per downloading device (docs/performance.md "OTA roll-out").
#   bench/ota/run.sh [DEVICES=100] [SIZE_KIB=256] [DOWNLOAD_SLOTS=128]
# Needs mosquitto, openssl and python3 (bash scripts/install-deps.sh). Writes into OUT_DIR (default .demo/ota-bench).
set -euo pipefail
devices=${1:-100}; size_kib=${2:-256}; slots=${3:-128}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${OUT_DIR:-$repo/.demo/ota-bench}
fail() { echo "ota-bench: $*" >&2; exit 1; }

host_pid=""; sim_pid=""
cleanup() {
  local status=$?
  # The simulator is the dotnet child of the background subshell: it ends (and disconnects) on SIGINT.
  if [[ -n $sim_pid ]]; then
    for child in $(pgrep -P "$sim_pid"); do kill -INT "$child" 2>/dev/null; done
    wait "$sim_pid" 2>/dev/null
  fi
  [[ -n $host_pid ]] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null
  exit "$status"
}
trap cleanup EXIT

dotnet build -c Release "$repo/tools/EdgeSecurity.Cli" -v q -nologo >/dev/null || fail "building the CLI failed"
dotnet build -c Release "$repo/host/EdgeSecurity.Host" -v q -nologo >/dev/null || fail "building the host failed"
edgesec() { dotnet "$repo/tools/EdgeSecurity.Cli/bin/Release/net10.0/edgesec.dll" "$@"; }

rm -rf "$work"; mkdir -p "$work"/{keys,app}; cd "$work"
EDGESEC_PASSPHRASE=$(openssl rand -hex 16); export EDGESEC_PASSPHRASE
for k in root1 root2 release1 release2; do edgesec keys generate --out "keys/$k" --passphrase-env EDGESEC_PASSPHRASE >/dev/null; done
edgesec root init --root-key keys/root1.pub keys/root2.pub --root-threshold 2 \
  --release-key keys/release1.pub keys/release2.pub --release-threshold 2 --expires +30 --out root.esr >/dev/null
for k in root1 root2; do edgesec root sign root.esr --key "keys/$k.key" --passphrase-env EDGESEC_PASSPHRASE >/dev/null; done
sign_bundle() { # VERSION COUNTER BYTES
  head -c "$3" /dev/urandom > app/app.pe
  edgesec bundle create app --hardware-class esp32-bench --version "$1" --security-counter "$2" --expires +30 \
    --key keys/release1.key --passphrase-env EDGESEC_PASSPHRASE --out "app-$1.esb" >/dev/null
  edgesec bundle sign "app-$1.esb" --key keys/release2.key --passphrase-env EDGESEC_PASSPHRASE >/dev/null
}
sign_bundle 1.0.0 1 4096
sign_bundle 2.0.0 2 $((size_kib * 1024 - 32))

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
broker_port=$(port); api_port=$(port)
edgesec pki init --dir pki >/dev/null
edgesec device enroll --count "$devices" --prefix bench- --dir pki --broker-host localhost --broker-port "$broker_port" \
  --trust-root root.esr --hardware-class esp32-bench --heartbeat-interval 30 --integrity-interval 3600 >/dev/null

token=$(openssl rand -hex 24)
dotnet "$repo/host/EdgeSecurity.Host/bin/Release/net10.0/EdgeSecurity.Host.dll" \
  --EdgeSecurity:PkiDirectory="$work/pki" --EdgeSecurity:DataDirectory="$work/data" \
  --EdgeSecurity:Urls:0="http://127.0.0.1:$api_port" --EdgeSecurity:Broker:Port="$broker_port" \
  --EdgeSecurity:Api:Tokens:0:Name=bench --EdgeSecurity:Api:Tokens:0:Role=operator \
  --EdgeSecurity:Api:Tokens:0:Sha256="$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)" \
  --EdgeSecurity:Ota:TrustRootFile="$work/root.esr" --EdgeSecurity:Ota:OfferInterval=00:00:00.500 \
  --EdgeSecurity:Ota:DownloadSlots="$slots" --Logging:LogLevel:Default=Warning \
  >host.log 2>&1 &
host_pid=$!
for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$api_port/health" >/dev/null 2>&1 && break; kill -0 "$host_pid" || fail "the host exited (host.log)"; sleep 0.5; done
export EDGESEC_API_URL="http://127.0.0.1:$api_port" EDGESEC_API_TOKEN="$token"

# The fleet boots 1.0.0 and connects; the roll-out starts only once every device is connected.
edgesec simulate run --fleet fleet --pki pki --devices "$devices" --duration 900 --bundle app-1.0.0.esb \
  --broker-address 127.0.0.1 --heartbeat 30 --drain 5 >simulate.out 2>simulate.log &
sim_pid=$!
for _ in $(seq 1 600); do grep -q "connected $devices/$devices" simulate.log && break; kill -0 "$sim_pid" || fail "the simulator exited (simulate.log)"; sleep 0.5; done
grep -q "connected $devices/$devices" simulate.log || fail "not every device connected within 300 s"

bundle_id=$(edgesec ota upload app-2.0.0.esb --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["bundle"]["id"])')
campaign=$(edgesec ota campaign create --bundle "$bundle_id" --waves 100% --failure-threshold 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
sim_dotnet=$(pgrep -P "$sim_pid" -f edgesec.dll || echo "$sim_pid")
python3 - "$api_port" "$token" "$campaign" "$host_pid" "$devices" "$size_kib" "$slots" "$sim_dotnet" >result.json <<'PY'
import json, os, sys, time, urllib.request
port, token, campaign, pid, devices, size_kib, slots, sim = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
tick = os.sysconf("SC_CLK_TCK")
def get(path):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(req))
def cpu(p):
    f = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick
def rss(p):
    return next(int(l.split()[1]) for l in open(f"/proc/{p}/status") if l.startswith("VmRSS:")) * 1024
children = [int(c) for c in open(f"/proc/{pid}/task/{pid}/children").read().split()]
cpu0, mcpu0, scpu0, rss0, t0 = cpu(pid), sum(cpu(c) for c in children), cpu(sim), rss(pid), time.time()
peak, most_downloading = rss0, 0
while True:
    c = get(f"/api/v1/ota/campaigns/{campaign}")
    most_downloading = max(most_downloading, c["counts"]["downloading"] + c["counts"]["offered"])
    peak = max(peak, rss(pid))
    if c["status"] != "running" or time.time() - t0 > 600:
        break
    time.sleep(0.25)
cpu1, mcpu1, scpu1, wall = cpu(pid), sum(cpu(c) for c in children), cpu(sim), time.time() - t0
ds = get(f"/api/v1/ota/campaigns/{campaign}/devices")
confirmed = [d for d in ds if d["state"] == "confirmed"]
end_ms = max(d["updatedAtMs"] for d in ds)
seconds = (end_ms - c["createdAtMs"]) / 1000
chunks = sum(d["chunksTotal"] for d in confirmed)
print(json.dumps({
    "devices": devices, "bundleKiB": size_kib, "downloadSlots": slots, "status": c["status"], "confirmed": len(confirmed),
    "secondsUntilAllConfirmed": seconds, "chunks": chunks, "chunksPerSecond": chunks / seconds,
    "payloadMiBPerSecond": chunks * 4096 / seconds / 1048576,
    "hostCpuSeconds": cpu1 - cpu0, "mosquittoCpuSeconds": mcpu1 - mcpu0, "simulatorCpuSeconds": scpu1 - scpu0, "hostCpuPercentOfOneCore": 100 * (cpu1 - cpu0) / wall,
    "hostRssBeforeMiB": rss0 / 1048576, "hostRssPeakMiB": peak / 1048576, "mostDownloadingAtOnce": most_downloading,
    "hostRssKiBPerDownloadingDevice": (peak - rss0) / 1024 / max(1, most_downloading),
    "loadAverage1Min": os.getloadavg()[0]}, indent=2))
PY
cat result.json
python3 - result.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"| {r['devices']} | {r['bundleKiB']} KiB | {r['downloadSlots']} | {r['confirmed']}/{r['devices']} | {r['secondsUntilAllConfirmed']:.1f} s | "
      f"{r['chunksPerSecond']:.0f} chunks/s ({r['payloadMiBPerSecond']:.2f} MiB/s) | {r['hostCpuSeconds']:.1f} s host + {r['mosquittoCpuSeconds']:.1f} s mosquitto + {r['simulatorCpuSeconds']:.1f} s simulator "
      f"({r['hostCpuSeconds'] / r['secondsUntilAllConfirmed'] / max(1, r['mostDownloadingAtOnce']) * 100:.1f} % of a core per downloading device) | "
      f"{r['hostRssBeforeMiB']:.0f} → {r['hostRssPeakMiB']:.0f} MiB ({r['hostRssKiBPerDownloadingDevice']:.0f} KiB per downloading device, {r['mostDownloadingAtOnce']} at once) | {r['loadAverage1Min']:.1f} |")
PY
