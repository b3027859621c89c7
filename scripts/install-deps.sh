#!/usr/bin/env bash
# Installs the real components the tests and the demo run against (mosquitto, PostgreSQL, Chromium for
# the web console tests, RabbitMQ for the clustered-broker deployment, the Paho MQTT client, rsyslog as
# an independent syslog collector). Skips what is already there. Needs apt (Debian/Ubuntu) and root or sudo.
set -euo pipefail

# command-to-check  package
wanted=(
  "mosquitto:mosquitto"
  "mosquitto_pub:mosquitto-clients"
  "openssl:openssl"
  "/usr/lib/postgresql/15/bin/initdb:postgresql"
  "/usr/bin/python3:python3"
  "/usr/sbin/rsyslogd:rsyslog"
  "/usr/bin/chromium:chromium"
  "/usr/sbin/rabbitmq-server:rabbitmq-server"
)
missing=()
for pair in "${wanted[@]}"; do
  cmd=${pair%%:*}; pkg=${pair#*:}
  if [[ $cmd == /* ]]; then [[ -x $cmd ]] || missing+=("$pkg"); else command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg"); fi
done
# The Paho client is an independent MQTT peer used by the interoperability tests.
if ! /usr/bin/python3 -c 'import paho.mqtt.client' >/dev/null 2>&1; then missing+=("python3-paho-mqtt"); fi

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: everything needed is installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: missing ${missing[*]} and there is no apt-get on this machine." >&2
  echo "Install them with your package manager (mosquitto 2.x with its clients, PostgreSQL 15+, python3 with paho-mqtt, openssl, rsyslog, chromium, rabbitmq-server 3.10+), then run again." >&2
  exit 1
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The packaged services must not run system-wide: tests start their own instances on free ports.
for svc in mosquitto postgresql rsyslog rabbitmq-server; do
  if command -v systemctl >/dev/null 2>&1; then $sudo systemctl disable --now "$svc" >/dev/null 2>&1 || true; fi
  if command -v service >/dev/null 2>&1; then $sudo service "$svc" stop >/dev/null 2>&1 || true; fi
done
echo "install-deps: done"
