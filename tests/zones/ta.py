"""Small timed automata, explored two ways: explicit integer ticks (lifefsm's semantics today) and zones.

The explicit engine is docs/semantics.md's time in miniature: a tick adds 1 to every clock,
saturating at its cap (largest constant it is compared with, plus one), and is allowed
unless the location is urgent or its invariant fails *after* the tick; a discrete edge needs
its guard and ignores the target's invariant (time is then blocked, not the edge).

The symbolic engine is the successor relation of docs/design/symbolic-time.md, section 3:
guards are closed first (over the integers ``x < c`` is ``x <= c - 1``); a symbolic state is a
location and a zone holding the valuations at which the location can be left, i.e. its
entry zone closed under delay: ``Z`` itself (an entry that violates the invariant can still
take an edge at once) plus ``up(Z and I) and I`` for the invariant I (a union of conjunctions
of upper bounds and clock differences: such a set is closed under going back in time, so
``up`` followed by cutting is exact). Zones are widened by an extrapolation and stored with
subsumption.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import product

from lifecycle_fsm.zones import dbm, extrapolate
from lifecycle_fsm.zones.bounds import le

Widen = Callable[[dbm.DBM, int], list[dbm.DBM]]


@dataclass(frozen=True)
class Atom:
    """``x_i - x_j op c``; j = 0 for a comparison of one clock with a constant."""

    i: int
    j: int
    op: str  # < <= == >= >
    c: int

    def holds(self, v: tuple[int, ...]) -> bool:
        d = (v[self.i - 1] if self.i else 0) - (v[self.j - 1] if self.j else 0)
        return {"<": d < self.c, "<=": d <= self.c, "==": d == self.c, ">=": d >= self.c, ">": d > self.c}[self.op]

    def closed(self) -> Atom:
        """The same atom over the integers, without a strict comparison."""
        if self.op == "<":
            return Atom(self.i, self.j, "<=", self.c - 1)
        if self.op == ">":
            return Atom(self.i, self.j, ">=", self.c + 1)
        return self

    def negated(self) -> list[Atom]:
        """The closed atoms whose union is the integer complement."""
        a = self.closed()
        if a.op == "<=":
            return [Atom(a.i, a.j, ">=", a.c + 1)]
        if a.op == ">=":
            return [Atom(a.i, a.j, "<=", a.c - 1)]
        return [Atom(a.i, a.j, "<=", a.c - 1), Atom(a.i, a.j, ">=", a.c + 1)]


Conj = tuple[Atom, ...]


@dataclass(frozen=True)
class Edge:
    src: int
    dst: int
    guard: Conj
    resets: tuple[int, ...]


@dataclass(frozen=True)
class TA:
    clocks: int
    locations: int
    edges: tuple[Edge, ...]
    invariants: tuple[tuple[Conj, ...], ...]  # per location: a union of conjunctions; () means true
    urgent: tuple[bool, ...]

    def atoms(self) -> Iterable[Atom]:
        for e in self.edges:
            yield from e.guard
        for inv in self.invariants:
            for conj in inv:
                yield from conj

    def maxima(self) -> list[int]:
        """M per clock (index 0 for x0): the largest closed constant it is compared with, -1 if none."""
        m = [0] + [-1] * self.clocks
        for a in self.atoms():
            for x in (a.i, a.j):
                if x:
                    m[x] = max(m[x], abs(a.closed().c))
        return m

    def inv_holds(self, loc: int, v: tuple[int, ...]) -> bool:
        inv = self.invariants[loc]
        return not inv or any(all(a.holds(v) for a in conj) for conj in inv)


# ---- explicit integer time ---------------------------------------------------------------


def explicit(ta: TA, horizon: int | None = None) -> tuple[set[tuple[int, tuple[int, ...]]], set[int]]:
    """Reachable (location, saturated valuation) pairs, and the locations of tick-deadlocks.

    Without ``horizon`` clocks saturate at their caps (exact without clock differences). With
    it, clocks are exact and time stops at ``horizon`` (clock x1 is then the global time)."""
    m = ta.maxima()
    caps = [m[x] + 1 for x in range(1, ta.clocks + 1)]
    init = (0, (0,) * ta.clocks)
    seen = {init}
    queue = deque([init])
    dead: set[int] = set()
    while queue:
        loc, v = queue.popleft()
        moved = False
        for e in ta.edges:
            if e.src == loc and all(a.holds(v) for a in e.guard):
                moved = True
                nxt = (e.dst, tuple(0 if x + 1 in e.resets else val for x, val in enumerate(v)))
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        ticked = tuple(val + 1 if horizon is not None else min(val + 1, cap) for val, cap in zip(v, caps))
        can_tick = not ta.urgent[loc] and ta.inv_holds(loc, ticked)
        if horizon is not None and ticked and ticked[0] > horizon:
            can_tick = False
        if can_tick and ticked != v:
            moved = True
            if (loc, ticked) not in seen:
                seen.add((loc, ticked))
                queue.append((loc, ticked))
        if not moved:
            dead.add(loc)
    return seen, dead


# ---- zones ------------------------------------------------------------------------------------


def apply(z: dbm.DBM, n: int, atoms: Iterable[Atom]) -> bool:
    for a in atoms:
        a = a.closed()
        if not dbm.constrain_op(z, n, a.i, a.j, a.op, a.c):
            return False
    return True


def delay_closure(ta: TA, loc: int, z: dbm.DBM) -> list[dbm.DBM]:
    n = ta.clocks + 1
    if ta.urgent[loc]:
        return [z]
    inv = ta.invariants[loc] or ((),)
    out = [z]
    for first in inv:
        w = z[:]
        if not apply(w, n, first):
            continue
        dbm.up(w, n)
        for second in inv:
            p = w[:]
            if apply(p, n, second):
                out.append(p)
    return out


def symbolic(ta: TA, widen: Widen) -> dict[int, list[dbm.DBM]]:
    """Location -> the zones stored for it (none included in another one stored before it)."""
    n = ta.clocks + 1
    stored: dict[int, list[dbm.DBM]] = {}
    queue: deque[tuple[int, dbm.DBM]] = deque()

    def add(loc: int, entry: dbm.DBM) -> None:
        for piece in delay_closure(ta, loc, entry):
            for z in widen(piece, n):
                have = stored.setdefault(loc, [])
                if any(dbm.is_subset(z, old) for old in have):
                    continue
                have.append(z)
                queue.append((loc, z))

    add(0, dbm.zero(ta.clocks))
    while queue:
        loc, z = queue.popleft()
        for e in ta.edges:
            if e.src != loc:
                continue
            w = z[:]
            if not apply(w, n, e.guard):
                continue
            for x in e.resets:
                dbm.reset(w, n, x)
            add(e.dst, w)
    return stored


def widening(kind: str, ta: TA) -> Widen:
    """The extrapolation ``kind`` with the automaton's constants."""
    m = ta.maxima()
    lower, upper = [0] + [-1] * ta.clocks, [0] + [-1] * ta.clocks
    diagonals: list[tuple[int, int, int]] = []
    for a in ta.atoms():
        a = a.closed()
        if a.i and a.j:
            if a.op in ("<=", "=="):
                diagonals.append((a.i, a.j, le(a.c)))
            if a.op in (">=", "=="):
                diagonals.append((a.j, a.i, le(-a.c)))
            continue
        x, is_upper = (a.i, a.op in ("<=", "==")) if a.i else (a.j, a.op in (">=", "=="))
        lower_bound = a.op in (">=", "==") if a.i else a.op in ("<=", "==")
        if is_upper:
            upper[x] = max(upper[x], a.c if a.i else -a.c)
        if lower_bound:
            lower[x] = max(lower[x], a.c if a.i else -a.c)

    def one(f: Callable[[dbm.DBM, int], None]) -> Widen:
        def w(z: dbm.DBM, n: int) -> list[dbm.DBM]:
            f(z, n)
            return [z]
        return w

    if kind == "none":
        return lambda z, n: [z]
    if kind == "M":
        return one(lambda z, n: extrapolate.extra_m(z, n, m))
    if kind == "M+":
        return one(lambda z, n: extrapolate.extra_m_plus(z, n, m))
    if kind == "LU":
        return one(lambda z, n: extrapolate.extra_lu(z, n, lower, upper))
    if kind == "LU+":
        return one(lambda z, n: extrapolate.extra_lu_plus(z, n, lower, upper))
    if kind == "split":
        return lambda z, n: extrapolate.split_extra_m(z, n, m, diagonals)
    raise ValueError(kind)


