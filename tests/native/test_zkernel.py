"""native/zkernel.py, Extra_M in C for the Python zone engine, against zones/extrapolate.py: the same
matrix, bound for bound, on random canonical zones; and the cases it hands back to Python untouched."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from zones.strategies import examples, zones

from lifecycle_fsm.native import zkernel
from lifecycle_fsm.zones import dbm, extrapolate
from lifecycle_fsm.zones.bounds import INF, le

EXAMPLES = examples(250)


def kernel() -> zkernel.Kernel:
    k = zkernel.load()
    assert k is not None, "the kernel did not build (the conftest found a compiler)"
    return k


@EXAMPLES
@given(zones(top=6), st.data())
def test_the_kernel_widens_as_extra_m(z: tuple[dbm.DBM, int], data: st.DataObject) -> None:
    d, n = z
    m = [0] + [data.draw(st.integers(-1, 5)) for _ in range(n - 1)]
    mine, theirs = d[:], d[:]
    extrapolate.extra_m(mine, n, m)
    assert kernel().extra_m(theirs, n, m)
    assert theirs == mine


@EXAMPLES
@given(zones(clocks=5, top=40), st.integers(0, 3600))
def test_wide_zones_and_large_constants(z: tuple[dbm.DBM, int], big: int) -> None:
    d, n = z
    m = [0, big, 3, -1, 30, big // 2]
    mine, theirs = d[:], d[:]
    extrapolate.extra_m(mine, n, m)
    assert kernel().extra_m(theirs, n, m)
    assert theirs == mine


def test_a_changed_list_of_constants_is_read_again() -> None:
    """The kernel keeps the last constants as C reads them; a caller's list changed in place (the pod
    projections raise one clock's constant) must be seen."""
    k = kernel()
    n = 3
    m = [0, 1, 1]
    d = dbm.zero(2)
    dbm.up(d, n)
    dbm.constrain(d, n, 0, 1, le(-5))  # x1 >= 5
    first = d[:]
    assert k.extra_m(first, n, m)
    m[1] = 10
    again, want = d[:], d[:]
    assert k.extra_m(again, n, m)
    extrapolate.extra_m(want, n, m)
    assert again == want != first


def test_what_the_kernel_cannot_take_is_left_to_python() -> None:
    k = kernel()
    wide = zkernel.MAX_DIM + 1
    d = dbm.zero(wide - 1)
    before = d[:]
    assert not k.extra_m(d, wide, [0] * wide)
    assert d == before
    n = 2
    huge = dbm.universe(1)
    huge[1 * n + 0] = le(1 << 40)  # x1 <= 2^40: beyond the C encoding
    before = huge[:]
    assert not k.extra_m(huge, n, [0, 5])
    assert huge == before
    assert not k.extra_m(dbm.zero(1), n, [0, 1 << 40])  # a constant beyond it
    assert not k.extra_m(dbm.zero(1), n, [0, 1, 2])  # constants for another dimension
    assert INF == 1 << 62
