#!/usr/bin/env bash
# EdgeSecurity end-to-end demo: release keys and a signed bundle, a fleet PKI, a small enrolled fleet of
# simulated devices (the real firmware core), the host service with its own mosquitto and SQLite, an
# integrity violation on one device and the alert it raises, then a signed update rolled out to the fleet
# in three waves, one device failing its health check and rolling back. docs/guide/demo.md explains each
# step.
#
#   scripts/demo.sh [--keep-running | --no-keep-running] [--devices N] [--duration S] [--workspace DIR]
#
# Run from a terminal, the host keeps running afterwards until Ctrl+C (API URL and token printed) so the
# printed commands work; without a terminal (CI, tests) it stops by itself unless --keep-running is given.
# Exits 0 when the alert was raised, every event was stored and the update campaign completed with every
# device confirmed except the one that failed its health check and rolled back; non-zero with a message
# otherwise.
set -euo pipefail

# Interactive runs keep the host up to explore it; scripted runs (no terminal) end by themselves.
keep_running=0
[[ -t 0 && -t 1 ]] && keep_running=1
devices=5
duration=20
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
workspace="$repo/.demo"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep-running) keep_running=1 ;;
    --no-keep-running) keep_running=0 ;;
    --devices) devices=$2; shift ;;
    --duration) duration=$2; shift ;;
    --workspace) workspace=$2; shift ;;
    -h|--help) sed -n 2,15p "$0"; exit 0 ;;
    *) echo "demo: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ $devices =~ ^[1-9][0-9]*$ && $devices -ge 3 ]] || { echo "demo: --devices must be a number of at least 3 (the update rolls out in three waves)" >&2; exit 2; }
[[ $duration =~ ^[1-9][0-9]*$ ]] || { echo "demo: --duration must be a positive number of seconds" >&2; exit 2; }

step() { printf '\n== %s\n' "$*"; }
fail() { echo "demo: FAILED: $*" >&2; exit 1; }

host_pid=""
cleanup() {
  local status=$?
  if [[ -n $host_pid ]] && kill -0 "$host_pid" 2>/dev/null; then
    kill "$host_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$host_pid" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -f $workspace/host.log ]]; then
    echo "demo: last lines of the host log ($workspace/host.log):" >&2
    tail -n 20 "$workspace/host.log" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "Dependencies"
bash "$repo/scripts/install-deps.sh"
command -v dotnet >/dev/null || fail "the .NET 10 SDK is not installed (https://dot.net): 'dotnet' is not on PATH."

step "Build (edgesec CLI and host service)"
dotnet build "$repo/tools/EdgeSecurity.Cli" -v q -nologo >/dev/null || fail "building tools/EdgeSecurity.Cli failed (run 'dotnet build tools/EdgeSecurity.Cli' to see why)."
dotnet build "$repo/host/EdgeSecurity.Host" -v q -nologo >/dev/null || fail "building host/EdgeSecurity.Host failed (run 'dotnet build host/EdgeSecurity.Host' to see why)."
edgesec() { dotnet "$repo/tools/EdgeSecurity.Cli/bin/Debug/net10.0/edgesec.dll" "$@"; }
host_dll="$repo/host/EdgeSecurity.Host/bin/Debug/net10.0/EdgeSecurity.Host.dll"

step "Workspace $workspace (recreated)"
rm -rf "$workspace"
mkdir -p "$workspace"/{keys,app}
cd "$workspace"
# Demo only: the key passphrase is random and lives in this shell's environment.
EDGESEC_PASSPHRASE=$(openssl rand -hex 16)
export EDGESEC_PASSPHRASE

step "Release keys and trust root (root threshold 2, release threshold 2)"
for k in root1 root2 release1 release2; do edgesec keys generate --out "keys/$k" --passphrase-env EDGESEC_PASSPHRASE >/dev/null; done
edgesec root init --root-key keys/root1.pub keys/root2.pub --root-threshold 2 \
  --release-key keys/release1.pub keys/release2.pub --release-threshold 2 --expires +730 --out root.esr >/dev/null
