"""Operations per second of the pure-Python zone library (lifecycle_fsm/zones) at 4, 8 and 16 clocks.

Each operation runs on copies of a pool of random canonical zones (built from the zero zone by
delays, resets and constraints, the way an exploration builds them); the cost of the copy is
measured alone and subtracted. ``close`` is the full Floyd-Warshall canonical form (after a
bound was loosened, so that it has work to do), ``constrain`` one bound tightened with the
O(n^2) incremental closure, ``extra_lu+`` the widening including its closure when it changes
something, ``is_subset`` an inclusion test between two zones, ``key`` the hashable encoding.

    python benchmarks/bench_zones.py [--seconds 1.0]

``--check`` measures ``lifefsm check --time symbolic`` (all of it, and the zone graph alone:
the rest is judging, the leads-to properties' cell graphs and building concrete
counterexamples, whose runs are as long as their delays) against the tick engine instead, on
benchmarks/symbolic_grace.lfsm at growing ``grace``, then spec/examples/graceful-stop.lfsm (two
leads-to properties, decided on the zones' cell graph) (the tick engine's states grow with the
constants, the zone graph does not; the tick runs stop at ``--tick-limit`` states), and lists
the expressions that keep spec/pod.lfsm from the symbolic check (zones/ready.py).
"""


from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lifecycle_fsm.zones import dbm, extrapolate  # noqa: E402
from lifecycle_fsm.zones.bounds import INF, le  # noqa: E402

POOL = 64


def random_zone(rng: random.Random, clocks: int) -> dbm.DBM:
    n = clocks + 1
    d = dbm.zero(clocks)
    for _ in range(4 * clocks):
        r = rng.random()
        if r < 0.3:
            dbm.up(d, n)
        elif r < 0.5:
            dbm.reset(d, n, rng.randint(1, clocks))
        else:
            x = rng.randint(1, clocks)
            e = d[:]
            if dbm.constrain(e, n, x, 0, le(rng.randint(5, 60))):
                d = e
    dbm.up(d, n)
    return d


def rate(fn: Callable[[int], None], seconds: float, repeat: int = 5) -> float:
    """Calls per second of ``fn(k)`` (k cycles through the pool): the best of ``repeat`` runs
    (the machine is shared; the best run is the one least disturbed)."""
    best = 0.0
    for _ in range(repeat):
        count, start = 0, time.perf_counter()
        while True:
            for k in range(POOL):
                fn(k)
            count += POOL
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / repeat:
                break
        best = max(best, count / elapsed)
    return best


def measure(clocks: int, seconds: float) -> dict[str, float]:
    rng = random.Random(clocks)
    n = clocks + 1
    pool = [random_zone(rng, clocks) for _ in range(POOL)]
    loosened = []
    for z in pool:
        e = z[:]
        e[n + 2] = INF  # forget one bound the others imply: close has to find it again
        loosened.append(e)
    bounds = [rng.randint(5, 60) for _ in range(POOL)]
    xs = [rng.randint(1, clocks) for _ in range(POOL)]
    m = [0] + [30] * clocks
    lower = [0] + [rng.choice((-1, 10, 30)) for _ in range(clocks)]
    upper = [0] + [rng.choice((-1, 10, 30)) for _ in range(clocks)]
    copy_rate = rate(lambda k: pool[k][:], seconds)
    per_copy = 1 / copy_rate

    def with_copy(f: Callable[[int], None]) -> float:
        return 1 / max(1 / rate(f, seconds) - per_copy, 1e-9)

    return {
        "copy": copy_rate,
        "close": with_copy(lambda k: dbm.close(loosened[k][:], n)),
        "constrain": with_copy(lambda k: dbm.constrain(pool[k][:], n, xs[k], 0, le(bounds[k]))),
        "up": with_copy(lambda k: dbm.up(pool[k][:], n)),
        "reset": with_copy(lambda k: dbm.reset(pool[k][:], n, xs[k])),
        "extra_m": with_copy(lambda k: extrapolate.extra_m(pool[k][:], n, m)),
        "extra_lu+": with_copy(lambda k: extrapolate.extra_lu_plus(pool[k][:], n, lower, upper)),
        "is_subset": rate(lambda k: dbm.is_subset(pool[k], pool[k - 1]), seconds),
        "is_subset(equal)": rate(lambda k: dbm.is_subset(pool[k], pool[k]), seconds),
        "key": rate(lambda k: dbm.key(pool[k]), seconds),
    }


