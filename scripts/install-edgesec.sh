#!/usr/bin/env bash
# Installs the `edgesec` command from this checkout, offline: packs tools/EdgeSecurity.Cli as a .NET tool
# into artifacts/edgesec-tool/ and installs it from that folder alone (no package feed is contacted).
#
#   scripts/install-edgesec.sh [--tool-path DIR] [--no-build]
#
# Default: a global tool for this user (~/.dotnet/tools, add it to PATH if the script says so).
# --tool-path DIR installs into DIR instead (DIR/edgesec), e.g. for CI or a shared folder on PATH.
# --no-build packs what the last Release build left (tools/EdgeSecurity.Cli built with -c Release).
# Running it again replaces the installed edgesec with the checkout's current one.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tool_path=""
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tool-path) [[ $# -ge 2 ]] || { echo "install-edgesec: --tool-path needs a folder" >&2; exit 2; }; tool_path=$2; shift ;;
    --no-build) build=0 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "install-edgesec: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

feed="$repo/artifacts/edgesec-tool"
rm -rf "$feed"
mkdir -p "$feed"
pack=(dotnet pack "$repo/tools/EdgeSecurity.Cli/EdgeSecurity.Cli.csproj" -c Release -o "$feed" --nologo -v quiet)
[[ $build == 1 ]] || pack+=(--no-build)
"${pack[@]}" >/dev/null || { echo "install-edgesec: packing tools/EdgeSecurity.Cli failed (run it without --no-build, or build it first)" >&2; exit 1; }

# Only the local folder as a source: installing works without a network and takes nothing from elsewhere.
cat >"$feed/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="edgesec-local" value="$feed" />
  </packageSources>
</configuration>
XML

if [[ -n $tool_path ]]; then
  mkdir -p "$tool_path"
  where=(--tool-path "$tool_path")
else
  where=(--global)
fi

# Uninstall first: 'install' refuses a tool that is already there, and the version does not change between checkouts.
dotnet tool uninstall "${where[@]}" EdgeSecurity.Cli >/dev/null 2>&1 || true
dotnet tool install "${where[@]}" EdgeSecurity.Cli --configfile "$feed/nuget.config" >/dev/null \
  || { echo "install-edgesec: dotnet tool install failed" >&2; exit 1; }

if [[ -n $tool_path ]]; then
  echo "Installed edgesec in $tool_path: run $tool_path/edgesec --help (or put $tool_path on PATH)."
else
  echo "Installed edgesec for this user in ~/.dotnet/tools."
  case ":$PATH:" in
    *":$HOME/.dotnet/tools:"*) echo "Run: edgesec --help" ;;
    *) echo "Add it to PATH first: export PATH=\"\$PATH:\$HOME/.dotnet/tools\" (e.g. in ~/.bashrc), then run: edgesec --help" ;;
  esac
fi
