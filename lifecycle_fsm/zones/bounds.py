"""Bounds of a difference-bound matrix, each a (constant, strictness) pair packed in one int.

A bound limits a difference of two clocks: ``x - y <= c`` or ``x - y < c``. It is stored as
``2*c + 1`` for ``<= c`` and ``2*c`` for ``< c`` (the encoding of UPPAAL's DBM library), so
that bounds compare as ints in the order of the sets they allow: ``< c`` is tighter than
``<= c``, which is tighter than ``< c+1``. ``INF`` stands for "no bound"; it is never added.
Python's ``>>`` and ``&`` on negative ints follow two's complement, so negative constants need
no special case: ``<= -2`` is ``-3``, ``< -2`` is ``-4``.
"""

from __future__ import annotations

INF = 1 << 62  # no bound; fits array('q') so that zones encode as bytes
LE_ZERO = 1  # <= 0: the diagonal of a non-empty zone, and "clock >= 0" in row 0
LT_ZERO = 0  # < 0


def le(c: int) -> int:
    """The bound ``<= c``."""
    return (c << 1) | 1


def lt(c: int) -> int:
    """The bound ``< c``."""
    return c << 1


def constant(b: int) -> int:
    """The constant of a finite bound."""
    return b >> 1


def is_strict(b: int) -> bool:
    return not b & 1


def add(a: int, b: int) -> int:
    """The bound on ``x - z`` implied by ``a`` on ``x - y`` and ``b`` on ``y - z``: strict if either is."""
    if a >= INF or b >= INF:
        return INF
    return a + b - ((a | b) & 1)


def complement(b: int) -> int:
    """The bound of the complement, on the opposite difference: not (x - y <= c) is (y - x < -c)."""
    return 1 - b


def integral(b: int) -> int:
    """The same bound over integer valuations, made non-strict: ``< c`` becomes ``<= c - 1``."""
    return b if b >= INF or b & 1 else b - 1


def text(b: int) -> str:
    if b >= INF:
        return "<inf"
    return f"{'<' if is_strict(b) else '<='}{constant(b)}"
