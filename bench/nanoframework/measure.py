#!/usr/bin/env python3
"""Runs the benchmark variant of the portable-case runner on nanoCLR and reports CPU time per operation.

Usage: measure.py TOOLCHAIN_DIR CORE_PE BENCH_PE [RUNS]

The runner is its own assembly over the firmware core's (CORE_PE); both are loaded.

The runner prints BENCH-START/BENCH-END lines around each timed loop (tests/nanoFramework/Runner/Bench.cs).
This script reads them as they are printed (the runner's stdout is made line-buffered with stdbuf) and
samples the process's user+system CPU time (/proc/PID/stat, clock ticks) at each line, so the figures are
CPU time, not wall time (on a shared machine the wall time is several times longer). Resolution: one clock
tick (usually 10 ms) per loop; every loop runs for hundreds of ms. With RUNS > 1 it reports the minimum.
"""
import os
import subprocess
import sys

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def run_once(toolchain, core, pe):
    env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(toolchain, "bin"))
    runner = os.path.join(toolchain, "bin", "nanoFramework.nanoCLR.test")
    corlib = os.path.join(toolchain, "pe", "mscorlib.pe")
    process = subprocess.Popen(["stdbuf", "-oL", runner, corlib, pe], stdout=subprocess.PIPE, text=True, env=env)
    results, info, started, finished = {}, {}, {}, False
    for line in process.stdout:
        line = line.strip()
        now = cpu_seconds(process.pid)
        if line.startswith("BENCH-START "):
            name, iterations, units = line[len("BENCH-START "):].split("|")
            started[name] = (now, int(iterations) * int(units))
        elif line.startswith("BENCH-END "):
            name, wall_ticks = line[len("BENCH-END "):].split("|")
            cpu_start, operations = started[name]
            results[name] = ((now - cpu_start) / operations, int(wall_ticks) / 1e7 / operations, operations)
        elif line.startswith("INFO "):
            key, value = line[len("INFO "):].split("|")
            info[key] = value
        elif line == "CASES-END":
            finished = True
    process.wait()
    if not finished:
        sys.exit("measure.py: the benchmark did not reach its end sentinel (an exception on nanoCLR?)")
    return results, info


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    toolchain, core, pe = sys.argv[1], sys.argv[2], sys.argv[3]
    runs = int(sys.argv[4]) if len(sys.argv) == 5 else 1
    best, info = {}, {}
    for _ in range(runs):
        results, info = run_once(toolchain, core, pe)
        for name, (cpu, wall, operations) in results.items():
            if name not in best or cpu < best[name][0]:
                best[name] = (cpu, wall, operations)
    for key, value in info.items():
        print(f"{key}: {value}")
    print(f"| measurement | operations | CPU time per operation | wall time per operation |")
    print(f"|---|---:|---:|---:|")
    for name, (cpu, wall, operations) in best.items():
        print(f"| {name} | {operations} | {cpu * 1e6:,.1f} µs | {wall * 1e6:,.1f} µs |")


if __name__ == "__main__":
    main()
