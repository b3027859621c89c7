#!/usr/bin/env bash
# Runs every test of the repository against real components (installed first when missing).
# Usage: bash scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
dotnet restore EdgeSecurity.sln
dotnet build EdgeSecurity.sln --no-restore -c Release
log=$(mktemp)
set +e
dotnet test EdgeSecurity.sln --no-build -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over all test projects ("N passed, N failed, N skipped").
awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
