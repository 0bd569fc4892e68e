"""Every zone operation against the brute-force oracle, on integer and half-integer valuations."""

from __future__ import annotations

from itertools import product

from hypothesis import given
from hypothesis import strategies as st

from lifecycle_fsm.zones import bounds, dbm

from .oracle import grid, in_down, in_free, in_reset, in_up
from .strategies import OPS, constraint, examples, zone_pairs, zones

TOP = 5  # valuations up to 5 (constants go up to 4)
EXAMPLES = examples(100)


def holds(op: str, diff: float, c: int) -> bool:
    return {"<": diff < c, "<=": diff <= c, "==": diff == c, ">=": diff >= c, ">": diff > c}[op]


def canonical(d: dbm.DBM, n: int) -> bool:
    e = d[:]
    return dbm.close(e, n) and e == d


@EXAMPLES
@given(zones())
def test_generated_zones_are_canonical(z: tuple[dbm.DBM, int]) -> None:
    d, n = z
    assert canonical(d, n)
    assert all(d[j] <= bounds.LE_ZERO for j in range(n))  # clocks are never negative


@EXAMPLES
@given(st.data())
def test_constrain(data: st.DataObject) -> None:
    d, n = data.draw(zones())
    i, j, op, c = data.draw(constraint(n))
    r = d[:]
    nonempty = dbm.constrain_op(r, n, i, j, op, c)
    expected = [v for v in grid(n - 1, TOP) if dbm.contains(d, n, v) and holds(op, v[i] - v[j], c)]
    if not nonempty:
        assert expected == []
        return
    assert canonical(r, n)
    assert [v for v in grid(n - 1, TOP) if dbm.contains(r, n, v)] == expected


@EXAMPLES
@given(zone_pairs())
def test_intersect(pair: tuple[dbm.DBM, dbm.DBM, int]) -> None:
    d, e, n = pair
    r = d[:]
    nonempty = dbm.intersect(r, e, n)
    expected = [v for v in grid(n - 1, TOP) if dbm.contains(d, n, v) and dbm.contains(e, n, v)]
    assert nonempty or expected == []
    if nonempty:
        assert canonical(r, n)
        assert [v for v in grid(n - 1, TOP) if dbm.contains(r, n, v)] == expected


@EXAMPLES
@given(zones(), st.sampled_from(("up", "down")))
def test_delay_forward_and_back(z: tuple[dbm.DBM, int], which: str) -> None:
    d, n = z
    op, oracle = (dbm.up, in_up) if which == "up" else (dbm.down, in_down)
    r = d[:]
    op(r, n)
    assert canonical(r, n)
    for v in grid(n - 1, TOP):
        assert dbm.contains(r, n, v) == oracle(d, n, v), v


@EXAMPLES
@given(st.data())
def test_reset_and_free(data: st.DataObject) -> None:
    d, n = data.draw(zones())
    x = data.draw(st.integers(1, n - 1))
    r, f = d[:], d[:]
    dbm.reset(r, n, x)
    dbm.free(f, n, x)
    assert canonical(r, n) and canonical(f, n)
    for v in grid(n - 1, TOP):
        assert dbm.contains(r, n, v) == in_reset(d, n, v, x), v
        assert dbm.contains(f, n, v) == in_free(d, n, v, x), v


@EXAMPLES
@given(st.data())
def test_reset_to_a_value(data: st.DataObject) -> None:
    d, n = data.draw(zones())
    x = data.draw(st.integers(1, n - 1))
    value = data.draw(st.integers(0, 3))
    r = d[:]
    dbm.reset(r, n, x, value)
    assert canonical(r, n)
    for v in grid(n - 1, TOP):
        assert dbm.contains(r, n, v) == (v[x] == value and in_free(d, n, v, x)), v


@EXAMPLES
@given(zone_pairs(clocks=2))
def test_inclusion_exact_on_two_clocks(pair: tuple[dbm.DBM, dbm.DBM, int]) -> None:
    """Two clocks, valuations on a quarter grid: fine enough that a point of a zone difference
    (a zone with integer bounds) is always found when there is one."""
    d, e, n = pair
    fine = list(grid(2, 9, 0.25))
    assert dbm.is_subset(d, e) == all(dbm.contains(e, n, v) for v in fine if dbm.contains(d, n, v))


