"""Native liveness (lf_live.c) against checker/liveness.py on the hand-written modules.

Both must give the same verdict on every leads-to check and, for a violation, the same
lasso skeleton: the root (first node satisfying P and not Q from which not Q can last
forever), the path on to a fair component, and that component, compared as model states.
team.lfsm: weak fairness and none, fair inputs, stutters, per-instance properties;
crew.lfsm: the same machines reduced by symmetry (units followed through permutations);
stepper.lfsm: a monitor field in the stored states, projected away.
"""

from __future__ import annotations

from itertools import chain

import pytest
from native_harness import module, plan

from lifecycle_fsm.checker.liveness import LivenessChecker
from lifecycle_fsm.checker.search import bfs
from lifecycle_fsm.checker.symmetry import make_canon
from lifecycle_fsm.native.engine import NativeError, NativeSearch

# predicate numbers of each module (see the comments in models/*.c), per LiveCheck in plan order
PREDICATES: dict[str, list[tuple[int | None, int]]] = {
    "team": [(0, 1), (2, 3), (0, 4), (2, 5), (None, 6), (None, 7), (None, 6), (None, 7), (8, 9), (8, 9),
             (None, 10), (None, 11)],
    "crew": [(None, 0), (None, 1), (None, 2), (3, 4), (3, 4), (5, 6)],
    "stepper": [(None, 0)],
}
DEFINES: dict[str, dict[str, str]] = {"stepper": {"NN": "5"}}
PARAMS: dict[str, dict[str, object]] = {"stepper": {"n": 5}}


@pytest.mark.parametrize("slots", ["", "0"])  # the modules' own slots (8 bytes: one word), 4-byte slots
@pytest.mark.parametrize(("name", "symmetry"), [("team", False), ("crew", True), ("crew", False), ("stepper", False)])
def test_same_lassos_as_python(name: str, symmetry: bool, slots: str) -> None:
    p = plan(name, PARAMS.get(name), symmetry)
    out = bfs(p, symmetric=symmetry, keep_layers=True)
    assert out.layers is not None
    checker = LivenessChecker(p, out.layers, symmetry, make_canon(p) if symmetry else (lambda n: n))
    nodes = checker.graph.states
    verdicts = []
    m = module(name, {**DEFINES.get(name, {}), **({"LF_WIDE_SLOTS": slots} if slots else {})})
    assert m.info.slot_bytes == (4 if slots else 8)
    with NativeSearch(m, symmetry=symmetry) as s:
        s.run()
        for c, (lhs, rhs) in zip(p.checks.live, PREDICATES[name], strict=True):
            v = checker.check(c)
            a = s.live_check(lhs, rhs, c.fair)
            assert a.holds == v.holds
            verdicts.append(a.holds)
            if v.lasso is None:
                continue
            assert s.node_state(a.root) == nodes[v.lasso.root]
            assert a.root_stored == checker.stored_index(v.lasso.root)
            assert [s.node_state(x) for x in a.path] == [nodes[x] for x in v.lasso.path]
            assert {s.node_state(x) for x in a.component} == set(v.lasso.component)
    assert name == "stepper" or (not all(verdicts) and any(verdicts))  # both kinds of answer exercised


def test_verdicts_by_hand() -> None:
    """crew: nobody is forced to finish (someone, all_settle violated), everybody leaves Ready
    (work is fair), the ticker keeps ticking (time and beat are fair)."""
    with NativeSearch(module("crew")) as s:
        s.run()
        got = [s.live_check(lhs, rhs, fair).holds
               for (lhs, rhs), fair in zip(PREDICATES["crew"], [True, True, True, True, False, True])]
        assert got == [False, True, False, True, True, True]


def test_stepper_projection() -> None:
    """Ten stored states, eight model states. 'eventually c == 5' fails at once: go and back can
    alternate forever between c = 0 and c = 1 (inputs owe nothing to fairness)."""
    with NativeSearch(module("stepper", {"NN": "5"})) as s:
        s.run()
        assert (s.stored, s.counts()) == (10, (8, 8))
        for fair in (True, False):
            a = s.live_check(None, 0, fair)
            assert not a.holds and (a.root, a.root_stored, a.path) == (0, 0, [])
            assert {s.node_state(x) for x in a.component} == {0, 1 << 1}  # (Run, c=0) and (Run, c=1)


def test_two_threads_same_verdicts() -> None:
    p = plan("crew")
    with NativeSearch(module("crew"), threads=2) as s2, NativeSearch(module("crew")) as s1:
        s1.run()
        s2.run()
        for c, (lhs, rhs) in zip(p.checks.live, PREDICATES["crew"], strict=True):
            a, b = s1.live_check(lhs, rhs, c.fair), s2.live_check(lhs, rhs, c.fair)
            assert a.holds == b.holds and len(a.path) == len(b.path)
            assert {s1.node_state(x) for x in a.component} == {s2.node_state(x) for x in b.component}


def test_needs_a_complete_search() -> None:
    with NativeSearch(module("crew"), max_states=100) as s:
        s.run()
        with pytest.raises(NativeError, match="complete search"):
            s.live_check(None, 0, True)


def test_layers_give_the_python_node_order() -> None:
    p = plan("team")
    out = bfs(p, symmetric=False, keep_layers=True)
    assert out.layers is not None
    with NativeSearch(module("team")) as s:
        s.run()
        assert [s.node_state(v) for v in range(s.stored)] == list(chain.from_iterable(out.layers))
