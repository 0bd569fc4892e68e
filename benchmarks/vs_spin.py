"""lifefsm against SPIN on the same pod model, at growing container counts, in one run.

For each container count: lifefsm's checker with symmetry reduction off and on,
and SPIN 6.5.2 on the Promela model lifefsm writes (the safety model: one pan
state per lifefsm state). Both check the same properties: the state properties,
deadlock freedom, ``only when`` and model errors; ordering and liveness
properties are left out on both sides (SPIN checks them in other runs). SPIN's
wall time includes ``spin -a`` and ``gcc -O2``; its states/s is pan's search
alone. Bytes per state: lifefsm's stored set, ints and parent links; SPIN's
"actual memory usage for states" (and, in brackets, its total, which includes
the hash table and DFS stack). Every figure is the median of ``--runs`` runs.

    python benchmarks/vs_spin.py [--spec FILE] [--param NAME] [--max N] [--sym-max N] [--runs 3] [-D NAME=VALUE]

Uses spec/pod.lfsm when it exists, else the pod-like spec below. Needs spin and gcc.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lifecycle_fsm import compile_source, load_spec  # noqa: E402
from lifecycle_fsm import model as ir  # noqa: E402
from lifecycle_fsm.backends.promela import emit_promela  # noqa: E402
from lifecycle_fsm.backends.promela_run import compile_pan, missing_tools  # noqa: E402
from lifecycle_fsm.backends.promela_verify import run_deep  # noqa: E402
from lifecycle_fsm.checker import CheckResult, check_model  # noqa: E402

POD_LIKE = """
// A pod-like system for benchmarks/vs_spin.py: a kubelet and n identical app
// containers with a start-up hook, restarts with back-off, and a grace period.
param n_apps: 1..8 = 2
param grace: 1..3 = 2
param max_restarts: 0..3 = 1

machine Kubelet {
  var deleting: bool = false
  input delete
  internal finish
  initial state Running
  state Terminating
  final state Gone
  Running -> Terminating on delete do deleting = true, send term to app[*]
  Terminating -> Gone on finish when all a in app: a in {Exited, Failed}
}

machine App {
  clock t
  var restarts: 0..3 = 0
  internal create, backoff_done, expire
  input hook_done, exit_ok, exit_fail, probe_fail
  receive term
  signal SIGTERM, SIGKILL
  initial state Waiting
  state PostStart { invariant t <= 2 }
  state Running
  state Backoff { invariant t <= 2 }
  state Stopping { invariant t <= grace }
  final state Exited
  final state Failed
  Waiting -> PostStart on create when not kubelet.deleting do reset t
  PostStart -> Running on hook_done
  Running -> Backoff on exit_fail when restarts < max_restarts do restarts = restarts + 1, reset t
  Running -> Failed on exit_fail when restarts >= max_restarts
  Running -> Backoff on probe_fail when restarts < max_restarts do restarts = restarts + 1, reset t
  Running -> Exited on exit_ok
  Backoff -> Waiting on backoff_done when t >= 1
  PostStart, Running -> Stopping on term do reset t, emit SIGTERM
  Waiting, Backoff -> Exited on term
  Stopping -> Exited on exit_ok
  Stopping -> Failed on expire when t >= grace do emit SIGKILL
  property in_grace: invariant self in Stopping implies t <= grace
}

