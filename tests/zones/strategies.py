"""Hypothesis strategies for zones: random canonical zones built by the library's own operations."""

from __future__ import annotations

import os

from hypothesis import settings
from hypothesis import strategies as st

from lifecycle_fsm.zones import dbm

OPS = ("<", "<=", "==", ">=", ">")

# How many examples the property tests draw: "suite" (the default) keeps tests/zones at a few
# seconds of CPU in the whole suite; LIFEFSM_ZONES_EXAMPLES=deep draws ten times as many, for a
# change to lifecycle_fsm/zones.
_SCALE = {"suite": 0.4, "deep": 4.0}[os.environ.get("LIFEFSM_ZONES_EXAMPLES", "suite")]


def examples(n: int) -> settings:
    """Hypothesis settings drawing ``n`` examples at the deep level (scaled for the suite)."""
    return settings(max_examples=max(10, round(n * _SCALE)), deadline=None)


@st.composite
def zones(draw: st.DrawFn, clocks: int | None = None, top: int = 4) -> tuple[dbm.DBM, int]:
    """A non-empty canonical zone over 1-3 clocks (or ``clocks``), with constants up to ``top``:
    the zero or the universal zone, then a few constraints, delays and resets."""
    k = clocks if clocks is not None else draw(st.integers(1, 3))
    n = k + 1
    d = dbm.zero(k) if draw(st.booleans()) else dbm.universe(k)
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(("constrain", "constrain", "up", "reset")))
        if kind == "up":
            dbm.up(d, n)
        elif kind == "reset":
            dbm.reset(d, n, draw(st.integers(1, k)))
        else:
            i, j = draw(st.integers(0, k)), draw(st.integers(0, k))
            if i == j:
                continue
            e = d[:]
            if dbm.constrain_op(e, n, i, j, draw(st.sampled_from(OPS)), draw(st.integers(-top, top))):
                d = e
    return d, n


@st.composite
def constraint(draw: st.DrawFn, n: int, top: int = 4) -> tuple[int, int, str, int]:
    i = draw(st.integers(0, n - 1))
    j = draw(st.integers(0, n - 1).filter(lambda x: x != i))
    return i, j, draw(st.sampled_from(OPS)), draw(st.integers(-top, top))


@st.composite
def zone_pairs(draw: st.DrawFn, clocks: int | None = None) -> tuple[dbm.DBM, dbm.DBM, int]:
    """Two zones over the same clocks."""
    k = clocks if clocks is not None else draw(st.integers(1, 3))
    d, n = draw(zones(clocks=k))
    e, _ = draw(zones(clocks=k))
    return d, e, n
