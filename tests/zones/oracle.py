"""A brute-force oracle for zone operations: membership of single valuations, by definition.

Each ``in_*`` function says whether a valuation belongs to the result of an operation on a
zone, using only ``dbm.contains`` on the operand (membership in a matrix, read straight off
its bounds). Values are dyadic fractions (halves, quarters, their midpoints), which floats
hold and add exactly at these sizes: exact, and much faster than ``Fraction``.

The existential ones (delay, reset, free) search a finite set of candidates that is
complete: the values of the existential variable that keep the valuation in the zone form
an interval whose ends are among ``ends``; a non-empty interval then contains one of the
ends, a midpoint of two consecutive ones, or a point past the last one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import product

from lifecycle_fsm.zones.bounds import INF
from lifecycle_fsm.zones.dbm import DBM, contains

Val = Sequence[float]


def constants(d: DBM) -> set[int]:
    return {b >> 1 for b in d if b < INF}


def exists(ends: set[float], ok: Callable[[float], bool], low: float = 0.0) -> bool:
    """Whether some value >= ``low`` satisfies ``ok``, given that those that do form an interval
    whose ends are in ``ends``."""
    pts = sorted(e for e in ends | {low} if e >= low)
    cands = list(pts) + [(a + b) / 2 for a, b in zip(pts, pts[1:])] + [pts[-1] + 1]
    return any(ok(c) for c in cands)


def in_up(d: DBM, n: int, v: Val) -> bool:
    """v = w + t for some w in d and t >= 0 (w stays non-negative)."""
    cs = constants(d)
    ends = {v[i] - c for i in range(1, n) for c in cs} | {v[i] + c for i in range(1, n) for c in cs}
    top = min(v[1:]) if n > 1 else 0.0
    ends.add(top)
    return exists(ends, lambda t: t <= top and contains(d, n, [x - t if k else x for k, x in enumerate(v)]))


def in_down(d: DBM, n: int, v: Val) -> bool:
    """v + t in d for some t >= 0."""
    cs = constants(d)
    ends = {c - v[i] for i in range(1, n) for c in cs} | {-c - v[i] for i in range(1, n) for c in cs}
    return exists(ends, lambda t: contains(d, n, [x + t if k else x for k, x in enumerate(v)]))


def _some_value(d: DBM, n: int, v: Val, x: int) -> bool:
    cs = constants(d)
    ends = {v[j] + c for j in range(n) for c in cs} | {v[j] - c for j in range(n) for c in cs}
    return exists(ends, lambda r: contains(d, n, [r if k == x else y for k, y in enumerate(v)]))


def in_reset(d: DBM, n: int, v: Val, x: int) -> bool:
    """v[x] == 0 and v with some other value of x is in d."""
    return v[x] == 0 and _some_value(d, n, v, x)


def in_free(d: DBM, n: int, v: Val, x: int) -> bool:
    return _some_value(d, n, v, x)


def grid(clocks: int, top: int, step: float = 0.5) -> Iterator[list[float]]:
    """Every valuation with values 0, step, 2*step, ..., top (with the leading 0 of clock x0);
    ``step`` a power of two."""
    count = int(top / step) + 1
    values = [step * k for k in range(count)]
    for vs in product(values, repeat=clocks):
        yield [0.0, *vs]
