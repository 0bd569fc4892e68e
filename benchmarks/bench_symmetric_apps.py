"""Issue 13's figure: 6 identical app containers with symmetry reduction (benchmarks/synthetic_pod.lfsm).

    python benchmarks/bench_symmetric_apps.py [--n 6] [--threads 1,2] [--python-states 300000]

Runs ``lifefsm check benchmarks/synthetic_pod.lfsm -D n=N --engine native --threads T`` in a child
process per thread count (the module compiled and cached by a first, untimed run) and prints its
wall time, the search's own time (the check's ``seconds``), the time outside the search (wall less
search: start-up, plan, counting the reduced and unreduced states, the leads-to check, the report),
the child's CPU time (user + system: what to compare on a shared machine), states stored per
second of search and the peak resident size; then the Python engine's search rate on the same
model, measured on a search limited to ``--python-states`` stored states (its rate, not the whole
space: the whole search takes minutes), and the native engine's rate against it. The load average
before each run is printed too (the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "benchmarks" / "synthetic_pod.lfsm"


def check(n: int, engine: str, threads: int, extra: list[str]) -> tuple[dict[str, object], float, float]:
    """One child ``lifefsm check``: (its run's statistics, wall seconds, CPU seconds of the child)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.json"
        cmd = [sys.executable, "-m", "lifecycle_fsm", "check", str(SPEC), "-D", f"n={n}", "--engine", engine,
               "--threads", str(threads), "--json", str(out), *extra]
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    return run["statistics"], wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=6)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--python-states", type=int, default=300_000)
    args = ap.parse_args()
    check(args.n, "native", 1, ["--max-states", "1000"])  # compile and cache the module (untimed)
    rates: dict[int, float] = {}
    for t in (int(x) for x in args.threads.split(",")):
        load = os.getloadavg()[0]
        st, wall, cpu = check(args.n, "native", t, [])
        secs = float(st["seconds"])  # type: ignore[arg-type]
        rates[t] = int(st["stored_states"]) / secs  # type: ignore[call-overload]
        print(f"native, {t} thread(s): {st['states']:,} states ({st['stored_states']:,} stored), "
              f"{st['transitions']:,} transitions, depth {st['depth']}; wall {wall:.2f} s, search {secs:.2f} s, "
              f"outside the search {wall - secs:.2f} s, CPU {cpu:.2f} s, {rates[t]:,.0f} stored states/s, "
              f"peak {int(st['peak_memory_bytes']) / 2**20:,.0f} MB (load {load:.2f})",  # type: ignore[call-overload]
              flush=True)
    load = os.getloadavg()[0]
    st, wall, cpu = check(args.n, "python", 1, ["--max-states", str(args.python_states)])
    py = int(st["stored_states"]) / float(st["seconds"])  # type: ignore[call-overload, arg-type]
    print(f"python, first {st['stored_states']:,} stored states: {float(st['seconds']):.2f} s of search, "  # type: ignore[arg-type]
          f"{py:,.0f} stored states/s (load {load:.2f})")
    for t, r in rates.items():
        print(f"ratio native ({t} thread(s)) / python: {r / py:.1f}x")


if __name__ == "__main__":
    main()