edgesec root sign root.esr --key keys/root1.key --passphrase-env EDGESEC_PASSPHRASE >/dev/null
edgesec root sign root.esr --key keys/root2.key --passphrase-env EDGESEC_PASSPHRASE >/dev/null
edgesec root verify root.esr

step "Signed bundle app-1.0.0.esb (two release signatures)"
head -c 8192 /dev/urandom > app/app.pe
printf '{"sampleRateHz":10}\n' > app/app.json
edgesec bundle create app --hardware-class esp32-demo --version 1.0.0 --security-counter 1 --expires +90 \
  --key keys/release1.key --passphrase-env EDGESEC_PASSPHRASE --out app-1.0.0.esb >/dev/null
edgesec bundle sign app-1.0.0.esb --key keys/release2.key --passphrase-env EDGESEC_PASSPHRASE >/dev/null
edgesec bundle verify app-1.0.0.esb --root root.esr --hardware-class esp32-demo

step "Fleet PKI and $devices enrolled devices"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
broker_port=$(free_port)
api_port=$(free_port)
edgesec pki init --dir pki >/dev/null
edgesec device enroll --count "$devices" --prefix sensor- --dir pki --broker-host localhost --broker-port "$broker_port" \
  --trust-root root.esr --hardware-class esp32-demo --heartbeat-interval 5 --integrity-interval 3600 >/dev/null
edgesec device list --dir pki

step "Host service (embedded mosquitto on 127.0.0.1:$broker_port, SQLite, API on 127.0.0.1:$api_port)"
token=$(openssl rand -hex 24)
token_sha=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
dotnet "$host_dll" \
  --EdgeSecurity:PkiDirectory="$workspace/pki" --EdgeSecurity:DataDirectory="$workspace/data" \
  --EdgeSecurity:Urls:0="http://127.0.0.1:$api_port" --EdgeSecurity:Broker:Port="$broker_port" \
  --EdgeSecurity:Api:Tokens:0:Name=demo --EdgeSecurity:Api:Tokens:0:Sha256="$token_sha" --EdgeSecurity:Api:Tokens:0:Role=admin \
  --EdgeSecurity:RegistryPollInterval=00:00:01 \
  --EdgeSecurity:Ota:TrustRootFile="$workspace/root.esr" --EdgeSecurity:Ota:OfferInterval=00:00:00.500 \
  >"$workspace/host.log" 2>&1 &
host_pid=$!
api="http://127.0.0.1:$api_port"
for _ in $(seq 1 120); do
  kill -0 "$host_pid" 2>/dev/null || fail "the host service exited during start-up."
  curl -fsS "$api/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "$api/health" >/dev/null 2>&1 || fail "the host service did not become healthy within 60 s."
echo "host healthy: $(curl -sS "$api/health")"

step "Simulated fleet: $devices devices for $duration s, integrity violation on sensor-0003"
victim=sensor-0003
edgesec simulate run --fleet fleet --pki pki --devices "$devices" --duration "$duration" --bundle app-1.0.0.esb \
  --broker-address 127.0.0.1 --heartbeat 2 --rate 5 --inject "integrity:$victim@$((duration / 2))" --drain 30 \
  --json >simulation.json || fail "the simulated fleet did not get every event acknowledged (see $workspace/simulation.json)."

step "Waiting for the integrity alert"
auth=(-H "Authorization: Bearer $token")
alert=""
for _ in $(seq 1 60); do
  alert=$(curl -fsS "${auth[@]}" "$api/api/v1/alerts?rule=integrity-violation&device=$victim" || true)
  [[ $alert == *"$victim"* ]] && break
  sleep 0.5
done
[[ $alert == *"$victim"* ]] || fail "no integrity-violation alert for $victim (API answered: ${alert:-nothing})."

