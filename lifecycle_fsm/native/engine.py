"""Drive the native runtime from Python: the search in slices, its results, liveness, counts.

``NativeModule`` wraps a loaded module (build.load_module) and its ctypes signatures;
``NativeSearch`` runs one search on it the way checker/search.py's ``bfs`` runs the Python
one: in slices of about 0.1 s, between which it reports progress, asks ``should_stop`` and lets
Ctrl-C (KeyboardInterrupt) through, so both engines stop the same way, with what they learned.
Its results use the Python engine's vocabulary: state indices in search order, ``Found`` (index,
move) per property, ``-1`` for the built-in model-error property, witnesses per reach target,
traces as move ids from the initial state (replayed by the interpreter, as today).
"""

from __future__ import annotations

import ctypes
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from ..checker.memory import MemoryBound, current_usage, default_limit
from ..checker.search import Found, Progress
from ..messages import say

SLICE = 0.1  # seconds of search between returns to Python
MAX_WORDS = 64  # lf_runtime.h: LF_WORDS <= 64
MAX_MOVES = 65535
MAX_ELEMENTS = 256  # LF_SYM_MAX
MAX_BLOCK_BITS = 64

I64 = ctypes.c_int64
P = ctypes.c_void_p
_STATUS = {1: "", 2: "max-states", 3: "memory", 4: "decided"}


def layout_problem(bits: int, moves: int, blocks: list[tuple[int, int]]) -> str | None:
    """Why a model does not fit the runtime's layout (None if it does): the notice for the user.

    ``blocks``: (elements, block bits) per array reduced by symmetry."""
    if bits > 64 * MAX_WORDS:
        return say("checker.native-too-wide", what=f"{bits} bits of state, at most {64 * MAX_WORDS}")
    if moves > MAX_MOVES:
        return say("checker.native-too-wide", what=f"{moves} moves, at most {MAX_MOVES}")
    for count, width in blocks:
        if count > MAX_ELEMENTS:
            return say("checker.native-too-wide",
                       what=f"an array of {count} elements reduced by symmetry, at most {MAX_ELEMENTS}")
        if width > MAX_BLOCK_BITS:
            return say("checker.native-too-wide", what=f"{width}-bit element blocks, at most {MAX_BLOCK_BITS}")
    return None


@dataclass(frozen=True, slots=True)
class ModuleInfo:
    words: int
    bits: int
    moves: int
    props: int  # user properties; the built-in model-error property is number ``props``
    reach: int
    preds: int
    sym: int
    deadlock: bool
    record_bytes: int  # bytes of one stored state with its parent link and move id
    batch: int  # contexts (successor buffers) of a search thread: states it expands before their lookups
    slot_bytes: int  # bytes of a hash-table slot: 8 (index and hash bits) for states of up to 2 words, else 4


class NativeModule:
    """A loaded module with its ctypes signatures."""

    def __init__(self, lib: ctypes.CDLL):
        self.lib = lib
        sig = {
            "lf_new": (P, [ctypes.POINTER(I64)]),
            "lf_free": (None, [P]),
            "lf_step": (ctypes.c_int, [P, ctypes.c_double]),
            "lf_stats": (None, [P, ctypes.POINTER(I64)]),
            "lf_results": (None, [P, ctypes.POINTER(I64), ctypes.POINTER(I64), ctypes.POINTER(ctypes.c_uint8)]),
            "lf_set_open": (None, [P, ctypes.c_int, ctypes.c_int, ctypes.c_int]),
            "lf_state": (ctypes.c_int, [P, I64, ctypes.POINTER(ctypes.c_uint64)]),
            "lf_path": (I64, [P, I64, ctypes.POINTER(ctypes.c_uint16), I64]),
            "lf_layers": (I64, [P, ctypes.POINTER(I64), I64]),
            "lf_live_check": (None, [P, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.POINTER(I64)]),
            "lf_live_nodes": (I64, [P, ctypes.c_int, ctypes.POINTER(I64), I64]),
            "lf_node_state": (ctypes.c_int, [P, I64, ctypes.POINTER(ctypes.c_uint64)]),
            "lf_counts": (None, [P, ctypes.POINTER(I64)]),
        }
        for name, (res, args) in sig.items():
            fn = getattr(lib, name)
            fn.restype = res
            fn.argtypes = args
        raw = (I64 * 16)()
        lib.lf_info(raw)
        self.info = ModuleInfo(raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7], bool(raw[8]), raw[9], raw[10],
                               raw[11])


@dataclass(slots=True)
class LiveAnswer:
    """One leads-to check judged natively: the skeleton of a lasso (nodes are model states)."""

    holds: bool
    root: int = -1  # node: the first P-and-not-Q node from which not Q can last forever
    root_stored: int = -1  # index of the first stored state of that node (the stem's end)
    path: list[int] = field(default_factory=list)  # nodes after root, inside not Q, to the component
    component: list[int] = field(default_factory=list)  # nodes of the fair component
    model_errors: int = 0  # nodes where the goal predicate hits a model error


