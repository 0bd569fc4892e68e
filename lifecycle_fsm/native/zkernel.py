"""Extra_M for the Python zone engine, in C: csrc/lf_dbm.h's ``lf_dbm_extra_lu`` on a zone of
zones/dbm.py, compiled once (a module of a few lines, the same for every model; cached like the
others by build.py).

Why: widening and the Floyd-Warshall closure it needs are the Python zone engine's largest cost on
a model with many clocks. On a projection of spec/pod.lfsm for `lifefsm pod` (16 clocks, 1,139 zones)
they were about 40% of the search; in C they cost the conversion of the matrix and back
(docs/performance.md, "lifefsm pod"). The answer is the same matrix, bound for bound: lf_dbm.h is
kept equal to extrapolate.py by tests/native/test_dbm.py, and this wrapper by
tests/native/test_zkernel.py.

``load()`` gives the kernel, or None where it cannot be built (no compiler, nowhere to build): the
caller then widens in Python (zones/engine.Symbolic.extrapolate), with the same result. The zones
layer never imports this module; the caller hands the kernel over (``Symbolic.kernel``).
"""

from __future__ import annotations

import ctypes
from array import array
from collections.abc import Sequence

from ..zones.bounds import INF
from .build import ABI_VERSION, NativeUnavailable, Pending, start_module

# the largest dimension (clocks + 1) the wrapper takes; a wider zone is widened in Python
MAX_DIM = 64
# finite bounds the C encoding holds without overflow in a sum (lf_dbm.h: constants within +-2^29)
LIMIT = 1 << 30

SOURCE = r"""
/* lifefsm's Extra_M kernel for the Python zone engine (lifecycle_fsm/native/zkernel.py) */
#include <stdint.h>
#include "lf_dbm.h"
#define X __attribute__((visibility("default")))
#define PY_INF ((int64_t)1 << 62)
#define LIMIT ((int64_t)1 << 30)
#define MAX_DIM 64

/* Extra_M with one bound per clock (m[0] ignored) on a canonical zone in the Python encoding
 * (64-bit bounds, "no bound" = 2^62), in place; -1 (the zone untouched) when it is wider than
 * MAX_DIM or holds a bound the 32-bit encoding cannot. */
X int lfk_extra_m(int64_t *d, int n, const int32_t *m) {
    lf_bound w[MAX_DIM * MAX_DIM], row0[MAX_DIM];
    if (n < 1 || n > MAX_DIM) return -1;
    for (int k = 0; k < n * n; k++) {
        int64_t b = d[k];
        if (b >= PY_INF) w[k] = LF_INF;
        else if (b >= LIMIT || b <= -LIMIT) return -1;
        else w[k] = (lf_bound)b;
    }
    lf_dbm_extra_lu(w, n, m, m, 0, row0);
    for (int k = 0; k < n * n; k++) d[k] = w[k] == LF_INF ? PY_INF : (int64_t)w[k];
    return 0;
}

/* what build.py's loader asks every module: the ABI version first (the rest unused here) */
X void lf_info(int64_t *out) {
    for (int k = 0; k < 16; k++) out[k] = 0;
    out[0] = @ABI@;
}
""".replace("@ABI@", str(ABI_VERSION))


class Kernel:
    """Extra_M in C on zones of zones/dbm.py."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self._f = lib.lfk_extra_m
        self._f.argtypes = (ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
        self._f.restype = ctypes.c_int
        self._m: tuple[tuple[int, ...], array[int]] | None = None  # the last m, and as C reads it

    def extra_m(self, d: list[int], n: int, m: Sequence[int]) -> bool:
        """Widen ``d`` (canonical, n x n) with Extra_M in place, as extrapolate.extra_m does; False (``d``
        untouched) where the kernel cannot take it: the caller widens in Python then."""
        key = tuple(m)  # compared by value: a caller may change its list between calls
        if self._m is None or self._m[0] != key:
            if len(key) != n or any(not -LIMIT < c < LIMIT for c in key):
                return False
            self._m = (key, array("i", key))
        mm = self._m[1]
        if len(mm) != n:
            return False
        buf = array("q", d)
        if self._f(buf.buffer_info()[0], n, mm.buffer_info()[0]) != 0:
            return False
        d[:] = buf
        return True


class _Build:
    """The kernel of this process: not started, compiling (``pending``), or done (``kernel``; None: cannot be)."""

    pending: Pending | None = None
    done = False
    kernel: Kernel | None = None


def start() -> None:
    """Start compiling the kernel, if it is not in the cache: the compiler runs while the caller goes on
    (the reference model's loading, commands/podmodel.py); ``load()`` waits for it."""
    if _Build.done or _Build.pending is not None:
        return
    try:
        _Build.pending = start_module(SOURCE, opt="-O2")
    except NativeUnavailable:
        _Build.done = True


def load() -> Kernel | None:
    """The kernel (compiled once, then taken from the cache), or None where it cannot be built."""
    if not _Build.done:
        start()
        pending, _Build.pending = _Build.pending, None
        try:
            _Build.kernel = Kernel(pending.finish().lib) if pending is not None else None
        except (NativeUnavailable, AttributeError, OSError):
            _Build.kernel = None
        _Build.done = True
    return _Build.kernel


assert INF == 1 << 62, "the kernel's PY_INF is zones/bounds.py's INF"

__all__ = ["MAX_DIM", "Kernel", "load", "start"]
