"""The native symbolic search, first slice: reachability of (discrete state, zone) pairs.

The module is the step program of ``stepgen`` in mode ``zsucc`` printed by the tick engine's
printer (cprint.py): clock comparisons become ``lf_catom`` calls (cexpr.py), resets ``lf_zreset``,
each move is wrapped in ``lf_begin``; ``lf_model_inv`` and ``lf_model_urgent`` are the leaf
invariants and the urgent leaves; the runtime is csrc/lf_zengine.c
(docs/design/symbolic-time.md, 9.1). ``zsearch`` gives what ``zones.engine.explore`` gives
(tests/zones/test_native_zones.py compares them node for node), and judges what Judging judges
without splitting a zone for it: the invariant and reachable checks on each node's zone, the
ordering monitors (fields of the discrete state, as in zones/check.py), the only-when
conditions (on the step's pre-zone, csrc/lf_zengine.c) and the stable checks (over a tick and
over each step) and deadlock on each node. Liveness and counterexamples are not in this slice.

Names from the spec appear only in comments, through ``escape.c_comment``.
"""

from __future__ import annotations

import ctypes
import gc
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..checker.build import Plan
from ..checker.exprs import Memo
from ..checker.memory import MemoryBound
from ..checker.moves import Live
from ..checker.program import Nodes
from ..checker.props import Binding, LiveCheck
from ..checker.stepgen import invariant_program, predicate_program, step_program
from ..escape import c_comment
from ..zones import dbm
from ..zones.bounds import INF
from ..zones.engine import NodeView, Symbolic
from ..zones.liveness import Built, Cells

if TYPE_CHECKING:
    from ..zones.check import ZoneGraph
from .build import load_module
from .cexpr import TooWide
from .cprint import _final, _Printer, _text
from .ctables import hex_word, words_of
from .run import budget as room_under  # (NativeCells has a parameter named budget)

__all__ = ["CELL_MEMORY", "NativeCells", "cell_budget", "NativeZones", "ZGraph", "print_zmodule", "zsearch"]

STATUS = {0: "complete", 1: "stopped at the node bound", 2: "an invariant hit a model error",
          3: "more clock atoms on one path than the runtime follows", 4: "out of memory",
          5: "a clock compared with a constant beyond 2^29",
          6: "a path's clock atoms left no values before the step (a runtime bug)",
          7: "stopped at the memory bound"}
C_INF = 2**31 - 1


def per_clock(values: list[int]) -> ctypes.Array[ctypes.c_int32]:
    """A per-clock constant (Symbolic.m, Symbolic.caps) as the C runtime takes it: index 0 unused."""
    return (ctypes.c_int32 * len(values))(*[0] + list(values[1:]))


def from_c(s: ctypes.Array[ctypes.c_uint64], z: ctypes.Array[ctypes.c_int32]) -> tuple[int, dbm.DBM]:
    """A (discrete state, zone) read back from C: the state's words packed, C's infinity as INF."""
    return sum(int(w) << (64 * i) for i, w in enumerate(s)), [INF if b == C_INF else int(b) for b in z]


def c_words(x: int, words: int) -> ctypes.Array[ctypes.c_uint64]:
    """A packed state (or mask) as C holds it: ``words`` 64-bit words, the lowest first."""
    return (ctypes.c_uint64 * words)(*words_of(x, words))


def to_c(z: dbm.DBM) -> list[int]:
    """A zone's bounds as C holds them (INF as C's infinity): ``from_c``'s inverse."""
    return [C_INF if b == INF else b for b in z]


