#!/usr/bin/env bash
# Mutation testing of the security-critical code with Stryker.NET (dotnet-stryker 5.1.0, pinned in the
# repository's tool manifest). Not part of CI: a full run takes hours on a small machine. Run one area at
# a time, narrow it further with MUTATE (a glob relative to the source project), and record the score per
# area in docs/mutation.md together with what each surviving mutant is (killed by a new test, or why it
# is equivalent).
#
#   bash bench/mutation/stryker.sh <area> [extra dotnet-stryker options]
#   MUTATE='Journal/Frame.cs' bash bench/mutation/stryker.sh journal
#   MUTATE='Journal/Frame.cs Journal/EventJournal.cs{96..155}' bash bench/mutation/stryker.sh journal
#
# Areas: trust, boot, install, journal, upload, crypto-compare, ingest, alerts.
# Reports (HTML and JSON) go to bench/mutation/reports/<area>/ (not committed).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
area="${1:-}"
if [[ -z "$area" || "$area" == "--help" || "$area" == "-h" ]]; then
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    [[ -z "$area" ]] && exit 2 || exit 0
fi
shift

core="firmware/EdgeSecurity.Firmware.Core/EdgeSecurity.Firmware.Core.csproj"
core_tests="tests/EdgeSecurity.Firmware.Core.Tests"
host="host/EdgeSecurity.Host/EdgeSecurity.Host.csproj"
host_tests="tests/EdgeSecurity.Host.Tests"

# area -> source project, test project, default files to mutate, tests that cover them
case "$area" in
    # Trust's signature tally also decides bundle manifests, and rotation is tested through the OTA client.
    trust)          project=$core; tests=$core_tests; mutate='Trust/**/*.cs'; filter='FullyQualifiedName~.Trust.|FullyQualifiedName~.Bundles.|FullyQualifiedName~.Ota.TrustRootRotation' ;;
    boot)           project=$core; tests=$core_tests; mutate='Boot/**/*.cs'; filter='FullyQualifiedName~.Boot.' ;;
    install)        project=$core; tests=$core_tests; mutate='Install/**/*.cs'; filter='FullyQualifiedName~.Install.' ;;
    # The journal is also exercised through the uploader and the key-epoch chain tests.
    journal)        project=$core; tests=$core_tests; mutate='Journal/**/*.cs'; filter='FullyQualifiedName~.Journal.|FullyQualifiedName~.Upload.EventUploader|FullyQualifiedName~.Identity.KeyEpochChain' ;;
    upload)         project=$core; tests=$core_tests; mutate='Upload/**/*.cs'; filter='FullyQualifiedName~.Upload.' ;;
    crypto-compare) project=$core; tests=$core_tests; mutate='Crypto/ConstantTime.cs'; filter='FullyQualifiedName~ConstantTime|FullyQualifiedName~Ed25519Strictness' ;;
    # The host areas run against SQLite only: the PostgreSQL contracts run the same tests on another store.
    ingest)         project=$host; tests=$host_tests; mutate='Ingest/**/*.cs'; filter='FullyQualifiedName~SqliteIngestTests|FullyQualifiedName~.Ingest.ChainHeadCache|FullyQualifiedName~.Ingest.IngestWriter|FullyQualifiedName~HostileDevice' ;;
    alerts)         project=$host; tests=$host_tests; mutate='Alerts/**/*.cs'; filter='FullyQualifiedName~.Alerts.&FullyQualifiedName!~Postgres' ;;
    *) echo "Unknown area '$area'. Areas: trust, boot, install, journal, upload, crypto-compare, ingest, alerts." >&2; exit 2 ;;
esac

# MUTATE may hold several space-separated globs, each with optional {from..to} line spans.
read -r -a globs <<< "${MUTATE:-$mutate}"
mutate_args=()
for glob in "${globs[@]}"; do mutate_args+=(--mutate "$glob"); done
# The progress bar needs a terminal; a run logged to a file gets one dot per mutant instead.
progress=progress
[[ -t 1 ]] || progress=dots
output="$repo/bench/mutation/reports/$area"
mkdir -p "$output"
cd "$repo"
dotnet tool restore >/dev/null
cd "$repo/$tests"
exec dotnet dotnet-stryker \
    --project "$(basename "$project")" \
    "${mutate_args[@]}" \
    --test-case-filter "$filter" \
    --configuration Release \
    --concurrency "${STRYKER_CONCURRENCY:-1}" \
    --reporter html --reporter json --reporter "$progress" --reporter cleartext \
    --output "$output" \
    --skip-version-check \
    "$@"
