#!/usr/bin/env bash
# Start time of one edgesec call (`keys show` of a public key: no network, no key decryption), median of N
# runs, three ways: the installed tool (scripts/install-edgesec.sh), `dotnet edgesec.dll` from the Release
# build, and `dotnet run --project tools/EdgeSecurity.Cli` as the guides used to say. Reported in
# docs/performance.md ("CLI start time").
#
#   bench/cli-start-time.sh [--runs N] [--edgesec PATH]     (default: 5 runs; edgesec from PATH)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=5
edgesec=$(command -v edgesec || true)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs=$2; shift ;;
    --edgesec) edgesec=$2; shift ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) echo "cli-start-time: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ -n $edgesec && -x $edgesec ]] || { echo "cli-start-time: no installed edgesec; run scripts/install-edgesec.sh or pass --edgesec PATH" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$edgesec" keys generate --out key >/dev/null

median() {
  local label=$1; shift
  local times=()
  for ((i = 0; i < runs; i++)); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "cli-start-time: '$*' failed" >&2; exit 1; }
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  printf '%-32s median %6d ms   (runs: %s)\n' "$label" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")" "${times[*]}"
}

dotnet build "$repo/tools/EdgeSecurity.Cli" -c Release --nologo -v quiet >/dev/null
median "installed edgesec" "$edgesec" keys show key.pub
median "dotnet edgesec.dll" dotnet "$repo/tools/EdgeSecurity.Cli/bin/Release/net10.0/edgesec.dll" keys show key.pub
median "dotnet run --project (built)" dotnet run --project "$repo/tools/EdgeSecurity.Cli" -c Release -- keys show key.pub
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
