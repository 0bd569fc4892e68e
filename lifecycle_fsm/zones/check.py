"""``lifefsm check --time symbolic``: the safety verdicts of a system from its zone graph.

The system must be symbolic-ready (ready.py; otherwise LfsmError with every ``not-symbolic``
cause). The zone graph (engine.py) is explored breadth-first in discrete steps; each property
is judged on the stored (discrete state, zone) nodes, on the integer points of the zones:

* ``invariant E``: violated when some node has a part where E is false;
* ``reachable E``: witnessed by a node with a part where E is true (per binding);
* ``deadlock free``: violated when, at some integer point of a node, no discrete step is
  enabled and time is blocked (an urgent leaf, or an invariant false one tick later) or every
  clock is at or above its cap (a tick changes nothing), and not every instance is final;
* ``model_errors``: a step that hits a model error.

Ordering, only-when, stable and leads-to properties are reported undecided ("not checked
symbolically yet"), never as holding. A violation or witness comes with a concrete run of
the tick semantics (concrete.py).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from functools import partial

from .. import model as ir
from ..checker.api import UNDECIDED, check_model, peak_memory_bytes
from ..checker.build import Plan, plan_system
from ..checker.interp import all_final, binding_self, holds
from ..checker.props import Binding, InvCheck, PropInfo
from ..checker.result import CheckResult, PropertyResult
from ..checker.traces import build_trace
from ..checker.verdicts import move_label, no_witness, state_violation, verdict, witness
from ..diagnostics import Diagnostic, LfsmError
from ..evaluate import EvalError
from ..instantiate import System, instantiate
from ..messages import say
from . import dbm
from .bounds import INF
from .concrete import concrete_run, erring, is_deadlock
from .engine import Graph, Symbolic, explore, has_integer_point
from .liveness import CELL_BUDGET, TooManyCells, judge_cells
from .ready import blockers

SAFETY = {"invariant", "deadlock", "reachable", "builtin"}
DECIDED = SAFETY | {"leads_to"}


def shifted(z: dbm.DBM, n: int) -> dbm.DBM:
    """The zone one tick later: every clock plus 1 (a translation keeps the matrix canonical)."""
    d = z[:]
    for i in range(1, n):
        if d[i * n] < INF:
            d[i * n] += 2
        d[i] -= 2
    return d


def parts(sym: Symbolic, s: int, z: dbm.DBM, e: ir.Expr, bind: Binding, want: bool) -> bool:
    """Whether ``e`` has the value ``want`` at an integer point of ``z`` (EvalError on a model error)."""
    from ..checker.interp import World

    w = World(sym.plan, s)
    bound: dict[str, object] = {v: sym.plan.instances[g] for v, g in bind.bound}
    return any(bool(v) == want and has_integer_point(p, sym.n)
               for v, p in sym.feval(w, e, binding_self(sym.plan, bind), bound, z))


def deadlocked(sym: Symbolic, s: int, z: dbm.DBM) -> bool:
    """Whether some integer point of node (s, z) is a deadlock (docs/semantics.md)."""
    plan, n = sym.plan, sym.n
    if all_final(plan, s):
        return False
    rest = [z]
    for mv in plan.moves[1:]:
        nxt: list[dbm.DBM] = []
        for p in rest:
            try:
                branches = sym.enabled(s, p, mv)
            except EvalError:
                continue  # enabled, hitting a model error: not a deadlock
            if not branches:
                nxt.append(p)
            else:
                nxt.extend(q for ok, q in branches if not ok)
        rest = [p for p in nxt if has_integer_point(p, n)]
        if not rest:
            return False
    for p in rest:
        full = p[:]
        if all(dbm.constrain_op(full, n, x, 0, ">=", c) for x, c in enumerate(sym.caps[1:], start=1)) \
                and has_integer_point(full, n):
            return True
        split = sym.invariant_split(s, shifted(p, n))
        if split is None or any(has_integer_point(q, n) for q in split[1]):
            return True  # urgent, or some point one tick later breaks an invariant: time is blocked there
    return False


def _first(g: Graph, test: Callable[[int, dbm.DBM], bool]) -> int | None:
    for k, (s, z) in enumerate(g.nodes):
        if test(s, z):
            return k
    return None


def _judge(sym: Symbolic, g: Graph, p: PropInfo) -> PropertyResult:
    plan = sym.plan
    if p.kind not in SAFETY:
        return verdict(p, None, None, say("checker.not-checked-symbolically", kind=p.kind))
    incomplete = "" if g.complete else "; the search was incomplete"
    if p.kind == "builtin":
        if not g.errors:
            return verdict(p, True if g.complete else None, None, incomplete.lstrip("; "))
        node, move, message = g.errors[0]
        outs = concrete_run(plan, g.path(node), erring(plan, move))
        assert outs is not None, "no integer run reaches the model error"
        return verdict(p, False, build_trace(plan, outs), f"{move_label(plan, move)}: {message}")
    k: int | None
    try:
        if p.kind == "reachable":
            return _reachable(sym, g, p)
        if p.kind == "deadlock":
            k = _first(g, lambda s, z: deadlocked(sym, s, z))
            goal: Callable[[int], bool] = lambda x: is_deadlock(plan, x)  # noqa: E731
        else:
            checks = [c for c in plan.checks.invariants if c.pid == p.pid]
            k = _first(g, lambda s, z: any(parts(sym, s, z, c.expr, c.bind, False) for c in checks))
            goal = lambda x: any(not holds(plan, x, c.expr, c.bind) for c in checks)  # noqa: E731
    except EvalError:
        return verdict(p, None, None, UNDECIDED)
    if k is None:
        return verdict(p, True if g.complete else None, None, incomplete.lstrip("; "))
    outs = concrete_run(plan, g.path(k), goal)
    assert outs is not None, "no integer run reaches the violation"
    x = outs[-1].next if outs else plan.init
    assert x is not None
    return state_violation(plan, p, outs, x)


def _true_at(sym: Symbolic, c: InvCheck, s: int, z: dbm.DBM) -> bool:
    return parts(sym, s, z, c.expr, c.bind, True)


def _reachable(sym: Symbolic, g: Graph, p: PropInfo) -> PropertyResult:
    """Every binding needs a witness; the first binding's is shown."""
    plan = sym.plan
    checks = [c for c in plan.checks.reach if c.pid == p.pid]
    found = [_first(g, partial(_true_at, sym, c)) for c in checks]
    missing = [c.bind.label for c, k in zip(checks, found) if k is None]
    if missing:
        return no_witness(p, missing, g.complete)
    c, k = checks[0], found[0]
    assert k is not None
    outs = concrete_run(plan, g.path(k), lambda x: holds(plan, x, c.expr, c.bind))
    assert outs is not None, "no integer run reaches the witness"
    return witness(p, build_trace(plan, outs), c.bind.label)


