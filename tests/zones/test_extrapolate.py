"""Extrapolation: a widening that contains the zone, and that keeps what each variant must keep."""

from __future__ import annotations

from itertools import product

from hypothesis import given
from hypothesis import strategies as st

from lifecycle_fsm.zones import dbm, extrapolate
from lifecycle_fsm.zones.bounds import LE_ZERO, complement

from .strategies import examples, zones

EXAMPLES = examples(150)


@st.composite
def zone_and_bounds(draw: st.DrawFn) -> tuple[dbm.DBM, int, list[int], list[int]]:
    d, n = draw(zones(top=5))
    lower = [0] + [draw(st.integers(-1, 4)) for _ in range(n - 1)]
    upper = [0] + [draw(st.integers(-1, 4)) for _ in range(n - 1)]
    return d, n, lower, upper


def canonical(d: dbm.DBM, n: int) -> bool:
    e = d[:]
    return dbm.close(e, n) and e == d


@EXAMPLES
@given(zone_and_bounds())
def test_every_widening_contains_the_zone(z: tuple[dbm.DBM, int, list[int], list[int]]) -> None:
    d, n, lower, upper = z
    m = [max(a, b) for a, b in zip(lower, upper)]
    results = {}
    for name, f in (("M", lambda e: extrapolate.extra_m(e, n, m)),
                    ("M+", lambda e: extrapolate.extra_m_plus(e, n, m)),
                    ("LU", lambda e: extrapolate.extra_lu(e, n, lower, upper)),
                    ("LU+", lambda e: extrapolate.extra_lu_plus(e, n, lower, upper))):
        e = d[:]
        f(e)
        assert canonical(e, n), name
        assert dbm.is_subset(d, e), name
        assert all(e[j] <= LE_ZERO for j in range(n)), name
        results[name] = e
    # the coarseness order of Behrmann et al. (2006): M <= M+ and LU <= LU+, M <= LU when L, U <= M
    assert dbm.is_subset(results["M"], results["M+"])
    assert dbm.is_subset(results["LU"], results["LU+"])
    assert dbm.is_subset(results["M"], results["LU"])
    assert dbm.is_subset(results["M+"], results["LU+"])


@EXAMPLES
@given(zone_and_bounds())
def test_widening_is_idempotent(z: tuple[dbm.DBM, int, list[int], list[int]]) -> None:
    d, n, lower, upper = z
    for f in (extrapolate.extra_lu, extrapolate.extra_lu_plus):
        once = d[:]
        f(once, n, lower, upper)
        twice = once[:]
        f(twice, n, lower, upper)
        assert twice == once


@EXAMPLES
@given(zone_and_bounds())
def test_extra_m_keeps_integer_points_up_to_saturation(z: tuple[dbm.DBM, int, list[int], list[int]]) -> None:
    """For a closed zone Z (non-strict integer bounds, as every exact zone of a closed automaton):
    every integer point of Extra_M(Z), each clock saturated at M(x) + 1, is such a point of Z.
    (Extra_M stays within the regions that meet Z; rounding a point of Z up to integers stays in
    Z and in its region. A zone with strict bounds need not have integer points at all.)"""
    d, n, lower, upper = z
    if not dbm.make_integral(d, n):
        return
    m = [max(a, b) for a, b in zip(lower, upper)]
    e = d[:]
    extrapolate.extra_m(e, n, m)
    caps = [m[x] + 1 for x in range(1, n)]

    def saturated(zone: dbm.DBM) -> set[tuple[int, ...]]:
        out = set()
        for vals in product(*(range(c + 1) for c in caps)):
            w = zone[:]
            if all(dbm.constrain_op(w, n, x, 0, ">=" if v == c else "==", v)
                   for x, (v, c) in enumerate(zip(vals, caps), start=1)) and dbm.make_integral(w, n):
                out.add(vals)
        return out

    assert saturated(e) == saturated(d)


@EXAMPLES
@given(zone_and_bounds())
def test_irrelevant_clocks_are_forgotten(z: tuple[dbm.DBM, int, list[int], list[int]]) -> None:
    d, n, lower, upper = z
    m = [max(a, b) for a, b in zip(lower, upper)]
    e = d[:]
    extrapolate.extra_m(e, n, m)
    for x in range(1, n):
        if m[x] < 0:
            f = e[:]
            dbm.free(f, n, x)
            assert f == e


@EXAMPLES
@given(zones(top=5), st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(-3, 3)), max_size=3))
def test_split_extrapolation_keeps_the_difference_constraints(z: tuple[dbm.DBM, int],
                                                              diags: list[tuple[int, int, int]]) -> None:
    d, n = z
    diagonals = [(i, j, 2 * c + 1) for i, j, c in diags if i != j and i < n and j < n]
    m = [0] + [1] * (n - 1)  # below the difference constants: the parts must be cut back to them
    parts = extrapolate.split_extra_m(d, n, m, diagonals)
    assert parts
    whole = d[:]
    for p in parts:
        assert canonical(p, n)
    # the parts cover the zone, and each decides every difference constraint
    for vals in product(range(7), repeat=n - 1):
        v = [0, *vals]
        if dbm.contains(d, n, v):
            assert any(dbm.contains(p, n, v) for p in parts)
    for p in parts:
        for i, j, b in diagonals:
            inside, outside = p[:], p[:]
            within = dbm.constrain(inside, n, i, j, b) and inside == p
            without = dbm.constrain(outside, n, j, i, complement(b)) and outside == p
            assert within or without
    assert whole == d  # the argument is left alone
