"""Timing bounds (lifecycle_fsm/zones/timing.py) against the tick engine.

For every clock of every small ready system in the repository and every event and signal, the
span of the clock's values at the steps that make the occurrence happen, read from the zone
graph, equals the one read from the tick engine's reachable states and steps (a value at the
tick engine's cap, where it saturates, is "beyond the horizon" on both sides). A raised horizon
is checked on a spec whose answer is known in closed form.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lifecycle_fsm import load_spec
from lifecycle_fsm.checker.build import Plan
from lifecycle_fsm.checker.interp import successors
from lifecycle_fsm.zones.check import symbolic_plan
from lifecycle_fsm.zones.engine import Occ, Symbolic
from lifecycle_fsm.zones.timing import Span, timing_bounds

from .differential import ROOT, ready_systems, tick_states, tick_states_within


def tick_spans(plan: Plan) -> dict[tuple[int, str], dict[Occ, Span]]:
    """The same spans from the tick engine, for every clock: its value in the state each step
    leaves (one search and one round of steps for all the clocks)."""
    sym = Symbolic(plan)
    spans: dict[tuple[int, str], dict[Occ, Span]] = {(f.gid, f.key): {} for f in sym.clock_fields}
    for s in tick_states(plan):
        occurrences = [occ for o in successors(plan, s) if not o.move.is_tick and o.next is not None
                       for occ in o.occurrences]
        for x, f in enumerate(sym.clock_fields, start=1):
            v = (s >> f.offset) & f.mask
            here = Span(v, None if v >= sym.caps[x] else v)
            mine = spans[(f.gid, f.key)]
            for occ in occurrences:
                old = mine.get(occ)
                mine[occ] = here if old is None else old.join(here)
    return spans


SMALL = 3_000  # the Python interpreter judges each state's steps: keep the comparison under a minute


def small_systems() -> list[tuple[str, str]]:
    """The ready systems with a clock and at most SMALL tick states."""
    out = []
    for path, name in ready_systems():
        plan = symbolic_plan(load_spec(ROOT / path), None, name)
        if Symbolic(plan).n > 1 and tick_states_within(plan, SMALL) is not None:
            out.append((path, name))
    return out


SYSTEMS = small_systems()


@pytest.mark.parametrize(("path", "system"), SYSTEMS, ids=[f"{p}:{s}" for p, s in SYSTEMS])
def test_spans_equal_the_ticks(path: str, system: str) -> None:
    plan = symbolic_plan(load_spec(ROOT / path), None, system)
    everything = {(i.gid, e.name) for i in plan.instances for e in i.machine.events}
    want = tick_spans(plan)
    for clock, spans in want.items():
        got = timing_bounds(plan, clock, everything)
        assert got.complete
        assert got.spans == spans, f"clock {plan.instances[clock[0]].name}.{clock[1]}"


def test_the_repository_has_systems_to_compare() -> None:
    assert len(SYSTEMS) >= 5, SYSTEMS


STOPPER = """
// SIGKILL comes exactly `grace` after SIGTERM unless the process exits first; `since` is an
// observer clock reset at SIGTERM and compared with nothing, so its cap is small.
param grace: 0..4000 = 30
machine Proc {
  clock t, since
  input term, quit, kill_now
  signal SIGTERM, SIGKILL, EXITED
  initial state Running
  state Terminating { invariant t <= grace }
  final state Gone
  Running -> Terminating on term do reset t, reset since, emit SIGTERM
  Terminating -> Gone on quit when t >= 1 do emit EXITED
  Terminating -> Gone on kill_now when t >= grace do emit SIGKILL
}
system S { instance p: Proc }
"""


def test_horizon_gives_real_seconds(tmp_path: Path) -> None:
    spec = tmp_path / "stopper.lfsm"
    spec.write_text(STOPPER)
    model = load_spec(spec)
    nodes = {}
    for grace in (3, 30, 3600):
        plan = symbolic_plan(model, {"grace": grace}, "S")
        p = plan.instances[0].gid
        wanted = [(p, "SIGKILL"), (p, "EXITED")]
        narrow = timing_bounds(plan, (p, "since"), wanted)
        # compared with nothing: beyond 0 the graph cannot tell the values apart
        assert narrow.spans[(p, "SIGKILL")].latest is None
        wide = timing_bounds(plan, (p, "since"), wanted, horizon=4000)
        assert wide.spans[(p, "SIGKILL")] == Span(grace, grace)
        assert wide.spans[(p, "EXITED")] == Span(1, grace)
        nodes[grace] = wide.nodes
    # the cost does not grow with the constant: the same zone graph at every grace
    assert len(set(nodes.values())) == 1, nodes
