#!/usr/bin/env bash
# The nanoFramework stage of the test command: compiles the firmware core against nothing but the real
# nanoFramework mscorlib, compiles the ESP32 application from its own project file against the real
# nanoFramework reference assemblies, converts both to nanoCLR .pe files, and runs the core's portable
# cases on the real nanoCLR interpreter. tests/EdgeSecurity.Firmware.Nano.Tests turns what it records
# into test results (and compares the cases with .NET).
#
# Usage: bash scripts/nanoframework-check.sh [--out DIR] [--bench]
#   --out DIR   where to record results (default artifacts/nanoframework)
#   --bench     also build and run the timing variant of the runner (bench/nanoframework/run.sh does this)
# Toolchain: $EDGESEC_NANOFRAMEWORK, else ../shared/nanoframework next to the repository.
# Exit status: 0 = every step passed, or no toolchain outside CI (the stage did NOT run, and says so);
#              1 = a step failed, or no toolchain on CI (CI=true).
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
out=artifacts/nanoframework
bench=false
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --bench) bench=true; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "nanoframework-check: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "${out:?}"/*

# --- the toolchain --------------------------------------------------------------------------------
if [ -n "${EDGESEC_NANOFRAMEWORK:-}" ]; then
  toolchain=$EDGESEC_NANOFRAMEWORK; origin="EDGESEC_NANOFRAMEWORK"
else
  toolchain=$repo/../shared/nanoframework; origin="../shared/nanoframework"
fi
missing=""
for f in bin/nanoclr bin/nano-mdp ref/mscorlib.dll pe/mscorlib.pe; do
  [ -e "$toolchain/$f" ] || missing="$missing $f"
done
if [ -n "$missing" ]; then
  echo "not-run: no nanoFramework toolchain at $origin (missing:$missing)" > "$out/status"
  cat >&2 <<EOF