def integer_points(ta: TA, stored: dict[int, list[dbm.DBM]]) -> set[tuple[int, tuple[int, ...]]]:
    """The (location, saturated integer valuation) pairs the zones contain (saturation at M + 1)."""
    m = ta.maxima()
    caps = [m[x] + 1 for x in range(1, ta.clocks + 1)]
    n = ta.clocks + 1
    out: set[tuple[int, tuple[int, ...]]] = set()
    for loc, zones in stored.items():
        for vals in product(*(range(c + 1) for c in caps)):
            for z in zones:
                w = z[:]
                ok = True
                for x, (val, cap) in enumerate(zip(vals, caps), start=1):
                    ok = dbm.constrain_op(w, n, x, 0, ">=" if val == cap else "==", val)
                    if not ok:
                        break
                if ok and dbm.make_integral(w, n):
                    out.add((loc, vals))
                    break
    return out


def deadlocks(ta: TA, stored: dict[int, list[dbm.DBM]]) -> set[int]:
    """Locations with a tick-deadlock, decided on zones: an integer valuation where no edge is
    enabled and a tick is blocked (urgent, or the invariant fails one time unit later) or every
    clock is saturated (above M)."""
    n = ta.clocks + 1
    m = ta.maxima()
    out: set[int] = set()
    for loc, zones in stored.items():
        disabled: list[list[Atom]] = [[]]  # union of conjunctions: no outgoing edge enabled
        for e in ta.edges:
            if e.src == loc:
                negs = [b for a in e.guard for b in a.negated()]
                disabled = [c + [b] for c in disabled for b in negs]
        stuck: list[list[Atom]]  # union of conjunctions: time cannot pass, or passing changes nothing
        if ta.urgent[loc]:
            stuck = [[]]
        else:
            stuck = [[Atom(x, 0, ">=", m[x] + 1) for x in range(1, n)]]
            if ta.invariants[loc]:
                blocked: list[list[Atom]] = [[]]
                for conj in ta.invariants[loc]:
                    # this conjunction fails one unit later: one of its atoms does
                    ways = [[Atom(a.i, 0, ">=", a.closed().c)] if a.j == 0 else a.negated() for a in conj]
                    blocked = [c + [b] for c in blocked for w in ways for b in w]
                stuck += blocked
        for z in zones:
            if any(_meets(z, n, d + s) for d in disabled for s in stuck):
                out.add(loc)
                break
    return out


def _meets(z: dbm.DBM, n: int, atoms: list[Atom]) -> bool:
    w = z[:]
    return apply(w, n, atoms) and dbm.make_integral(w, n)
