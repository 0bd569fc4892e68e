"""Differential tests: ``lifefsm check --time symbolic`` against the tick engine.

On every system of spec/, spec/examples/, tests/cases/{ok,violations} and tests/spin/specs that
the symbolic check takes (zones/ready.py) and that the tick engine explores completely in a
few thousand states: the same verdicts for every property kind (invariants, deadlock, reachable, model errors,
ordering, only-when, stable) and for leads-to (holding ones decided on the cell graph of
zones/liveness.py, violated ones by the tick check), the same reachable discrete states (the tick states projected onto
leaves, variables and ordering monitors), the same tick states once the zones' integer points are saturated at
the caps, and every symbolic counterexample replays step by step on the tick engine's
reference interpreter to a state where the property fails.
"""

from __future__ import annotations

import dataclasses

import pytest

from lifecycle_fsm import compile_source, load_spec
from lifecycle_fsm.checker.api import check_model
from lifecycle_fsm.checker.build import Plan
from lifecycle_fsm.checker.interp import evaluation_error, failing_invariants, holds, successors
from lifecycle_fsm.checker.result import CheckResult, Trace
from lifecycle_fsm.diagnostics import LfsmError
from lifecycle_fsm.instantiate import instantiate
from lifecycle_fsm.model import Model, Value
from lifecycle_fsm.zones.check import check_symbolic, symbolic_plan
from lifecycle_fsm.zones.concrete import is_deadlock
from lifecycle_fsm.zones.engine import Symbolic, explore
from lifecycle_fsm.zones.ready import blockers

from .differential import ROOT, TICK_LIMIT, deep_only, ready_systems, replay, tick_states

READY = ready_systems()
HEAVY = {("spec/caveats.lfsm", "ShortenedDelete"): 330, ("spec/caveats.lfsm", "KubeletRestart"): 95,
         ("spec/caveats.lfsm", "HangingHttpPostStart"): 50,  # seconds each, measured under load
         # measured in the whole suite on 2026-12-07 (2 cores, the other mostly idle): together 11 of its 61 minutes
         ("spec/examples/lifecycle-demo.lfsm", "LifecycleDemo"): 490, ("spec/caveats.lfsm", "HangingPostStart"): 155}


def verdicts(r: CheckResult) -> dict[str, bool | None]:
    """Every property's verdict, whatever its kind."""
    return {f"{p.owner}.{p.name}": p.holds for p in r.properties}


def test_some_systems_are_ready() -> None:
    assert len(READY) >= 30  # the differential test covers real ground


@pytest.mark.parametrize(("path", "system"),
                         [deep_only(p, s, seconds=HEAVY[p, s]) if (p, s) in HEAVY else (p, s) for p, s in READY],
                         ids=[f"{p}:{s}" for p, s in READY])
def test_symbolic_agrees_with_ticks(path: str, system: str) -> None:
    model = load_spec(ROOT / path)
    tick = check_model(model, None, system=system, symmetry=False, max_states=TICK_LIMIT)
    if not tick.complete:
        pytest.skip(f"more than {TICK_LIMIT} tick states")
    sym = check_symbolic(model, None, system=system)
    assert sym.complete
    assert verdicts(sym) == verdicts(tick)
    plan = symbolic_plan(model, None, system)
    engine = Symbolic(plan)
    g = explore(engine)
    ticks = tick_states(plan)
    discrete = {s & ~engine.clock_mask for s in ticks}  # the tick states without their clocks
    assert set(g.by_state) == discrete
    model_only = plan.layout.model_mask & ~engine.clock_mask
    assert sym.states == len({s & model_only for s in ticks})  # the reported count (monitors left out)
    full = {x for s, ks in g.by_state.items() for x in engine.states(s, [g.nodes[k][1] for k in ks])}
    assert full == ticks
    for p in sym.properties:
        if p.kind == "leads_to":  # a holding one is decided on the cell graph, not by the tick check
            assert ("cell graph has a candidate" in p.message) == (p.holds is False) or "grew past" in p.message, p.name
        elif p.trace is not None:
            assert_trace_shows(plan, p.kind, p.name, p.owner, p.trace)


