"""The symbolic successor relation: (discrete state, zone) pairs over the checker's plan.

The discrete semantics is the reference interpreter's (``checker/interp.py``): the same plan
(``checker/build.py``, built without symmetry and monitors), the same packed states (with
every clock field at 0: clocks live in the zone), the same ``World`` that reads and writes
them, the same ``evaluate`` for every expression that reads no clock. What this module adds
is the evaluation of clock atoms on a zone (docs/semantics.md, "Symbolic time"):

1. for a move (instance, transition): the source leaf, then the guard, evaluated on the zone:
   each comparison of a clock splits the zone into the part where it holds and the part where
   it does not, over the integers (``t < k`` holds on ``t <= k-1``, fails on ``t >= k``);
2. the effects in order, on each part (an assignment may split again; ``reset`` resets the
   clock in the zone), then the receivers of ``send``, each taking its first transition whose
   guard holds (again splitting), or ignoring the event in the rest of the zone;
3. delay at the new discrete state: nothing if an instance is in an urgent leaf; otherwise the
   entry zone itself (an entry violating the invariant can still move at once) plus, for
   every part of it where the invariant holds, the delay successors where it still holds;
4. Extra_M with M = the largest constant each clock is compared with (the tick engine's
   cap - 1, ``instantiate/clocks.py``); zones included in one stored for the same discrete
   state are dropped.

A branch that hits a model error has no successor; the error is returned with the move.
Specs with clocks compared with clocks are refused by the plan (as by the tick engine), so
no zone here has a difference constraint and Extra_M is exact (zones/extrapolate.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Protocol

from .. import model as ir
from ..checker.build import Plan
from ..checker.interp import Outcome, World, order_monitors, receivers  # one definition of whom a send addresses
from ..checker.memory import MemoryBound
from ..checker.plan import Move, to_code
from ..evaluate import EvalError, apply_binary, evaluate
from ..instantiate import Element
from ..intervals import children, is_clock
from ..messages import say
from . import dbm, extrapolate

Instance = Element
Occ = tuple[int, str]


class Err:
    """The value of an expression on a part of a zone where evaluating it hits a model error."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


Branches = list[tuple["ir.Value | Err", dbm.DBM]]
Branch = tuple["World | Err", dbm.DBM, list[tuple[Element, str]], list[Occ]]
COMPARE = {"<", "<=", "==", "!=", ">=", ">"}
FLIP = {"<": ">", "<=": ">=", "==": "==", "!=": "!=", ">=": "<=", ">": "<"}
NEGATE = {"<": ">=", "<=": ">", "==": "!=", "!=": "==", ">=": "<", ">": "<="}


def closed(op: str, k: int) -> list[tuple[str, int]]:
    """``x op k`` over the integers as closed convex pieces (their union)."""
    if op == "<":
        return [("<=", k - 1)]
    if op == ">":
        return [(">=", k + 1)]
    if op == "!=":
        return [("<=", k - 1), (">=", k + 1)]
    return [(op, k)]


def has_integer_point(z: dbm.DBM, n: int) -> bool:
    return dbm.make_integral(z[:], n)


def _raising(out: Branches) -> Branches:
    """``out``, or EvalError for the first part where the evaluation hit a model error."""
    for v, _ in out:
        if isinstance(v, Err):
            raise EvalError(v.message)
    return out


@dataclass(slots=True)
class Step:
    """One branch of a move from a zone (``Symbolic.branches``)."""

    start: dbm.DBM  # the part of the zone it starts from (the guard's)
    world: World | Err  # the discrete state after it, or the model error it hits
    zone: dbm.DBM  # the entry zone (before delay)
    occurrences: list[Occ]  # in the order the step makes them occur
    order: Outcome | None = None  # the ordering monitors' violations and overflows (a step that happens)


