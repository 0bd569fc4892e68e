"""Breadth-first search over packed states, layer by layer, with parent links.

Storage per state: the state itself (a Python int) in one set, plus one 8-byte link
(array 'q', indexed by discovery order): its parent's index shifted left 16 bits, plus the
id of the move that reached it. States are not kept in a list unless a later phase needs them
(liveness): a trace is rebuilt by replaying moves from the initial state. Breadth-first
order makes every counterexample found a shortest one. The generated ``explore`` runs a
slice of a layer at a time, so the driver can report progress, honour an interruption and
regenerate the code when a property gets decided.
"""

from __future__ import annotations

import sys
import time
from array import array
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from .build import Plan
from .codegen import GenCache, load
from .liveness import LivenessChecker
from .memory import MemoryBound
from .moves import Live
from .symmetry import make_canon, model_counts

CHUNK = 2048  # states per slice at most
RESERVE = 32 << 20  # bytes set aside to write the result after an allocation failed
SLICE_MOVES = 1 << 16  # ... and about this many moves tried per slice: a stop request waits one slice
NO_LIMIT = 1 << 62

Progress = Callable[[int, int, int, float], None]  # states, transitions, depth, seconds


@dataclass(slots=True)
class Found:
    """Where a property was first violated: the state index, and the move (-1: in the state itself).

    For the model-error property, ``cause`` is the property whose expression hit the error (-1: a step).
    """

    index: int
    move: int
    cause: int = -1


