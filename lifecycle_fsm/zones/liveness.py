"""Leads-to and eventually on zones: a time-abstract graph whose size does not grow with the constants.

The tick semantics (docs/semantics.md, "Liveness and fairness") is judged on the graph of
integer states; here the same question is asked of a finite abstraction of it built from zones:

* a **cell** is a (discrete state, zone) pair whose integer points agree on everything the
  fairness check reads: P and Q, the enabledness (source leaf and guard) of every move of a
  fair unit, whether a tick is allowed (no urgent leaf, the invariants hold one tick later),
  for each clock whether it is saturated (at or above its cap) and, where neither the tick nor
  a fair unit is enabled, the enabledness of every other move (whether the cell stutters). Cells come from the delay
  closure of each entry zone (engine.py), cut along those predicates and widened with Extra_M
  (the tick engine's caps: integer points saturated at the caps are what is stored);
* its edges are the moves (the post of the cell, closed under delay and cut again) and the
  tick (the cell one tick later). A tick that stays inside a cell is a self-loop;
* only what a counterexample can pass is built: the cells of the parts of the zone graph's nodes
  (they hold every reachable integer state) where P holds and Q does not, and what is reachable
  from them through cells where Q does not hold (a cell where Q holds is kept, without edges: it
  ends every run that matters). ``eventually`` starts from the initial state at the origin. The
  zone graph is built anyway for the safety properties; from it, a check of ``delete ~> gone``
  costs the cells after a delete, not those of every start, restart and probe before it.

Every integer state lies in some cell and each of its steps is matched by an edge to a cell
holding the successor (a simulation with uniform labels), so a fair run of the tick engine
that stays in not-Q gives a fair cycle of cells. The converse fails for cycles that need time
to stand still: a self-loop tick on a cell bounded above cannot be taken forever. So a
candidate component must either be fair with discrete edges only (finitely many ticks), or
keep a tick in a part where every clock that no edge of it resets is saturated (infinitely
many ticks make every clock that is never reset grow past its cap): the time-divergence
condition of timed automata, at integer time. When no candidate is reachable from a state
satisfying P and not Q, the property holds, at a cost that follows the cells, not the
constants. A candidate may still be spurious (a cycle of cells need not be a cycle of
states); its verdict and lasso are then taken from the tick check of that one property, so
a violation costs what the tick check costs (``check.py``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .. import model as ir
from ..checker.graph import Graph, reach_good
from ..checker.interp import World, binding_self
from ..checker.props import LiveCheck
from . import dbm
from .bounds import INF
from .engine import Symbolic, has_integer_point

Cutter = Callable[[int, dbm.DBM], list[dbm.DBM]]  # a zone cut into parts uniform for one predicate


def translated(z: dbm.DBM, n: int, k: int) -> dbm.DBM:
    """The zone ``k`` ticks later (every clock plus k; a translation keeps the matrix canonical)."""
    d = z[:]
    for i in range(1, n):
        if d[i * n] < INF:
            d[i * n] += 2 * k
        d[i] -= 2 * k
    return d


@dataclass
class Cells:
    """The cell graph of one leads-to check: node k is ``cells[k]`` = (discrete state, zone)."""

    cells: list[tuple[int, dbm.DBM]] = field(default_factory=list)
    edges: list[list[tuple[int, int]]] = field(default_factory=list)  # (move id, target cell); tick = 0
    units: list[frozenset[int]] = field(default_factory=list)  # move ids enabled in the cell (tick = 0)
    saturated: list[frozenset[int]] = field(default_factory=list)  # clocks at or above their caps
    by_state: dict[int, list[int]] = field(default_factory=dict)


class CellGraph:
    """Builds the cells of one check (module docstring); EvalError when a step or P/Q hits a model error."""

    def __init__(self, sym: Symbolic, check: LiveCheck):
        self.sym, self.check = sym, check
        self.moves = [mv for mv in sym.plan.moves if mv.transition is not None]
        self.cutters: list[Cutter] = [self.cut_expr(check.rhs)]
        if check.lhs is not None:
            self.cutters.append(self.cut_expr(check.lhs))
        fair = fair_units(sym, check.fair)
        self.cutters += [self.cut_move(mv.id) for mv in self.moves if mv.id in fair]
        self.cutters += [self.cut_tick] + [self.cut_cap(x) for x in range(1, sym.n)]
        # the other moves matter only where nothing fair can happen: is it a stutter?
        self.fair_moves = [mv for mv in self.moves if mv.id in fair]
        self.still: list[Cutter] = [self.cut_move(mv.id) for mv in self.moves if mv.id not in fair]
        self.g = Cells()
        self.entries: dict[tuple[int, bytes], list[int]] = {}  # (state, entry zone) -> its cells
        self.exact: dict[tuple[int, bytes], int] = {}  # (state, cell zone) -> cell

    # ---- the predicates a cell is uniform for --------------------------------------------------

    def value(self, s: int, z: dbm.DBM, e: ir.Expr) -> bool:
        """The value of ``e`` on a cell (uniform by construction)."""
        w = World(self.sym.plan, s)
        bound: dict[str, object] = {v: self.sym.plan.instances[g] for v, g in self.check.bind.bound}
        return bool(self.sym.feval(w, e, binding_self(self.sym.plan, self.check.bind), bound, z[:])[0][0])

    def cut_expr(self, e: ir.Expr) -> Cutter:
        def cut(s: int, z: dbm.DBM) -> list[dbm.DBM]:
            w = World(self.sym.plan, s)
            bound: dict[str, object] = {v: self.sym.plan.instances[g] for v, g in self.check.bind.bound}
            return [p for _, p in self.sym.feval(w, e, binding_self(self.sym.plan, self.check.bind), bound, z)]
        return cut

    def cut_move(self, move: int) -> Cutter:
        def cut(s: int, z: dbm.DBM) -> list[dbm.DBM]:
            return [p for _, p in self.sym.enabled(s, z, self.sym.plan.moves[move])] or [z]
        return cut

    def cut_tick(self, s: int, z: dbm.DBM) -> list[dbm.DBM]:
        split = self.sym.invariant_split(s, translated(z, self.sym.n, 1))
        if split is None:
            return [z]
        return [translated(p, self.sym.n, -1) for p in split[0] + split[1]]

    def cut_cap(self, x: int) -> Cutter:
        def cut(s: int, z: dbm.DBM) -> list[dbm.DBM]:
            out = []
            for op, c in ((">=", self.sym.caps[x]), ("<=", self.sym.caps[x] - 1)):
                p = z[:]
                if dbm.constrain_op(p, self.sym.n, x, 0, op, c):
                    out.append(p)
            return out
        return cut

    def tick_allowed(self, s: int, z: dbm.DBM) -> bool:
        split = self.sym.invariant_split(s, translated(z, self.sym.n, 1))
        return split is not None and any(has_integer_point(p, self.sym.n) for p in split[0])

    # ---- building --------------------------------------------------------------------------------

    def pieces(self, s: int, z: dbm.DBM) -> list[dbm.DBM]:
        """The uniform cells (with integer points) of a widened zone."""
        parts = [z]
        for cut in self.cutters:
            parts = [q for p in parts for q in cut(s, p) if has_integer_point(q, self.sym.n)]
        out: list[dbm.DBM] = []
        for p in parts:
            if self.tick_allowed(s, p) or any(ok for mv in self.fair_moves for ok, _ in self.sym.enabled(s, p[:], mv)):
                out.append(p)
                continue
            more = [p]  # no tick, no fair unit: cut along the other moves, to find the stutters exactly
            for cut in self.still:
                more = [q for r in more for q in cut(s, r) if has_integer_point(q, self.sym.n)]
            out.extend(more)
        return out

    def add(self, s: int, entry: dbm.DBM) -> list[int]:
        """The cells of the delay closure of ``entry`` at ``s`` (new ones appended); their indices."""
        memo = (s, dbm.key(entry))
        if memo in self.entries:
            return self.entries[memo]
        g, sym, out = self.g, self.sym, []
        for z in sym.delay(s, entry):
            sym.extrapolate(z)
            for c in self.pieces(s, z):
                have = g.by_state.setdefault(s, [])
                k = self.exact.get((s, dbm.key(c)))
                if k is None:
                    k = next((k for k in have if dbm.is_subset(c, g.cells[k][1])), None)
                if k is None:
                    self.exact[(s, dbm.key(c))] = len(g.cells)
                    k = len(g.cells)
                    have.append(k)
                    g.cells.append((s, c))
                    g.edges.append([])
                    g.units.append(frozenset())
                    g.saturated.append(frozenset())
                out.append(k)
        self.entries[memo] = list(dict.fromkeys(out))
        return self.entries[memo]

    def roots(self, s: int, z: dbm.DBM) -> list[dbm.DBM]:
        """The parts of a zone-graph node (``s`` masked to the model) where P holds and Q does not."""
        assert self.check.lhs is not None
        return [q for p in self.cut_expr(self.check.rhs)(s, z[:]) for q in self.cut_expr(self.check.lhs)(s, p)
                if has_integer_point(q, self.sym.n) and self.value(s, q, self.check.lhs)
                and not self.value(s, q, self.check.rhs)]

    def build(self, nodes: Iterable[tuple[int, dbm.DBM]]) -> Cells:
        """The cells a run that matters can pass: from the initial cells for ``eventually``, else from
        the parts of the zone graph's ``nodes`` (discrete state masked to the model, zone: they hold
        every reachable integer state) where P holds and Q does not; only not-Q cells are expanded
        (a cell where Q holds ends every run that matters: it is kept, without edges)."""
        g, sym = self.g, self.sym
        if self.check.lhs is None:
            starts = [(sym.plan.init & ~sym.clock_mask, dbm.zero(sym.n - 1))]
        else:
            starts = [(s, q) for s, z in nodes for q in self.roots(s, z)]
        # copies: the lists add returns are its memo's, which the pops below must not empty (they did:
        # every later edge into the initial entry zone was lost, found by tests/zones/test_native_cells.py)
        todo = [k for s, z in starts for k in self.add(s, z)]
        done: set[int] = set()
        while todo:
            if len(g.cells) > CELL_BUDGET:
                raise TooManyCells(len(g.cells), CELL_BUDGET)
            k = todo.pop()
            if k in done:
                continue
            done.add(k)
            s, z = g.cells[k]
            if self.value(s, z, self.check.rhs):
                continue
            units: set[int] = set()
            edges: list[tuple[int, int]] = []
            for mv in self.moves:
                if not any(ok for ok, _ in sym.enabled(s, z[:], mv)):
                    continue
                units.add(mv.id)
                for s2, z2 in sym.step(s, z[:], mv):
                    edges += [(mv.id, t) for t in self.add(s2, z2)]
            if self.tick_allowed(s, z):
                units.add(0)
                later = translated(z, sym.n, 1)
                sym.extrapolate(later)
                inside = sym.invariant_parts(s, later) or []
                for p in inside:
                    if has_integer_point(p, sym.n):
                        edges += [(0, t) for t in self.add(s, p)]
            g.edges[k] = list(dict.fromkeys(edges))
            g.units[k] = frozenset(units)
            g.saturated[k] = frozenset(x for x in range(1, sym.n) if sym.caps[x] == 0 or not _below_cap(z, sym, x))
            todo.extend(t for _, t in g.edges[k] if t not in done)
        return g


CELL_BUDGET = 2_000  # beyond this, a check is handed to the tick check (the cells cut along every instance)


class TooManyCells(Exception):
    """The cell graph of a check grew past its builder's budget (CELL_BUDGET here) of cells."""

    def __init__(self, cells: int, budget: int):
        super().__init__(cells, budget)
        self.cells, self.budget = cells, budget


