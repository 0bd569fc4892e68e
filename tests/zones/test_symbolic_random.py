"""Random differential: ``--time symbolic`` against the tick engine on seeded random small timed
specs (tests/zones/randspec.py) with ordering, only-when and stable properties, clock guards,
invariants, urgent states, sends, signals, model errors on part of a zone and properties whose
expressions hit model errors: the same verdict for every property, the same reachable discrete
states (leaves, variables, monitors), and every symbolic counterexample replays on the tick
engine's reference interpreter.

``LIFEFSM_ZONES_EXAMPLES=deep`` checks ten times as many seeds. A disagreement names its seed:
``python -c "from tests.zones.randspec import random_spec; print(random_spec(SEED))"``.
"""

from __future__ import annotations

import os

import pytest

from lifecycle_fsm import compile_source
from lifecycle_fsm.checker.api import check_model
from lifecycle_fsm.zones.check import check_symbolic, symbolic_plan
from lifecycle_fsm.zones.engine import Symbolic, explore

from .differential import tick_states
from .randspec import random_spec
from .test_symbolic_check import assert_trace_shows

SEEDS = 150 if os.environ.get("LIFEFSM_ZONES_EXAMPLES", "suite") == "suite" else 1500
CHUNK = 25


@pytest.mark.parametrize("first", range(0, SEEDS, CHUNK))
def test_random_specs_agree(first: int) -> None:
    for seed in range(first, first + CHUNK):
        model = compile_source(random_spec(seed), f"random{seed}.lfsm")
        tick = check_model(model, None, symmetry=False)
        sym = check_symbolic(model, None)
        assert sym.complete and tick.complete
        assert {p.name: p.holds for p in sym.properties} == {p.name: p.holds for p in tick.properties}, seed
        plan = symbolic_plan(model, None)
        engine = Symbolic(plan)
        g = explore(engine)
        assert set(g.by_state) == {s & ~engine.clock_mask for s in tick_states(plan)}, seed
        for p in sym.properties:
            if p.trace is not None:
                assert_trace_shows(plan, p.kind, p.name, p.owner, p.trace)


def test_random_specs_cover_every_verdict() -> None:
    """The generator reaches what the test is for: each kind violated and holding, monitors that
    give up, properties undecided by their own model errors, steps that hit model errors."""
    seen: set[tuple[str, bool | None]] = set()
    for seed in range(SEEDS):
        for p in check_symbolic(compile_source(random_spec(seed), "r.lfsm"), None).properties:
            seen.add((p.kind, p.holds))
    for kind in ("order", "only_when", "stable", "builtin"):
        assert (kind, True) in seen and (kind, False) in seen, kind
    assert ("order", None) in seen and ("stable", None) in seen
