#!/usr/bin/env python3
"""Summarises a Stryker.NET JSON report: the counts that docs/mutation.md records per run, and every
mutant that was not killed (survived, no coverage), with its file, line and replacement, so each one can
be given a verdict (killed by a new test, or equivalent and why).

    python3 bench/mutation/survivors.py bench/mutation/reports/<area>/reports/mutation-report.json
"""
import json
import sys
from collections import Counter

NOT_KILLED = ("Survived", "NoCoverage")


def main(path):
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    counts = Counter()
    lines = []
    for name, source in sorted(report["files"].items()):
        text = source["source"].splitlines()
        for mutant in source["mutants"]:
            status = mutant["status"]
            counts[status] += 1
            if status in NOT_KILLED:
                line = mutant["location"]["start"]["line"]
                original = text[line - 1].strip() if line <= len(text) else ""
                lines.append(f"{status:10} {short(name)}:{line} [{mutant['mutatorName']}] "
                             f"-> {mutant.get('replacement', '').strip()}\n           was: {original}")
    tested = counts["Killed"] + counts["Timeout"] + counts["Survived"] + counts["NoCoverage"]
    detected = counts["Killed"] + counts["Timeout"]
    score = 100.0 * detected / tested if tested else 0.0
    print(f"tested {tested}: killed {counts['Killed']}, timeout {counts['Timeout']}, survived "
          f"{counts['Survived']}, no coverage {counts['NoCoverage']}; score {score:.2f} % "
          f"(compile errors {counts['CompileError']}, not counted)")
    for line in lines:
        print(line)
    return 0


def short(name):
    marker = "EdgeSecurity."
    at = name.find(marker)
    return name[at:] if at >= 0 else name


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) == 2 else 2)
    sys.exit(main(sys.argv[1]))