class SearchStats(NamedTuple):
    """The counters of a search, in the order the runtime's ``lf_stats`` writes them."""

    stored: int  # states stored
    transitions: int
    depth: int  # breadth-first layers completed
    status: int
    memory_bytes: int  # bytes allocated
    memory_refused: int
    expanded: int  # states expanded
    critical_us: int  # microseconds of CPU time along the critical path (the time with a free core per thread)


class NativeError(Exception):
    """The runtime could not finish an analysis (memory, or a module breaking the ABI)."""


class NativeMemoryError(NativeError, MemoryError):
    """The runtime reached its memory bound after the search (counting, liveness): the check
    stops there like a search at the bound (exit 3, what was decided kept), never a traceback."""


def default_memory_budget() -> int:
    """Bytes the runtime may allocate when no bound is given: the default ``--max-memory``
    (memory.default_limit: what the machine and its cgroup allow, with headroom for Python) less
    what this process holds already; 4 GiB if unknown."""
    limit = default_limit()
    if limit is None:
        return 4 << 30
    return max(1, limit - current_usage()[0])


_OPEN: weakref.WeakValueDictionary[int, NativeSearch] = weakref.WeakValueDictionary()  # not closed yet
_COLLECTED = [0]  # searches freed by the collector, not by close(): a leak in the caller (tests look)


def open_searches() -> tuple[int, int, int]:
    """(searches not closed yet, bytes their runtimes hold by their own accounting, searches the
    collector had to free): what a process running check after check (a sweep worker) keeps
    between checks is (0, 0, n) with n not growing."""
    live = list(_OPEN.values())
    return len(live), sum(s.stats().memory_bytes for s in live), _COLLECTED[0]


def _collected(lib: ctypes.CDLL, handle: int) -> None:
    """The last resort for a search nobody closed (its object was collected)."""
    _COLLECTED[0] += 1
    lib.lf_free(handle)