def _leads_to(sym: Symbolic, g: Graph, p: PropInfo, by_ticks: Callable[[PropInfo], PropertyResult]
              ) -> PropertyResult:
    """Holds when no binding's cell graph has a fair time-divergent run in not-Q from P and not Q
    (zones/liveness.py); otherwise (a candidate, a model error, or more than CELL_BUDGET cells)
    the tick check decides."""
    if not g.complete:
        return verdict(p, None, None, "not judged: the search was incomplete")
    for c in sym.plan.checks.live:
        if c.pid != p.pid:
            continue
        try:
            if judge_cells(sym, c).root is None:
                continue
            why = say("checker.symbolic-by-ticks")
        except EvalError:
            why = say("checker.symbolic-by-ticks")
        except TooManyCells:
            why = say("checker.symbolic-cells-budget", budget=CELL_BUDGET)
        r = by_ticks(p)
        return dataclasses.replace(r, message=f"{r.message} [{why}]")
    return verdict(p, True, None, "")


def check_symbolic(model: ir.Model, params: dict[str, ir.Value] | None = None, *, system: str | None = None,
                   max_states: int | None = None, properties: list[str] | None = None,
                   widen: bool = True) -> CheckResult:
    """Explore the zone graph of one system and judge its safety properties (module docstring).

    ``max_states`` bounds the stored zones. ``widen=False`` turns extrapolation off (tests only:
    the search may then not end). Raises LfsmError for bad input and for a spec that is not
    symbolic-ready."""
    if max_states is not None and max_states < 1:
        raise LfsmError([Diagnostic("bad-option", say("checker.bad-count", option="--max-states", n=max_states), None)])
    built = instantiate(model, params, system)  # once: the readiness test and the plan read the same system
    reasons = blockers(built)
    if reasons:
        raise LfsmError(reasons)
    plan = _plan(built, properties)
    started = time.perf_counter()
    sym = Symbolic(plan, widen=widen)
    g = explore(sym, max_states)
    def by_ticks(p: PropInfo) -> PropertyResult:
        tick = check_model(built.model, params, system=system, symmetry=False, max_states=max_states,
                           properties=[p.name])
        return next(q for q in tick.properties if q.name == p.name and q.owner == p.owner)

    results = [_leads_to(sym, g, p, by_ticks) if p.kind == "leads_to" else _judge(sym, g, p)
               for p in plan.checks.props]
    seconds = time.perf_counter() - started
    discrete = len(g.by_state)
    return CheckResult(
        system=plan.system.name, params=dict(plan.params), states=discrete, transitions=g.transitions,
        depth=g.depth, seconds=seconds, complete=g.complete, symmetry_factor=1.0,
        peak_memory_bytes=peak_memory_bytes(), properties=results, full_states=discrete,
        stored_states=len(g.nodes), stop_reason="" if g.complete else "max-states", time="symbolic",
        notes=(say("checker.symbolic-counts", discrete=discrete, zones=len(g.nodes)),))


def symbolic_plan(model: ir.Model, params: dict[str, ir.Value] | None = None, system: str | None = None) -> Plan:
    """The plan the symbolic check runs on (no symmetry, no monitors)."""
    return _plan(instantiate(model, params, system), None)


def _plan(built: System, properties: list[str] | None) -> Plan:
    return plan_system(built, symmetry=False, monitors=False, properties=properties)


__all__ = ["check_symbolic", "deadlocked", "shifted", "symbolic_plan"]
