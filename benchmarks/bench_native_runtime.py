"""The native runtime alone, on the hand-written ring module (tests/native/models/ring.c).

A ring of n toggles without symmetry reduction has 2^n states and n transitions per state
(every successor but about one is a state already stored), so it measures the visited set
and the search loop, not successor code. For each n, with 1 and 2 threads: wall and CPU
time (all threads), and the CPU time along the critical path (per round of the parallel
search its busiest thread, plus the serial work between rounds: what the search takes when
every thread has a core of its own, which a shared machine does not give); the speed-up is
taken on that. Bytes per stored state: everything the runtime allocated (arena, table, chunk
index). The state, transition and depth counts of the runs must agree (the script says
COUNTS DIFFER otherwise). Also: the compile time of the module at -O0, -O1 and -O2 (cold: a
fresh cache directory each time) beside the search time it buys; bytes per state at the
state widths of the pod model (the ring stored in wider states); with --pan, SPIN's pan
(-DSAFETY, gcc -O2) on lifefsm's Promela export of the same spec, its own search time against
the runtime's wall time, one after the other; the Python engine at the sizes it does quickly.

    python benchmarks/bench_native_runtime.py [--sizes 16,20,22,24] [--threads 1,2] [--runs 3] [--pan]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "native"))

from native_harness import MODELS, module, plan, ring_defines, source  # noqa: E402

from lifecycle_fsm import load_spec  # noqa: E402
from lifecycle_fsm.backends.promela import emit_promela  # noqa: E402
from lifecycle_fsm.backends.promela_run import compile_pan, missing_tools  # noqa: E402
from lifecycle_fsm.backends.promela_verify import run_deep  # noqa: E402
from lifecycle_fsm.checker.search import bfs  # noqa: E402
from lifecycle_fsm.cpus import cpu_count  # noqa: E402
from lifecycle_fsm.native.build import load_module  # noqa: E402
from lifecycle_fsm.native.engine import NativeSearch  # noqa: E402


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def compile_and_search(n: int, runs: int) -> None:
    """Per optimisation level: the cold compile time, and the search's CPU time on n toggles."""
    print(f"| level | compile s (cold) | search CPU s, n = {n} |")
    print("|---|---:|---:|")
    for opt in ("-O0", "-O1", "-O2"):
        times = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as d:
                os.environ["LIFEFSM_CACHE_DIR"] = d
                times.append(load_module(source("ring", ring_defines(n)), include=(MODELS,), opt=opt).seconds)
        _, _, cpu, _, _ = run(n, 1, runs, opt)
        print(f"| {opt} | {statistics.median(times):.2f} | {cpu:.2f} |", flush=True)


def run(n: int, threads: int, runs: int, opt: str | None = None,
        bits: int | None = None) -> tuple[list[int], float, float, float, float]:
    """(states, transitions, depth), median wall s, median CPU s, median critical-path CPU s, bytes per state."""
    defines = ring_defines(n)
    if bits:
        defines["RING_BITS"] = str(bits)
    m = module("ring", defines, opt=opt)
    walls, cpus, crits = [], [], []
    counts: list[int] = []
    per_state = 0.0
    for _ in range(runs):
        c0, t0 = cpu_seconds(), time.perf_counter()
        with NativeSearch(m, threads=threads, symmetry=False) as s:
            s.run()
            walls.append(time.perf_counter() - t0)
            cpus.append(cpu_seconds() - c0)
            st = s.stats()
            crits.append(st.critical_us / 1e6)
            counts = st[:3]
            per_state = st.memory_bytes / st.stored
    return counts, statistics.median(walls), statistics.median(cpus), statistics.median(crits), per_state


def pan_rate(n: int) -> tuple[int, float]:
    """(states, states per second of pan's own search) on lifefsm's Promela export of ring.lfsm."""
    text = emit_promela(load_spec(ROOT / "tests" / "native" / "specs" / "ring.lfsm"), {"n": n}, "Ring")
    with compile_pan(text, (), ["-DSAFETY"]) as pan:
        run = run_deep(pan, ["-c0", "-n", f"-w{n + 2}"], 1_000_000)
    return run.states, run.states / max(run.search_seconds, 1e-9)


def python_rate(n: int) -> float:
    p = plan("ring", {"n": n}, symmetry=False)
    out = bfs(p, symmetric=False)
    return len(out.seen) / out.seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="16,20,22,24")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--python-max", type=int, default=16, help="largest n the Python engine runs")
    ap.add_argument("--widths", default="121,202", help="state widths (bits) at which to measure bytes per state "
                                                        "(the default pod, the smallest pod with 4 apps)")
    ap.add_argument("--width-n", type=int, default=22, help="toggles for the width rows")
    ap.add_argument("--pan", action="store_true", help="also run SPIN's pan on the Promela export of ring.lfsm")
    ap.add_argument("--pan-max", type=int, default=20, help="largest n pan runs")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    threads = [int(x) for x in args.threads.split(",")]
    cache = tempfile.mkdtemp(prefix="bench-native-")
    print(f"cores available: {cpu_count()}; load average: {os.getloadavg()[0]:.1f}")
    print()
    compile_and_search(sizes[0], args.runs)
    os.environ["LIFEFSM_CACHE_DIR"] = cache
    print()
    print("| n | states | transitions | threads | wall s | CPU s | critical s | states/s (wall) "
          "| states/s (critical) | speed-up (critical) | B/state |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        seen: list[list[int]] = []
        base = 0.0
        for t in threads:
            counts, wall, cpu, crit, bps = run(n, t, args.runs)
            seen.append(counts)
            base = base or crit
            print(f"| {n} | {counts[0]:,} | {counts[1]:,} | {t} | {wall:.2f} | {cpu:.2f} | {crit:.2f} "
                  f"| {counts[0] / wall:,.0f} | {counts[0] / crit:,.0f} | {base / crit:.2f} | {bps:.1f} |", flush=True)
        if any(c != seen[0] for c in seen):
            print(f"COUNTS DIFFER at n={n}: {seen}")
    print()
    print("| state bits | n | states | threads | CPU s | states/s (CPU) | B/state |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for bits in (int(x) for x in args.widths.split(",") if x):
        counts, wall, cpu, _, bps = run(args.width_n, 1, args.runs, bits=bits)
        print(f"| {bits} | {args.width_n} | {counts[0]:,} | 1 | {cpu:.2f} | {counts[0] / cpu:,.0f} | {bps:.1f} |",
              flush=True)
    if args.pan and not missing_tools():
        print()
        print("| n | pan states | pan states/s | native states/s (wall, 1 thread) | ratio |")
        print("|---:|---:|---:|---:|---:|")
        for n in (n for n in sizes if n <= args.pan_max):
            states, rate = pan_rate(n)
            counts, wall, _, _, _ = run(n, 1, args.runs)
            print(f"| {n} | {states:,} | {rate:,.0f} | {counts[0] / wall:,.0f} | {counts[0] / wall / rate:.2f} |",
                  flush=True)
    print()
    for n in sizes:
        if n <= args.python_max:
            print(f"Python engine, n={n}: {python_rate(n):,.0f} states/s (its search loop alone)")


if __name__ == "__main__":
    main()
