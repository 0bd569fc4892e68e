"""The symbolic successor (lifecycle_fsm/zones/engine.py) reaches exactly what the tick engine reaches,
also on specs that ``--time symbolic`` refuses (zones/ready.py): clock values copied into data
through ``if`` chains are split atom by atom, which is exact but costs a zone split per written
comparison (the pod model).

On specs with clocks, urgent states, invariants (inherited, over other instances' clocks),
clock comparisons inside assignments and ``if`` (the pod model's back-off and stop timing):
the same discrete states, and the same full states once the integer points of the zones are
saturated at the tick engine's caps. This validates the successor relation, the delay
closure under tick semantics and Extra_M of docs/design/symbolic-time.md on real specs.

"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lifecycle_fsm import compile_source, load_spec
from lifecycle_fsm.model import Model, Value
from lifecycle_fsm.zones.check import symbolic_plan

from .differential import Case, assert_zones_reach_the_ticks, case_values, deep_only

ROOT = Path(__file__).resolve().parents[2]


def readme_tour() -> Model:
    text = (ROOT / "README.md").read_text()
    m = re.search(r"```lfsm\n(.*?)```", text, re.S)
    assert m is not None
    return compile_source(m.group(1), "README.md")


CASES: list[Case] = [
    ("tests/spin/specs/urgent_time.lfsm", {}),
    ("tests/spin/specs/urgent_time.lfsm", {"grace": 0}),
    ("tests/spin/specs/clock_saturation.lfsm", {}),
    ("tests/spin/specs/final_ticks.lfsm", {"limit": 3}),
    ("tests/cases/ok/states_and_time.lfsm", {}),
    ("tests/cases/violations/timelock.lfsm", {}),
    deep_only("spec/examples/lifecycle-demo.lfsm", {}, seconds=50),  # its system is in test_symbolic_check too
    ("README.md", {}),
    ("tests/zones/specs/property_errors.lfsm", {}),  # a move that hits a model error on part of a zone only
    deep_only("spec/pod.lfsm", {"n_init": 0, "n_side": 0}, seconds=150),
    deep_only("spec/pod.lfsm", {"n_init": 0, "n_side": 0, "pre": "Sleep", "post": "NoHook", "sleep_for": 2,
                                "grace": 3}, seconds=45),
]  # the pod at three smaller configurations: test_pod_symbolic.py


@pytest.mark.parametrize(("path", "params"), CASES,
                         ids=[f"{p}{sorted(d.items())}" for p, d in map(case_values, CASES)])
def test_symbolic_reaches_what_ticks_reach(path: str, params: dict[str, Value]) -> None:
    model = readme_tour() if path == "README.md" else load_spec(ROOT / path)
    assert_zones_reach_the_ticks(symbolic_plan(model, params))