@EXAMPLES
@given(zone_pairs())
def test_inclusion_sound(pair: tuple[dbm.DBM, dbm.DBM, int]) -> None:
    d, e, n = pair
    if dbm.is_subset(d, e):
        assert all(dbm.contains(e, n, v) for v in grid(n - 1, TOP) if dbm.contains(d, n, v))
    assert (d == e) == (dbm.is_subset(d, e) and dbm.is_subset(e, d))
    assert (dbm.key(d) == dbm.key(e)) == (d == e)


@EXAMPLES
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.sampled_from(OPS), st.integers(-3, 3)),
                max_size=6))
def test_close_keeps_the_set_and_finds_emptiness(cs: list[tuple[int, int, str, int]]) -> None:
    """A matrix written bound by bound (not canonical), then closed: same valuations; empty exactly
    when no valuation of a fine grid satisfies it (two clocks: a quarter is fine enough, as every
    non-empty zone with integer bounds over k clocks meets the grid of step 1/(k+1) or finer)."""
    n = 3
    d = dbm.universe(2)
    for i, j, op, c in cs:
        if i == j:
            continue
        pairs = [(i, j, c), (j, i, -c)] if op == "==" else (
            [(i, j, c)] if op in ("<", "<=") else [(j, i, -c)])
        for a, b, k in pairs:
            bound = bounds.lt(k) if op in ("<", ">") else bounds.le(k)
            d[a * n + b] = min(d[a * n + b], bound)
    raw = d[:]
    fine = list(grid(2, 8, 0.25))
    members = [v for v in fine if dbm.contains(raw, n, v)]
    if dbm.close(d, n):
        assert members and [v for v in fine if dbm.contains(d, n, v)] == members
    else:
        assert members == []


@EXAMPLES
@given(zones())
def test_integer_points(z: tuple[dbm.DBM, int]) -> None:
    d, n = z
    ints = [list(p) for p in product(range(TOP + 1), repeat=n - 1)]
    inside = [[0, *p] for p in ints if dbm.contains(d, n, [0, *p])]
    r = d[:]
    if not dbm.make_integral(r, n):
        assert inside == []
        assert dbm.integer_point(d, n) is None
        return
    assert all(b >= bounds.INF or b & 1 for b in r)  # closed
    assert dbm.is_subset(r, d)
    assert [[0, *p] for p in ints if dbm.contains(r, n, [0, *p])] == inside
    pt = dbm.integer_point(d, n)
    assert pt is not None and dbm.contains(d, n, pt)
    if inside:
        assert pt == min(inside)  # smallest clock by clock: the lexicographic minimum


@EXAMPLES
@given(st.data())
def test_delays_to(data: st.DataObject) -> None:
    d, n = data.draw(zones())
    r = d[:]
    if not dbm.make_integral(r, n):
        return
    v = [0] + [data.draw(st.integers(0, 4)) for _ in range(n - 1)]
    found = dbm.delays_to(r, n, v)
    ok = [t for t in range(0, 3 * TOP) if dbm.contains(r, n, [x + t if k else 0 for k, x in enumerate(v)])]
    if found is None:
        assert ok == []
        return
    lo, hi = found
    assert ok and ok[0] == lo
    assert (hi is None and ok[-1] == 3 * TOP - 1) or ok[-1] == hi
    assert ok == list(range(lo, ok[-1] + 1))


@EXAMPLES
@given(zone_pairs())
def test_subtract(pair: tuple[dbm.DBM, dbm.DBM, int]) -> None:
    d, e, n = pair
    parts = dbm.subtract(d, e, n)
    for p in parts:
        assert canonical(p, n) and dbm.is_subset(p, d)
    for v in grid(n - 1, TOP):
        inside = [dbm.contains(p, n, v) for p in parts]
        assert sum(inside) <= 1  # disjoint
        assert any(inside) == (dbm.contains(d, n, v) and not dbm.contains(e, n, v)), v
    whole = dbm.subtract(d, e, n, integral_points=True)
    for q in product(range(TOP + 1), repeat=n - 1):
        v = [0, *q]
        assert any(dbm.contains(p, n, v) for p in whole) == (dbm.contains(d, n, v) and not dbm.contains(e, n, v))
    for p in whole:
        assert all(x >= bounds.INF or x & 1 for x in p)  # closed