@dataclass(slots=True)
class Outcome:
    seen: set[int]
    parents: array  # type: ignore[type-arg]  # index -> parent index << 16 | move id
    layers: list[list[int]] | None
    transitions: int = 0
    depth: int = 0
    complete: bool = True
    stop_reason: str = ""
    seconds: float = 0.0
    found: dict[int, Found] = field(default_factory=dict)  # pid -> first violation (-1: model errors)
    witnesses: dict[int, int] = field(default_factory=dict)  # index into Checks.reach -> first state found
    gave_up: set[int] = field(default_factory=set)  # pids whose precedes-monitor overflowed
    eval_errors: dict[int, Found] = field(default_factory=dict)  # pid -> first state where its expression failed

    def stop(self, reason: str) -> Outcome:
        """The search ends early: nothing is claimed complete; layers (for liveness, never judged now) go."""
        self.complete, self.stop_reason, self.layers = False, reason, None
        return self

    def close(self) -> None:
        """Free what the search holds outside Python's heap (nothing here; the native engine's store)."""

    def path(self, index: int) -> list[int]:
        """The move ids from the initial state to state ``index``."""
        out: list[int] = []
        while index > 0:
            link = self.parents[index]
            out.append(link & 0xFFFF)
            index = link >> 16
        out.reverse()
        return out

    def stored_count(self) -> int:
        """States stored."""
        return len(self.seen)

    def counts(self, plan: Plan, canon: Callable[[int], int]) -> tuple[int, int]:
        """(model states as stored, model states without symmetry reduction): symmetry.model_counts."""
        return model_counts(plan, self.seen, canon)

    def stem(self, plan: Plan, canon: Callable[[int], int], index: int) -> list[int]:
        """The stored states of the search's (shortest) path to stored state ``index`` (layers kept)."""
        assert self.layers is not None
        bases = list(accumulate((len(layer) for layer in self.layers), initial=0))
        chain = [index]
        while chain[-1] > 0:
            chain.append(self.parents[chain[-1]] >> 16)
        chain.reverse()
        out = []
        for j in chain:
            k = bisect_right(bases, j) - 1
            out.append(self.layers[k][j - bases[k]])
        return out

    def live_judge(self, plan: Plan, canon: Callable[[int], int], symmetric: bool) -> LivenessChecker:
        """What judges the leads-to checks on the explored graph (layers kept)."""
        assert self.layers is not None
        return LivenessChecker(plan, self.layers, symmetric, canon)

    def stored_bytes(self) -> int:
        """Bytes held by the visited set, its int objects, the parent links and kept layers."""
        total = sys.getsizeof(self.seen)
        total += sum(((sys.getsizeof(s) + 15) // 16) * 16 for s in self.seen)
        total += self.parents.itemsize * len(self.parents)
        if self.layers is not None:
            total += sum(sys.getsizeof(layer) for layer in self.layers)
        return total


class Recorder:
    """The callbacks the generated code makes when a check fails; keeps the first (shortest) one."""

    def __init__(self, plan: Plan, live: Live, out: Outcome):
        self.plan = plan
        self.live = live
        self.out = out
        self.changed = False
        self.overflows: dict[int, set[tuple[int, int]]] = {}  # pid -> (state index, move) where it overflowed

    def viol(self, pid: int, index: int, move: int) -> None:
        if pid not in self.out.found:
            self.out.found[pid] = Found(index, move)
        if pid == -1:
            if self.live.errors:
                self.live.errors = False
                self.changed = True
        elif pid in self.live.pids:
            self.live.pids.discard(pid)
            self.changed = True

    def perr(self, pid: int, index: int, move: int) -> None:
        """Property ``pid``'s expression hit a model error: a model error, and the property is undecided."""
        self.out.eval_errors.setdefault(pid, Found(index, move))
        self.out.found.setdefault(-1, Found(index, move, pid))
        self.live.errors = False
        self.live.pids.discard(pid)
        self.live.reach -= {j for j, c in enumerate(self.plan.checks.reach) if c.pid == pid}
        self.changed = True

    def undo(self, index: int, move: int) -> None:
        """Move ``move`` from state ``index`` hit a model error after recording violations (or a
        monitor's overflow): the step does not happen (docs/semantics.md), so they are forgotten
        and their checks go on."""
        for pid, f in list(self.out.found.items()):
            if pid >= 0 and f.index == index and f.move == move:
                del self.out.found[pid]
                self.live.pids.add(pid)
                self.changed = True
        for pid, f in list(self.out.eval_errors.items()):  # an only-when condition's, before the step
            if f.index == index and f.move == move:
                del self.out.eval_errors[pid]
                if pid not in self.out.found:
                    self.live.pids.add(pid)
                first = self.out.found.get(-1)
                if first is not None and first.cause == pid and first.index == index and first.move == move:
                    del self.out.found[-1]
                    self.live.errors = True
                self.changed = True
        for pid, where in list(self.overflows.items()):
            if (index, move) in where:
                where.discard((index, move))
                if not where:
                    del self.overflows[pid]
                    self.out.gave_up.discard(pid)
                    self.live.overflow.add(pid)
                    self.changed = True

    def dead(self, index: int) -> None:
        for pid in self.plan.checks.deadlock:
            self.out.found.setdefault(pid, Found(index, -1))
        if self.live.deadlock:
            self.live.deadlock = False
            self.changed = True

    def reach(self, j: int, index: int) -> None:
        # the generated code stops looking by itself (a flag read from live.reach): no new code needed
        self.out.witnesses.setdefault(j, index)
        self.live.reach.discard(j)

    def over(self, pid: int, index: int, move: int) -> None:
        self.overflows.setdefault(pid, set()).add((index, move))
        self.out.gave_up.add(pid)
        if pid in self.live.overflow:
            self.live.overflow.discard(pid)
            self.changed = True


def initial_live(plan: Plan) -> Live:
    c = plan.checks
    pids = {x.pid for x in c.invariants} | {m.pid for m in c.monitors} | {w.pid for w in c.whens}
    pids |= {x.pid for x in c.stable}
    return Live(pids, set(range(len(c.reach))), bool(c.deadlock), True,
                {m.pid for m in c.monitors if m.kind == "precedes"})


def bfs(plan: Plan, *, symmetric: bool, max_states: int | None = None, keep_layers: bool = False,
        progress: Progress | None = None, should_stop: Callable[[], bool] | None = None,
        mode: str = "explore", cover: Callable[[int, int, int, int], None] | None = None,
        until_decided: bool = False, memory: MemoryBound | None = None) -> Outcome:
    """Explore every reachable state of ``plan`` (up to ``max_states`` stored states, within ``memory``).

    Stops early, with what was found so far, when ``should_stop()`` says so or on Ctrl-C
    ("interrupted"), at the state limit ("max-states"), or at the memory bound ("memory").
    ``until_decided``: stop (incomplete, stop reason 'decided') once every property is decided
    (a violation or a witness found); model errors are then not looked for any further.
    """
    t0 = time.perf_counter()
    live = initial_live(plan) if mode == "explore" else Live(set(), set(), False, False, set())
    canon = make_canon(plan) if symmetric else (lambda n: n)
    init = canon(plan.init)
    out = Outcome({init}, array("q", [-1 << 16]), [] if keep_layers else None)
    rec = Recorder(plan, live, out)
    limited = max_states is not None
    cache = GenCache()
    room = (max_states - 1) if max_states is not None else NO_LIMIT
    layer = [init]
    base = 0
    chunk = max(1, min(CHUNK, SLICE_MOVES // len(plan.moves)))
    reserve = bytearray(RESERVE) if memory is not None else None  # freed to report after a failed allocation
    try:
        explore = load(plan, live, mode, symmetric, limited, cache)
        while layer:
            nxt: list[int] = []
            k = 0
            while k < len(layer):
                stop = min(len(layer), k + chunk)
                k, ntr, room, full = explore(layer, base, k, stop, nxt, out.seen, out.parents, room,
                                             rec.viol, rec.perr, rec.undo, rec.dead, rec.over, cover, rec.reach,
                                             live.reach)
                out.transitions += ntr
                if rec.changed:
                    rec.changed = False
                    explore = load(plan, live, mode, symmetric, limited, cache)
                if full:
                    return out.stop("max-states")
                if progress is not None:
                    progress(len(out.seen), out.transitions, out.depth, time.perf_counter() - t0)
                if should_stop is not None and should_stop():
                    return out.stop("interrupted")
                if memory is not None and memory.exceeded():
                    return out.stop("memory")
                if until_decided and not (live.pids or live.reach or live.deadlock or plan.checks.live):
                    return out.stop("decided")
            if out.layers is not None:
                out.layers.append(layer)
            base += len(layer)
            layer = nxt
            if layer:
                out.depth += 1
    except KeyboardInterrupt:
        out.stop("interrupted")
    except MemoryError:
        del reserve
        layer = nxt = []
        out.stop("memory")
    finally:
        out.seconds = time.perf_counter() - t0
    return out