class Symbolic:
    """The symbolic steps of one plan (built with ``symmetry=False``)."""

    def __init__(self, plan: Plan, widen: bool = True):
        assert not plan.symmetric, "build the plan with symmetry=False"
        self.widen = widen  # False only in tests: without Extra_M the search need not end
        self.plan = plan
        fields = plan.layout.fields
        self.clock_fields = [f for f in fields if f.kind == "clock"]
        self.x = {(f.gid, f.key): k + 1 for k, f in enumerate(self.clock_fields)}
        self.n = len(self.clock_fields) + 1
        self.caps = [0] + [plan.system.clocks.cap(plan.instances[f.gid].machine.name, f.key)
                           for f in self.clock_fields]
        self.m = [0] + [c - 1 for c in self.caps[1:]]
        self.clock_mask = sum(f.mask << f.offset for f in self.clock_fields)
        self._clocky: dict[int, bool] = {}
        self.monitored = bool(plan.checks.monitors)  # ordering monitors in the discrete state
        # Extra_M in C (native/zkernel.py), handed over by a caller that has one: the same zones, faster
        self.kernel: Widener | None = None
        self._pure: int | None = None  # the state whose unchanged world a guard is evaluated on (guard)
        self._memo: dict[tuple[int, int, int], ir.Value | Err] = {}  # (state, expression, self) -> value

    # ---- evaluation on a zone -----------------------------------------------------------------

    def has_clock(self, e: ir.Expr) -> bool:
        key = id(e)
        if key not in self._clocky:
            self._clocky[key] = is_clock(e) or any(self.has_clock(c) for c in children(e))
        return self._clocky[key]

    def clock_index(self, w: World, e: ir.VarRef, bound: dict[str, object]) -> int:
        inst = w.resolve(e.inst, bound)
        return self.x[(inst.gid, e.name)]  # type: ignore[attr-defined]  # an Instance

    def feval(self, w: World, e: ir.Expr, me: Instance | None, bound: dict[str, object], z: dbm.DBM) -> Branches:
        """The values of ``e`` on the zone, each with the part of the zone where it has that value;
        EvalError if evaluating it hits a model error on some part."""
        return _raising(self.fvalues(w, e, me, bound, z))

    @staticmethod
    def _value(w: World, e: ir.Expr, bound: dict[str, object]) -> ir.Value | Err:
        try:
            return evaluate(e, w, bound)
        except EvalError as err:
            return Err(str(err))

    def fvalues(self, w: World, e: ir.Expr, me: Instance | None, bound: dict[str, object], z: dbm.DBM) -> Branches:
        """``feval`` with the parts where the evaluation hits a model error as ``Err`` values (the
        tick engine evaluates each integer point on its own: an error in one part is not one in another)."""
        n = self.n
        w.me = me
        if not self.has_clock(e):
            if self._pure is None or bound:
                return [(self._value(w, e, bound), z)]
            # in a guard (self._pure: the state): an expression over data has one value in a state, whatever
            # the zone; a state's nodes (one per zone) and moves ask the same ones again
            key = (self._pure, id(e), -1 if me is None else me.gid)
            if key not in self._memo:
                if len(self._memo) >= MEMO:
                    self._memo.clear()
                self._memo[key] = self._value(w, e, bound)
            return [(self._memo[key], z)]
        if isinstance(e, ir.Bin) and e.op in COMPARE and (is_clock(e.left) or is_clock(e.right)):
            op, left, right = (e.op, e.left, e.right) if is_clock(e.left) else (FLIP[e.op], e.right, e.left)
            assert isinstance(left, ir.VarRef)
            try:
                i = self.clock_index(w, left, bound)
                if is_clock(right):
                    assert isinstance(right, ir.VarRef)
                    j, k = self.clock_index(w, right, bound), 0
                else:
                    j, value = 0, evaluate(right, w, bound)
                    assert isinstance(value, int)
                    k = int(value)
            except EvalError as err:
                return [(Err(str(err)), z)]
            out: Branches = []
            for truth, o in ((True, op), (False, NEGATE[op])):
                for cop, c in closed(o, k):
                    part = z[:]
                    if dbm.constrain_op(part, n, i, j, cop, c):
                        out.append((truth, part))
            return out
        if isinstance(e, ir.Bin) and e.op in ("and", "or", "implies"):
            out = []
            for lv, z1 in self.fvalues(w, e.left, me, bound, z):
                if isinstance(lv, Err):
                    out.append((lv, z1))
                    continue
                decided = (bool(lv) and e.op == "or") or (not lv and e.op in ("and", "implies"))
                if decided:
                    out.append((e.op != "and", z1))
                else:
                    out.extend((rv if isinstance(rv, Err) else bool(rv), z2)
                               for rv, z2 in self.fvalues(w, e.right, me, bound, z1))
            return out
        if isinstance(e, ir.Not):
            return [(v if isinstance(v, Err) else not v, z1) for v, z1 in self.fvalues(w, e.operand, me, bound, z)]
        if isinstance(e, ir.Cond):
            return [b for c, z1 in self.fvalues(w, e.cond, me, bound, z)
                    for b in ([(c, z1)] if isinstance(c, Err)
                              else self.fvalues(w, e.then if c else e.orelse, me, bound, z1))]
        if isinstance(e, ir.QuantE):
            try:
                members = w.members(e.array)
            except EvalError as err:
                return [(Err(str(err)), z)]
            acc: Branches = [(0 if e.kind == "count" else e.kind == "all", z)]
            for member in members:
                inner = dict(bound)
                inner[e.var] = member
                nxt: Branches = []
                for a, z1 in acc:
                    if isinstance(a, Err) or (e.kind != "count" and a != (e.kind == "all")):
                        nxt.append((a, z1))  # decided already
                        continue
                    for v, z2 in self.fvalues(w, e.body, me, inner, z1):
                        nxt.append((v if isinstance(v, Err) else
                                    (int(a) + bool(v)) if e.kind == "count" else bool(v), z2))
                acc = nxt
            return acc
        if isinstance(e, ir.Bin):
            out = []
            for lv, z1 in self.fvalues(w, e.left, me, bound, z):
                if isinstance(lv, Err):
                    out.append((lv, z1))
                    continue
                for rv, z2 in self.fvalues(w, e.right, me, bound, z1):
                    try:
                        out.append((rv if isinstance(rv, Err) else apply_binary(e.op, lv, rv), z2))
                    except EvalError as err:
                        out.append((Err(str(err)), z2))
            return out
        if isinstance(e, ir.Neg):
            return [(v if isinstance(v, Err) else -int(v), z1)  # type: ignore[arg-type]
                    for v, z1 in self.fvalues(w, e.operand, me, bound, z)]
        raise ValueError(f"a clock used as a value: {e}")

    # ---- one move ---------------------------------------------------------------------------------

    def effects(self, w: World, z: dbm.DBM, inst: Instance, effects: tuple[ir.Effect, ...],
                queue: list[tuple[Instance, str]], occs: list[Occ] | None = None) -> list[Branch]:
        """Each branch after ``effects`` (``Err`` as its world where it hits a model error), with its
        queue of sends and the occurrences so far (``occs`` first)."""
        todo: list[Branch] = [(w, z, list(queue), list(occs or ()))]
        for eff in effects:
            nxt: list[Branch] = []
            for w1, z1, q1, o1 in todo:
                if isinstance(w1, Err):
                    nxt.append((w1, z1, q1, o1))
                elif isinstance(eff, ir.Assign):
                    for v, z2 in self.fvalues(w1, eff.value, inst, {}, z1):
                        f = w1.fld(inst.gid, "var", eff.var)
                        if isinstance(v, Err):
                            nxt.append((v, z2, q1, o1))
                        elif isinstance(v, int) and not isinstance(v, bool) and not f.lo <= v <= f.hi:
                            nxt.append((Err(say("checker.out-of-range", var=f.name, value=v, lo=f.lo, hi=f.hi)),
                                        z2, q1, o1))
                        else:
                            w2 = w1.copy()
                            w2.set(inst.gid, "var", eff.var, to_code(v, f.type))
                            nxt.append((w2, z2, q1, o1))
                elif isinstance(eff, ir.ResetClock):
                    z2 = z1[:]
                    dbm.reset(z2, self.n, self.x[(inst.gid, eff.clock)])
                    nxt.append((w1, z2, q1, o1))
                elif isinstance(eff, ir.SendEvent):
                    try:
                        rs = receivers(w1, eff, inst)
                    except EvalError as err:
                        nxt.append((Err(str(err)), z1, q1, o1))
                        continue
                    nxt.append((w1, z1, q1 + [(r, eff.event) for r in rs], o1))
                elif isinstance(eff, ir.EmitSignal):
                    nxt.append((w1, z1, q1, o1 + [(inst.gid, eff.signal)]))
                else:
                    nxt.append((w1, z1, q1, o1))
            todo = nxt
        return todo

    def receive(self, w: World, z: dbm.DBM, r: Instance, ev: str, occs: list[Occ]
                ) -> list[tuple[World | Err, dbm.DBM, list[Occ]]]:
        leaf = w.leaf(r.gid)
        out: list[tuple[World | Err, dbm.DBM, list[Occ]]] = []
        rest = [z]  # the part of the zone where no earlier transition was taken
        for rt in r.machine.transitions:
            if rt.event != ev or leaf not in rt.sources:
                continue
            nxt_rest = []
            for zr in rest:
                branches = self.fvalues(w, rt.guard, r, {}, zr) if rt.guard is not None else [(True, zr)]
                for ok, z1 in branches:
                    if isinstance(ok, Err):
                        out.append((ok, z1, occs))
                    elif not ok:
                        nxt_rest.append(z1)
                    else:
                        for w2, z2, _, o2 in self.effects(w.copy(), z1, r, rt.effects, [], occs + [(r.gid, ev)]):
                            if not isinstance(w2, Err):
                                w2.set(r.gid, "leaf", "", r.machine.leaves.index(rt.target))
                            out.append((w2, z2, o2))
            rest = nxt_rest
        out.extend((w, zr, occs) for zr in rest)
        return out

    def enabled(self, s: int, z: dbm.DBM, move: Move) -> Branches:
        """The guard of ``move`` on ``z``: (truth, part) pairs, none if the source leaf is wrong.
        EvalError if evaluating the guard hits a model error."""
        return _raising(self.guard(s, z, move))

    def guard(self, s: int, z: dbm.DBM, move: Move) -> Branches:
        """``enabled`` with the parts where the guard hits a model error as ``Err`` values."""
        assert move.transition is not None
        w = World(self.plan, s)
        me = self.plan.instances[move.gid]
        t = move.transition
        if w.leaf(me.gid) not in t.sources:
            return []
        if t.guard is None:
            return [(True, z)]
        self._pure = s  # the world is state s as it is: its data-only parts are kept per state (fvalues)
        try:
            return self.fvalues(w, t.guard, me, {}, z)
        finally:
            self._pure = None

    def candidates(self, s: int, moves: list[Move]) -> list[Move]:
        """The moves ``explore`` asks ``branches`` of in state ``s``, in order: those from each instance's leaf
        there. The others have no branch (``guard`` answers none), and a judge has nothing to judge on a move
        without one (check.Judging.move, podmodel._Recorder.move)."""
        leaves = self.leaves(s)
        return [mv for mv in moves if mv.transition is not None and leaves[mv.gid] in mv.transition.sources]

    def leaves(self, s: int) -> list[str]:
        """Each instance's leaf in state ``s``, by instance number."""
        return self.leaves_in(World(self.plan, s))

    def leaves_in(self, w: World) -> list[str]:
        """Each instance's leaf in the decoded state ``w``, by instance number."""
        return [w.leaf(i.gid) for i in self.plan.instances]

    def step(self, s: int, z: dbm.DBM, move: Move) -> list[tuple[int, dbm.DBM]]:
        """Entry zones after ``move`` (before delay), with their discrete states; EvalError if some
        part of the zone hits a model error (the cell graph of liveness.py reads it so)."""
        out: list[tuple[int, dbm.DBM]] = []
        for b in self.branches(s, z, move):
            if isinstance(b.world, Err):
                raise EvalError(b.world.message)
            out.append((b.world.packed(), b.zone))
        return out

    def branches(self, s: int, z: dbm.DBM, move: Move) -> list[Step]:
        """Every way ``move`` goes from the integer points of ``z``: (the part of ``z`` it starts
        from, the world after it or ``Err`` where it hits a model error, the entry zone, the
        occurrences in order). Ordering monitors are updated in the worlds (interp.order_monitors).

        A branch whose part of the zone has no integer point is not a step of the tick semantics
        (nor of the closed automaton): it is dropped before its effects run."""
        assert move.transition is not None
        t = move.transition
        me = self.plan.instances[move.gid]
        out: list[Step] = []
        for ok, z1 in self.guard(s, z, move):
            if not ok or not has_integer_point(z1, self.n):
                continue
            if isinstance(ok, Err):
                out.append(Step(z1, ok, z1, []))
                continue
            w = World(self.plan, s)
            for w2, z2, queue, occs in self.effects(w, z1, me, t.effects, [], [(me.gid, t.event)]):
                if isinstance(w2, Err):
                    out.append(Step(z1, w2, z2, occs))
                    continue
                w2.set(me.gid, "leaf", "", me.machine.leaves.index(t.target))
                worlds: list[tuple[World | Err, dbm.DBM, list[Occ]]] = [(w2, z2, occs)]
                for r, ev in queue:
                    worlds = [b for w3, z3, o3 in worlds
                              for b in ([(w3, z3, o3)] if isinstance(w3, Err) else self.receive(w3, z3, r, ev, o3))]
                for w4, z4, o4 in worlds:
                    rec = None
                    if self.monitored and not isinstance(w4, Err):
                        rec = Outcome(move, occurrences=o4)
                        order_monitors(self.plan, w4, rec)
                    out.append(Step(z1, w4, z4, o4, rec))
        return out

    def invariant_parts(self, s: int, zone: dbm.DBM) -> list[dbm.DBM] | None:
        """The parts of ``zone`` where every leaf invariant holds; None if an instance is urgent."""
        split = self.invariant_split(s, zone)
        return None if split is None else split[0]

    def invariant_split(self, s: int, zone: dbm.DBM) -> tuple[list[dbm.DBM], list[dbm.DBM]] | None:
        """``zone`` cut into the parts where every leaf invariant holds and those where one fails;
        None if an instance is urgent."""
        w = World(self.plan, s)
        parts: list[dbm.DBM] = [zone]
        failing: list[dbm.DBM] = []
        for inst in self.plan.instances:
            st = inst.machine.state(w.leaf(inst.gid))
            if st.urgent:
                return None
            for e in st.invariants:
                kept: list[dbm.DBM] = []
                for p in parts:
                    for ok, z2 in self.feval(w, e, inst, {}, p):
                        (kept if ok else failing).append(z2)
                parts = kept
        return parts, failing

    def delay(self, s: int, z: dbm.DBM) -> list[dbm.DBM]:
        """The entry zone closed under delay, as pieces (tick semantics: invariants after each tick)."""
        inside = self.invariant_parts(s, z)
        if inside is None:
            return [z]
        out = [z]
        for part in inside:
            later = part[:]  # parts may share the entry zone's list
            dbm.up(later, self.n)
            out.extend(self.invariant_parts(s, later) or [])
        # drop the pieces inside another one (the entry zone, when it satisfies the invariant)
        return [p for k, p in enumerate(out)
                if not any(k != j and dbm.is_subset(p, q) and (p != q or j < k) for j, q in enumerate(out))]

    def extrapolate(self, z: dbm.DBM) -> None:
        if self.widen and (self.kernel is None or not self.kernel.extra_m(z, self.n, self.m)):
            extrapolate.extra_m(z, self.n, self.m)

    def states(self, s: int, zones: list[dbm.DBM]) -> Iterator[int]:
        """The packed states of the tick engine (clocks saturated at their caps) in the zones of ``s``."""
        n = self.n
        for vals in product(*(range(c + 1) for c in self.caps[1:])):
            for z in zones:
                w = z[:]
                ok = all(dbm.constrain_op(w, n, x, 0, ">=" if v == c else "==", v)
                         for x, (v, c) in enumerate(zip(vals, self.caps[1:]), start=1))
                if ok and dbm.make_integral(w, n):
                    packed = s
                    for f, v in zip(self.clock_fields, vals):
                        packed |= v << f.offset
                    yield packed
                    break


