"""The leads-to cell graph built in C (csrc/lf_zcells.c, native/zprint.py's NativeCells) against
zones/liveness.py's CellGraph, the oracle: on every ready system of the repository with leads-to
checks and on the reference pod at small configurations, check by check, the same cells in the same
order (discrete state and canonical zone), the same edges (move, target), enabled moves, saturated
clocks, bad cells and roots, and the same candidate; a model error where CellGraph raises one.
Then the verdicts of ``check_symbolic`` with the native cell graphs equal the Python ones.
"""

from __future__ import annotations

import functools

import pytest

from lifecycle_fsm import load_spec
from lifecycle_fsm.checker.liveness import model_plan
from lifecycle_fsm.evaluate import EvalError
from lifecycle_fsm.native.zcheck import cell_runner
from lifecycle_fsm.native.zprint import NativeCells
from lifecycle_fsm.params import bind_params
from lifecycle_fsm.zones import liveness
from lifecycle_fsm.zones.check import check_symbolic, symbolic_plan
from lifecycle_fsm.zones.engine import Symbolic
from lifecycle_fsm.zones.liveness import Built, TooManyCells, build_cells, judge_cells

from .differential import ROOT, ready_systems

PY_BUDGET = 2_000  # cells of the Python build compared on the corpus: every graph the Python path decides on
POD_BUDGET = 6_000  # ... and on the pod (3,060 a check at n_init=0 n_side=0)
POD = [("n_init=0", "n_side=0"), ("n_init=0", "n_side=0", "policy=Always", "pre=Sleep", "grace=3", "sleep_for=2")]
POD_CHECKS = 1  # the Python build of one pod check takes 10-25 s: the first check of each configuration


@functools.cache
def _plan(path: str, system: str | None, defines: tuple[str, ...] = ()) -> Symbolic:
    model = load_spec(ROOT / path)
    return Symbolic(model_plan(symbolic_plan(model, bind_params(model, defines) if defines else None, system)))


def _live_systems() -> list[tuple[str, str]]:
    out = []
    for path, system in ready_systems():
        if path == "spec/pod.lfsm":
            continue
        if _plan(path, system).plan.checks.live:
            out.append((path, system))
    return out


LIVE = _live_systems()

pytestmark = pytest.mark.usefixtures("native_cache")  # conftest.py: a C compiler, a cache of its own


def same_graph(sym: Symbolic, native: NativeCells, check: object, budget: int = PY_BUDGET) -> int:
    """Build ``check``'s cells both ways and compare them; the number of cells."""
    mp = pytest.MonkeyPatch()
    mp.setattr(liveness, "CELL_BUDGET", budget)
    try:
        py: Built | None = build_cells(sym, check)  # type: ignore[arg-type]
        py_error = None
    except (EvalError, TooManyCells) as e:
        py, py_error = None, type(e)
    finally:
        mp.undo()
    if py_error is TooManyCells:
        pytest.skip(f"more than {budget:,} cells in Python")
    if py_error is EvalError:
        with pytest.raises(EvalError):
            native.build(check)  # type: ignore[arg-type]
        return 0
    assert py is not None
    c = native.build(check)  # type: ignore[arg-type]
    assert c is not None
    assert c.size == py.size == len(py.g.cells)
    assert [native.cell(k) for k in range(c.size)] == py.g.cells
    assert c.g.edges == py.g.edges
    assert c.g.units == py.g.units
    assert c.g.saturated == py.g.saturated
    assert (c.bad, c.roots) == (py.bad, py.roots)
    assert judge_cells(sym, check, c) == judge_cells(sym, check, py)  # type: ignore[arg-type]
    return c.size


@pytest.mark.parametrize(("path", "system"), LIVE, ids=[f"{p}:{s}" for p, s in LIVE])
def test_native_cells_are_the_python_ones(path: str, system: str) -> None:
    sym = _plan(path, system)
    native = NativeCells(sym.plan)
    try:
        for check in sym.plan.checks.live:
            same_graph(sym, native, check)
    finally:
        native.close()


@pytest.mark.parametrize("defines", POD, ids=[" ".join(d) for d in POD])
def test_native_cells_of_the_pod(defines: tuple[str, ...]) -> None:
    sym = _plan("spec/pod.lfsm", "Pod", defines)
    native = NativeCells(sym.plan)
    try:
        sizes = [same_graph(sym, native, check, POD_BUDGET) for check in sym.plan.checks.live[:POD_CHECKS]]
        assert all(n > 1_000 for n in sizes)  # more than a trivial graph: every pod check cuts its cells
    finally:
        native.close()


def test_native_cells_keep_the_budget() -> None:
    sym = _plan("spec/pod.lfsm", "Pod", POD[0])
    native = NativeCells(sym.plan, budget=500)
    try:
        with pytest.raises(TooManyCells):
            native.build(sym.plan.checks.live[0])
    finally:
        native.close()


GRACE = "tests/zones/specs/grace_liveness.lfsm"


@pytest.mark.parametrize("params", [{"grace": 1, "sleep": 0}, {"grace": 4, "sleep": 4}, {"grace": 3600, "sleep": 25}])
def test_verdicts_with_native_cells(params: dict[str, int]) -> None:
    """``check_symbolic`` with the native cell graphs: the verdicts, messages and traces of the
    Python cell graphs (both small enough for the Python budget here)."""
    model = load_spec(ROOT / GRACE)
    notices: list[str] = []
    py = check_symbolic(model, params)  # type: ignore[arg-type]
    c = check_symbolic(model, params, cells=cell_runner(notices.append))  # type: ignore[arg-type]
    assert not notices
    assert [(p.name, p.holds, p.message, p.trace) for p in c.properties] == \
        [(p.name, p.holds, p.message, p.trace) for p in py.properties]
