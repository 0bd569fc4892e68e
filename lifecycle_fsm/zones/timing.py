"""Timing bounds from the zone graph: when, by a clock, each event or signal can occur.

``timing_bounds(plan, clock, occurrences, horizon=None)`` answers "at what values of clock
``clock`` can each of ``occurrences`` happen?" over every run of the system: for each
occurrence (element gid, event or signal name) that some step makes occur, the least and
the greatest value of the clock over the integer points of the zones the step starts from.
This is the building block of a timeline (issue 16): with a clock that an observer resets
at a delete request, the bounds at TERM and SIGKILL are the earliest and the latest
second, after the request, at which each can come.

The value read is the clock's **when the step begins**, before its effects: a step that
resets the clock and makes the occurrence happen reads the value before the reset. Both
engines agree on that reading (tests/zones/test_timing.py compares this with the tick
engine's reachable states and steps).

Exactness: the zone graph is widened (Extra_M) to the largest constant each clock is
compared with, so beyond it the graph no longer tells values apart. ``horizon`` raises that
constant for the queried clock alone: values up to ``horizon`` are then exact, and an
occurrence that can happen later has ``latest`` None ("beyond the horizon"), and one that
can only happen later has ``earliest`` = horizon + 1 (a lower estimate). The graph
stays finite; it may grow with ``horizon``, but each extra value the clock can take costs a
zone split only where a step's start zone straddles it.

Steps that hit a model error are not occurrences (the check reports them as
``model_errors``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..checker.build import Plan
from ..checker.plan import Move
from . import dbm
from .bounds import INF, constant
from .engine import Err, Occ, Step, Symbolic, explore


@dataclass(frozen=True, slots=True)
class Span:
    """The values of the clock at which an occurrence can happen: ``earliest`` to ``latest``
    (None: later than the horizon, or unbounded)."""

    earliest: int
    latest: int | None

    def join(self, other: Span) -> Span:
        latest = None if self.latest is None or other.latest is None else max(self.latest, other.latest)
        return Span(min(self.earliest, other.earliest), latest)


@dataclass(frozen=True, slots=True)
class Timing:
    spans: dict[Occ, Span]  # only the occurrences some step makes happen
    horizon: int  # values up to here are exact
    nodes: int  # zone graph nodes explored
    complete: bool  # False when max_nodes stopped the exploration (spans are then lower estimates)


def clock_span(z: dbm.DBM, n: int, x: int, horizon: int) -> Span | None:
    """The least and greatest integer value of clock ``x`` in zone ``z`` (None: no integer point)."""
    w = z[:]
    if not dbm.make_integral(w, n):  # every bound non-strict and attained at an integer point
        return None
    # row 0: 0 - x <= -earliest. A start zone can put the clock's lower bound past the horizon
    # (x > c with c > horizon); the tick engine saturates the clock at horizon + 1, so cap it there.
    earliest = min(-constant(w[x]), horizon + 1)
    upper = w[x * n]  # x - 0 <= latest
    latest = None if upper >= INF or constant(upper) > horizon else constant(upper)
    return Span(earliest, latest)


class _Recorder:
    steps = True

    def __init__(self, sym: Symbolic, x: int, wanted: frozenset[Occ], horizon: int):
        self.sym, self.x, self.wanted, self.horizon = sym, x, wanted, horizon
        self.spans: dict[Occ, Span] = {}

    def node(self, k: int, s: int, z: dbm.DBM) -> None:
        pass

    def move(self, k: int, s: int, z: dbm.DBM, mv: Move, branches: list[Step]) -> None:
        for b in branches:
            if isinstance(b.world, Err):
                continue
            hits = [o for o in b.occurrences if o in self.wanted]
            if not hits:
                continue
            span = clock_span(b.start, self.sym.n, self.x, self.horizon)
            if span is None:
                continue
            for o in hits:
                old = self.spans.get(o)
                self.spans[o] = span if old is None else old.join(span)


def timing_bounds(plan: Plan, clock: tuple[int, str], occurrences: Iterable[Occ], *,
                  horizon: int | None = None, max_nodes: int | None = None) -> Timing:
    """The spans of ``clock`` (element gid, clock name) at each of ``occurrences`` (module docstring).

    ``plan`` as the symbolic check builds it (``zones.check.symbolic_plan``: no symmetry)."""
    sym = Symbolic(plan)
    if clock not in sym.x:
        raise KeyError(f"no clock {clock[1]!r} in element {clock[0]}")
    x = sym.x[clock]
    limit = sym.m[x] if horizon is None else max(sym.m[x], horizon)
    sym.m[x] = limit
    rec = _Recorder(sym, x, frozenset(occurrences), limit)
    g = explore(sym, max_nodes, rec)
    return Timing(rec.spans, limit, len(g.nodes), g.complete)


__all__ = ["Span", "Timing", "clock_span", "timing_bounds"]
