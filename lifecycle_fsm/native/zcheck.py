"""The zone graph searched and judged in C (zprint.py, csrc/lf_zengine.c) in the shapes
zones/check.py's ``Verdicts`` reads: a graph (completeness, counts, the first model error, paths
to nodes, the first deadlocked node) and what ``Judging`` would have found (first violations,
errors, witnesses, overflows). The nodes stay in C; a counterexample reads its path only.
``zone_runner`` is what ``check_symbolic(native=...)`` takes, ``cell_runner`` what its ``cells=``
takes (the leads-to checks' cell graphs built in C, zprint.NativeCells); pipeline.py passes both
for ``--engine auto`` and ``native``: the zones layer does not import this one.

tests/zones/test_native_zones.py keeps the C judgments equal to ``Judging``'s node for node, and
tests/zones/test_native_check.py the verdicts and traces of the two paths of ``check_symbolic``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..checker.build import Plan
from ..checker.interp import step
from ..checker.memory import MemoryBound
from ..messages import say
from ..zones import dbm
from ..zones.concrete import concrete_run, erring
from ..zones.engine import NodeView
from .build import NativeUnavailable
from .cexpr import TooWide
from .zprint import STATUS, NativeCells, NativeZones, ZGraph

Where = tuple[int, int]
# the search statuses a verdict can be built from (complete, stopped at the node bound or at the
# memory bound) and the stop reason each gives; the others (an invariant's model error, a path too
# deep, an allocation that failed) are left to the Python engine
USABLE = {0: "", 1: "max-states", 7: "memory"}


@dataclass
class NativeJudging:
    """What ``check.Judging`` holds after a search, read from the native one."""

    viol: dict[int, Where] = field(default_factory=dict)
    perr: dict[int, Where] = field(default_factory=dict)
    witness: dict[int, int] = field(default_factory=dict)
    gave_up: set[int] = field(default_factory=set)


class NativeGraph:
    """What ``Verdicts`` reads of ``engine.Graph``, from a native search left open in C."""

    def __init__(self, run: NativeZones, zg: ZGraph):
        self.run, self.plan = run, run.plan
        self.complete = zg.status == 0
        self.stop = USABLE[zg.status]
        self.transitions, self.depth, self.size = zg.transitions, zg.depth, zg.size
        self.deadlock = zg.deadlock if zg.deadlock >= 0 else None
        self.errors: list[tuple[int, int, str]] = []
        first = run.first_error()
        if first is not None:
            node, move = first
            outs = concrete_run(self.plan, run.path(node), erring(self.plan, move))
            assert outs is not None, "no integer run reaches the model error"
            x = outs[-1].next if outs else self.plan.init
            assert x is not None
            o = step(self.plan, x, self.plan.moves[move])
            self.errors.append((node, move, o.error if o is not None and o.error else "model error"))

    def path(self, k: int) -> list[int]:
        return self.run.path(k)

    def stored(self) -> int:
        return self.size

    def discrete(self, mask: int) -> int:
        return self.run.discrete(mask)

    def first_deadlock(self, deadlocked: Callable[[int, dbm.DBM], bool]) -> int | None:
        """The first deadlocked node (judged in C: ``deadlocked`` is the Python graph's test)."""
        return self.deadlock

    def entries(self) -> Iterator[tuple[int, dbm.DBM]]:
        """Every node's discrete state and zone, read one at a time from C."""
        return (self.run.node(k)[:2] for k in range(self.size))

    def view(self) -> NodeView:
        return self.run.view()

    def close(self) -> None:
        self.run.close()


def judged(plan: Plan, zg: ZGraph) -> NativeJudging:
    """The native search's findings keyed as ``Judging`` keys them: a property's first (node,
    move) over its checks (-1: the node itself, 0: a tick), witnesses per reachable check."""
    j = NativeJudging(gave_up=set(zg.gave_up))
    invs, reach = plan.checks.invariants, plan.checks.reach

    def first(d: dict[int, Where], pid: int, where: Where) -> None:
        if pid not in d or where < d[pid]:
            d[pid] = where

    for q, c in enumerate(invs):
        if zg.found[q] >= 0:
            first(j.viol, c.pid, (zg.found[q], -1))
    for q, c in enumerate([*invs, *reach]):
        if zg.erred[q] >= 0:
            first(j.perr, c.pid, (zg.erred[q], -1))
    for i in range(len(reach)):
        if zg.found[len(invs) + i] >= 0:
            j.witness[i] = zg.found[len(invs) + i]
    for pid, where in zg.step_viol.items():
        first(j.viol, pid, where)
    for pid, where in zg.step_err.items():
        first(j.perr, pid, where)
    return j


Runner = Callable[[Plan, "int | None", MemoryBound], "tuple[NativeGraph, NativeJudging] | None"]


def zone_runner(notice: Callable[[str], None], opt: str = "-O1") -> Runner:
    """``check_symbolic``'s native search: the graph and findings of ``plan`` (at most
    ``max_states`` nodes, its store within ``memory``), or None after a notice where it cannot
    answer (no compiler, a plan outside the native slice, a search that cannot finish in C). ``opt``:
    the module's optimisation level (-O0 for a caller whose searches are small: it compiles in half
    the time)."""

    def run(plan: Plan, max_states: int | None, memory: MemoryBound) -> tuple[NativeGraph, NativeJudging] | None:
        try:
            zones = NativeZones(plan, max_states, opt, memory=memory)
        except (NativeUnavailable, TooWide) as e:
            notice(say("checker.symbolic-native-off", why=str(e)))
            return None
        zg = zones.graph(fetch=False)
        if zg.status not in USABLE:
            zones.close()
            notice(say("checker.symbolic-native-off", why=STATUS.get(zg.status, str(zg.status))))
            return None
        return NativeGraph(zones, zg), judged(plan, zg)

    return run


def cell_runner(notice: Callable[[str], None], opt: str = "-O1") -> Callable[[Plan, MemoryBound], NativeCells | None]:
    """``check_symbolic``'s native cell graphs: the builder of ``plan``'s (the plan the leads-to
    checks are judged on), or None after a notice where it cannot (no compiler, a plan outside the
    native slice): zones/liveness.py's CellGraph builds them then. Each check's cells stay within
    what ``memory`` leaves."""

    def run(plan: Plan, memory: MemoryBound) -> NativeCells | None:
        try:
            return NativeCells(plan, opt=opt, memory=memory)
        except (NativeUnavailable, TooWide) as e:
            notice(say("checker.symbolic-cells-native-off", why=str(e)))
            return None

    return run


__all__ = ["USABLE", "NativeGraph", "NativeJudging", "cell_runner", "judged", "zone_runner"]
