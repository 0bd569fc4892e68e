"""Difference-bound matrices: convex sets of clock valuations (zones) and their operations.

A zone over clocks x1..xk is stored as a flat list ``d`` of ``n*n`` bounds (``n = k + 1``,
row-major): ``d[i*n + j]`` bounds ``xi - xj`` (bounds.py), with x0 the constant 0, so row 0
holds lower bounds (``0 - xj <= c``) and column 0 upper bounds (``xi - 0 <= c``). Every
valuation is non-negative: a zone always keeps ``d[j] <= LE_ZERO``.

A matrix is **canonical** when every bound is the tightest the others imply (shortest paths;
Floyd-Warshall). The operations below take canonical, non-empty matrices, keep them canonical,
and change them in place; copy with ``d[:]``. Two canonical matrices are equal exactly when
their zones are, so ``key(d)`` can serve a visited set, and ``is_subset`` compares bounds one
by one. An operation that empties a zone returns False and marks it (``d[0] < LE_ZERO``); an
empty matrix must not be used further. The algorithms are the standard ones (Bengtsson and Yi,
"Timed automata: semantics, algorithms and tools", 2004); their results are checked against
a brute-force oracle in tests/zones.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from fractions import Fraction
from math import isqrt
from operator import le as _le

from .bounds import INF, LE_ZERO, complement, integral, le, lt, text

DBM = list[int]
EMPTY_MARK = -1  # written to d[0] when a zone becomes empty


def zero(clocks: int) -> DBM:
    """The zone where every clock is 0 (the initial valuation)."""
    return [LE_ZERO] * ((clocks + 1) * (clocks + 1))


def universe(clocks: int) -> DBM:
    """Every valuation: no bound but ``xi >= 0``."""
    n = clocks + 1
    d = [INF] * (n * n)
    for j in range(n):
        d[j] = LE_ZERO
        d[j * n + j] = LE_ZERO
    return d


def dim(d: DBM) -> int:
    """The matrix's dimension n (clocks + 1)."""
    return isqrt(len(d))


def is_empty(d: DBM) -> bool:
    return d[0] < LE_ZERO


def key(d: DBM) -> bytes:
    """A compact hashable encoding of a canonical zone (8 bytes a bound)."""
    return array("q", d).tobytes()


def close(d: DBM, n: int) -> bool:
    """Make ``d`` canonical (Floyd-Warshall, O(n^3)); False (and marked) if the zone is empty."""
    r = range(n)
    for k in r:
        kn = k * n
        finite = [(j, b) for j, b in enumerate(d[kn:kn + n]) if b < INF]
        for i in r:
            dik = d[i * n + k]
            if dik >= INF:
                continue
            base = i * n
            for j, dkj in finite:
                s = dik + dkj - ((dik | dkj) & 1)
                if s < d[base + j]:
                    d[base + j] = s
            if d[base + i] < LE_ZERO:
                d[0] = EMPTY_MARK
                return False
    return True


def _close_through(d: DBM, n: int, a: int, b: int) -> None:
    """Restore canonical form after ``d[a][b]`` was tightened (the zone known non-empty): O(n^2).

    Only paths through the new edge can be shorter: d[i][j] = min(d[i][j], d[i][a] + d[a][b] + d[b][j]).
    Column a and row b do not change on the way (that would need a negative cycle).
    """
    dab = d[a * n + b]
    rowb = [(j, x) for j, x in enumerate(d[b * n:b * n + n]) if x < INF]
    for i in range(n):
        dia = d[i * n + a]
        if dia >= INF:
            continue
        via = dia + dab - ((dia | dab) & 1)
        base = i * n
        for j, dbj in rowb:
            s = via + dbj - ((via | dbj) & 1)
            if s < d[base + j]:
                d[base + j] = s


def constrain(d: DBM, n: int, i: int, j: int, b: int) -> bool:
    """Intersect with ``xi - xj`` bounded by ``b`` (use j = 0 for ``xi <= c``, i = 0 for ``xj >= -c``)."""
    if b >= d[i * n + j]:
        return True
    opposite = d[j * n + i]
    if opposite < INF and b + opposite - ((b | opposite) & 1) < LE_ZERO:
        d[0] = EMPTY_MARK
        return False
    d[i * n + j] = b
    _close_through(d, n, i, j)
    return True


def constrain_op(d: DBM, n: int, i: int, j: int, op: str, c: int) -> bool:
    """Intersect with ``xi - xj op c``, op one of < <= == >= > (clock 0 is the constant 0)."""
    if op == "<=":
        return constrain(d, n, i, j, le(c))
    if op == "<":
        return constrain(d, n, i, j, lt(c))
    if op == ">=":
        return constrain(d, n, j, i, le(-c))
    if op == ">":
        return constrain(d, n, j, i, lt(-c))
    if op == "==":
        return constrain(d, n, i, j, le(c)) and constrain(d, n, j, i, le(-c))
    raise ValueError(f"not a convex clock comparison: {op}")


def intersect(d: DBM, other: DBM, n: int) -> bool:
    """Intersect with another zone of the same dimension."""
    changed = False
    for k, b in enumerate(other):
        if b < d[k]:
            d[k] = b
            changed = True
    return close(d, n) if changed else True


def up(d: DBM, n: int) -> None:
    """Let time pass by any amount: drop every upper bound (the strongest postcondition of delay)."""
    for i in range(n, n * n, n):
        d[i] = INF


def down(d: DBM, n: int) -> None:
    """Go back in time by any amount, staying non-negative: the valuations from which delay reaches ``d``."""
    for j in range(1, n):
        best = LE_ZERO
        for i in range(n + j, n * n, n):
            if d[i] < best:
                best = d[i]
        d[j] = best