def check_figures(graces: list[int], tick_limit: int) -> None:
    from lifecycle_fsm import load_spec
    from lifecycle_fsm.checker.api import check_model
    from lifecycle_fsm.instantiate import instantiate
    from lifecycle_fsm.zones.check import check_symbolic, symbolic_plan
    from lifecycle_fsm.zones.engine import Symbolic, explore
    from lifecycle_fsm.zones.liveness import CellGraph
    from lifecycle_fsm.zones.ready import blockers

    model = load_spec(ROOT / "benchmarks" / "symbolic_grace.lfsm")
    print(f"{'grace':>6} {'symbolic':>10} {'graph':>8} {'discrete':>9} {'zones':>7} {'tick':>10} {'tick states':>12}"
          "   verdicts agree")
    for g in graces:
        started = time.perf_counter()
        explore(Symbolic(symbolic_plan(model, {"grace": g})))
        g_time = time.perf_counter() - started
        started = time.perf_counter()
        sym = check_symbolic(model, {"grace": g})
        s_time = time.perf_counter() - started
        started = time.perf_counter()
        tick = check_model(model, {"grace": g}, symmetry=False, max_states=tick_limit)
        t_time = time.perf_counter() - started
        same = {p.name: p.holds for p in sym.properties} == {p.name: p.holds for p in tick.properties}
        t_text = f"{t_time:>9.2f}s" if tick.complete else f"{'>' + format(t_time, '.1f') + 's':>10}"
        t_states = f"{tick.states:>12,}" if tick.complete else f"{'>' + format(tick_limit, ','):>12}"
        agree = ("yes" if same else "NO") if tick.complete else "(tick incomplete)"
        print(f"{g:>6} {s_time:>9.2f}s {g_time:>7.2f}s {sym.states:>9,} {sym.stored_states:>7,} {t_text} {t_states}"
              f"   {agree}")
    stop = load_spec(ROOT / "spec" / "examples" / "graceful-stop.lfsm")
    print(f"\nspec/examples/graceful-stop.lfsm (leads-to on zones), sleep = grace - 5:\n{'grace':>6} {'symbolic':>10} "
          f"{'cells':>6} {'tick':>10} {'tick states':>12}   verdicts agree")
    for g in graces:
        params = {"grace": g, "sleep": max(g - 5, 0)}
        started = time.perf_counter()
        sym = check_symbolic(stop, params)
        s_time = time.perf_counter() - started
        plan = symbolic_plan(stop, params)
        engine = Symbolic(plan)
        nodes = explore(engine).nodes
        cells = sum(len(CellGraph(engine, c).build(nodes).cells) for c in plan.checks.live)
        started = time.perf_counter()
        tick = check_model(stop, params, symmetry=False, max_states=tick_limit)
        t_time = time.perf_counter() - started
        same = {p.name: p.holds for p in sym.properties} == {p.name: p.holds for p in tick.properties}
        agree = ("yes" if same else "NO") if tick.complete else "(tick incomplete)"
        print(f"{g:>6} {s_time:>9.2f}s {cells:>6} {t_time:>9.2f}s {tick.states:>12,}   {agree}")
    pod = load_spec(ROOT / "spec" / "pod.lfsm")
    found = blockers(instantiate(pod, {"n_init": 0, "n_side": 0}, None))
    print(f"\nspec/pod.lfsm: {len(found)} expressions keep it from --time symbolic:")
    for d in found:
        assert d.span is not None
        line = (ROOT / d.span.file).read_text(encoding="utf-8").splitlines()[d.span.line - 1].strip()
        print(f"  {d.span.file}:{d.span.line}  {line[:90]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=1.0, help="time per measurement (five runs)")
    ap.add_argument("--check", action="store_true", help="symbolic vs tick check at growing constants")
    ap.add_argument("--grace", type=int, nargs="*", default=[3, 10, 30, 100, 300, 3600])
    ap.add_argument("--tick-limit", type=int, default=3_000_000)
    args = ap.parse_args()
    if args.check:
        check_figures(args.grace, args.tick_limit)
        return
    sizes = (4, 8, 16)
    table = {c: measure(c, args.seconds) for c in sizes}
    ops = list(table[sizes[0]])
    print(f"{'operation':<18}" + "".join(f"{f'{c} clocks':>14}" for c in sizes) + "   (operations per second)")
    for op in ops:
        print(f"{op:<18}" + "".join(f"{table[c][op]:>14,.0f}" for c in sizes))


if __name__ == "__main__":
    main()
