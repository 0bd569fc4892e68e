"""The native engine on the pod model against SPIN's pan and the Python engine, in one run.

1. Search rate on the smallest pod (no init or sidecar containers, no hooks, policy Never,
   grace 1, no override) at 3 and 4 app containers without symmetry reduction, the safety
   properties only on all three (as benchmarks/vs_spin.py: what pan -DSAFETY checks): the
   native engine (the module compiled and cached first: the search alone, 1 and 2 threads),
   pan (``spin -a``, ``gcc -O2 -DSAFETY``; pan's own search time), the Python engine (a search
   limited to ``--python-states`` states: its rate, not the whole space). States per second,
   the ratios, and bytes per stored state (native: everything the runtime allocated; pan: its
   "memory usage for states").
2. ``lifefsm check spec/pod.lfsm`` (defaults: ``--engine auto``, every property, liveness and
   witnesses included) wall and CPU time with a cold cache (a fresh ``LIFEFSM_CACHE_DIR``: the
   spec parsed, the Python probe, C generation and compile included) and warm (the same
   directory again: the model, the module and its index entry found there), medians of
   ``--runs``, with the load average before each (the machine may be shared).

   The child processes write Python's bytecode cache (``PYTHONDONTWRITEBYTECODE`` is dropped
   from their environment): an installed package has its ``.pyc`` files, and without them every
   run would compile the package's sources again (about 0.4 s). Each result line names the
   revision measured (``git describe``, else the directory); ``--against DIR`` times another checkout too
   (as the code before a change: ``git worktree add DIR <commit>``), interleaved run by run, so
   that both see the same load.

   ``--warm-grammar``: each cold run's fresh directory gets the parser's tables (``grammar-*.cache``,
   made once per checkout): only the model, the module and its index entry are cold.

    python benchmarks/bench_native_pod.py [--apps 3,4] [--runs 3] [--python-states 200000]
        [--pod-only] [--against DIR] [--warm-grammar]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from vs_spin import machine_line, safety_properties  # noqa: E402

from lifecycle_fsm.backends.promela import emit_promela  # noqa: E402
from lifecycle_fsm.backends.promela_run import compile_pan, missing_tools  # noqa: E402
from lifecycle_fsm.backends.promela_verify import run_deep  # noqa: E402
from lifecycle_fsm.checker.build import build_plan  # noqa: E402
from lifecycle_fsm.checker.search import bfs  # noqa: E402
from lifecycle_fsm.native.build import load_module, split_above  # noqa: E402
from lifecycle_fsm.native.cprint import print_module  # noqa: E402
from lifecycle_fsm.native.engine import NativeModule, NativeSearch  # noqa: E402
from lifecycle_fsm.params import bind_params  # noqa: E402
from lifecycle_fsm.pipeline import load  # noqa: E402

POD = ROOT / "spec" / "pod.lfsm"
SMALLEST = ["n_init=0", "n_side=0", "post=NoHook", "pre=NoHook", "policy=Never", "grace=1", "override=-1"]


def native_rate(mod: NativeModule, threads: int) -> tuple[int, float, float, int]:
    """(states, search seconds, CPU seconds along the critical path, bytes allocated)."""
    with NativeSearch(mod, threads=threads, symmetry=False) as s:
        s.run()
        st = s.stats()
        return st.stored, s.seconds, st.critical_us / 1e6, st.memory_bytes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--apps", default="3,4")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--python-states", type=int, default=200_000)
    ap.add_argument("--no-pod", action="store_true", help="skip the `lifefsm check spec/pod.lfsm` timings")
    ap.add_argument("--pod-only", action="store_true", help="only the `lifefsm check spec/pod.lfsm` timings")
    ap.add_argument("--against", metavar="DIR", action="append", default=[], type=Path,
                    help="also time this checkout of lifefsm, interleaved run by run (repeatable)")
    ap.add_argument("--warm-grammar", action="store_true",
                    help="cold runs start with the parser's tables in the cache directory")
    args = ap.parse_args(argv)
    if args.pod_only:
        print(f"# machine: {machine_line()}")
        pod_wall(args.runs, tuple(p.resolve() for p in args.against), args.warm_grammar)
        return 0
    model = load(POD)
    system = model.systems[0]
    props = safety_properties(model, system)
    print(f"# machine: {machine_line()}")
    print(f"# smallest pod: -D {' -D '.join(SMALLEST)}; no symmetry; safety properties; median of {args.runs}")
    print(f"{'apps':>4} {'states':>10} | {'native st/s':>12} {'2 thr st/s':>11} {'B/st':>5} | "
          f"{'pan st/s':>10} {'B/st':>5} | {'python st/s':>11} | {'x pan':>6} {'x python':>8}")
    for n in (int(x) for x in args.apps.split(",")):
        params = bind_params(model, [*SMALLEST, f"n_apps={n}"])
        plan = build_plan(model, params, system=system.name, symmetry=False, properties=props)
        t0 = time.perf_counter()
        mod = NativeModule(load_module(print_module(plan).units(split_above())).lib)  # built as `check` builds it
        build_s = time.perf_counter() - t0
        one = [native_rate(mod, 1) for _ in range(args.runs)]
        two = [native_rate(mod, 2) for _ in range(args.runs)]
        states = one[0][0]
        rate1 = statistics.median(st / s for st, s, _, _ in one)
        rate2 = statistics.median(st / s for st, s, _, _ in two)
        nbytes = one[0][3] / states
        pan_rates, pan_bytes, pan_states = [], [], 0
        if not missing_tools():
            text = emit_promela(model, params, system.name)
            bits = max(18, math.ceil(math.log2(max(states, 1))) + 1)
            for _ in range(args.runs):
                with compile_pan(text, (), ["-DSAFETY"]) as pan:
                    run = run_deep(pan, ["-c0", "-n", f"-w{bits}"], 1_000_000)
                    pan_states = run.states
                    pan_rates.append(run.states / max(run.search_seconds, 0.01))
                    pan_bytes.append(run.state_memory_mb * 1048576 / max(run.states, 1))
        pan_rate = statistics.median(pan_rates) if pan_rates else 0.0
        t0 = time.perf_counter()
        out = bfs(plan, symmetric=False, max_states=args.python_states)
        py_rate = len(out.seen) / (time.perf_counter() - t0)
        differ = "" if not pan_states or pan_states == states else f"  COUNTS DIFFER: pan {pan_states}"
        print(f"{n:>4} {states:>10} | {rate1:>12,.0f} {rate2:>11,.0f} {nbytes:>5.1f} | "
              f"{pan_rate:>10,.0f} {statistics.median(pan_bytes) if pan_bytes else 0:>5.1f} | {py_rate:>11,.0f} | "
              f"{rate1 / pan_rate if pan_rate else 0:>6.2f} {rate1 / py_rate:>8.1f}{differ}"
              f"   (module built in {build_s:.1f} s)", flush=True)
    if not args.no_pod:
        pod_wall(args.runs, tuple(p.resolve() for p in args.against), args.warm_grammar)
    return 0


def revision(tree: Path = ROOT) -> str:
    """``git describe`` of ``tree``, else its path."""
    try:
        r = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=tree, capture_output=True, text=True)
    except OSError:
        return str(tree)
    return r.stdout.strip() if r.returncode == 0 and r.stdout.strip() else str(tree)


def grammar_tables(tree: Path, env: dict[str, str]) -> Path:
    """A directory holding the parser's tables of ``tree`` (built once)."""
    d = Path(tempfile.mkdtemp(prefix="grammar-"))
    subprocess.run([sys.executable, "-c", "from lifecycle_fsm.parse import parser; parser()"], check=True,
                   env={**env, "LIFEFSM_CACHE_DIR": str(d), "PYTHONPATH": str(tree)}, cwd=tree)
    return d


