"""``check_symbolic`` on the native zone graph (native/zcheck.py) against the Python one: the same
verdicts, messages and counterexamples (step by step, with their times), counts and completeness,
on the ready systems of the repository and the pod at a small configuration. The leads-to
properties are left out: both paths judge them with the same Python cell graphs (liveness.py).
"""

from __future__ import annotations

import pytest

from lifecycle_fsm import load_spec
from lifecycle_fsm.checker.result import CheckResult
from lifecycle_fsm.native.zcheck import zone_runner
from lifecycle_fsm.params import bind_params
from lifecycle_fsm.zones.check import check_symbolic, symbolic_plan

from .differential import ROOT, ready_systems

# the Python symbolic check of these takes minutes (test_symbolic_check.py's HEAVY), the pod's
# defaults do not finish in Python: the pod is checked at a small configuration below
SLOW = {("spec/caveats.lfsm", "ShortenedDelete"), ("spec/caveats.lfsm", "KubeletRestart"),
        ("spec/caveats.lfsm", "HangingHttpPostStart"), ("spec/pod.lfsm", "Pod")}
# the C compiler folds a guard here that Python evaluates ('t >= grace or kind == Exec' with kind
# fixed), so the two zone graphs split zones differently (test_native_zones.py) and a
# counterexample may take another path: verdicts and discrete counts only
OTHER_NODES = {("tests/cases/ok/imports.lfsm", "Pod")}
SYSTEMS = [(p, s) for p, s in ready_systems() if (p, s) not in SLOW]


pytestmark = pytest.mark.usefixtures("native_cache")  # conftest.py: a C compiler, a cache of its own


def summary(r: CheckResult, traces: bool) -> dict[str, object]:
    """Verdicts and discrete counts; with ``traces``, the zone counts, messages and traces too."""
    out: dict[str, object] = {"states": r.states, "depth": r.depth, "complete": r.complete}
    if traces:
        out.update(stored=r.stored_states, transitions=r.transitions)
    for p in r.properties:
        key = f"{p.owner}.{p.name}"
        out[key] = (p.holds, p.message) if traces else p.holds
        if traces and p.trace is not None:
            out[key + " trace"] = [(st.label, st.time) for st in p.trace.steps]
    return out


def both(path: str, system: str, defines: tuple[str, ...] = ()) -> tuple[CheckResult, CheckResult, list[str]]:
    model = load_spec(ROOT / path)
    params = bind_params(model, defines) if defines else None
    plan = symbolic_plan(model, params, system)
    names = sorted({p.name for p in plan.checks.props if p.kind not in ("leads_to", "builtin")})
    notices: list[str] = []
    py = check_symbolic(model, params, system=system, properties=names)
    native = check_symbolic(model, params, system=system, properties=names, native=zone_runner(notices.append))
    return py, native, notices


@pytest.mark.parametrize(("path", "system"), SYSTEMS, ids=[f"{p}:{s}" for p, s in SYSTEMS])
def test_native_check_is_the_python_one(path: str, system: str) -> None:
    py, native, notices = both(path, system)
    assert notices == []
    traces = (path, system) not in OTHER_NODES
    assert summary(native, traces) == summary(py, traces)


def test_native_check_of_the_pod() -> None:
    py, native, notices = both("spec/pod.lfsm", "Pod", ("n_init=0", "n_side=0"))
    assert notices == []
    assert summary(native, True) == summary(py, True)
    assert any(p.trace is not None for p in native.properties)  # witnesses compared step by step


def test_the_native_check_finds_violations() -> None:
    """Not vacuous: among the systems, violations of every safety kind and model errors."""
    kinds: set[str] = set()
    for path, system in SYSTEMS:
        _, native, _ = both(path, system)
        kinds |= {p.kind for p in native.properties if p.holds is False}
    assert {"invariant", "only_when", "order", "deadlock", "builtin", "stable"} <= kinds, kinds
