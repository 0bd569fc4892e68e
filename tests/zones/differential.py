"""Shared by the symbolic differential tests: the ready systems of the repository, the tick
engine's reachable states, and the replay of a trace on the reference interpreter."""

from __future__ import annotations

import functools
import os
from collections import deque
from pathlib import Path
from typing import Any

import pytest

from lifecycle_fsm import load_spec
from lifecycle_fsm.checker.build import Plan
from lifecycle_fsm.checker.codegen import load
from lifecycle_fsm.checker.interp import successors
from lifecycle_fsm.checker.moves import Live
from lifecycle_fsm.checker.result import Trace
from lifecycle_fsm.diagnostics import LfsmError
from lifecycle_fsm.instantiate import instantiate
from lifecycle_fsm.zones.engine import Symbolic, explore
from lifecycle_fsm.zones.ready import blockers

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
TICK_LIMIT = 20_000  # tick states: configurations beyond this are left to the benchmark
# The symbolic check in Python takes 30 s to 5 min on the biggest ready systems (spec/caveats.lfsm's,
# the pod at n_init=n_side=0, measured 2026-12-05 on 2 loaded cores): the suite compares one of each
# kind and LIFEFSM_ZONES_EXAMPLES=deep (for a change to lifecycle_fsm/zones or spec/pod) compares all.
DEEP = os.environ.get("LIFEFSM_ZONES_EXAMPLES", "suite") == "deep"


Case = Any  # a tuple of parameter values, or one wrapped by deep_only


def deep_only(*values: object, seconds: int) -> Case:
    """A parametrization that the suite skips, saying why, unless LIFEFSM_ZONES_EXAMPLES=deep."""
    why = f"~{seconds} s of symbolic check: run with LIFEFSM_ZONES_EXAMPLES=deep"
    return pytest.param(*values, marks=pytest.mark.skipif(not DEEP, reason=why))


def case_values(case: Case) -> Any:
    """The parameter values of a case, wrapped or not."""
    return case.values if hasattr(case, "values") else case
GLOBS = ("spec/*.lfsm", "spec/examples/*.lfsm", "tests/cases/ok/*.lfsm", "tests/cases/violations/*.lfsm",
         "tests/spin/specs/*.lfsm", "tests/zones/specs/*.lfsm")


def tick_states(plan: Plan) -> set[int]:
    """Every reachable packed state of the tick engine (generated successors), without symmetry,
    with the ordering monitors of ``plan`` (the symbolic check keeps them in its discrete states)."""
    seen = tick_states_within(plan, None)
    assert seen is not None
    return seen


def tick_states_within(plan: Plan, limit: int | None) -> set[int] | None:
    """``tick_states``, or None as soon as there are more than ``limit``."""
    succ = load(plan, Live(), "succ", False)
    seen = {plan.init}
    queue = deque([plan.init])
    while queue:
        s = queue.popleft()
        for _, nxt in succ(s):
            if nxt >= 0 and nxt not in seen:
                if limit is not None and len(seen) >= limit:
                    return None
                seen.add(nxt)
                queue.append(nxt)
    return seen


def assert_zones_reach_the_ticks(plan: Plan) -> None:
    """The zone graph's discrete states are the tick states without clocks, and its zones' integer
    points (saturated at the caps) are exactly the tick states."""
    ticks = tick_states(plan)
    sym = Symbolic(plan)
    g = explore(sym)
    assert set(g.by_state) == {s & ~sym.clock_mask for s in ticks}
    full = {x for s, ks in g.by_state.items() for x in sym.states(s, [g.nodes[k][1] for k in ks])}
    assert full == ticks


@functools.cache  # five test modules collect from it: load and instantiate every spec once a process
def ready_systems() -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for pattern in GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            try:
                model = load_spec(path)
            except LfsmError:
                continue
            for s in model.systems:
                try:
                    if blockers(instantiate(model, None, s.name)):
                        continue
                except LfsmError:
                    continue
                out.append((str(path.relative_to(ROOT)), s.name))
    return tuple(out)




def replay(plan: Plan, trace: Trace) -> int:
    """Replay a trace's steps (instance and event, or a tick) with the interpreter; the last state."""
    x = plan.init
    for st in trace.steps:
        outs = [o for o in successors(plan, x)
                if (o.move.is_tick and st.instance is None)
                or (not o.move.is_tick and st.instance == plan.instances[o.move.gid].name
                    and o.move.transition is not None and o.move.transition.event == st.event)]
        assert len(outs) == 1, f"step {st.label} is not enabled (or ambiguous) on replay"
        assert outs[0].next is not None
        x = outs[0].next
    return x