==> nanoFramework stage NOT RUN: no toolchain at $origin (missing:$missing).
    The core and the ESP32 app were NOT compiled against the real nanoFramework libraries, and the
    portable cases did NOT run on nanoCLR. To run the stage, provide a toolchain folder with
      bin/nanoclr    nanoCLR for Linux x64: github.com/nanoframework/nf-interpreter, targets/posix
                     (built with CMake; a wrapper taking [--timeout S] [-q] [--expect TEXT] file.pe...)
      bin/nano-mdp   IL to .pe: github.com/nanoframework/metadata-processor tag v3.0.100 (wrapper: DLL OUT.pe)
      ref/*.dll      mscorlib.dll from NuGet nanoFramework.CoreLibrary 1.17.11, and the class libraries at the
                     versions of firmware/EdgeSecurity.Firmware.Esp32/packages.config (their upstream tags)
      pe/mscorlib.pe from the same CoreLibrary package
    and set EDGESEC_NANOFRAMEWORK to it (docs/firmware-subset.md, "The nanoFramework stage").
EOF
  if [ "${CI:-}" = "true" ]; then
    echo "==> CI=true: the nanoFramework stage must run here; failing." >&2
    exit 1
  fi
  exit 0
fi
toolchain=$(cd "$toolchain" && pwd)
echo "ran" > "$out/status"
: > "$out/steps.txt"

failed=0
# step NAME COMMAND...: runs COMMAND with its output in NAME.log and records "NAME ok|FAILED".
step() {
  local name=$1; shift
  if "$@" > "$out/$name.log" 2>&1; then
    echo "$name ok" >> "$out/steps.txt"; echo "nanoFramework stage: $name ok"
  else
    echo "$name FAILED" >> "$out/steps.txt"; failed=1
    echo "nanoFramework stage: $name FAILED ($out/$name.log):" >&2
    grep -E "error|Error|FAILED|failed" "$out/$name.log" | sort -u | head -20 >&2
  fi
}
# requires NAME...: true when every named step passed (later steps need their inputs).
requires() { for s in "$@"; do grep -qx "$s ok" "$out/steps.txt" || return 1; done; }
build() { dotnet build "$@" -c Release -nologo -p:NanoFrameworkToolchain="$toolchain"; }
mdp() { "$toolchain/bin/nano-mdp" "$@"; }

# 1. The core's two library projects (firmware/nano/: the primitives, and the rest of the core over them)
#    against the real mscorlib only (the NuGet package the app pins), then each to .pe. Two assemblies
#    because one nanoFramework assembly holds at most 64 KiB of byte code (docs/firmware-esp32.md).
nfbuild() { build "$1" -p:NanoFrameworkProjectSystemPath="$repo/tests/nanoFramework/ProjectSystem/" -p:NanoCheckOutput="$out/nfproj/"; }
libraries() { mkdir -p "$out/core" && for a in EdgeSecurity.Firmware.Core.Primitives EdgeSecurity.Firmware.Core; do cp "$out/nfproj/$a/bin/$a.dll" "$out/core/"; done; }
core_libraries() { nfbuild firmware/nano/EdgeSecurity.Firmware.Core/EdgeSecurity.Firmware.Core.nfproj && libraries; }
core_pe() {
  mdp "$out/core/EdgeSecurity.Firmware.Core.Primitives.dll" "$out/core/EdgeSecurity.Firmware.Core.Primitives.pe" &&
  mdp --ref "$out/core/EdgeSecurity.Firmware.Core.Primitives.dll" "$out/core/EdgeSecurity.Firmware.Core.dll" "$out/core/EdgeSecurity.Firmware.Core.pe"; }
step core-compile core_libraries
requires core-compile && step core-pe core_pe

# 2. The ESP32 application: its own .nfproj (its Compile, Reference and ProjectReference items) against
#    ref/, then to .pe over the core's two assemblies.
step esp32-compile nfbuild firmware/EdgeSecurity.Firmware.Esp32/EdgeSecurity.Firmware.Esp32.nfproj
requires esp32-compile core-pe && step esp32-pe mdp --ref "$out/core" "$out/nfproj/EdgeSecurity.Firmware.Esp32/bin/EdgeSecurity.Firmware.Esp32.dll" "$out/esp32/EdgeSecurity.Firmware.Esp32.pe"

# Byte code per assembly against nanoFramework's 64 KiB limit (16-bit method offsets), so growth is seen
# before it breaks the conversion.
requires core-pe esp32-pe && step bytecode-budget python3 "$repo/scripts/nanoframework-bytecode.py" \
  "$out/core/EdgeSecurity.Firmware.Core.Primitives.pe" "$out/core/EdgeSecurity.Firmware.Core.pe" "$out/esp32/EdgeSecurity.Firmware.Esp32.pe"

# 3. The portable cases on nanoCLR, with vectors made for this run.
step vectors dotnet run --project tests/EdgeSecurity.Firmware.PortableVectors -c Release -- "$out/vectors"
if requires vectors; then
  step runner-compile build tests/nanoFramework/Runner/EdgeSecurity.Firmware.NanoRunner.csproj -p:VectorsDirectory="$out/vectors" -p:NanoCoreLibraries="$out/core/" -o "$out/runner"
  # The runner is its own assembly over the core's (one assembly with both overflows nano-mdp's byte code table).
  requires runner-compile core-pe && step runner-pe mdp --ref "$out/core" "$out/runner/EdgeSecurity.Firmware.NanoRunner.dll" "$out/runner/runner.pe"
  # nanoCLR prints nothing for an uncaught exception: the run passes only if the end sentinel is printed.
  requires runner-pe && step cases-run bash -c '"$1/bin/nanoclr" -q --timeout 900 --expect CASES-END "$2" "$3" "$4" > "$5"' _ \
    "$toolchain" "$out/core/EdgeSecurity.Firmware.Core.Primitives.pe" "$out/core/EdgeSecurity.Firmware.Core.pe" "$out/runner/runner.pe" "$out/nanoclr-cases.txt"
  if $bench && requires vectors; then
    step bench-compile build tests/nanoFramework/Runner/EdgeSecurity.Firmware.NanoRunner.csproj -p:VectorsDirectory="$out/vectors" -p:Bench=true -p:NanoCoreLibraries="$out/core/" -o "$out/bench"
    requires bench-compile core-pe && step bench-pe mdp --ref "$out/core" "$out/bench/EdgeSecurity.Firmware.NanoRunner.dll" "$out/bench/bench.pe"
    requires bench-pe && step bench-run bash -c '"$1/bin/nanoclr" -q --timeout 1800 --expect CASES-END "$2" "$3" "$4" > "$5"' _ \
      "$toolchain" "$out/core/EdgeSecurity.Firmware.Core.Primitives.pe" "$out/core/EdgeSecurity.Firmware.Core.pe" "$out/bench/bench.pe" "$out/nanoclr-bench.txt"
  fi
fi

if [ $failed -ne 0 ]; then
  echo "==> nanoFramework stage FAILED (details: $out/*.log)" >&2
  exit 1
fi
echo "==> nanoFramework stage passed: $(grep -c '^CASE ' "$out/nanoclr-cases.txt") cases ran on nanoCLR (compared with .NET by tests/EdgeSecurity.Firmware.Nano.Tests)"