def pod_wall(runs: int, others: tuple[Path, ...] = (), warm_grammar: bool = False) -> None:
    """`lifefsm check spec/pod.lfsm` (defaults) wall and CPU time, cold (fresh cache directory) and warm
    (the same directory again), for this tree and, interleaved run by run, each of ``others``
    (other checkouts of lifefsm, as before and after a change: same hour, same load)."""
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    trees = (ROOT, *others)
    times: dict[tuple[Path, str], list[tuple[float, float]]] = {(t, b): [] for t in trees for b in ("cold", "warm")}
    loads: dict[Path, list[float]] = {t: [] for t in trees}
    for tree in trees:  # the bytecode an installed package has
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "lifecycle_fsm")], env=base,
                       capture_output=True)
    grammars = {t: grammar_tables(t, base) for t in trees} if warm_grammar else {}
    for _ in range(runs):
        for tree in trees:
            with tempfile.TemporaryDirectory() as cache:
                for f in grammars[tree].glob("grammar-*.cache") if warm_grammar else ():
                    shutil.copy(f, cache)
                env = {**base, "LIFEFSM_CACHE_DIR": cache, "PYTHONPATH": str(tree)}
                cmd = [sys.executable, "-m", "lifecycle_fsm", "check", str(tree / "spec" / "pod.lfsm")]
                for bucket in ("cold", "warm"):
                    loads[tree].append(os.getloadavg()[0])
                    t0, c0 = time.perf_counter(), os.times()
                    r = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tree)
                    c1 = os.times()
                    times[(tree, bucket)].append((time.perf_counter() - t0, c1.children_user + c1.children_system
                                                  - c0.children_user - c0.children_system))
                    if r.returncode != 0 or r.stderr:
                        print(f"# lifefsm check exited {r.returncode}: {r.stderr.strip()}")
    for d in grammars.values():
        shutil.rmtree(d, ignore_errors=True)
    for tree in trees:
        (cw, cc), (ww, wc) = ((statistics.median(w for w, _ in times[(tree, b)]),
                               statistics.median(c for _, c in times[(tree, b)])) for b in ("cold", "warm"))
        print(f"# lifefsm check spec/pod.lfsm (defaults) [{revision(tree)}]: cold cache"
              f"{' (grammar warm)' if warm_grammar else ''} {cw:.2f} s wall ({cc:.2f} s "
              f"CPU), warm {ww:.2f} s wall ({wc:.2f} s CPU); median of {runs}; load average "
              f"{min(loads[tree]):.1f}-{max(loads[tree]):.1f}")
        for b in ("cold", "warm"):
            print(f"#   {b}: " + ", ".join(f"{w:.2f} s wall / {c:.2f} s CPU" for w, c in times[(tree, b)]))


if __name__ == "__main__":
    sys.exit(main())
