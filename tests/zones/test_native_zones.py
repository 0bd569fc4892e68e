"""The native symbolic search (native/zprint.py, csrc/lf_zengine.c) against the Python zone graph
(zones/engine.py), the oracle: on every ready system of the repository whose zone graph the
Python engine completes quickly, the same discrete states and errors, and the same nodes, parents,
transition count and depth; where the C module folds a constant the Python evaluator does not (so
zones may be split differently), the same integer points instead (docs/design/symbolic-time.md, 9.1).
"""

from __future__ import annotations

import functools
import math

import pytest

from lifecycle_fsm import load_spec
from lifecycle_fsm.native.zprint import ZGraph, print_zmodule, zsearch
from lifecycle_fsm.params import bind_params
from lifecycle_fsm.zones.check import Judging, deadlocked, symbolic_plan
from lifecycle_fsm.zones.engine import Graph, Symbolic, explore

from .differential import ROOT, ready_systems

NODE_LIMIT = 12_000  # Python zone nodes: the pod at its defaults is beyond (left to the benchmark)
# the reference model at small configurations (2,300-2,500 Python nodes each, 1.5-3 s)
POD = [("n_init=0", "n_side=0"), ("n_init=0", "n_side=0", "policy=Always", "pre=Sleep", "grace=3", "sleep_for=2")]
POINT_LIMIT = 2_000_000  # integer points enumerated when two zone graphs differ in shape
SYSTEMS = [(p, s) for p, s in ready_systems() if p != "spec/pod.lfsm"]


pytestmark = pytest.mark.usefixtures("native_cache")  # conftest.py: a C compiler, a cache of its own


@functools.cache
def judged(path: str, system: str, defines: tuple[str, ...] = ()) -> tuple[Symbolic, Graph, Judging, ZGraph | None]:
    """The Python zone graph with its judging and, when the Python engine completed it, the
    native search."""
    model = load_spec(ROOT / path)
    plan = symbolic_plan(model, bind_params(model, defines) if defines else None, system)
    sym = Symbolic(plan)
    judging = Judging(sym)
    g = explore(sym, NODE_LIMIT, judging)
    return sym, g, judging, zsearch(plan) if g.complete else None


def graphs(path: str, system: str, defines: tuple[str, ...] = ()) -> tuple[Symbolic, Graph, ZGraph | None]:
    sym, g, _, z = judged(path, system, defines)
    return sym, g, z


@pytest.mark.parametrize(("path", "system"), SYSTEMS, ids=[f"{p}:{s}" for p, s in SYSTEMS])
def test_native_zone_graph_is_the_python_one(path: str, system: str) -> None:
    compare(*graphs(path, system))


@pytest.mark.parametrize("defines", POD, ids=[" ".join(d) for d in POD])
def test_native_zone_graph_of_the_pod(defines: tuple[str, ...]) -> None:
    compare(*graphs("spec/pod.lfsm", "Pod", defines))


def compare(sym: Symbolic, g: Graph, z: ZGraph | None) -> None:
    if z is None:
        pytest.skip(f"more than {NODE_LIMIT:,} zone nodes in Python")
    assert z.complete, z.status
    assert z.errors == len(g.errors)
    mine: dict[int, list[list[int]]] = {}
    for s, zone in z.nodes:
        mine.setdefault(s, []).append(zone)
    assert set(mine) == set(g.by_state), "other discrete states"
    assert z.discrete == len(g.by_state)
    if z.nodes == g.nodes:
        assert (z.parent, z.transitions, z.depth) == (g.parent, g.transitions, g.depth)
        return
    # another split of the same states into zones: compare the integer points (tick states)
    points = math.prod(c + 1 for c in sym.caps[1:]) * len(g.nodes)
    assert points <= POINT_LIMIT, f"zone graphs differ and {points:,} points are too many to compare"
    py = {x for s, ks in g.by_state.items() for x in sym.states(s, [g.nodes[k][1] for k in ks])}
    assert py == {x for s, zs in mine.items() for x in sym.states(s, zs)}