def print_zmodule(plan: Plan, live: bool = False) -> str:
    """The C text of the symbolic successor module of ``plan`` (built with ``symmetry=False``).
    ``live``: with the cell graph of its leads-to checks too (csrc/lf_zcells.c, NativeCells): the
    predicates ``lf_zl(X, 2c, s)``, Q of live check c, and ``lf_zl(X, 2c + 1, s)``, its P (Q again
    for ``eventually``, never called)."""
    if plan.symmetric:
        raise ValueError("build the plan with symmetry=False")
    for f in plan.layout.fields:
        if f.bits > 62:
            raise TooWide(f"a field of {f.bits} bits")
    nodes = Nodes()
    memo: Memo = {}  # never shared with a tick program: clock reads compile differently
    # the ordering monitors' violations and overflows are judged in the step (their state is
    # discrete: no clock atom); an only-when condition is a call of lf_zwhen in the step, judged
    # by the runtime on the step's pre-zone (so it splits no successor)
    mons = {m.pid for m in plan.checks.monitors}
    whens = {c.pid for c in plan.checks.whens}
    program = step_program(plan, Live(mons | whens, set(), False, True, set(mons)), "zsucc", nodes, memo)
    pr = _Printer(plan, program)
    steps, expand = pr.expand()
    inv, risky, urgent = invariant_program(plan, nodes, memo)
    clocks = [f for f in plan.layout.fields if f.kind == "clock"]
    clock_mask = sum(f.mask << f.offset for f in clocks)
    bits = plan.layout.total_bits
    words = max(1, (bits + 63) // 64)
    head = [f"/* lifefsm native symbolic module: system {c_comment(plan.system.name)} */",
            f"#define LF_WORDS {words}", f"#define LF_BITS {bits}", f"#define LF_NMOVES {len(plan.moves)}",
            "#define LF_NPROPS 0", f"#define LF_NCLOCKS {len(clocks)}",
            f"#define LF_ZNPIDS {len(plan.checks.props)}", "#define LF_ZPERR (1 << 20)",
            f"#define LF_NSTABLE {len(plan.checks.stable)}",
            f"#define LF_ZDEADLOCK {int(bool(plan.checks.deadlock))}",
            f"#define LF_NINV {len(plan.checks.invariants)}",
            f"#define LF_NQ {len(plan.checks.invariants) + len(plan.checks.reach)}", '#include "lf_runtime.h"', "",
            "static int lf_begin(lf_ctx *X, int move);",
            "static int lf_catom(lf_ctx *X, int i, int j, int op, int64_t value);",
            "static void lf_zreset(lf_ctx *X, int x);", "static int lf_gcheck(lf_ctx *X);",
            "static int lf_zwhen(lf_ctx *X, int i, const lf_word *s);", ""]
    out = ["static void lf_model_init(lf_word *s) {"]
    out += [f"    s[{i}] = {hex_word(w)};" for i, w in enumerate(words_of(plan.init & ~clock_mask, words)) if w]
    out += ["}", *_final(plan, pr),
            "static int lf_model_pred(int k, const lf_word *s) { (void)k; (void)s; return 2; }"]
    out += _function(pr, "static int lf_model_inv(lf_ctx *X, const lf_word *s)", inv, risky)
    out += _function(pr, "static int lf_model_urgent(const lf_word *s)", urgent, False)
    # the predicates the runtime judges on parts of zones: the state checks on each node's zone
    # (the invariant checks, then the reachable ones), the stable checks' expressions, the
    # only-when conditions (over the state before the step)
    invs, reach, stable = plan.checks.invariants, plan.checks.reach, plan.checks.stable
    out += _predicates(pr, plan, nodes, memo, "zq", [(c.expr, c.bind) for c in [*invs, *reach]])
    out += _predicates(pr, plan, nodes, memo, "zs", [(c.expr, c.bind) for c in stable])
    out += [f"static const int lf_zs_pid[{max(1, len(stable))}] = {{{', '.join(str(c.pid) for c in stable) or '0'}}};"]
    out += _predicates(pr, plan, nodes, memo, "zw", [(c.cond, c.bind) for c in plan.checks.whens])
    tail = ['#include "lf_zengine.c"']
    if live:
        out += _predicates(pr, plan, nodes, memo, "zl", [(e, c.bind) for c in plan.checks.live
                                                          for e in (c.rhs, c.lhs if c.lhs is not None else c.rhs)])
        tail.append('#include "lf_zcells.c"')
    body = [text for _, lines in steps for text in [_text(lines)]]
    return _text(head) + _text(out) + "".join(body) + _text([*expand, *tail, ""])


def _predicates(pr: _Printer, plan: Plan, nodes: Nodes, memo: Memo, tag: str,
                exprs: list[tuple[object, Binding]]) -> list[str]:
    """``lf_{tag}{i}(X, s)`` for each (expression, binding), clocks read as zone atoms (1, 0; 2 on
    a model error), the dispatcher ``lf_{tag}(X, i, s)`` and ``lf_{tag}_risky[i]`` (may it err)."""
    out: list[str] = []
    risky: list[int] = []
    for i, (expr, bind) in enumerate(exprs):
        node, may_raise = predicate_program(plan, expr, bind, nodes, memo, "zsucc")
        risky.append(int(may_raise))
        out += _function(pr, f"static int lf_{tag}{i}(lf_ctx *X, const lf_word *s)", node, may_raise)
    return out + [f"static int lf_{tag}(lf_ctx *X, int i, const lf_word *s) {{", "    switch (i) {",
                  *(f"    case {i}: return lf_{tag}{i}(X, s);" for i in range(len(exprs))),
                  "    default: (void)X; (void)s; return 2;", "    }", "}",
                  f"static const unsigned char lf_{tag}_risky[{max(1, len(exprs))}] = "
                  f"{{{', '.join(map(str, risky or [0]))}}};"]


def _function(pr: _Printer, signature: str, node: object, risky: bool) -> list[str]:
    from ..checker.program import fields_read

    pr.cx.temps = {}
    pr.ranges.node(node)  # type: ignore[arg-type]
    label = "E" if risky else None
    text = pr.cx.text(node, label)  # type: ignore[arg-type]
    lines = [signature + " {", *pr.reads(fields_read([node])), f"    return {text} ? 1 : 0;"]  # type: ignore[list-item]
    if risky:
        lines += ["E:", "    return 2;"]
    if "lf_ctx" in signature and "X" not in text:
        lines.insert(1, "    (void)X;")
    return lines + ["}"]


@dataclass
class ZGraph:
    """What the native symbolic search found: the counts of ``zones.engine.Graph`` and its nodes."""

    nodes: list[tuple[int, dbm.DBM]]
    parent: list[tuple[int, int]]
    discrete: int
    transitions: int
    depth: int
    errors: int
    status: int
    size: int = 0  # the number of nodes, fetched or not
    # per state check (the plan's invariant checks, then its reachable checks): the first node
    # where it is found (an invariant check false, a reachable one true) and the first node where
    # it hits a model error, on some integer point of the node's zone; -1: none
    found: tuple[int, ...] = ()
    erred: tuple[int, ...] = ()
    # the checks of steps (ordering monitors, only-when conditions): pid -> the first (node, move)
    # whose step violates it, the first whose condition hits a model error; the pids whose monitor
    # overflowed
    step_viol: dict[int, tuple[int, int]] = field(default_factory=dict)
    step_err: dict[int, tuple[int, int]] = field(default_factory=dict)
    gave_up: frozenset[int] = frozenset()
    deadlock: int = -1  # the first node with a deadlocked integer point (the plan checks deadlock)

    @property
    def complete(self) -> bool:
        return self.status == 0


class NativeZones:
    """One native symbolic search of ``plan``, its results kept in C until ``close`` (the module's
    store is global: one search at a time). Raises TooWide when the plan is not in this slice,
    NativeUnavailable without a C compiler."""

    def __init__(self, plan: Plan, max_nodes: int | None = None, opt: str = "-O1", memory: MemoryBound | None = None):
        """``memory``: the bound the process must stay under; the store of nodes and zones gets what
        it leaves once the module is loaded (None: no bound)."""
        self.plan = plan
        self.lib = load_module(print_zmodule(plan), opt=opt).lib
        max_bytes = (room_under(memory) or 0) if memory is not None else 0  # 0: no bound
        sym = Symbolic(plan)
        self.n = sym.n
        self.words = max(1, (plan.layout.total_bits + 63) // 64)
        m = per_clock(sym.m)
        self.stats = (ctypes.c_int64 * 5)()
        self.lib.lf_zsearch.restype = ctypes.c_int
        self.status = int(self.lib.lf_zsearch(m, ctypes.c_int64(max_nodes or 0), ctypes.c_int64(max_bytes),
                                              self.stats))

    def node(self, k: int) -> tuple[int, dbm.DBM, int, int]:
        """Node ``k``: (discrete state, zone, parent node, move)."""
        s = (ctypes.c_uint64 * self.words)()
        z = (ctypes.c_int32 * (self.n * self.n))()
        pm = (ctypes.c_int64 * 2)()
        self.lib.lf_znode(ctypes.c_int64(k), s, z, pm)
        return (*from_c(s, z), int(pm[0]), int(pm[1]))

    def path(self, k: int) -> list[int]:
        """The move ids from the initial node to node ``k`` (zones.engine.Graph.path)."""
        moves: list[int] = []
        while k > 0:
            _, _, k, mv = self.node(k)
            moves.append(mv)
        return moves[::-1]

    def first_error(self) -> tuple[int, int] | None:
        """The first (node, move) whose step hits a model error on an integer point."""
        out = (ctypes.c_int64 * 2)()
        self.lib.lf_zerror(out)
        return (int(out[0]), int(out[1])) if out[0] >= 0 else None

    def discrete(self, mask: int) -> int:
        """How many distinct discrete states the nodes have, masked by ``mask``."""
        total = int(self.stats[0])
        cmask = c_words(mask, self.words)
        self.lib.lf_zdistinct.restype = ctypes.c_int64
        counted = int(self.lib.lf_zdistinct(cmask))
        if counted >= 0:
            return counted
        out = (ctypes.c_uint64 * max(1, total * self.words))()
        self.lib.lf_zstates(cmask, out)
        w = self.words
        return len({tuple(out[k * w:(k + 1) * w]) for k in range(total)})

    def view(self) -> NodeView:
        """The store's nodes as memory (valid until ``close``), for the cell graphs (NativeCells)."""
        states, zones = ctypes.c_void_p(), ctypes.c_void_p()
        shape = (ctypes.c_int64 * 4)()
        self.lib.lf_zview(ctypes.byref(states), ctypes.byref(zones), shape)
        return NodeView(states.value or 0, int(shape[0]), zones.value or 0, int(shape[1]), int(shape[2]),
                        int(shape[3]))

    def graph(self, fetch: bool = True) -> ZGraph:
        plan, lib, stats = self.plan, self.lib, self.stats
        nodes: list[tuple[int, dbm.DBM]] = []
        parent: list[tuple[int, int]] = []
        for k in range(stats[0] if fetch else 0):
            s, z, up, mv = self.node(k)
            nodes.append((s, z))
            parent.append((up, mv))
        nq = len(plan.checks.invariants) + len(plan.checks.reach)
        found, erred = (ctypes.c_int64 * max(1, nq))(), (ctypes.c_int64 * max(1, nq))()
        lib.lf_zchecks(found, erred)
        npids = len(plan.checks.props)
        vnode, vmove, enode, emove, over = ((ctypes.c_int64 * max(1, npids))() for _ in range(5))
        lib.lf_zsteps(vnode, vmove, enode, emove, over)
        lib.lf_zdeadlock.restype = ctypes.c_int64
        step_viol = {pid: (int(vnode[pid]), int(vmove[pid])) for pid in range(npids) if vnode[pid] >= 0}
        step_err = {pid: (int(enode[pid]), int(emove[pid])) for pid in range(npids) if enode[pid] >= 0}
        return ZGraph(nodes, parent, int(stats[1]), int(stats[2]), int(stats[3]), int(stats[4]), self.status,
                      int(stats[0]), tuple(found[:nq]), tuple(erred[:nq]), step_viol, step_err,
                      frozenset(pid for pid in range(npids) if over[pid]), int(lib.lf_zdeadlock()))

    def close(self) -> None:
        self.lib.lf_zfree()


def zsearch(plan: Plan, max_nodes: int | None = None, opt: str = "-O1", fetch: bool = True) -> ZGraph:
    """Compile ``plan``'s symbolic module, search and read everything back (NativeZones).
    ``fetch=False`` leaves the nodes in C (counts only: the Python copy of each zone costs more
    than its search)."""
    run = NativeZones(plan, max_nodes, opt)
    try:
        return run.graph(fetch)
    finally:
        run.close()


# Memory the cells of one native leads-to check may take before the tick check decides it, and the
# cell budget that follows from it: a cell costs its zone twice in C (the cell's, and the entry zone
# memoized for the edges into it: 4 bytes a bound, n * n bounds), plus about 2 KB of tables, edges
# and the graph read back into Python (measured on the pod at its defaults, 20 x 20 zones: 2.5 GB
# resident at 500,000 cells, 5 KB a cell). So about 800,000 cells at the pod's defaults, 1.6 million
# at n_init=0 n_side=0 (9 x 9), at most 5 million whatever the clocks; less where --max-memory leaves
# less (at least 1,000); the Python CellGraph's budget (liveness.CELL_BUDGET) is 2,000 cells.
CELL_MEMORY = 4 * 2**30


def cell_budget(n: int, memory: int = CELL_MEMORY) -> int:
    """The native cell budget for zones of ``n`` x ``n`` bounds in ``memory`` bytes (at most CELL_MEMORY;
    at least 1,000 cells)."""
    return max(1_000, min(5_000_000, min(memory, CELL_MEMORY) // (8 * n * n + 2048)))


class NativeCells:
    """The cell graphs of ``plan``'s leads-to checks built in C (csrc/lf_zcells.c), the same graphs
    as zones/liveness.py's CellGraph.build (tests/zones/test_native_cells.py). ``plan`` is the one
    the cells are built on (``checker.liveness.model_plan`` of the checked plan: no ordering
    monitors). One graph at a time stays in C, until the next ``build`` or ``close``. Raises TooWide
    when the plan is not in the native slice, NativeUnavailable without a C compiler."""

    def __init__(self, plan: Plan, budget: int | None = None, opt: str = "-O1", memory: MemoryBound | None = None):
        """``budget``: cells a check may have (None: ``cell_budget`` of what ``memory``, the bound the
        process must stay under, leaves once the module is loaded; CELL_MEMORY without a bound)."""
        self.plan = plan
        self.lib = load_module(print_zmodule(plan, live=True), opt=opt).lib
        self.sym = Symbolic(plan)
        self.n = self.sym.n
        room = (room_under(memory) or CELL_MEMORY) if memory is not None else CELL_MEMORY
        self.budget = budget if budget is not None else cell_budget(self.n, room)
        self.words = max(1, (plan.layout.total_bits + 63) // 64)
        self.lib.lf_zcells.restype = ctypes.c_int
        self.size = 0

    def build(self, check: LiveCheck, zones: ZoneGraph) -> Built | None:
        """The cell graph of ``check`` (one of ``plan.checks.live``) as liveness.Built, from the nodes
        of ``zones``, the zone graph of the checked plan (read in place when it is native, else copied
        here); TooManyCells beyond ``self.budget`` cells, EvalError where the Python build raises it
        (a model error); None where the runtime cannot build it (a path with too many clock atoms, a
        constant beyond 2^29, memory): the Python build decides then."""
        from ..evaluate import EvalError
        from ..zones.liveness import TooManyCells, fair_units

        plan, sym, lib, n = self.plan, self.sym, self.lib, self.n
        index = plan.checks.live.index(check)
        units = fair_units(sym, check.fair)
        fair = (ctypes.c_ubyte * len(plan.moves))(*[int(mv.id in units and mv.id > 0) for mv in plan.moves])
        m, caps = per_clock(sym.m), per_clock(sym.caps)
        stats = (ctypes.c_int64 * 3)()
        keep: object = None  # the arrays of a copied graph, alive until the call returns
        view = NodeView(0, 0, 0, 0, self.words, n) if check.lhs is None else zones.view()  # eventually: no nodes
        if view is None or (view.words, view.dim) != (self.words, n):
            view, keep = self.packed(zones)
        cmask = c_words(plan.layout.model_mask, self.words)
        status = int(lib.lf_zcells(index, int(check.lhs is not None), fair, m, caps, ctypes.c_int64(self.budget),
                                   cmask, ctypes.c_void_p(view.states), ctypes.c_int64(view.stride),
                                   ctypes.c_void_p(view.zones), ctypes.c_int64(view.count), stats))
        del keep
        size, nedges, nunits = int(stats[0]), int(stats[1]), int(stats[2])
        self.size = size
        if status == 8:
            raise TooManyCells(size, self.budget)
        if status == 7:
            raise EvalError("a model error in the cell graph")
        if status != 0:
            return None
        eoff, uoff = (ctypes.c_int64 * (size + 1))(), (ctypes.c_int64 * (size + 1))()
        emove, etarget = (ctypes.c_int32 * max(1, nedges))(), (ctypes.c_int64 * max(1, nedges))()
        uval = (ctypes.c_int32 * max(1, nunits))()
        sat = (ctypes.c_ubyte * max(1, size * n))()
        bad, root = (ctypes.c_ubyte * max(1, size))(), (ctypes.c_ubyte * max(1, size))()
        lib.lf_zcell_graph(eoff, emove, etarget, uoff, uval, sat, bad, root)
        em, et, uv, so = list(emove), list(etarget), list(uval), bytes(sat)
        eo, uo = list(eoff), list(uoff)
        g = Cells()
        collecting = gc.isenabled()
        gc.disable()  # millions of new tuples and sets, none of them garbage: a fifth of the time went to the collector
        try:
            g.edges = [list(zip(em[eo[k]:eo[k + 1]], et[eo[k]:eo[k + 1]])) for k in range(size)]
            g.units = [frozenset(uv[uo[k]:uo[k + 1]]) for k in range(size)]
            g.saturated = [frozenset(x for x in range(1, n) if so[k * n + x]) for k in range(size)]
        finally:
            if collecting:
                gc.enable()
        flags = bytes(root)[:size]
        return Built(g, size, bytes(bad)[:size], [k for k in range(size) if flags[k]])

    def packed(self, zones: ZoneGraph) -> tuple[NodeView, object]:
        """The nodes of ``zones`` copied into C arrays (a Python zone graph): their view, and what holds them."""
        nodes = list(zones.entries())
        w, n = self.words, self.n
        states = (ctypes.c_uint64 * max(1, len(nodes) * w))(*[x for s, _ in nodes for x in words_of(s, w)])
        bounds = (ctypes.c_int32 * max(1, len(nodes) * n * n))(*[b for _, z in nodes for b in to_c(z)])
        view = NodeView(ctypes.addressof(states), 8 * w, ctypes.addressof(bounds), len(nodes), w, n)
        return view, (states, bounds)

    def cell(self, k: int) -> tuple[int, dbm.DBM]:
        """Cell ``k`` of the last graph built: (discrete state, zone)."""
        s = (ctypes.c_uint64 * self.words)()
        z = (ctypes.c_int32 * (self.n * self.n))()
        self.lib.lf_zcell(ctypes.c_int64(k), s, z)
        return from_c(s, z)

    def close(self) -> None:
        self.lib.lf_zcells_free()