system Pod {
  instance kubelet: Kubelet
  instance app[n_apps]: App
  property no_deadlock: deadlock free
  property kill_after_term: for c in app: c.SIGKILL only after c.SIGTERM
  property done: kubelet.deleting ~> kubelet in Gone
}
"""

SAFETY_KINDS = (ir.InvariantP, ir.DeadlockP, ir.OnlyWhenP, ir.ReachableP, ir.StableP)


@dataclass
class Row:
    n: int
    states: int
    sym_states: int
    lf_off_s: float  # the whole check_model call, symmetry off (plan, search, properties, counts)
    lf_search_s: float  # its breadth-first search alone (what pan's own rate is compared with)
    lf_on_s: float  # the whole call, symmetry on
    lf_bytes: float
    spin_states: int
    spin_compile_s: float
    spin_pan_s: float  # the pan process, wall
    spin_search_s: float  # pan's own elapsed time of the search
    spin_bytes: float
    spin_total_bytes: float

    @property
    def spin_wall(self) -> float:
        return self.spin_compile_s + self.spin_pan_s


def load(args: argparse.Namespace) -> tuple[ir.Model, str]:
    if args.spec:
        return load_spec(args.spec), args.spec
    pod = ROOT / "spec" / "pod.lfsm"
    if pod.is_file():
        return load_spec(pod), "spec/pod.lfsm"
    return compile_source(POD_LIKE, "vs_spin:pod-like"), "pod-like spec in benchmarks/vs_spin.py"


def count_param(model: ir.Model, system: ir.SystemDef, given: str | None) -> ir.ParamDef:
    """The parameter that sizes the container array (the largest array sized by a bare parameter)."""
    if given:
        return model.param(given)
    best: ir.ParamDef | None = None
    for inst in system.instances:
        if isinstance(inst.size, ir.ParamRef):
            p = model.param(inst.size.name)
            if best is None or inst.name in ("app", "apps", "containers") or "app" in p.name:
                best = p
    if best is None:
        raise SystemExit("no instance array sized by a parameter: give --param")
    return best


def safety_properties(model: ir.Model, system: ir.SystemDef) -> list[str]:
    used = {i.machine for i in system.instances}
    props = [p for p in system.properties] + [p for m in model.machines if m.name in used for p in m.properties]
    return [p.name for p in props if isinstance(p.body, SAFETY_KINDS)]


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def timed_check(model: ir.Model, system: str, params: dict[str, ir.Value], props: list[str],
                symmetry: bool) -> tuple[float, CheckResult]:
    """(seconds of the whole check_model call, its result)."""
    got: list[CheckResult] = []
    secs = timed(lambda: got.append(check_model(model, params, system=system, symmetry=symmetry,
                                                properties=props)))
    return secs, got[0]


def measure(model: ir.Model, system: str, n: int, params: dict[str, ir.Value], props: list[str],
            runs: int) -> Row:
    off = [timed_check(model, params=params, system=system, props=props, symmetry=False) for _ in range(runs)]
    on = [timed_check(model, params=params, system=system, props=props, symmetry=True) for _ in range(runs)]
    # bytes per state in a run of its own: walking the visited set is not checking time
    sized = check_model(model, params, system=system, symmetry=False, properties=props, measure_memory=True)
    states = off[0][1].states
    text = emit_promela(model, params, system)
    bits = max(18, math.ceil(math.log2(max(states, 1))) + 1)
    compile_s, pan_s, search_s, sbytes, tbytes, sstates = [], [], [], [], [], 0
    for _ in range(runs):
        with compile_pan(text, (), ["-DSAFETY"]) as pan:
            run = run_deep(pan, ["-c0", "-n", f"-w{bits}"], 1_000_000)
            compile_s.append(pan.seconds_spin + pan.seconds_cc)
            pan_s.append(run.seconds)
            search_s.append(run.search_seconds)
            sstates = run.states
            sbytes.append(run.state_memory_mb * 1048576 / max(run.states, 1))
            tbytes.append(run.total_memory_mb * 1048576 / max(run.states, 1))
    return Row(n, states, on[0][1].states, median([t for t, _ in off]), median([r.seconds for _, r in off]),
               median([t for t, _ in on]), sized.bytes_per_state, sstates,
               median(compile_s), median(pan_s), median(search_s), median(sbytes), median(tbytes))


def machine_line() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1048576:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} CPUs ({cpu}){mem}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spec", default=None, help="spec file (default: spec/pod.lfsm, else the built-in pod-like)")
    ap.add_argument("--system", default=None)
    ap.add_argument("--param", default=None, help="the container-count parameter (default: detected)")
    ap.add_argument("--min", type=int, default=None)
    ap.add_argument("--max", type=int, default=4)
    ap.add_argument("--sym-max", type=int, default=None,
                    help="beyond --max, up to this count: lifefsm with symmetry reduction only (SPIN and "
                         "the unreduced search would need the full state space)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("-D", dest="defines", action="append", default=[], metavar="NAME=VALUE",
                    help="other parameters (defaults otherwise)")
    args = ap.parse_args(argv)
    missing = missing_tools()
    if missing:
        print(f"vs_spin: needs {' and '.join(missing)} (apt-get install spin gcc)", file=sys.stderr)
        return 2
    from lifecycle_fsm.params import bind_params

    model, where = load(args)
    system = model.system(args.system) if args.system else model.systems[0]
    p = count_param(model, system, args.param)
    assert isinstance(p.type, ir.IntT) and p.type.lo is not None and p.type.hi is not None
    lo = args.min if args.min is not None else max(p.type.lo, 1)
    hi = min(args.max, p.type.hi)
    base = bind_params(model, args.defines)
    props = safety_properties(model, system)
    print(f"# {where}, system {system.name}, {p.name} = {lo}..{hi}, median of {args.runs} runs")
    print(f"# machine: {machine_line()}")
    print(f"# properties (both tools): {', '.join(props) or 'none'} and model errors")
    head = (f"{p.name:>3} {'states':>10} {'sym':>9} | {'lf off s':>8} {'lf st/s':>9} {'lf B/st':>7} "
            f"{'lf on s':>8} | {'spin s':>7} {'cc s':>5} {'pan s':>7} {'pan st/s':>9} {'B/st':>10} | "
            f"{'speed':>6} {'mem':>5} {'wall':>5}")
    print(head)
    rows = []
    for n in range(lo, hi + 1):
        params = {**base, p.name: n}
        r = measure(model, system.name, n, params, props, args.runs)
        rows.append(r)
        ok = "" if r.spin_states == r.states else f"  COUNTS DIFFER: SPIN {r.spin_states}"
        lf_rate = r.states / r.lf_search_s if r.lf_search_s else 0.0
        pan_rate = r.spin_states / max(r.spin_search_s, 0.01)
        print(f"{n:>3} {r.states:>10} {r.sym_states:>9} | {r.lf_off_s:>8.2f} {lf_rate:>9.0f} {r.lf_bytes:>7.0f} "
              f"{r.lf_on_s:>8.2f} | {r.spin_wall:>7.2f} {r.spin_compile_s:>5.2f} {r.spin_pan_s:>7.3f} "
              f"{pan_rate:>9.0f} {r.spin_bytes:>4.0f} ({r.spin_total_bytes:>4.0f}) | "
              f"{lf_rate / pan_rate if pan_rate else 0:>6.2f} {r.lf_bytes / r.spin_bytes if r.spin_bytes else 0:>5.2f} "
              f"{r.lf_off_s / r.spin_wall:>5.2f}{ok}", flush=True)
    if args.sym_max is not None and args.sym_max > hi:
        print(f"# beyond {hi}: lifefsm with symmetry reduction only")
        print(f"{p.name:>3} {'states':>14} {'stored':>10} {'factor':>8} {'search s':>8} {'st/s':>9} {'B/st':>5} "
              f"{'set MB':>7} {'peak MB':>8}")
        for n in range(hi + 1, min(args.sym_max, p.type.hi) + 1):
            params = {**base, p.name: n}
            rs = [check_model(model, params, system=system.name, symmetry=True, properties=props,
                              measure_memory=True) for _ in range(args.runs)]
            res = rs[0]
            secs = median([x.seconds for x in rs])
            print(f"{n:>3} {res.full_states:>14} {res.states:>10} {res.symmetry_factor:>8.1f} {secs:>8.2f} "
                  f"{res.states / secs if secs else 0:>9.0f} {res.bytes_per_state:>5.0f} "
                  f"{res.bytes_per_state * res.stored_states / 1048576:>7.0f} {res.peak_memory_bytes / 1048576:>8.0f}",
                  flush=True)
        print("# set MB: lifefsm's visited set and parent links; peak MB: the whole process's peak so far "
              "(ru_maxrss, earlier rows included)")
    print("# lf s: the whole check_model call (plan, search, properties, counts); lf st/s: states per second of "
          "its search alone")
    print("# pan st/s: pan's own search time (at least 0.01 s); pan s: the whole pan process, wall")
    print("# speed: lifefsm states/s / pan states/s (symmetry off); mem: bytes/state lifefsm / SPIN state store;")
    print("# wall: lifefsm's whole check (symmetry off) / SPIN including spin -a and gcc")
    return 0 if all(r.spin_states == r.states for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