counts=$(python3 - "$workspace/data/edgesec.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
one = lambda q: db.execute(q).fetchone()[0]
print(one("select count(*) from devices"), one("select count(*) from events"), one("select count(*) from alerts"))
EOF
)
read -r stored_devices stored_events stored_alerts <<<"$counts"
generated=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s["eventsGenerated"], s["eventsAcknowledged"])' simulation.json)
read -r events_generated events_acked <<<"$generated"

step "What the alert says"
export EDGESEC_URL="$api" EDGESEC_TOKEN="$token"
edgesec alerts list --device "$victim" --status new --limit 5 || fail "edgesec alerts list could not read the alert."
echo "The event behind it:"
edgesec events tail --device "$victim" -n 200 | grep integrity-check | tail -n 1 || true

step "Signed update app-2.0.0.esb (security counter 2) uploaded to the host"
head -c 8192 /dev/urandom > app/app.pe
edgesec bundle create app --hardware-class esp32-demo --version 2.0.0 --security-counter 2 --expires +90 \
  --key keys/release1.key --passphrase-env EDGESEC_PASSPHRASE --out app-2.0.0.esb >/dev/null
edgesec bundle sign app-2.0.0.esb --key keys/release2.key --passphrase-env EDGESEC_PASSPHRASE >/dev/null
edgesec ota upload app-2.0.0.esb --json >upload.json || fail "the host refused app-2.0.0.esb (see above)."
bundle_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bundle"]["id"])' upload.json)
echo "stored on the host as bundle $bundle_id"

# Three waves from 5 devices on; a smaller fleet gets two, so the last wave always holds the failing device
# and at least one healthy one (a wave with no confirmed device would pause the campaign).
waves=1,50%,100%
[[ $devices -ge 5 ]] || waves=1,100%
step "Campaign: waves $waves; failure threshold 2"
edgesec ota campaign create --bundle "$bundle_id" --hardware-class esp32-demo --waves "$waves" --failure-threshold 2 --json >campaign.json \
  || fail "the host refused the campaign (see above)."
campaign_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' campaign.json)
edgesec ota campaign status "$campaign_id" --devices --json >campaign-devices.json
# The device that fails its health check is in the last wave, so the waves before it show a clean roll-out.
unhealthy=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["devices"]; print(max(d, key=lambda x: (x["wave"], x["deviceId"]))["deviceId"])' campaign-devices.json)
echo "campaign $campaign_id created; $unhealthy will fail the health check of its new bundle"

step "Roll-out: offers and chunks over MQTT, install, trial boot, health check, confirm ($unhealthy rolls back)"
edgesec simulate run --fleet fleet --pki pki --devices "$devices" --duration 120 --until-campaign "$campaign_id" \
  --broker-address 127.0.0.1 --heartbeat 2 --inject "health-fail:$unhealthy@0" --drain 30 \
  --json >ota-simulation.json || fail "the simulated fleet did not get every event acknowledged during the roll-out (see $workspace/ota-simulation.json)."