def _below_cap(z: dbm.DBM, sym: Symbolic, x: int) -> bool:
    p = z[:]
    return dbm.constrain_op(p, sym.n, x, 0, "<=", sym.caps[x] - 1) and has_integer_point(p, sym.n)


def resets(sym: Symbolic) -> dict[int, frozenset[int]]:
    """The clocks each move may reset: its own transition's and those of any receiver of what it sends."""
    plan = sym.plan
    out: dict[int, frozenset[int]] = {0: frozenset()}
    for mv in plan.moves[1:]:
        assert mv.transition is not None
        found = {sym.x[(mv.gid, e.clock)] for e in mv.transition.effects if isinstance(e, ir.ResetClock)}
        sent = {e.event for e in mv.transition.effects if isinstance(e, ir.SendEvent)}
        for inst in plan.instances:
            for t in inst.machine.transitions:
                if t.event in sent:
                    found |= {sym.x[(inst.gid, e.clock)] for e in t.effects if isinstance(e, ir.ResetClock)}
        out[mv.id] = frozenset(found)
    return out


def components(nodes: Iterable[int], succ: Callable[[int], Iterable[int]]) -> list[list[int]]:
    """The strongly connected components of the subgraph on ``nodes`` (Kosaraju, iterative)."""
    inside = set(nodes)
    order: list[int] = []
    seen: set[int] = set()
    for root in inside:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(succ(root)))]
        while stack:
            v, it = stack[-1]
            for w in it:
                if w in inside and w not in seen:
                    seen.add(w)
                    stack.append((w, iter(succ(w))))
                    break
            else:
                stack.pop()
                order.append(v)
    pred: dict[int, list[int]] = {v: [] for v in inside}
    for v in inside:
        for w in succ(v):
            if w in inside:
                pred[w].append(v)
    out: list[list[int]] = []
    assigned: set[int] = set()
    for root in reversed(order):
        if root in assigned:
            continue
        comp, stack2 = [], [root]
        assigned.add(root)
        while stack2:
            v = stack2.pop()
            comp.append(v)
            for w in pred[v]:
                if w not in assigned:
                    assigned.add(w)
                    stack2.append(w)
        out.append(comp)
    return out


