"""Leads-to on zones (lifecycle_fsm/zones/liveness.py) against the tick engine.

tests/zones/specs/grace_liveness.lfsm at small constants: the same verdicts as the tick check,
holding properties decided on the cell graph (not handed to the tick check), violated ones
with a lasso that replays on the reference interpreter and closes its loop. At 30 and 3,600
seconds: the same cell graph, so the cost of a holding verdict does not follow the constants.
Time-divergence: a cell bounded above with a tick self-loop is not a fair cycle (``stops``
holds although Stopping's cells tick to themselves), while a stuttering end or a cycle with a
saturated clock is (``never_deleted``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lifecycle_fsm import compile_source, load_spec
from lifecycle_fsm.checker.api import check_model
from lifecycle_fsm.checker.interp import successors
from lifecycle_fsm.checker.result import CheckResult
from lifecycle_fsm.model import Value
from lifecycle_fsm.zones.check import check_symbolic, symbolic_plan
from lifecycle_fsm.zones.engine import Symbolic, explore
from lifecycle_fsm.zones.liveness import CellGraph

from .differential import replay

SPEC = Path(__file__).parent / "specs" / "grace_liveness.lfsm"
BY_TICKS = "cell graph has a candidate cycle"


def verdicts(r: CheckResult) -> dict[str, bool | None]:
    return {p.name: p.holds for p in r.properties if p.kind == "leads_to"}


@pytest.mark.parametrize(("grace", "sleep"), [(1, 0), (2, 1), (3, 2), (4, 4)])
def test_liveness_agrees_with_ticks(grace: int, sleep: int) -> None:
    model = load_spec(SPEC)
    params: dict[str, Value] = {"grace": grace, "sleep": sleep}
    sym = check_symbolic(model, params)
    tick = check_model(model, params, symmetry=False)
    assert verdicts(sym) == verdicts(tick)
    assert verdicts(sym) == {"stops": True, "killing_settles": True, "never_deleted": False, "poked_wakes": True,
                             "stops_unfair": True, "poked_may_sleep": False}
    plan = symbolic_plan(model, params)
    for p in sym.properties:
        if p.kind != "leads_to":
            continue
        assert (BY_TICKS in p.message) == (p.holds is False), p.name  # holding: decided on the cells
        if p.holds is False:
            assert p.trace is not None and p.trace.loop_start is not None
            x = replay(plan, p.trace)
            stem = replay(plan, type(p.trace)(p.trace.steps[:p.trace.loop_start]))
            if p.trace.loop_start < len(p.trace.steps):
                assert x == stem  # the loop closes
            else:  # a stuttering end: no step at all
                assert not [o for o in successors(plan, x) if o.next is not None]


def cells(grace: int) -> int:
    model = load_spec(SPEC)
    sym = Symbolic(symbolic_plan(model, {"grace": grace, "sleep": 5}))
    check = next(c for c in sym.plan.checks.live
                 if sym.plan.checks.props[c.pid].name == "stops")
    n = len(CellGraph(sym, check).build(explore(sym).entries()).cells)
    assert n > 0  # the roots were found: a graph, not an empty one
    return n


def test_cells_do_not_grow_with_the_constants() -> None:
    assert cells(100) == cells(300) == cells(3600)  # once grace is well above the sleep (5 s)
    model = load_spec(SPEC)
    sym = check_symbolic(model, {"grace": 3600, "sleep": 25}, properties=["stops", "killing_settles", "poked_wakes"])
    assert verdicts(sym) == {"stops": True, "killing_settles": True, "poked_wakes": True}


ZENO = """
machine Z {
  clock t
  input go
  internal ping, pong
  initial state A
  urgent state B
  final state Done
  A -> B on ping
  B -> A on pong
  A -> Done on go when t >= %(limit)d
  property done: self in A ~> self in Done
  property unfair_done: unfair self in A ~> self in Done
}
system S { instance z: Z }
"""


@pytest.mark.parametrize("limit", [1, 3])
def test_zeno_cycles_follow_the_tick_semantics(limit: int) -> None:
    """A ping-pong through an urgent state takes no time: a fair run of the tick semantics when the
    tick is disabled somewhere on it (docs/semantics.md), so both verdicts are the tick check's."""
    model = compile_source(ZENO % {"limit": limit}, "zeno.lfsm")
    assert verdicts(check_symbolic(model, None)) == verdicts(check_model(model, None, symmetry=False))
