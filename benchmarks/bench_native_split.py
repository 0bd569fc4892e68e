"""A model's native module compiled as one translation unit against two in parallel (issue 13, cold check).

1. Compile time (``--compile``, the default): for each model, the module printed once, then built
   ``--runs`` times each way into a fresh cache directory, alternating: wall time from the start
   of the compilers to the object on disk (``build.Pending``), the compilers' CPU time (user +
   system of the children), and for the split build the wall time at which each unit's compiler
   ended and the link. Medians. The load average before each model is printed (the machine may
   be shared: two compilers gain only on a second free core).
2. Search rate (``--search``): the two objects of one model loaded side by side, the same search
   run ``--runs`` times on each, alternating (states per second, one thread; the counts must agree).

    python benchmarks/bench_native_split.py [--runs 5] [--opt -O2] [--search] [MODEL ...]

A MODEL is ``name`` from the list below (default: all of them), or ``spec.lfsm[:-D x=1,...]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lifecycle_fsm.checker.build import build_plan  # noqa: E402
from lifecycle_fsm.native import build  # noqa: E402
from lifecycle_fsm.native.cprint import CModule, print_module  # noqa: E402
from lifecycle_fsm.native.engine import NativeModule, NativeSearch  # noqa: E402
from lifecycle_fsm.params import bind_params  # noqa: E402
from lifecycle_fsm.pipeline import load  # noqa: E402

SMALLEST = "n_init=0,n_side=0,post=NoHook,pre=NoHook,policy=Never,grace=1,override=-1"
MODELS = {
    "ring": "tests/native/specs/ring.lfsm",
    "crew": "tests/native/specs/crew.lfsm",
    "demo": "spec/examples/lifecycle-demo.lfsm",
    "pod-1app": f"spec/pod.lfsm:{SMALLEST},n_apps=1",
    "pod-2apps": f"spec/pod.lfsm:{SMALLEST},n_apps=2",
    "pod-4apps": f"spec/pod.lfsm:{SMALLEST},n_apps=4",
    "pod": "spec/pod.lfsm",
}


def module(spec: str) -> CModule:
    path, _, defs = spec.partition(":")
    model = load(ROOT / path)
    params = bind_params(model, [d for d in defs.split(",") if d])
    return print_module(build_plan(model, params, system=model.systems[0].name, symmetry=False))


def build_once(units: tuple[str, ...], opt: str) -> tuple[float, float, dict[int, float]]:
    """(wall, compilers' CPU, when each process ended) of one build into a fresh cache directory."""
    with tempfile.TemporaryDirectory() as d:
        os.environ["LIFEFSM_CACHE_DIR"] = d
        before = os.times()
        t0 = time.perf_counter()
        pending = build.start_module(units, opt=opt)
        pending.finish()
        wall = time.perf_counter() - t0
        after = os.times()
        cpu = after.children_user + after.children_system - before.children_user - before.children_system
        return wall, cpu, dict(pending.ended)


def compile_times(name: str, cmod: CModule, runs: int, opt: str) -> None:
    one, two = (cmod.source,), cmod.units(0)
    rows: dict[str, list[tuple[float, float, dict[int, float]]]] = {"one": [], "two": []}
    load_avg = os.getloadavg()[0]
    for _ in range(runs):
        rows["one"].append(build_once(one, opt))
        rows["two"].append(build_once(two, opt))
    med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v)) for k, v in rows.items()}
    units = [statistics.median(r[2].get(i, 0.0) for r in rows["two"]) for i in range(3)]
    print(f"{name:>10} {cmod.step_bytes():>8} {len(two[0]):>8} {len(two[1]):>8} | {med['one'][0]:>6.2f} "
          f"{med['one'][1]:>6.2f} | {med['two'][0]:>6.2f} {med['two'][1]:>6.2f} | {units[0]:>6.2f} {units[1]:>6.2f} "
          f"{units[2]:>6.2f} | {med['one'][0] / med['two'][0]:>5.2f} | load {load_avg:.2f}", flush=True)


def search_rates(name: str, cmod: CModule, runs: int, opt: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        os.environ["LIFEFSM_CACHE_DIR"] = d
        mods = {k: NativeModule(build.load_module(u, opt=opt).lib) for k, u in (("one", (cmod.source,)),
                                                                               ("two", cmod.units(0)))}
        rates: dict[str, list[float]] = {"one": [], "two": []}
        counts = {}
        load_avg = os.getloadavg()[0]
        for _ in range(runs):
            for k, mod in mods.items():
                with NativeSearch(mod, threads=1, symmetry=False) as s:
                    s.run()
                    st = s.stats()
                    counts[k] = st[:3]
                    rates[k].append(st.stored / s.seconds)
        same = "" if counts["one"] == counts["two"] else f"  COUNTS DIFFER {counts}"
        a, b = statistics.median(rates["one"]), statistics.median(rates["two"])
        print(f"{name:>10} {counts['one'][0]:>10} | {a:>12,.0f} {b:>12,.0f} | {b / a:>5.3f} | load {load_avg:.2f}"
              f"{same}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="*", default=list(MODELS))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--opt", default="-O2")
    ap.add_argument("--search", action="store_true", help="search rates of the two objects instead of compile times")
    args = ap.parse_args(argv)
    print(f"# {os.cpu_count()} cores; opt {args.opt}; medians of {args.runs}")
    if args.search:
        print(f"{'model':>10} {'stored':>10} | {'one unit st/s':>12} {'two units':>12} | {'ratio':>5}")
    else:
        print(f"{'model':>10} {'step B':>8} {'unit1 B':>8} {'unit2 B':>8} | {'1 wall':>6} {'cpu':>6} | {'2 wall':>6} "
              f"{'cpu':>6} | {'unit1':>6} {'unit2':>6} {'link':>6} | {'1 / 2':>5} (seconds; unit1, unit2, link: when "
              f"each ended)")
    for name in args.models:
        cmod = module(MODELS.get(name, name))
        (search_rates if args.search else compile_times)(name, cmod, args.runs, args.opt)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