class Judge:
    """Whether a component of not-Q cells holds a fair, time-consistent cycle."""

    def __init__(self, g: Cells, unit: dict[int, int], resets: dict[int, frozenset[int]], n: int):
        self.g, self.unit, self.resets, self.n = g, unit, resets, n  # unit: move id -> fair unit (absent: not fair)

    def enabled(self, v: int) -> set[int]:
        return {self.unit[m] for m in self.g.units[v] if m in self.unit}

    def internal(self, part: set[int], ticks: bool) -> list[tuple[int, int, int]]:
        return [(v, m, t) for v in part for m, t in self.g.edges[v] if t in part and (ticks or m != 0)]

    def fair(self, part: set[int], edges: list[tuple[int, int, int]]) -> bool:
        """Weak fairness: every fair unit enabled in every cell of ``part`` is taken on one of ``edges``."""
        everywhere = set.intersection(*(self.enabled(v) for v in part))
        return everywhere <= {self.unit[m] for _, m, _ in edges if m in self.unit}

    def cycle(self, part: set[int], ticks: bool) -> bool:
        """A good cycle inside ``part``: discrete-only (``ticks`` False) or with a tick taken forever."""
        succ: Callable[[int], list[int]] = lambda v: [t for m, t in self.g.edges[v] if ticks or m != 0]  # noqa: E731
        for comp in components(part, succ):
            cs = set(comp)
            edges = self.internal(cs, ticks)
            if not edges:
                continue
            if not ticks:
                if self.fair(cs, edges):
                    return True
                continue
            if not any(m == 0 for _, m, _ in edges):
                continue  # covered by the discrete-only case
            reset = set().union(*(self.resets[m] for _, m, _ in edges))
            keep = {v for v in cs if all(x in reset or x in self.g.saturated[v] for x in range(1, self.n))}
            if keep != cs:
                if keep and self.cycle(keep, True):
                    return True
                continue
            if self.fair(cs, edges):
                return True
        return False

    def good(self, scc: list[int], stutter: bool) -> bool:
        part = set(scc)
        if stutter:  # a cell without any step: a fair stutter when no fair unit is enabled there
            return not self.enabled(scc[0])
        return self.cycle(part, False) or self.cycle(part, True)


