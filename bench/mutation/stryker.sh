#!/usr/bin/env bash
# Mutation testing of the security-critical code with Stryker.NET (dotnet-stryker 5.1.0, pinned in the
# repository's tool manifest). Not part of CI: a full run takes hours on a small machine. Run one area at
# a time, narrow it further with MUTATE (a glob relative to the source project), and record the score per
# area in docs/mutation.md and, on the area's page under docs/mutation/, what each surviving mutant is
# (killed by a new test, or why it is equivalent).
#
#   bash bench/mutation/stryker.sh <area> [extra dotnet-stryker options]
#   MUTATE='Journal/Frame.cs' bash bench/mutation/stryker.sh journal
#   MUTATE='Journal/Frame.cs Journal/EventJournal.cs:96-155' bash bench/mutation/stryker.sh journal
#   FILTER='FullyQualifiedName~PowerCut' bash bench/mutation/stryker.sh journal   # other covering tests
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
    # The boot manager is also exercised through the integrity monitor (containment) and the trial supervisor;
    # every boot and install test installs through the installer.
    boot)           project=$core; tests=$core_tests; mutate='Boot/**/*.cs'; filter='FullyQualifiedName~.Boot.|FullyQualifiedName~.Integrity.|FullyQualifiedName~TrialSupervisor' ;;
    # The OTA client resumes a download from the installer's chunk scan (WasPresentAtBegin): its tests kill
    # scan mutants the install tests alone did not.
    install)        project=$core; tests=$core_tests; mutate='Install/**/*.cs'; filter='FullyQualifiedName~.Install.|FullyQualifiedName~.Boot.|FullyQualifiedName~.Integrity.|FullyQualifiedName~.Ota.UpdateClientTests' ;;
    # The journal is also exercised through the uploader and the key-epoch chain tests.
    journal)        project=$core; tests=$core_tests; mutate='Journal/**/*.cs'; filter='FullyQualifiedName~.Journal.|FullyQualifiedName~.Upload.EventUploader|FullyQualifiedName~.Identity.KeyEpochChain' ;;
    upload)         project=$core; tests=$core_tests; mutate='Upload/**/*.cs'; filter='FullyQualifiedName~.Upload.' ;;
    crypto-compare) project=$core; tests=$core_tests; mutate='Crypto/ConstantTime.cs'; filter='FullyQualifiedName~ConstantTime|FullyQualifiedName~Ed25519Strictness' ;;
    # The host areas run against SQLite only: the PostgreSQL contracts run the same tests on another store.
    ingest)         project=$host; tests=$host_tests; mutate='Ingest/**/*.cs'; filter='FullyQualifiedName~SqliteIngestTests|FullyQualifiedName~.Ingest.ChainHeadCache|FullyQualifiedName~.Ingest.IngestWriter|FullyQualifiedName~HostileDevice' ;;
    alerts)         project=$host; tests=$host_tests; mutate='Alerts/**/*.cs'; filter='FullyQualifiedName~.Alerts.&FullyQualifiedName!~Postgres' ;;
    *) echo "Unknown area '$area'. Areas: trust, boot, install, journal, upload, crypto-compare, ingest, alerts." >&2; exit 2 ;;
esac

filter="${FILTER:-$filter}"
# MUTATE holds space-separated globs; 'File.cs:FROM-TO' narrows a file to a range of lines. Stryker's own
# '{from..to}' spans count characters, not lines, so line ranges are converted here.
read -r -a globs <<< "${MUTATE:-$mutate}"
mutate_args=()
for glob in "${globs[@]}"; do
    if [[ "$glob" =~ ^(.+):([0-9]+)-([0-9]+)$ ]]; then
        file="$repo/$(dirname "$project")/${BASH_REMATCH[1]}"
        [[ -f "$file" ]] || { echo "MUTATE names '${BASH_REMATCH[1]}', which is not a file of $(dirname "$project")." >&2; exit 2; }
        span="$(python3 - "$file" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8-sig", newline="").read()
starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
first, last = int(sys.argv[2]), int(sys.argv[3])
end = starts[last] if last < len(starts) else len(text)
print(f"{{{starts[first - 1]}..{end}}}")
PY
)"
        glob="${BASH_REMATCH[1]}$span"
    fi
    mutate_args+=(--mutate "$glob")
done
# Stryker instruments every file of the project, not only the ones it tests: each instrumented operation
# asks whether its mutant is active and, in the initial run, records its coverage under a lock in a list
# it searches linearly. In the hashing and signature code (SHA-512, Ed25519) the boot and install tests
# run millions of such operations, so the initial test run of an area next to them never finished. Each
# file the run does not mutate gets a Stryker comment that leaves it uninstrumented for the run, and loses
# it again when the run ends (also after an interrupted run, at the next start).
marker='// Stryker disable all : left out by bench/mutation/stryker.sh for this run (not instrumented)'
source_dir="$repo/$(dirname "$project")"
mark_files() {
    python3 - "$source_dir" "$marker" "$1" "${globs[@]}" <<'PY'
import os, re, sys
root, marker, mode, globs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]

def pattern(glob):
    glob = re.sub(r"(:\d+-\d+|\{\d+\.\.\d+\})$", "", glob)  # a span narrows the file; the file is still mutated
    out, i = "", 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif glob.startswith("**", i):
            out, i = out + ".*", i + 2
        elif glob[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif glob[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(glob[i]), i + 1
    return re.compile(out + "$")

included = [pattern(g) for g in globs if not g.startswith("!")]
marked = 0
for folder, dirs, files in os.walk(root):
    dirs[:] = [d for d in dirs if d not in ("bin", "obj")]
    for name in files:
        if not name.endswith(".cs"):
            continue
        path = os.path.join(folder, name)
        relative = os.path.relpath(path, root).replace(os.sep, "/")
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
        bom = open(path, "rb").read(3) == b"\xef\xbb\xbf"
        newline = "\r\n" if "\r\n" in text else "\n"
        lines = text.split(newline)
        kept = [line for line in lines if line != marker]
        if mode == "mark" and not any(p.match(relative) for p in included):
            # Before the namespace, so that the comment covers every member of the file.
            at = next((n for n, line in enumerate(kept) if re.match(r"\s*namespace\s", line)), 0)
            kept.insert(at, marker)
            marked += 1
        if kept != lines:
            with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
                handle.write(newline.join(kept))
if mode == "mark":
    print(f"{marked} file(s) of {os.path.basename(root)} left uninstrumented for this run")
PY
}
mark_files unmark
trap 'mark_files unmark' EXIT
trap 'exit 130' INT TERM HUP
mark_files mark

# The progress bar needs a terminal; a run logged to a file gets one dot per mutant instead.
progress=progress
[[ -t 1 ]] || progress=dots
output="$repo/bench/mutation/reports/$area"
mkdir -p "$output"
cd "$repo"
dotnet tool restore >/dev/null
cd "$repo/$tests"
dotnet dotnet-stryker \
    --project "$(basename "$project")" \
    "${mutate_args[@]}" \
    --test-case-filter "$filter" \
    --configuration Release \
    --concurrency "${STRYKER_CONCURRENCY:-1}" \
    --reporter html --reporter json --reporter "$progress" --reporter cleartext \
    --output "$output" \
    --skip-version-check \
    "$@"
