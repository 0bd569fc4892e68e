"""Zones: sets of clock valuations as difference-bound matrices, for symbolic (dense) time.

``bounds`` packs a bound (constant, strict) into one int; ``dbm`` holds the zone operations
(canonical form, constraints, delay, reset, inclusion, difference, integer points); ``extrapolate`` the
widenings that make the number of zones independent of the size of the constants. The
design that uses them, and what each preserves, is docs/design/symbolic-time.md.
"""

from .bounds import INF, LE_ZERO, LT_ZERO, le, lt
from .dbm import (
    DBM,
    close,
    constrain,
    constrain_op,
    contains,
    delays_to,
    down,
    free,
    integer_point,
    intersect,
    is_empty,
    is_subset,
    key,
    make_integral,
    reset,
    subtract,
    universe,
    up,
    zero,
)
from .extrapolate import NO_BOUND, extra_lu, extra_lu_plus, extra_m, extra_m_plus, split_extra_m

__all__ = [
    "DBM", "INF", "LE_ZERO", "LT_ZERO", "NO_BOUND", "close", "constrain", "constrain_op", "contains", "delays_to",
    "down", "extra_lu", "extra_lu_plus", "extra_m", "extra_m_plus", "free", "integer_point", "intersect",
    "is_empty", "is_subset", "key", "le", "lt", "make_integral", "reset", "split_extra_m", "subtract", "universe",
    "up", "zero",
]
