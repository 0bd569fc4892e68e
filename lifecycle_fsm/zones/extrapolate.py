"""Extrapolation: widen a zone so that only finitely many zones arise, whatever the constants.

Forward exploration of zones need not terminate (a clock that is never reset gives x >= 1,
x >= 2, ...). Beyond the largest constant a clock is compared with, its exact value cannot
be observed, so zones are widened there (Behrmann, Bouyer, Larsen and Pelanek, "Lower and
upper bounds in zone-based abstractions of timed automata", STTT 8(3), 2006):

* ``extra_m`` (Extra_M) and ``extra_m_plus`` (Extra+_M) use one bound M(x) per clock, the
  largest constant x is compared with. Extra_M(Z) stays inside the union of the M-regions
  that meet Z (a bisimulation), so every property that regions cannot tell apart is
  preserved: location reachability, and also "no edge is enabled here" (deadlocks), the
  enabledness of each edge (fairness), and the integer points (up to saturation at M + 1).
  Extra+_M is coarser and only preserves reachability (a simulation).
* ``extra_lu`` (Extra_LU) and ``extra_lu_plus`` (Extra+_LU) separate L(x), the largest
  constant in a lower bound (x > c, x >= c), from U(x), the largest in an upper bound
  (x < c, x <= c). They are coarser still and sound for reachability and for Buchi
  emptiness (Tripakis, ACM TOCL 10(3), 2009), because they are simulations, not
  bisimulations: a valuation in the widened zone is simulated by a reachable one, which
  can do at least as much, maybe more. So they do NOT preserve the absence of an edge
  (deadlock) unless every guard is counted in both L and U, which makes them Extra_M.

A bound of ``NO_BOUND`` (-1) means the clock is never compared that way ("minus infinity"):
with M(x) = NO_BOUND the clock is forgotten (``dbm.free``). The constants of clock 0 are
ignored (taken as 0).

Clock differences (``x - y <= c`` in guards) break all four: a widened zone can then reach
locations the automaton cannot (Bouyer, "Forward analysis of updatable timed automata",
FMSD 24(3), 2004). ``split_extra_m`` is the remedy of Bengtsson and Yi (2004, section 5):
split the zone along each difference constraint, widen each part with Extra_M, and put back
the difference constraints that the part satisfied. M must then count the constants of the
difference constraints for both of their clocks.

Every function takes a canonical non-empty zone and leaves it canonical (and non-empty: a
widened zone contains the original).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .bounds import INF, LE_ZERO, complement, le, lt
from .dbm import DBM, close, constrain

NO_BOUND = -1


def _widen(d: DBM, n: int, rule: Callable[[int, int, int], int]) -> None:
    """Replace every off-diagonal bound b at (i, j) by ``rule(i, j, b)``, then close if any changed.

    The rules read the zone as it was (row 0 is copied by the caller when a rule needs it):
    the definitions of Behrmann et al. apply them simultaneously."""
    changed = False
    for i in range(n):
        base = i * n
        for j in range(n):
            if i != j:
                b = d[base + j]
                new = rule(i, j, b)
                if new != b:
                    d[base + j] = new
                    changed = True
    if changed:
        close(d, n)


def extra_lu(d: DBM, n: int, lower: Sequence[int], upper: Sequence[int]) -> None:
    """Extra_LU: drop ``xi - xj`` bounds above L(xi); raise those below -U(xj) to ``< -U(xj)``."""

    def rule(i: int, j: int, b: int) -> int:
        li = lower[i] if i else 0
        uj = upper[j] if j else 0
        if i and b < INF and (li < 0 or b > le(li)):
            return INF
        if uj < 0:
            return INF if i else LE_ZERO
        return lt(-uj) if b < lt(-uj) else b

    _widen(d, n, rule)


def extra_lu_plus(d: DBM, n: int, lower: Sequence[int], upper: Sequence[int]) -> None:
    """Extra+_LU: as Extra_LU, and also drop every bound of a clock already above its L (its row)
    or, in rows other than 0, of a clock already above its U (its column)."""
    row0 = d[:n]

    def above(x: int, c: int) -> bool:  # clock x's lower bound (row 0, before widening) exceeds c
        return c < 0 or row0[x] < lt(-c)

    def rule(i: int, j: int, b: int) -> int:
        li = lower[i] if i else 0
        uj = upper[j] if j else 0
        if i and (li < 0 or above(i, li) or (b < INF and b > le(li))):
            return INF
        if j and above(j, uj):
            return INF if i else (LE_ZERO if uj < 0 else lt(-uj))
        return b

    _widen(d, n, rule)


def extra_m(d: DBM, n: int, m: Sequence[int]) -> None:
    """Extra_M: Extra_LU with L = U = M."""
    extra_lu(d, n, m, m)


def extra_m_plus(d: DBM, n: int, m: Sequence[int]) -> None:
    """Extra+_M: Extra+_LU with L = U = M."""
    extra_lu_plus(d, n, m, m)


def split_extra_m(d: DBM, n: int, m: Sequence[int], diagonals: Sequence[tuple[int, int, int]]) -> list[DBM]:
    """Extra_M made sound for clock differences: the zones whose union is the widened ``d``.

    ``diagonals``: every difference constraint ``xi - xj <= / < c`` of the automaton as
    (i, j, bound), i and j both clocks. The zone is split so that each part satisfies each
    constraint or its negation; each part is widened, then cut back to those constraints.
    """
    parts: list[tuple[DBM, list[tuple[int, int, int]]]] = [(d[:], [])]
    for i, j, b in diagonals:
        nxt: list[tuple[DBM, list[tuple[int, int, int]]]] = []
        for z, kept in parts:
            inside = z[:]
            if constrain(inside, n, i, j, b):
                nxt.append((inside, kept + [(i, j, b)]))
            outside = z[:]
            if constrain(outside, n, j, i, complement(b)):
                nxt.append((outside, kept + [(j, i, complement(b))]))
        parts = nxt
    out: list[DBM] = []
    for z, kept in parts:
        extra_m(z, n, m)
        for i, j, b in kept:
            constrain(z, n, i, j, b)
        out.append(z)
    return out