@dataclass
class Candidate:
    """What the cell graph says about one check: None (holds) or the first doomed root cell."""

    root: int | None
    cells: int


def fair_units(sym: Symbolic, fair: bool) -> dict[int, int]:
    """Move id -> its weak-fairness unit (instance, event), the tick being unit 0; {} for ``unfair``."""
    if not fair:
        return {}
    plan = sym.plan
    out: dict[int, int] = {0: 0}
    ids: dict[tuple[int, str], int] = {}
    for mv in plan.moves[1:]:
        assert mv.transition is not None
        if plan.instances[mv.gid].machine.event(mv.transition.event).fair:
            out[mv.id] = ids.setdefault((mv.gid, mv.transition.event), len(ids) + 1)
    return out


@dataclass
class Built:
    """A cell graph with what the judge reads of P and Q: ``bad[k]`` (not Q on cell k) and the roots
    (the cells where P and not Q hold; for ``eventually``, the initial cells at the origin, not Q)."""

    g: Cells
    size: int
    bad: bytes
    roots: list[int]


def build_cells(sym: Symbolic, check: LiveCheck, nodes: Iterable[tuple[int, dbm.DBM]]) -> Built:
    """The cell graph of ``check`` built here (CellGraph, from the zone graph's ``nodes``), with its bad
    cells and roots."""
    cg = CellGraph(sym, check)
    g = cg.build(nodes)
    n = len(g.cells)
    bad = bytes(0 if cg.value(s, z, check.rhs) else 1 for s, z in g.cells)
    if check.lhs is None:
        origin = dbm.zero(sym.n - 1)
        init = sym.plan.init & ~sym.clock_mask
        roots = [k for k in g.by_state.get(init, []) if bad[k] and dbm.intersect(g.cells[k][1][:], origin, sym.n)]
    else:
        roots = [k for k in range(n) if bad[k] and cg.value(*g.cells[k], check.lhs)]
    return Built(g, n, bad, roots)


def judge_cells(sym: Symbolic, check: LiveCheck, b: Built) -> Candidate:
    """Look in ``check``'s cell graph (build_cells, or native/zprint.py's NativeCells: the same graph
    built in C) for a fair time-divergent (or stuttering) run in not-Q from a cell where P holds and
    Q does not (the initial cell for ``eventually``)."""
    g, n, bad, roots = b.g, b.size, b.bad, b.roots
    if not roots:
        return Candidate(None, n)
    judge = Judge(g, fair_units(sym, check.fair), resets(sym), sym.n)
    graph = Graph(list(range(n)), {k: k for k in range(n)}, lambda k: g.edges[k])
    comp = array("i", [-1]) * n
    doomed, _ = reach_good(graph, bad, roots, lambda scc, cid, stutter: judge.good(scc, stutter), comp)
    return Candidate(next((r for r in roots if doomed[r]), None), n)


__all__ = ["CELL_BUDGET", "Built", "Candidate", "CellGraph", "TooManyCells", "Judge", "build_cells", "fair_units",
           "judge_cells", "translated"]