step "Campaign outcome"
edgesec ota campaign status "$campaign_id" --devices || fail "edgesec ota campaign status could not read campaign $campaign_id."
edgesec ota campaign status "$campaign_id" --devices --json >campaign-outcome.json
echo
outcome=$(python3 - campaign-outcome.json "$unhealthy" <<'EOF'
import json, sys
status = json.load(open(sys.argv[1]))
campaign, devices, unhealthy = status["campaign"], status["devices"], sys.argv[2]
words = {"confirmed": "confirmed a healthy boot of 2.0.0 and runs it",
         "rolled-back": "failed its health check on 2.0.0 and went back to 1.0.0 by itself",
         "failed": "failed the update", "pending": "was never offered the update"}
print(f"In words: campaign {campaign['id']} is {campaign['status']} ({campaign.get('statusReason') or 'no reason given'}).")
for wave in campaign["waves"]:
    c = wave["counts"]
    extra = "".join(f", {c[k]} {name}" for k, name in (("rolledBack", "rolled back"), ("failed", "failed"), ("pending", "never offered")) if c[k])
    print(f"  wave {wave['wave']}: {c['confirmed']} of {c['total']} device(s) confirmed{extra}")
for d in sorted(devices, key=lambda d: (d["wave"], d["deviceId"])):
    reason = f" ({d['reason']})" if d.get("reason") else ""
    print(f"  {d['deviceId']} (wave {d['wave']}) {words.get(d['state'], 'is ' + d['state'])}{reason}")
expected = campaign["status"] == "completed" and all(d["state"] == ("rolled-back" if d["deviceId"] == unhealthy else "confirmed") for d in devices)
print("OUTCOME-EXPECTED" if expected else "OUTCOME-UNEXPECTED")
EOF
)
echo "$outcome" | grep -v '^OUTCOME-'
[[ $outcome == *OUTCOME-EXPECTED* ]] || fail "the campaign did not end as expected (completed; every device but $unhealthy confirmed, $unhealthy rolled back)."
confirmed_devices=$(python3 -c 'import json,sys; print(sum(d["state"] == "confirmed" for d in json.load(open(sys.argv[1]))["devices"]))' campaign-outcome.json)
# OtaRolledBack is event type 0x0206 (EventTypes in the firmware core).
rollback_events=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from events where device_id = ? and type = 518", (sys.argv[2],)).fetchone()[0])' "$workspace/data/edgesec.db" "$unhealthy")
[[ $rollback_events -ge 1 ]] || fail "the host stored no rollback event of $unhealthy."

step "Summary"
cat <<EOF
devices enrolled ........ $stored_devices
events generated ........ $events_generated (acknowledged by the host: $events_acked)
events stored ........... $stored_events
alerts .................. $stored_alerts (integrity violation on $victim raised)
update 2.0.0 ............ campaign $campaign_id completed: $confirmed_devices of $devices device(s) confirmed, $unhealthy rolled back (rollback events stored: $rollback_events)

Where to look (while the host runs):
  web console ............. $api/console/  (sign in with the token below)
  API ..................... $api
  API token (admin) ...... $token
  export EDGESEC_URL=$api EDGESEC_TOKEN=$token
  edgesec alerts list ; edgesec alerts ack <id> --note "on it" ; edgesec events tail --device $victim --follow
  curl -s -H 'Authorization: Bearer $token' '$api/api/v1/devices'
  curl -s -H 'Authorization: Bearer $token' '$api/api/v1/alerts'
  curl -s -H 'Authorization: Bearer $token' '$api/api/v1/events?device=$victim&limit=20'
  curl -s '$api/health'
  SQLite database ........ $workspace/data/edgesec.db
  host log ............... $workspace/host.log
  simulation summary ..... $workspace/simulation.json
  edgesec device list --dir $workspace/pki
  edgesec bundle inspect $workspace/app-1.0.0.esb --root $workspace/root.esr
  edgesec ota campaign status $campaign_id --devices ; edgesec ota audit
  (edgesec: install the command with 'bash scripts/install-edgesec.sh', or run dotnet $repo/tools/EdgeSecurity.Cli/bin/Debug/net10.0/edgesec.dll;
   the API reference is at $api/api/docs)
EOF
[[ $stored_events -ge $events_acked ]] || fail "the host stored $stored_events events but acknowledged $events_acked."

if [[ $keep_running -eq 1 ]]; then
  step "The host keeps running: open the web console at $api/console/ and sign in with the token above; press Ctrl+C to stop it"
  echo "demo: OK"
  trap 'echo; echo "demo: stopped"; exit 0' INT TERM
  wait "$host_pid"
else
  echo
  echo "The host stops now (no terminal). Run 'scripts/demo.sh --keep-running' to keep it up, open the web console ($api/console/) and try the commands above."
  echo "demo: OK"
fi
