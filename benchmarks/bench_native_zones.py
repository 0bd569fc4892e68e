"""The native symbolic search (native/zprint.py + csrc/lf_zengine.c) against the Python zone graph
(zones/engine.py ``explore``) and the native tick search, in one run.

For each pod configuration and each grace of benchmarks/symbolic_grace.lfsm: the zone graph's
nodes, discrete states and transitions, the native search time (module compiled and cached
first; nodes left in C), the Python ``explore`` rate (stopped at ``--python-nodes`` nodes: its
rate, not the whole graph), and the native tick engine on the same plan without properties
(states and search time, 1 thread, no symmetry). Ratios: native zones against Python zones (nodes
per second) and the zone search time over the tick search time (above 1: the tick search is
faster at these constants). The tick engine's states grow with the constants, the zone graph's
nodes do not (symbolic_grace at grace 3, 30 and 3,600).

    python benchmarks/bench_native_zones.py [--python-nodes 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from vs_spin import machine_line  # noqa: E402

from lifecycle_fsm.checker.build import build_plan  # noqa: E402
from lifecycle_fsm.native.build import load_module, split_above  # noqa: E402
from lifecycle_fsm.native.cprint import print_module  # noqa: E402
from lifecycle_fsm.native.engine import NativeModule, NativeSearch  # noqa: E402
from lifecycle_fsm.native.zprint import print_zmodule, zsearch  # noqa: E402
from lifecycle_fsm.params import bind_params  # noqa: E402
from lifecycle_fsm.pipeline import load  # noqa: E402
from lifecycle_fsm.zones.check import symbolic_plan  # noqa: E402
from lifecycle_fsm.zones.engine import Symbolic, explore  # noqa: E402

CASES = [
    ("spec/pod.lfsm", ("n_init=0", "n_side=0")),
    ("spec/pod.lfsm", ("n_init=0", "n_side=0", "n_apps=2")),
    ("spec/pod.lfsm", ("n_init=0",)),
    ("spec/pod.lfsm", ()),
    ("benchmarks/symbolic_grace.lfsm", ("grace=3",)),
    ("benchmarks/symbolic_grace.lfsm", ("grace=30",)),
    ("benchmarks/symbolic_grace.lfsm", ("grace=3600",)),
]
TICK_LIMIT = 30_000_000


def tick_search(model: object, params: dict[str, object], system: str) -> tuple[int, float, bool]:
    """(states, search seconds, complete) of the native tick engine, no properties, 1 thread."""
    plan = build_plan(model, params, system=system, symmetry=False, properties=[])  # type: ignore[arg-type]
    mod = NativeModule(load_module(print_module(plan).units(split_above())).lib)
    with NativeSearch(mod, threads=1, symmetry=False, max_states=TICK_LIMIT) as s:
        s.run()
        st = s.stats()
        return st.stored, s.seconds, st.stored < TICK_LIMIT


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python-nodes", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"# machine: {machine_line()}")
    print(f"# native zones: median of {args.runs}, -O1, search only; Python explore stopped at "
          f"{args.python_nodes:,} nodes; tick: native, 1 thread, no properties")
    print(f"{'configuration':<44} {'nodes':>9} {'discrete':>9} {'trans':>10} {'native':>8} "
          f"{'nodes/s':>9} {'py nodes/s':>10} {'x py':>6} | {'tick states':>12} {'tick':>7} {'zones/tick':>10}")
    for spec, defines in CASES:
        model = load(ROOT / spec)
        system = model.systems[0].name
        params = bind_params(model, list(defines))
        plan = symbolic_plan(model, params, system)
        load_module(print_zmodule(plan), opt="-O1")  # compiled and cached: the runs below search only
        times, z = [], None
        for _ in range(args.runs):
            t0 = time.perf_counter()
            z = zsearch(plan, fetch=False)
            times.append(time.perf_counter() - t0)
        assert z is not None and z.complete, "the native zone search did not complete"
        native = statistics.median(times)
        t0 = time.perf_counter()
        g = explore(Symbolic(plan), args.python_nodes)
        py_rate = len(g.nodes) / (time.perf_counter() - t0)
        states, tick_s, complete = tick_search(model, params, system)
        label = f"{Path(spec).name} {' '.join(defines) or '(defaults)'}"
        tick_states = f"{states:>12,}" if complete else f"{'>' + format(TICK_LIMIT, ','):>12}"
        print(f"{label:<44} {z.size:>9,} {z.discrete:>9,} {z.transitions:>10,} {native:>7.2f}s "
              f"{z.size / native:>9,.0f} {py_rate:>10,.0f} {z.size / native / py_rate:>6.0f} | "
              f"{tick_states} {tick_s:>6.2f}s {native / tick_s:>10.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