class NativeSearch:
    """One breadth-first search in a module; call ``run``, then read the results, then ``close``."""

    def __init__(self, module: NativeModule, *, threads: int = 1, max_states: int | None = None,
                 memory_limit: int | None = None, symmetry: bool = True, until_decided: bool = False,
                 closed: tuple[int, ...] = (), closed_reach: tuple[int, ...] = (), table_capacity: int = 0):
        """``closed``: properties whose checks the search skips from the start (pid; -2: the deadlock
        check); ``closed_reach``: reach targets it does not look for. A driver closes the properties
        with no check in states or steps (deadlock, reachable, leads-to), so that ``until_decided``
        can tell when everything is decided."""
        self.m = module
        self.lib = module.lib
        opts = (I64 * 6)(max(1, threads), max_states or 0,
                         memory_limit if memory_limit is not None else default_memory_budget(),
                         int(symmetry), int(until_decided), table_capacity)
        self.h = self.lib.lf_new(opts)
        if not self.h:
            raise NativeError("the memory budget cannot hold the first tables, or the symmetry tables are "
                              "beyond the runtime's limits")
        # close() frees it (check_model closes every search it ran); the finalizer is only a last resort
        self._free = weakref.finalize(self, _collected, self.lib, self.h)
        _OPEN[id(self)] = self
        for pid in closed:
            self.lib.lf_set_open(self.h, pid, 0, 0)
        for j in closed_reach:
            self.lib.lf_set_open(self.h, j, 1, 0)
        # a state limit or "until decided" stops inside a layer: the runtime searches with one thread
        self.threads = 1 if max_states or until_decided else max(1, threads)
        self.status = 0
        self.interrupted = False
        self.over_memory = False  # stopped by the resident bound checked between slices
        self.seconds = 0.0

    def close(self) -> None:
        """Free the search's memory (idempotent); nothing may be read from the search afterwards."""
        if self.h is not None:
            self._free.detach()
            self.lib.lf_free(self.h)
            self.h = None
            _OPEN.pop(id(self), None)

    def __enter__(self) -> NativeSearch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the search --
    def run(self, progress: Progress | None = None, should_stop: Callable[[], bool] | None = None,
            slice_seconds: float = SLICE, memory: MemoryBound | None = None) -> NativeSearch:
        """Search in slices until done; between slices, report ``progress``, ask ``should_stop`` and
        check ``memory`` (the process's resident size and address space: what the runtime's own
        budget does not see, such as Python's heap, stops the search too, with status "memory")."""
        t0 = time.perf_counter()
        try:
            while True:
                self.status = self.lib.lf_step(self.h, slice_seconds)
                if self.status == 5:
                    raise NativeError("the module reported more successors than moves (a bug in the module)")
                if progress is not None:
                    st = self.stats()
                    progress(st.stored, st.transitions, st.depth, time.perf_counter() - t0)
                if self.status != 0:
                    break
                if memory is not None and memory.exceeded():
                    self.over_memory = True
                    break
                if should_stop is not None and should_stop():
                    self.interrupted = True
                    break
        except KeyboardInterrupt:
            self.interrupted = True
        finally:
            self.seconds = time.perf_counter() - t0
        return self

    def stats(self) -> SearchStats:
        """The search's counters now (one call into the runtime)."""
        out = (I64 * 8)()
        self.lib.lf_stats(self.h, out)
        return SearchStats(*out)

    @property
    def complete(self) -> bool:
        return self.status == 1 and not self.interrupted and not self.over_memory

    @property
    def stop_reason(self) -> str:
        if self.interrupted:
            return "interrupted"
        if self.over_memory:
            return "memory"
        return _STATUS.get(self.status, "")

    @property
    def stored(self) -> int:
        """States stored so far (the other counters: ``stats()``)."""
        return self.stats().stored

    def results(self) -> tuple[dict[int, Found], Found | None, dict[int, int], set[int]]:
        """(first violation per property (-1: model errors), first deadlock, first witness per reach
        target, properties whose 'precedes' monitor gave up)."""
        n = self.m.info.props
        found = (I64 * (2 * (n + 2)))()
        wit = (I64 * max(1, self.m.info.reach))()
        gave = (ctypes.c_uint8 * (n + 1))()
        self.lib.lf_results(self.h, found, wit, gave)
        out: dict[int, Found] = {}
        for p in range(n + 1):
            if found[2 * p] >= 0:
                out[-1 if p == n else p] = Found(found[2 * p], found[2 * p + 1])
        dead = Found(found[2 * (n + 1)], -1) if found[2 * (n + 1)] >= 0 else None
        witnesses = {j: wit[j] for j in range(self.m.info.reach) if wit[j] >= 0}
        return out, dead, witnesses, {p if p < n else -1 for p in range(n + 1) if gave[p]}

    def state(self, index: int) -> int:
        """Stored state ``index`` as the Python engine packs it (one int)."""
        words = (ctypes.c_uint64 * self.m.info.words)()
        if not self.lib.lf_state(self.h, index, words):
            raise IndexError(index)
        return _join(words)

    def path(self, index: int) -> list[int]:
        """The move ids from the initial state to stored state ``index`` (a shortest path)."""
        cap = self.stats().depth + 2
        buf = (ctypes.c_uint16 * cap)()
        n = self.lib.lf_path(self.h, index, buf, cap)
        if n < 0:
            raise IndexError(index)
        return list(buf[:n])

    def layers(self) -> list[int]:
        """The first index of each breadth-first layer."""
        cap = self.stats().depth + 2
        buf = (I64 * cap)()
        n = self.lib.lf_layers(self.h, buf, cap)
        return list(buf[:n])

    # -- after a complete search --
    def counts(self) -> tuple[int, int | None]:
        """(model states as stored, model states without symmetry reduction): symmetry.model_counts.

        The second is None when it does not fit in 128 bits: the caller then sums the orbits of
        ``node_state(v)`` for every node v in Python (symmetry.orbit_counter)."""
        out = (I64 * 5)()
        self.lib.lf_counts(self.h, out)
        if out[4]:
            raise NativeMemoryError("out of memory counting the model states")
        if out[3]:
            return out[0], None
        return out[0], (out[2] & ((1 << 64) - 1)) << 64 | (out[1] & ((1 << 64) - 1))

    def live_check(self, lhs: int | None, rhs: int, fair: bool) -> LiveAnswer:
        """Judge ``lhs ~> rhs`` (predicate numbers; None: from the initial state only)."""
        out = (I64 * 8)()
        self.lib.lf_live_check(self.h, -1 if lhs is None else lhs, rhs, int(fair), out)
        if out[0] == 1:
            raise NativeMemoryError("out of memory in the liveness analysis")
        if out[0] == 2:
            raise NativeError("liveness needs a complete search")
        if out[0] == 3:
            raise NativeError("a successor of a node is not among the nodes (a bug in the module)")
        if out[1]:
            return LiveAnswer(True, model_errors=out[6])
        return LiveAnswer(False, out[2], out[3], self._nodes(0, out[4]), self._nodes(1, out[5]), out[6])

    def node_state(self, node: int) -> int:
        words = (ctypes.c_uint64 * self.m.info.words)()
        if not self.lib.lf_node_state(self.h, node, words):
            raise IndexError(node)
        return _join(words)

    def _nodes(self, which: int, n: int) -> list[int]:
        buf = (I64 * max(1, n))()
        got = self.lib.lf_live_nodes(self.h, which, buf, n)
        return list(buf[:got])


def _join(words: ctypes.Array[ctypes.c_uint64]) -> int:
    out = 0
    for k, w in enumerate(words):
        out |= int(w) << (64 * k)
    return out