MEMO = 1 << 18  # values of guards' data-only parts kept (Symbolic.fvalues in Symbolic.guard); emptied when full


class Widener(Protocol):
    """Extra_M done elsewhere (native/zkernel.Kernel): widens ``d`` in place as extrapolate.extra_m does,
    or answers False and leaves it untouched."""

    def extra_m(self, d: dbm.DBM, n: int, m: Sequence[int]) -> bool: ...


@dataclass(frozen=True)
class NodeView:
    """A native zone store's nodes as memory another native module reads (native/zcheck.py's
    NativeGraph.view): node k's discrete state (``words`` 64-bit words) at ``states + k * stride``,
    its zone (``dim``² 32-bit bounds) at ``zones + k * dim² * 4``; valid until the store is freed."""

    states: int
    stride: int
    zones: int
    count: int
    words: int
    dim: int


@dataclass
class Graph:
    """The zone graph: node k is (discrete state, zone); ``parent[k]`` = (node, move id) it came from."""

    nodes: list[tuple[int, dbm.DBM]] = field(default_factory=list)
    parent: list[tuple[int, int]] = field(default_factory=list)
    by_state: dict[int, list[int]] = field(default_factory=dict)
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (node, move id, message)
    transitions: int = 0
    depth: int = 0
    complete: bool = True
    stop: str = ""  # why it is not complete: "max-states" (the node bound) or "memory" (--max-memory)

    def stored(self) -> int:
        return len(self.nodes)

    def discrete(self, mask: int) -> int:
        """How many distinct discrete states the nodes have, masked by ``mask``."""
        return len({s & mask for s in self.by_state})

    def first_deadlock(self, deadlocked: Callable[[int, dbm.DBM], bool]) -> int | None:
        """The first node where ``deadlocked(s, z)``."""
        return next((k for k, (s, z) in enumerate(self.nodes) if deadlocked(s, z)), None)

    def entries(self) -> Iterator[tuple[int, dbm.DBM]]:
        """Every node's discrete state and zone."""
        return iter(self.nodes)

    def view(self) -> NodeView | None:
        """None: the nodes are Python objects (a native graph gives its store's memory)."""
        return None

    def close(self) -> None:
        """Nothing to free (a native graph frees its store)."""

    def path(self, k: int) -> list[int]:
        """The move ids from the initial node to node k."""
        moves: list[int] = []
        while k > 0:
            k, m = self.parent[k]
            moves.append(m)
        return moves[::-1]