def state_checks(sym: Symbolic, g: Graph, judging: Judging, z: ZGraph) -> tuple[dict[str, object], dict[str, object]]:
    """What Judging found on nodes (invariants violated, witnesses, their evaluation errors) and in
    steps (ordering monitors violated or overflowed, only-when conditions false or erring), the
    first deadlocked node, and the same read from the native search (a property's first node over
    its checks); ``None`` where none."""
    checks = [*sym.plan.checks.invariants, *sym.plan.checks.reach]
    ninv = len(sym.plan.checks.invariants)

    def first(ks: list[int]) -> int | None:
        return min((k for k in ks if k >= 0), default=None)

    py: dict[str, object] = {}
    c_: dict[str, object] = {}
    for pid in sorted({c.pid for c in checks}):
        qs = [q for q, c in enumerate(checks) if c.pid == pid]
        viol, err = judging.viol.get(pid), judging.perr.get(pid)
        if qs[0] < ninv:
            py[f"violated {pid}"] = viol[0] if viol is not None else None
            c_[f"violated {pid}"] = first([z.found[q] for q in qs])
        py[f"error {pid}"] = err[0] if err is not None else None
        c_[f"error {pid}"] = first([z.erred[q] for q in qs])
    for j in range(len(sym.plan.checks.reach)):
        py[f"witness {j}"] = judging.witness.get(j)
        c_[f"witness {j}"] = first([z.found[ninv + j]])
    for pid in sorted({m.pid for m in sym.plan.checks.monitors}):
        py[f"monitor {pid}"] = judging.viol.get(pid)
        c_[f"monitor {pid}"] = z.step_viol.get(pid)
    for pid in sorted({c.pid for c in sym.plan.checks.stable}):
        py[f"stable {pid}"] = judging.viol.get(pid)
        c_[f"stable {pid}"] = z.step_viol.get(pid)
        py[f"stable error {pid}"] = judging.perr.get(pid)
        c_[f"stable error {pid}"] = z.step_err.get(pid)
    for pid in sorted({c.pid for c in sym.plan.checks.whens}):
        py[f"only-when {pid}"] = judging.viol.get(pid)
        c_[f"only-when {pid}"] = z.step_viol.get(pid)
        py[f"only-when error {pid}"] = judging.perr.get(pid)
        c_[f"only-when error {pid}"] = z.step_err.get(pid)
    py["gave up"], c_["gave up"] = set(judging.gave_up), set(z.gave_up)
    if sym.plan.checks.deadlock:
        py["deadlock"] = next((k for k, (s, zone) in enumerate(g.nodes) if deadlocked(sym, s, zone)), None)
        c_["deadlock"] = z.deadlock if z.deadlock >= 0 else None
    return py, c_


@pytest.mark.parametrize(("path", "system"), SYSTEMS, ids=[f"{p}:{s}" for p, s in SYSTEMS])
def test_native_state_checks_are_judgings(path: str, system: str) -> None:
    """The invariant and reachable checks judged on the native nodes, the ordering monitors and
    only-when conditions in its steps: the same first violating node (and move), witness, erring
    node (and move) and overflows as
    zones/check.py's Judging (where the node lists are equal; elsewhere the node numbers differ by
    construction)."""
    sym, g, judging, z = judged(path, system)
    if z is None or z.nodes != g.nodes:
        pytest.skip("not node-identical" if z is not None else f"more than {NODE_LIMIT:,} zone nodes in Python")
    py, c_ = state_checks(sym, g, judging, z)
    assert c_ == py


@pytest.mark.parametrize("defines", POD, ids=[" ".join(d) for d in POD])
def test_native_state_checks_of_the_pod(defines: tuple[str, ...]) -> None:
    sym, g, judging, z = judged("spec/pod.lfsm", "Pod", defines)
    assert z is not None and z.nodes == g.nodes
    py, c_ = state_checks(sym, g, judging, z)
    assert c_ == py


def test_most_systems_give_identical_nodes() -> None:
    """The differential test above is not vacuous: it meets many systems, and all but the one
    whose guard the C compiler folds (tests/cases/ok/imports.lfsm: 't >= grace or kind == Exec'
    with kind fixed) give node-identical graphs."""
    same = other = 0
    for path, system in SYSTEMS:
        sym, g, z = graphs(path, system)
        if z is None or sym.n == 1:  # beyond the limit, or no clock
            continue
        if z.nodes == g.nodes:
            same += 1
        else:
            other += 1
    assert same >= 20 and other <= 2, (same, other)


def test_module_text_is_deterministic() -> None:
    """Names colliding with the runtime's (an instance called lf, a machine TICK) compile in the
    differential test above; the text is the same on every print."""
    plan = symbolic_plan(load_spec(ROOT / "tests/spin/specs/hostile_names.lfsm"), None, "S")
    assert print_zmodule(plan) == print_zmodule(plan)
