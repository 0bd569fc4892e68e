"""The leads-to cell graph built in C (csrc/lf_zcells.c, native/zprint.py's NativeCells) against
zones/liveness.py's CellGraph, the oracle: on every ready system of the repository with leads-to
checks and on the reference pod at small configurations, check by check, from the same zone graph,
the same cells in the same order (discrete state and canonical zone), the same edges (move, target),
enabled moves, saturated clocks, bad cells and roots, and the same candidate; a model error where
CellGraph raises one. The roots come from the zone graph's nodes both ways C can read them: in
place from the native store (NativeGraph.view), and copied from a Python zone graph. Then the
verdicts of ``check_symbolic`` with the native cell graphs equal the Python ones.
"""

from __future__ import annotations

import functools

import pytest

from lifecycle_fsm import load_spec
from lifecycle_fsm.checker.build import Plan
from lifecycle_fsm.checker.liveness import model_plan
from lifecycle_fsm.checker.memory import MemoryBound
from lifecycle_fsm.evaluate import EvalError
from lifecycle_fsm.native.zcheck import NativeGraph, cell_runner, zone_runner
from lifecycle_fsm.native.zprint import NativeCells
from lifecycle_fsm.params import bind_params
from lifecycle_fsm.zones import liveness
from lifecycle_fsm.zones.check import Judging, ZoneGraph, check_symbolic, symbolic_plan
from lifecycle_fsm.zones.engine import Graph, Symbolic, explore
from lifecycle_fsm.zones.liveness import Built, TooManyCells, build_cells, judge_cells

from .differential import ROOT, ready_systems

PY_BUDGET = 2_000  # cells of the Python build compared on the corpus: every graph the Python path decides on
POD_BUDGET = 6_000  # ... and on the pod (3,060 a check at n_init=0 n_side=0 from the initial state; 239 from the roots)
POD = [("n_init=0", "n_side=0"), ("n_init=0", "n_side=0", "policy=Always", "pre=Sleep", "grace=3", "sleep_for=2")]
POD_CHECKS = 1  # the Python build of one pod check takes 10-25 s: the first check of each configuration


@functools.cache
def _checked(path: str, system: str | None, defines: tuple[str, ...] = ()) -> Plan:
    """The plan the symbolic check searches (ordering monitors included)."""
    model = load_spec(ROOT / path)
    return symbolic_plan(model, bind_params(model, defines) if defines else None, system)


def _plan(path: str, system: str | None, defines: tuple[str, ...] = ()) -> Symbolic:
    """The plan the cells are built on (no ordering monitors)."""
    return Symbolic(model_plan(_checked(path, system, defines)))


@functools.cache
def _zones(path: str, system: str | None, defines: tuple[str, ...] = ()) -> Graph:
    """The Python zone graph of the checked plan."""
    sym = Symbolic(_checked(path, system, defines))
    return explore(sym, None, Judging(sym), MemoryBound.make(None))


def _native_zones(path: str, system: str | None, defines: tuple[str, ...] = ()) -> NativeGraph:
    """The native zone graph of the checked plan, left in C (close it)."""
    run = zone_runner(pytest.fail)(_checked(path, system, defines), None, MemoryBound.make(None))
    assert run is not None
    return run[0]


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


def same_graph(sym: Symbolic, native: NativeCells, check: object, zones: ZoneGraph, budget: int = PY_BUDGET) -> int:
    """Build ``check``'s cells both ways from the nodes of ``zones`` and compare them; the number of cells."""
    mp = pytest.MonkeyPatch()
    mp.setattr(liveness, "CELL_BUDGET", budget)
    mask = sym.plan.layout.model_mask
    try:
        py: Built | None = build_cells(sym, check, [(s & mask, z) for s, z in zones.entries()])  # type: ignore[arg-type]
        py_error = None
    except (EvalError, TooManyCells) as e:
        py, py_error = None, type(e)
    finally:
        mp.undo()
    if py_error is TooManyCells:
        pytest.skip(f"more than {budget:,} cells in Python")
    if py_error is EvalError:
        with pytest.raises(EvalError):
            native.build(check, zones)  # type: ignore[arg-type]
        return 0
    assert py is not None
    c = native.build(check, zones)  # type: ignore[arg-type]
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
    in_c = _native_zones(path, system)
    try:
        for check in sym.plan.checks.live:
            same_graph(sym, native, check, _zones(path, system))  # the nodes copied from Python
            same_graph(sym, native, check, in_c)  # read in place from the native store
    finally:
        native.close()
        in_c.close()


@pytest.mark.parametrize("defines", POD, ids=[" ".join(d) for d in POD])
def test_native_cells_of_the_pod(defines: tuple[str, ...]) -> None:
    sym = _plan("spec/pod.lfsm", "Pod", defines)
    native = NativeCells(sym.plan)
    in_c = _native_zones("spec/pod.lfsm", "Pod", defines)
    try:
        sizes = [same_graph(sym, native, check, in_c, POD_BUDGET) for check in sym.plan.checks.live[:POD_CHECKS]]
        assert all(n > 100 for n in sizes)  # more than a trivial graph: every pod check cuts its cells
    finally:
        native.close()
        in_c.close()


def test_native_cells_keep_the_budget() -> None:
    sym = _plan("spec/pod.lfsm", "Pod", POD[0])
    native = NativeCells(sym.plan, budget=100)
    in_c = _native_zones("spec/pod.lfsm", "Pod", POD[0])
    try:
        with pytest.raises(TooManyCells):
            native.build(sym.plan.checks.live[0], in_c)
    finally:
        native.close()
        in_c.close()


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