MEMORY_EVERY = 1024  # nodes expanded between two looks at the memory bound


class Judge(Protocol):
    """What the check judges while the graph is explored (zones/check.py): each node when it is
    expanded, each move from it with its branches."""

    steps: bool  # whether ``move`` judges anything

    def node(self, k: int, s: int, z: dbm.DBM) -> None: ...

    def move(self, k: int, s: int, z: dbm.DBM, mv: Move, branches: list[Step]) -> None: ...


def explore(sym: Symbolic, max_nodes: int | None = None, judge: Judge | None = None,
            memory: MemoryBound | None = None) -> Graph:
    """Breadth-first over (discrete state, zone), zones widened and stored with inclusion.
    Node 0 is the initial state; the moves of ``Graph.parent`` are the plan's (never the tick).
    A move hits a model error on the parts of a zone where it does; it goes on from the others.
    ``memory``: stop (incomplete) once the process passes it, looked at every MEMORY_EVERY nodes."""
    n = sym.n
    moves = [mv for mv in sym.plan.moves if mv.transition is not None]
    g = Graph()
    steps = judge is not None and judge.steps

    def add(s: int, entry: dbm.DBM, parent: int, move: int) -> None:
        for z in sym.delay(s, entry):
            sym.extrapolate(z)
            have = g.by_state.setdefault(s, [])
            if not any(dbm.is_subset(z, g.nodes[k][1]) for k in have):
                have.append(len(g.nodes))
                g.nodes.append((s, z))
                g.parent.append((parent, move))

    add(sym.plan.init & ~sym.clock_mask, dbm.zero(n - 1), -1, -1)
    layer = list(range(len(g.nodes)))
    while layer:
        nxt: list[int] = []
        for k in layer:
            if memory is not None and k % MEMORY_EVERY == 0 and memory.exceeded():
                g.complete, g.stop = False, "memory"
                return g
            s, z = g.nodes[k]
            if judge is not None:
                judge.node(k, s, z)
            for mv in sym.candidates(s, moves):
                if max_nodes is not None and len(g.nodes) >= max_nodes:
                    g.complete, g.stop = False, "max-states"
                    return g
                branches = sym.branches(s, z, mv)
                if steps:
                    judge.move(k, s, z, mv, branches)  # type: ignore[union-attr]
                erred = False
                for b in branches:
                    if isinstance(b.world, Err):
                        if not erred and has_integer_point(b.zone, n):
                            erred = True
                            g.errors.append((k, mv.id, b.world.message))
                        continue
                    g.transitions += 1
                    before = len(g.nodes)
                    add(b.world.packed(), b.zone, k, mv.id)
                    nxt.extend(range(before, len(g.nodes)))
        if nxt:
            g.depth += 1
        layer = nxt
    return g


__all__ = ["Err", "Graph", "Judge", "Step", "Symbolic", "closed", "explore", "has_integer_point"]
