"""lf_dbm.h, the native zone operations, against the Python reference (lifecycle_fsm/zones/dbm.py and
extrapolate.py): the header is compiled alone with thin exported wrappers, and every operation must
give the same matrix, bound for bound, on random canonical zones (and on random non-canonical
matrices for the Floyd-Warshall closure)."""

from __future__ import annotations

import ctypes
import subprocess
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from zones.strategies import constraint, examples, zone_pairs, zones

from lifecycle_fsm.native.build import CSRC, FLAGS, find_compiler
from lifecycle_fsm.zones import dbm, extrapolate
from lifecycle_fsm.zones.bounds import INF, le, lt

EXAMPLES = examples(250)
C_INF = 2**31 - 1

WRAPPERS = r"""
#include "lf_dbm.h"
#define X __attribute__((visibility("default")))
X int w_close(lf_bound *d, int n) { return lf_dbm_close(d, n); }
X int w_constrain(lf_bound *d, int n, int i, int j, lf_bound b) { return lf_dbm_constrain(d, n, i, j, b); }
X int w_intersect(lf_bound *d, const lf_bound *o, int n) { return lf_dbm_intersect(d, o, n); }
X void w_up(lf_bound *d, int n) { lf_dbm_up(d, n); }
X void w_down(lf_bound *d, int n) { lf_dbm_down(d, n); }
X void w_reset(lf_bound *d, int n, int x, int v) { lf_dbm_reset(d, n, x, v); }
X void w_free(lf_bound *d, int n, int x) { lf_dbm_free(d, n, x); }
X int w_is_subset(const lf_bound *a, const lf_bound *b, int n) { return lf_dbm_is_subset(a, b, n); }
X int w_make_integral(lf_bound *d, int n) { return lf_dbm_make_integral(d, n); }
X int w_has_integer_point(const lf_bound *d, int n) {
    lf_bound w[256];
    return lf_dbm_has_integer_point(d, n, w);
}
X void w_extra_lu(lf_bound *d, int n, const int32_t *l, const int32_t *u, int plus) {
    lf_bound row0[16];
    lf_dbm_extra_lu(d, n, l, u, plus, row0);
}
X unsigned long long w_hash(const lf_bound *d, int n) { return lf_dbm_hash(d, n); }
X void w_zero(lf_bound *d, int n) { lf_dbm_zero(d, n); }
X void w_universe(lf_bound *d, int n) { lf_dbm_universe(d, n); }
"""


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ctypes.CDLL]:
    work = tmp_path_factory.mktemp("dbm")
    src, out = work / "dbm.c", work / "dbm.so"
    src.write_text(WRAPPERS, encoding="utf-8")
    cc = find_compiler()
    r = subprocess.run([*cc.argv, *FLAGS, "-O2", "-Wall", "-I", str(CSRC), str(src), "-o", str(out)],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    yield ctypes.CDLL(str(out))


def to_c(d: dbm.DBM) -> ctypes.Array[ctypes.c_int32]:
    return (ctypes.c_int32 * len(d))(*(C_INF if b >= INF else b for b in d))


def from_c(a: ctypes.Array[ctypes.c_int32]) -> dbm.DBM:
    return [INF if b == C_INF else b for b in a]


def same(lib: ctypes.CDLL, name: str, d: dbm.DBM, py: Callable[[dbm.DBM], object], *args: object) -> None:
    """``py`` on a copy of ``d`` and the C wrapper ``name`` on another: same result, same matrix
    (the matrix of an emptied zone only has to be marked empty in both)."""
    mine = d[:]
    want = py(mine)
    theirs = to_c(d)
    got = getattr(lib, name)(theirs, *args)
    if want is not None:
        assert bool(got) == bool(want), name
    if want is False:
        assert dbm.is_empty(from_c(theirs)) and dbm.is_empty(mine)
    else:
        assert from_c(theirs) == mine, name


@EXAMPLES
@given(zones(top=6), st.data())
def test_constrain_up_down_reset_free(lib: ctypes.CDLL, z: tuple[dbm.DBM, int], data: st.DataObject) -> None:
    d, n = z
    i, j, op, c = data.draw(constraint(n, top=6))
    b = {"<=": le(c), "<": lt(c), ">=": le(-c), ">": lt(-c), "==": le(c)}[op]
    if op in (">=", ">"):
        i, j = j, i
    same(lib, "w_constrain", d, lambda e: dbm.constrain(e, n, i, j, b), n, i, j, b)
    same(lib, "w_up", d, lambda e: dbm.up(e, n), n)
    same(lib, "w_down", d, lambda e: dbm.down(e, n), n)
    x = data.draw(st.integers(1, n - 1))
    v = data.draw(st.integers(0, 5))
    same(lib, "w_reset", d, lambda e: dbm.reset(e, n, x, v), n, x, v)
    same(lib, "w_free", d, lambda e: dbm.free(e, n, x), n, x)
    same(lib, "w_make_integral", d, lambda e: dbm.make_integral(e, n), n)
    assert bool(lib.w_has_integer_point(to_c(d), n)) == dbm.make_integral(d[:], n)


@EXAMPLES
@given(zone_pairs())
def test_intersection_inclusion_and_hash(lib: ctypes.CDLL, pair: tuple[dbm.DBM, dbm.DBM, int]) -> None:
    d, e, n = pair
    same(lib, "w_intersect", d, lambda x: dbm.intersect(x, e, n), to_c(e), n)
    assert bool(lib.w_is_subset(to_c(d), to_c(e), n)) == dbm.is_subset(d, e)
    lib.w_hash.restype = ctypes.c_ulonglong
    if d == e:
        assert lib.w_hash(to_c(d), n) == lib.w_hash(to_c(e), n)


@EXAMPLES
@given(st.integers(1, 3), st.data())
def test_closure_of_any_matrix(lib: ctypes.CDLL, k: int, data: st.DataObject) -> None:
    n = k + 1
    d = dbm.universe(k)
    for idx in range(n * n):
        i, j = divmod(idx, n)
        if i != j and data.draw(st.booleans()):
            d[idx] = data.draw(st.integers(-9, 9))
    same(lib, "w_close", d, lambda e: dbm.close(e, n), n)


@EXAMPLES
@given(zones(top=6), st.data())
def test_extrapolation(lib: ctypes.CDLL, z: tuple[dbm.DBM, int], data: st.DataObject) -> None:
    d, n = z
    lower = [0] + [data.draw(st.integers(-1, 5)) for _ in range(n - 1)]
    upper = [0] + [data.draw(st.integers(-1, 5)) for _ in range(n - 1)]
    cl, cu = (ctypes.c_int32 * n)(*lower), (ctypes.c_int32 * n)(*upper)
    same(lib, "w_extra_lu", d, lambda e: extrapolate.extra_lu(e, n, lower, upper), n, cl, cu, 0)
    same(lib, "w_extra_lu", d, lambda e: extrapolate.extra_lu_plus(e, n, lower, upper), n, cl, cu, 1)


def test_zero_and_universe(lib: ctypes.CDLL) -> None:
    for k in (1, 3):
        n = k + 1
        a = (ctypes.c_int32 * (n * n))()
        lib.w_zero(a, n)
        assert from_c(a) == dbm.zero(k)
        lib.w_universe(a, n)
        assert from_c(a) == dbm.universe(k)

