#!/usr/bin/env bash
# Interpreter timings of the firmware core on the real nanoCLR (x64 posix build): builds the benchmark
# variant of the portable-case runner through the nanoFramework stage, then reports CPU time per
# operation (docs/performance.md, "On the nanoFramework interpreter").
# Usage: bash bench/nanoframework/run.sh [RUNS]   (default 3 runs, minimum reported)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=artifacts/nanoframework-bench
bash scripts/nanoframework-check.sh --out "$out" --bench
toolchain=${EDGESEC_NANOFRAMEWORK:-../shared/nanoframework}
python3 bench/nanoframework/measure.py "$toolchain" "$out/core/EdgeSecurity.Firmware.Core.pe" "$out/bench/bench.pe" "${1:-3}"