def assert_trace_shows(plan: Plan, kind: str, name: str, owner: str, trace: Trace) -> None:
    """A symbolic trace replays on the interpreter to what its verdict claims."""
    pid = next(q.pid for q in plan.checks.props if q.name == name and q.owner == owner)
    x = replay(plan, trace)
    if kind == "deadlock":
        assert is_deadlock(plan, x)
    elif kind == "invariant":
        assert any(f[0] == pid for f in failing_invariants(plan, x))
    elif kind == "reachable":  # the first binding's witness
        c = next(c for c in plan.checks.reach if c.pid == pid)
        assert holds(plan, x, c.expr, c.bind)
    elif kind in ("order", "only_when", "stable"):  # the last step violates it
        before = replay(plan, dataclasses.replace(trace, steps=trace.steps[:-1]))
        last = trace.steps[-1]
        outs = [o for o in successors(plan, before) if (o.move.is_tick and last.instance is None)
                or (not o.move.is_tick and last.instance == plan.instances[o.move.gid].name
                    and o.move.transition is not None and o.move.transition.event == last.event)]
        assert len(outs) == 1 and outs[0].next == x
        if kind == "stable":
            assert any(holds(plan, before, c.expr, c.bind) and not holds(plan, x, c.expr, c.bind)
                       for c in plan.checks.stable if c.pid == pid)
        else:
            assert any(v[0] == pid for v in outs[0].violations)
    else:
        assert kind == "builtin", kind
        assert any(o.error is not None or o.eval_errors for o in successors(plan, x)) \
            or any(evaluation_error(plan, x, q.pid) for q in plan.checks.props)

TIMED = """
param big: 0..20 = %(big)d
machine Timer(limit: 0..9 = 3) {
  clock t, u
  var late: bool = false
  input go, finish, give_up
  internal expire
  initial state Idle
  state Busy { invariant t <= limit }
  state Late
  final state Done
  Idle -> Busy on go do reset t
  Busy -> Done on finish when t >= 1 do late = u > 2 * limit
  Busy -> Late on expire when t >= limit
  Late -> Idle on give_up when u >= big do reset u
  property not_late expect violated: invariant not late
  property can_finish_late: reachable late
  property no_deadlock: deadlock free
}
system S { instance timer: Timer(limit = 2) }
"""


@pytest.mark.parametrize("big", [3, 7])
def test_handmade_parameters_and_invariants(big: int) -> None:
    model = compile_source(TIMED % {"big": big}, "timed.lfsm")
    tick = check_model(model, None, symmetry=False)
    sym = check_symbolic(model, None)
    assert verdicts(sym) == verdicts(tick)
    assert verdicts(sym)["Timer.not_late"] is False
    assert verdicts(sym)["Timer.can_finish_late"] is True
    plan = symbolic_plan(model, None)
    trace = next(p.trace for p in sym.properties if p.name == "not_late")
    assert trace is not None
    replay(plan, trace)
    assert trace.steps[-1].time >= 5  # late = u > 4 needs five ticks before the finish
    for p in sym.properties:
        assert (p.trace is not None) == (p.name in {"not_late", "can_finish_late"})
        if p.trace is not None:
            assert_trace_shows(plan, p.kind, p.name, p.owner, p.trace)


OVERFLOW = """
machine M {
  clock t
  var n: 0..2 = 0
  input go
  initial state A
  A -> A on go when t >= 30 do n = n + 1
}
system S { instance m: M }
"""


def test_a_model_error_trace_replays() -> None:
    model = compile_source(OVERFLOW, "overflow.lfsm")
    sym = check_symbolic(model, None)
    builtin = next(p for p in sym.properties if p.kind == "builtin")
    assert builtin.holds is False and builtin.trace is not None
    assert builtin.holds == next(p.holds for p in check_model(model, None).properties if p.kind == "builtin")
    plan = symbolic_plan(model, None)
    assert_trace_shows(plan, "builtin", builtin.name, builtin.owner, builtin.trace)
    assert builtin.trace.steps[-1].time == 30  # the first go waits for t >= 30


def test_a_wrong_extrapolation_is_caught() -> None:
    """Widening with M one below the largest constant merges valuations the spec tells apart."""
    model = compile_source(TIMED % {"big": 5}, "timed.lfsm")
    plan = symbolic_plan(model, None)
    ticks = tick_states(plan)
    engine = Symbolic(plan)
    engine.m = [0] + [max(c - 2, -1) for c in engine.caps[1:]]
    g = explore(engine)
    full = {x for s, ks in g.by_state.items() for x in engine.states(s, [g.nodes[k][1] for k in ks])}
    assert full != ticks


def readme_tour() -> Model:
    import re

    m = re.search(r"```lfsm\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert m is not None
    return compile_source(m.group(1), "README.md")


def test_readme_tour_is_blocked_or_agrees() -> None:
    model = readme_tour()
    params: dict[str, Value] = {}
    if blockers(instantiate(model, params, None)):
        with pytest.raises(LfsmError):
            check_symbolic(model, params)
        return
    assert verdicts(check_symbolic(model, params)) == verdicts(check_model(model, params, symmetry=False))
