"""Zones with extrapolation against explicit integer ticks, on random small timed automata.

What lifefsm checks today (integer time, clocks saturated at their caps) and what the symbolic
engine would check (dense time over zones, guards closed over the integers, widened by
extrapolation) must agree: on the reachable locations with every extrapolation; with Extra_M
also on the reachable integer valuations (saturated) and on the locations of deadlocks.
Automata with clock differences are compared up to a time horizon (clock x1 never reset is the
global time), with the split extrapolation.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from .strategies import examples
from .ta import TA, Atom, Edge, deadlocks, explicit, integer_points, symbolic, widening

EXAMPLES = examples(125)
CMP = ("<", "<=", "==", ">=", ">")


@st.composite
def automata(draw: st.DrawFn, diagonals: bool = False, horizon: int | None = None) -> TA:
    k = draw(st.integers(1, 3))
    locs = draw(st.integers(2, 4))
    first = 2 if horizon is not None else 1  # x1 is the global time when there is a horizon

    def atom(upper_only: bool) -> Atom:
        x = draw(st.integers(first, k)) if k >= first else 1
        if diagonals and k - first >= 1 and draw(st.booleans()):
            y = draw(st.integers(first, k).filter(lambda y: y != x))
            return Atom(x, y, draw(st.sampled_from(("<", "<=") if upper_only else CMP)), draw(st.integers(-3, 3)))
        return Atom(x, 0, draw(st.sampled_from(("<", "<=") if upper_only else CMP)), draw(st.integers(0, 4)))

    clocks_free = k >= first
    edges = []
    for _ in range(draw(st.integers(1, 6))):
        guard = tuple(atom(False) for _ in range(draw(st.integers(0, 2)))) if clocks_free else ()
        resets = tuple(sorted(set(draw(st.lists(st.integers(first, k), max_size=2))))) if clocks_free else ()
        edges.append(Edge(draw(st.integers(0, locs - 1)), draw(st.integers(0, locs - 1)), guard, resets))
    invariants = []
    for _ in range(locs):
        inv: tuple[tuple[Atom, ...], ...] = ()
        if clocks_free and draw(st.integers(0, 2)) == 0:
            inv = tuple(tuple(atom(True) for _ in range(draw(st.integers(1, 2))))
                        for _ in range(draw(st.integers(1, 2))))
        if horizon is not None:
            inv = tuple(c + (Atom(1, 0, "<=", horizon),) for c in (inv or ((),)))
        invariants.append(inv)
    urgent = tuple(draw(st.integers(0, 6)) == 0 for _ in range(locs))
    return TA(k, locs, tuple(edges), tuple(invariants), urgent)


@EXAMPLES
@given(automata())
def test_locations_agree_with_every_extrapolation(ta: TA) -> None:
    states, _ = explicit(ta)
    locations = {loc for loc, _ in states}
    for kind in ("M", "M+", "LU", "LU+"):
        assert set(symbolic(ta, widening(kind, ta))) == locations, kind


@EXAMPLES
@given(automata())
def test_integer_valuations_and_deadlocks_agree_with_extra_m(ta: TA) -> None:
    states, dead = explicit(ta)
    stored = symbolic(ta, widening("M", ta))
    assert integer_points(ta, stored) == states
    assert deadlocks(ta, stored) == dead


@examples(75)
@given(automata(diagonals=True, horizon=7))
def test_clock_differences_with_split_extrapolation(ta: TA) -> None:
    states, _ = explicit(ta, horizon=7)
    assert set(symbolic(ta, widening("split", ta))) == {loc for loc, _ in states}