def reset(d: DBM, n: int, x: int, value: int = 0) -> None:
    """Set clock x to ``value`` (>= 0)."""
    xn = x * n
    if value == 0:
        d[xn:xn + n] = d[0:n]
        for j in range(n):
            d[j * n + x] = d[j * n]
    else:
        up_v, down_v = le(value), le(-value)
        for j in range(n):
            a = d[j]
            d[xn + j] = INF if a >= INF else a + up_v - ((a | up_v) & 1)
            b = d[j * n]
            d[j * n + x] = INF if b >= INF else b + down_v - ((b | down_v) & 1)
    d[xn + x] = LE_ZERO


def free(d: DBM, n: int, x: int) -> None:
    """Forget everything about clock x but ``x >= 0``."""
    xn = x * n
    for j in range(n):
        d[xn + j] = INF
        d[j * n + x] = d[j * n]
    d[xn + x] = LE_ZERO


def is_subset(a: DBM, b: DBM) -> bool:
    """Whether zone ``a`` is included in zone ``b`` (both canonical, non-empty, same dimension)."""
    return all(map(_le, a, b))


def subtract(d: DBM, other: DBM, n: int, integral_points: bool = False) -> list[DBM]:
    """The zone minus ``other``, as disjoint canonical zones (none if ``d`` lies inside ``other``).

    Each bound of ``other`` tighter than ``d``'s cuts off the part of what is left that violates
    it. With ``integral_points`` the complement of a bound is taken over the integers (not
    ``x <= c`` is ``x >= c + 1``) and only the integer points of the difference are kept,
    which is what a question about integer time needs.
    """
    out: list[DBM] = []
    rest = d[:]
    for k, b in enumerate(other):
        if b >= rest[k]:
            continue  # this bound cuts nothing off
        i, j = divmod(k, n)
        outside = rest[:]
        nb = complement(b)
        if integral_points:
            nb = integral(nb)
        if constrain(outside, n, j, i, nb) and (not integral_points or make_integral(outside, n)):
            out.append(outside)
        if not constrain(rest, n, i, j, b):
            break
    return out


def contains(d: DBM, n: int, v: Sequence[int | float | Fraction]) -> bool:
    """Whether the valuation ``v`` (v[0] == 0, one value per clock after it) lies in the zone."""
    for i in range(n):
        vi = v[i]
        for j in range(n):
            b = d[i * n + j]
            if b >= INF:
                continue
            diff = vi - v[j]
            c = b >> 1
            if diff > c or (diff == c and not b & 1):
                return False
    return True


def make_integral(d: DBM, n: int) -> bool:
    """Shrink the zone to the closed zone with the same integer points (every ``< c`` becomes
    ``<= c - 1``); False if it has none. A closed zone with integer bounds, once canonical, has
    integer points at its vertices, so non-empty means "has an integer point"."""
    # bounds.integral, inlined: this runs for every zone the engine keeps (half the time of a call per bound
    # on a 12-clock zone)
    nd = [b if b >= INF or b & 1 else b - 1 for b in d]
    if nd == d:
        return True
    d[:] = nd
    return close(d, n)


def integer_point(d: DBM, n: int) -> list[int] | None:
    """The integer valuation of the zone that is smallest clock by clock (x1 first), or None."""
    z = d[:]
    if not make_integral(z, n):
        return None
    point = [0]
    for x in range(1, n):
        low = -(z[x] >> 1)  # row 0 holds -x <= c, closed after make_integral
        point.append(low)
        if not constrain(z, n, x, 0, le(low)):  # cannot happen for a canonical closed zone
            return None
    return point


def delays_to(d: DBM, n: int, v: Sequence[int]) -> tuple[int, int | None] | None:
    """The integer delays t >= 0 such that ``v + t`` lies in the closed zone ``d``: (lowest, highest
    or None for unbounded), or None if there is none. ``v`` is an integer valuation."""
    lo, hi = 0, None
    for i in range(1, n):
        for j in range(n):
            if i == j:
                continue
            # xi - xj stays put when both move; only bounds against x0 depend on t
            b = d[i * n + j]
            bj = d[j * n + i]
            if j == 0:
                if b < INF:  # v_i + t <= c
                    c = (b >> 1) - (0 if b & 1 else 1)
                    top = c - v[i]
                    hi = top if hi is None else min(hi, top)
                if bj < INF:  # -(v_i + t) <= c
                    c = (bj >> 1) - (0 if bj & 1 else 1)
                    lo = max(lo, -c - v[i])
            elif b < INF:
                c = (b >> 1) - (0 if b & 1 else 1)
                if v[i] - v[j] > c:
                    return None
    if hi is not None and hi < lo:
        return None
    return lo, hi


def constraints(d: DBM, n: int, names: Sequence[str]) -> list[str]:
    """The non-trivial bounds of a canonical zone as text, with clock names (names[0] unused)."""
    out: list[str] = []
    for i in range(n):
        for j in range(n):
            b = d[i * n + j]
            if i == j or b >= INF or (i == 0 and b == LE_ZERO):
                continue
            if j == 0:
                out.append(f"{names[i]}{text(b)}")
            elif i == 0:
                c = -(b >> 1)
                out.append(f"{names[j]}{'>' if not b & 1 else '>='}{c}")
            else:
                out.append(f"{names[i]}-{names[j]}{text(b)}")
    return out


__all__ = [
    "DBM", "close", "constrain", "constrain_op", "constraints", "contains", "delays_to", "dim", "down", "free",
    "integer_point", "intersect", "is_empty", "is_subset", "key", "make_integral", "reset", "subtract", "universe",
    "up", "zero",
]
