"""``lifefsm check --time symbolic``: the verdicts of a system from its zone graph.

The system must be symbolic-ready (ready.py; otherwise LfsmError with every ``not-symbolic``
cause). The zone graph (engine.py) is explored breadth-first in discrete steps; each property
is judged on the integer points of the stored (discrete state, zone) nodes and of the steps
between them, as the tick engine judges each state and step (``Judging``):

* ``invariant E``: violated when some node has a part where E is false;
* ``reachable E``: witnessed by a node with a part where E is true (per binding);
* ``deadlock free``: violated when, at some integer point of a node, no discrete step is
  enabled and time is blocked (an urgent leaf, or an invariant false one tick later) or every
  clock is at or above its cap (a tick changes nothing), and not every instance is final;
* ordering properties (``only after``, ``never ... after``, ``precedes``): their monitors are
  fields of the discrete state, updated by each branch of a step as interp.order_monitors does;
  a branch that makes a checked event occur against the monitor violates the property;
* ``E only when C``: C is evaluated on the zone before the step, the step taken from each part
  where C has one value; a branch that makes E occur where C is false violates it;
* ``stable E``: a discrete step taken from a part where E holds to an entry zone with a point
  where it does not, or a tick from a point of a node where it holds to one where it does not
  (the node's part where E holds, shifted by one, within the invariants);
* ``model_errors``: a step that hits a model error on some part of a zone, or a property whose
  expression does where that leaves the property undecided;
* ``leads to``: liveness.py's cell graph, or the tick check.

A property with both a violation (or witness) and an evaluation error gets the tick engine's
verdict, which depends on which its search meets first: the tick check of that property
decides it. A violation or witness comes with a concrete run of the tick semantics (concrete.py).
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Iterator
from typing import Protocol

from .. import model as ir
from ..checker.api import UNDECIDED, check_model, eval_error, peak_memory_bytes, step_violation
from ..checker.build import Plan, plan_system
from ..checker.interp import (
    Outcome,
    World,
    all_final,
    binding_self,
    evaluation_error,
    holds,
    step,
    triggered_whens,
)
from ..checker.liveness import model_plan
from ..checker.memory import MemoryBound
from ..checker.plan import Move
from ..checker.props import Binding, LiveCheck, Occ, PropInfo
from ..checker.result import CheckResult, PropertyResult
from ..checker.search import Found
from ..checker.traces import build_trace
from ..checker.verdicts import (
    monitor_gave_up,
    move_label,
    no_violation,
    no_witness,
    state_violation,
    verdict,
    witness,
)
from ..diagnostics import Diagnostic, LfsmError
from ..evaluate import EvalError
from ..instantiate import System, instantiate
from ..intervals import children
from ..messages import say
from . import dbm
from .bounds import INF
from .concrete import concrete_run, erring, is_deadlock
from .engine import Err, NodeView, Step, Symbolic, explore, has_integer_point
from .liveness import Built, TooManyCells, build_cells, judge_cells
from .ready import blockers

DECIDED = {"invariant", "deadlock", "reachable", "builtin", "leads_to", "order", "only_when", "stable"}  # every kind


def shifted(z: dbm.DBM, n: int) -> dbm.DBM:
    """The zone one tick later: every clock plus 1 (a translation keeps the matrix canonical)."""
    d = z[:]
    for i in range(1, n):
        if d[i * n] < INF:
            d[i * n] += 2
        d[i] -= 2
    return d


def deadlocked(sym: Symbolic, s: int, z: dbm.DBM) -> bool:
    """Whether some integer point of node (s, z) is a deadlock (docs/semantics.md)."""
    plan, n = sym.plan, sym.n
    if all_final(plan, s):
        return False
    rest = [z]
    for mv in plan.moves[1:]:
        nxt: list[dbm.DBM] = []
        for p in rest:
            branches = sym.guard(s, p, mv)
            if not branches:
                nxt.append(p)
            else:  # where the guard is true or hits a model error, a step is enabled
                nxt.extend(q for ok, q in branches if not isinstance(ok, Err) and not ok)
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


def potential_occurrences(plan: Plan, mv: Move) -> frozenset[Occ]:
    """Every occurrence ``mv`` may make (its event, its signals, any receiver's event and signals)."""
    t = mv.transition
    assert t is not None
    occs: set[Occ] = {(mv.gid, t.event)}
    for eff in t.effects:
        if isinstance(eff, ir.EmitSignal):
            occs.add((mv.gid, eff.signal))
        elif isinstance(eff, ir.SendEvent) and eff.instance is not None:
            for r in plan.arrays()[eff.instance]:
                occs.add((r.gid, eff.event))
                occs.update((r.gid, e.signal) for rt in r.machine.transitions if rt.event == eff.event
                            for e in rt.effects if isinstance(e, ir.EmitSignal))
    return frozenset(occs)


Where = tuple[int, int]  # (node, move id): -1 in the node itself, 0 the tick


class ZoneGraph(Protocol):
    """What the verdicts read of a zone graph: engine.Graph, or native/zcheck.py's NativeGraph."""

    complete: bool
    stop: str  # why it is not complete: "max-states" or "memory"
    transitions: int
    depth: int
    errors: list[tuple[int, int, str]]

    def path(self, k: int) -> list[int]: ...
    def stored(self) -> int: ...
    def discrete(self, mask: int) -> int: ...
    def first_deadlock(self, deadlocked: Callable[[int, dbm.DBM], bool]) -> int | None: ...
    def entries(self) -> Iterator[tuple[int, dbm.DBM]]: ...
    def view(self) -> NodeView | None: ...
    def close(self) -> None: ...


class Findings(Protocol):
    """What the verdicts read of the judging: Judging, or native/zcheck.py's NativeJudging."""

    viol: dict[int, Where]
    perr: dict[int, Where]
    witness: dict[int, int]
    gave_up: set[int]


NativeRunner = Callable[[Plan, "int | None", MemoryBound], "tuple[ZoneGraph, Findings] | None"]


class CellSource(Protocol):
    """Builds the cell graph of a leads-to check elsewhere (native/zprint.py's NativeCells): the
    graph liveness.CellGraph builds, with its bad cells and roots; TooManyCells beyond its budget of
    cells, EvalError where CellGraph raises it; None where it cannot (CellGraph builds it then)."""

    def build(self, check: LiveCheck, zones: ZoneGraph) -> Built | None: ...
    def close(self) -> None: ...


CellRunner = Callable[[Plan, MemoryBound], "CellSource | None"]  # the source for a plan, or None (it says why)


class Judging:
    """The property checks made while the zone graph is explored (engine.Judge), on the integer
    points of each node and of each move's branches, as the tick engine makes them on each state
    and step: the first violation (BFS order of the zone graph) and the first evaluation error of
    each property, the first witness of each ``reachable`` binding, the precedes monitors that
    overflowed. Ordering monitors are part of the discrete state (engine.Symbolic.branches); an
    only-when condition and a stable expression before a step are evaluated on the zone first, the
    step then taken from each part where they have one value (zones split for judging only)."""

    def __init__(self, sym: Symbolic):
        self.sym = sym
        plan = self.plan = sym.plan
        self.viol: dict[int, Where] = {}
        self.perr: dict[int, Where] = {}
        self.witness: dict[int, int] = {}  # index into checks.reach -> node
        self.gave_up: set[int] = set()
        self.steps = bool(plan.checks.monitors or plan.checks.whens or plan.checks.stable)
        self.whens: dict[int, list[int]] = {}  # move id -> the only-when checks it may trigger
        for mv in plan.moves[1:]:
            occs = potential_occurrences(plan, mv)
            self.whens[mv.id] = [i for i, c in enumerate(plan.checks.whens) if c.events & occs]

    def settled(self, pid: int, e: ir.Expr, found: bool) -> bool:
        """Whether nothing more can change the verdict of ``pid`` from expression ``e``: it is
        ``found`` (violated, or witnessed) and has erred too, or cannot err (the tick engine's
        order of the two matters only when both happen)."""
        return found and (pid in self.perr or not may_raise(e))

    def values(self, s: int, z: dbm.DBM, e: ir.Expr, bind: Binding, skip: object = None
               ) -> list[tuple[object, dbm.DBM]]:
        """The values of ``e`` on the parts of ``z`` that have an integer point (``Err`` for an
        error), leaving out the parts where it is ``skip`` (True or False: not looked at)."""
        w = World(self.plan, s)
        bound: dict[str, object] = {v: self.plan.instances[g] for v, g in bind.bound}
        return [(v, p) for v, p in self.sym.fvalues(w, e, binding_self(self.plan, bind), bound, z)
                if (isinstance(v, Err) or skip is None or bool(v) != skip) and has_integer_point(p, self.sym.n)]

    def judge(self, pid: int, value: object, where: Where) -> None:
        """A check of ``pid`` evaluated to ``value`` at ``where``: False violates it, Err is its error."""
        if isinstance(value, Err):
            self.perr.setdefault(pid, where)
        elif not value:
            self.viol.setdefault(pid, where)

    def node(self, k: int, s: int, z: dbm.DBM) -> None:
        checks = self.plan.checks
        for c in checks.invariants:
            if self.settled(c.pid, c.expr, c.pid in self.viol):
                continue
            for v, _ in self.values(s, z, c.expr, c.bind, True):
                self.judge(c.pid, v, (k, -1))
        for j, c in enumerate(checks.reach):
            if self.settled(c.pid, c.expr, j in self.witness):
                continue
            for v, _ in self.values(s, z, c.expr, c.bind, False):
                if isinstance(v, Err):
                    self.perr.setdefault(c.pid, (k, -1))
                elif v:
                    self.witness.setdefault(j, k)
        for c in checks.stable:
            if self.settled(c.pid, c.expr, c.pid in self.viol):
                continue
            for v, p in self.values(s, z, c.expr, c.bind, False):
                if isinstance(v, Err):
                    self.judge(c.pid, v, (k, -1))
                if v is not True:
                    continue
                try:  # the tick from the integer points where it holds (time blocked: none)
                    split = self.sym.invariant_split(s, shifted(p, self.sym.n))
                except EvalError:
                    continue
                for q in split[0] if split is not None else ():
                    for v2, _ in self.values(s, q, c.expr, c.bind, True):
                        self.judge(c.pid, v2, (k, 0))

    def move(self, k: int, s: int, z: dbm.DBM, mv: Move, branches: list[Step]) -> None:
        for b in branches:
            if b.order is not None:
                for pid, _ in b.order.violations:
                    self.viol.setdefault(pid, (k, mv.id))
                self.gave_up.update(b.order.gave_up)
        whens = [w for w in (self.plan.checks.whens[i] for i in self.whens[mv.id])
                 if not self.settled(w.pid, w.cond, w.pid in self.viol)]
        stables = [c for c in self.plan.checks.stable if not self.settled(c.pid, c.expr, c.pid in self.viol)]
        if not branches or not (whens or stables):
            return
        # the conditions before the step, on the parts of the zone where the step is taken
        pre: list[tuple[dbm.DBM, tuple[object, ...]]] = [(b.start, ()) for b in _distinct_starts(branches)]
        for e, bind in [(c.cond, c.bind) for c in whens] + [(c.expr, c.bind) for c in stables]:
            pre = [(p, vals + (v,)) for z1, vals in pre for v, p in self.values(s, z1, e, bind)]
        nw = len(whens)
        for z1, vals in pre:
            for b in self.sym.branches(s, z1, mv):
                if isinstance(b.world, Err):
                    continue  # the step does not happen: neither do its checks (docs/semantics.md)
                hit = set(triggered_whens(self.plan, b.occurrences))
                for w, v in zip(whens, vals):
                    if w in hit:
                        self.judge(w.pid, v, (k, mv.id))
                after = b.world.packed()
                for sc, v in zip(stables, vals[nw:]):
                    if v is True:
                        for v2, _ in self.values(after, b.zone, sc.expr, sc.bind, True):
                            self.judge(sc.pid, v2, (k, mv.id))


@functools.cache
def may_raise(e: ir.Expr) -> bool:
    """Whether evaluating ``e`` may hit a model error (an element index, a division), conservatively
    (the IR is frozen, so expressions are hashable and the answer is cached)."""
    if isinstance(e, ir.Bin) and e.op in ("/", "%"):
        return True
    if isinstance(getattr(e, "inst", None), ir.ElemInst):
        return True  # an index may be out of bounds
    return any(may_raise(c) for c in children(e))


def _distinct_starts(branches: list[Step]) -> list[Step]:
    out: list[Step] = []
    for b in branches:
        if not any(b.start is o.start or b.start == o.start for o in out):
            out.append(b)
    return out


def _goal(plan: Plan, p: PropInfo, move: int, error: bool) -> Callable[[int], bool]:
    """The tick state from which property ``p``'s violation (or, ``error``, its evaluation error)
    found at ``move`` (-1: in the state) happens, as the tick engine would find it."""
    checks = plan.checks

    def value(x: int, e: ir.Expr, bind: Binding) -> object:
        try:
            return bool(World(plan, x).eval(e, binding_self(plan, bind), bind))
        except EvalError as err:
            return Err(str(err))

    def after(x: int) -> Outcome | None:
        o = step(plan, x, plan.moves[move])
        return o if o is not None and o.next is not None and (move > 0 or o.next != x) else None

    if p.kind == "stable":
        mine = [c for c in checks.stable if c.pid == p.pid]
        if move == -1:
            return lambda x: evaluation_error(plan, x, p.pid) is not None

        def stable(x: int) -> bool:
            o = after(x)
            if o is None or o.next is None:
                return False
            for c in mine:
                if value(x, c.expr, c.bind) is True:
                    v = value(o.next, c.expr, c.bind)
                    if isinstance(v, Err) if error else v is False:
                        return True
            return False
        return stable
    if move == -1:
        return lambda x: evaluation_error(plan, x, p.pid) is not None
    if error:
        return lambda x: (o := after(x)) is not None and any(e[0] == p.pid for e in o.eval_errors)
    return lambda x: (o := after(x)) is not None and any(v[0] == p.pid for v in o.violations)


class Verdicts:
    """The verdict of each property from the graph and what Judging found (module docstring)."""

    def __init__(self, sym: Symbolic, g: ZoneGraph, judging: Findings,
                 by_ticks: Callable[[PropInfo], tuple[PropertyResult, PropertyResult]]):
        self.sym, self.plan, self.g, self.j, self.by_ticks = sym, sym.plan, g, judging, by_ticks
        self.builtin: PropertyResult | None = None  # a violation of model_errors found by a tick check

    def run(self, p: PropInfo) -> PropertyResult:
        plan, g, j = self.plan, self.g, self.j
        if p.kind == "deadlock":
            return self.deadlock(p)
        err = j.perr.get(p.pid)
        if p.kind == "reachable":
            checks = [(i, c) for i, c in enumerate(plan.checks.reach) if c.pid == p.pid]
            missing = [c.bind.label for i, c in checks if i not in j.witness]
            if err is not None and not missing:
                return self.mixed(p)
            if missing:
                return verdict(p, None, None, UNDECIDED) if err is not None else no_witness(p, missing, g.complete)
            i, c = checks[0]
            outs, _ = self.run_to(j.witness[i], lambda x: holds(plan, x, c.expr, c.bind), "the witness")
            return witness(p, build_trace(plan, outs), c.bind.label)
        found = j.viol.get(p.pid)
        if err is not None and found is not None:
            return self.mixed(p)
        if err is not None:
            return verdict(p, None, None, UNDECIDED)
        if found is None:
            return monitor_gave_up(p) if p.pid in j.gave_up else no_violation(p, g.complete)
        node, move = found
        if p.kind == "invariant":
            invs = [c for c in plan.checks.invariants if c.pid == p.pid]
            goal: Callable[[int], bool] = lambda x: any(not holds(plan, x, c.expr, c.bind)  # noqa: E731
                                                        for c in invs)
        else:
            goal = _goal(plan, p, move, False)
        outs, x = self.run_to(node, goal, f"the violation of {p.name}")
        if move == -1:
            return state_violation(plan, p, outs, x)
        return step_violation(plan, p, outs, x, move)

    def mixed(self, p: PropInfo) -> PropertyResult:
        """A property with both a violation (or witness) and an evaluation error: the tick engine's
        verdict is whichever its search meets first, so its own check of the property decides."""
        r, builtin = self.by_ticks(p)
        if builtin.holds is False and self.builtin is None:
            self.builtin = builtin
        return dataclasses.replace(r, message=f"{r.message} [{say('checker.symbolic-first-decides')}]")

    def deadlock(self, p: PropInfo) -> PropertyResult:
        plan, g = self.plan, self.g
        k = g.first_deadlock(lambda s, z: deadlocked(self.sym, s, z))
        if k is None:
            return no_violation(p, g.complete)
        outs, x = self.run_to(k, lambda x: is_deadlock(plan, x), "the deadlock")
        return state_violation(plan, p, outs, x)

    def run_to(self, node: int, goal: Callable[[int], bool], what: str) -> tuple[list[Outcome], int]:
        """A run of the tick semantics along the graph's path to ``node`` that ends in a state where
        ``goal`` holds (concrete.py), and that state; ``what`` names it if there is none (a bug)."""
        outs = concrete_run(self.plan, self.g.path(node), goal)
        assert outs is not None, f"no integer run reaches {what}"
        x = outs[-1].next if outs else self.plan.init
        assert x is not None
        return outs, x

    def model_errors(self, p: PropInfo, results: list[PropertyResult]) -> PropertyResult:
        """Violated by a step's model error, or by a property's evaluation error where that property
        is left undecided by it (docs/semantics.md, "Model errors")."""
        plan, g, j = self.plan, self.g, self.j
        if g.errors:
            node, move, message = g.errors[0]
            outs = concrete_run(plan, g.path(node), erring(plan, move))
            assert outs is not None, "no integer run reaches the model error"
            return verdict(p, False, build_trace(plan, outs), f"{move_label(plan, move)}: {message}")
        causes = sorted((where, pid) for pid, where in j.perr.items() if results[pid].message == UNDECIDED)
        if causes:
            (node, move), pid = causes[0]
            cause = plan.checks.props[pid]
            outs, x = self.run_to(node, _goal(plan, cause, move, True), f"the evaluation error of {cause.name}")
            return eval_error(plan, p, outs, x, Found(-1, move, pid))
        if self.builtin is not None:
            return dataclasses.replace(self.builtin, name=p.name, owner=p.owner)
        return no_violation(p, g.complete)


def _leads_to(sym: Symbolic, g: ZoneGraph, p: PropInfo, by_ticks: Callable[[PropInfo], PropertyResult],
              source: CellSource | None = None) -> PropertyResult:
    """Holds when no binding's cell graph has a fair time-divergent run in not-Q from P and not Q
    (zones/liveness.py; built by ``source`` when there is one, else by CellGraph); otherwise (a
    candidate, a model error, or more cells than the builder's budget) the tick check decides."""
    if not g.complete:
        return verdict(p, None, None, "not judged: the search was incomplete")
    for c in sym.plan.checks.live:
        if c.pid != p.pid:
            continue
        try:
            built = source.build(c, g) if source is not None else None
            if built is None:
                mask = sym.plan.layout.model_mask
                built = build_cells(sym, c, ((s & mask, z) for s, z in g.entries()))
            if judge_cells(sym, c, built).root is None:
                continue
            why = say("checker.symbolic-by-ticks")
        except EvalError:
            why = say("checker.symbolic-by-ticks")
        except TooManyCells as e:
            why = say("checker.symbolic-cells-budget", budget=e.budget)
        r = by_ticks(p)
        return dataclasses.replace(r, message=f"{r.message} [{why}]")
    return verdict(p, True, None, "")


def check_symbolic(model: ir.Model, params: dict[str, ir.Value] | None = None, *, system: str | None = None,
                   max_states: int | None = None, properties: list[str] | None = None,
                   widen: bool = True, native: NativeRunner | None = None,
                   max_memory: int | None = None, cells: CellRunner | None = None) -> CheckResult:
    """Explore the zone graph of one system and judge every property (module docstring).

    ``max_states`` bounds the stored zones. ``widen=False`` turns extrapolation off (tests only:
    the search may then not end). ``native``: searches and judges the zone graph in C
    (native/zcheck.py's ``zone_runner``; leads-to stays here), or returns None where it cannot
    (it says why). ``cells``: builds the leads-to checks' cell graphs in C (native/zcheck.py's
    ``cell_runner``), or returns None where it cannot (it says why; CellGraph builds them then).
    ``max_memory``: as ``--max-memory`` (None: the default bound, 0: none but the ulimit); a search
    that reaches it stops incomplete (stop_reason "memory"). Raises LfsmError for bad input and for
    a spec that is not symbolic-ready."""
    if max_states is not None and max_states < 1:
        raise LfsmError([Diagnostic("bad-option", say("checker.bad-count", option="--max-states", n=max_states), None)])
    built = instantiate(model, params, system)  # once: the readiness test and the plan read the same system
    reasons = blockers(built)
    if reasons:
        raise LfsmError(reasons)
    plan = _plan(built, properties)
    started = time.perf_counter()
    sym = Symbolic(plan, widen=widen)
    memory = MemoryBound.make(max_memory)
    run = native(plan, max_states, memory) if native is not None and widen else None
    g: ZoneGraph
    judging: Findings
    if run is not None:
        g, judging = run
    else:
        judging = Judging(sym)
        g = explore(sym, max_states, judging, memory)
    try:
        return _verdicts(params, system, max_states, max_memory, built, plan, sym, g, judging, started, cells)
    finally:
        g.close()


def _verdicts(params: dict[str, ir.Value] | None, system: str | None, max_states: int | None,
              max_memory: int | None, built: System, plan: Plan, sym: Symbolic, g: ZoneGraph, judging: Findings,
              started: float, cells: CellRunner | None = None) -> CheckResult:
    widen = sym.widen
    ticks: dict[int, list[PropertyResult]] = {}

    def tick_check(p: PropInfo) -> list[PropertyResult]:
        if p.pid not in ticks:
            ticks[p.pid] = list(check_model(built.model, params, system=system, symmetry=False,
                                            max_states=max_states, max_memory=max_memory,
                                            properties=[p.name]).properties)
        return ticks[p.pid]

    def by_ticks(p: PropInfo) -> PropertyResult:
        return next(q for q in tick_check(p) if q.name == p.name and q.owner == p.owner)

    def with_errors(p: PropInfo) -> tuple[PropertyResult, PropertyResult]:
        return by_ticks(p), next(q for q in tick_check(p) if q.kind == "builtin")

    live = Symbolic(model_plan(plan), widen=widen) if plan.checks.monitors or plan.checks.whens else sym
    judge = Verdicts(sym, g, judging, with_errors)
    source = None
    if cells is not None and widen and g.complete and plan.checks.live:
        source = cells(live.plan, MemoryBound.make(max_memory))
    try:
        results = [_leads_to(live, g, p, by_ticks, source) if p.kind == "leads_to" else judge.run(p)
                   for p in plan.checks.props if p.kind != "builtin"]
    finally:
        if source is not None:
            source.close()
    results.append(judge.model_errors(plan.checks.props[plan.checks.builtin], results))
    seconds = time.perf_counter() - started
    mask = plan.layout.model_mask
    # monitors left out, as the tick engine's states count
    discrete, stored = g.discrete(mask), g.stored()
    return CheckResult(
        system=plan.system.name, params=dict(plan.params), states=discrete, transitions=g.transitions,
        depth=g.depth, seconds=seconds, complete=g.complete, symmetry_factor=1.0,
        peak_memory_bytes=peak_memory_bytes(), properties=results, full_states=discrete,
        stored_states=stored, stop_reason=g.stop, time="symbolic",
        notes=(say("checker.symbolic-counts", discrete=discrete, zones=stored),))


def symbolic_plan(model: ir.Model, params: dict[str, ir.Value] | None = None, system: str | None = None) -> Plan:
    """The plan the symbolic check runs on: no symmetry; the ordering monitors of every property
    are fields of its discrete states (``model_plan`` of it leaves them at 0)."""
    return _plan(instantiate(model, params, system), None)


def _plan(built: System, properties: list[str] | None) -> Plan:
    return plan_system(built, symmetry=False, monitors=True, properties=properties)


__all__ = ["Judging", "check_symbolic", "deadlocked", "potential_occurrences", "shifted", "symbolic_plan"]
