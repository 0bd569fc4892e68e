"""EXPERIMENTAL: the symbolic successor of docs/design/symbolic-time.md over today's checker plan.

Not part of lifefsm: a prototype that validates the design on small specs by comparing what it
reaches with the tick engine. The engine of issue 14 will plug into the instantiated system of
issue 12 instead, and this file (with test_symbolic_proto.py, its only user) then goes.

Checker internals read (a refactor of lifecycle_fsm/checker breaks this file and
test_symbolic_proto.py, nothing else in tests/zones; the test imports it lazily so that the
break is a test failure, not a collection error for the suite):

* ``checker.build.build_plan(model, params, symmetry=False, monitors=False)`` and of its
  ``Plan``: ``symmetric``, ``init``, ``system.clocks.cap(machine, clock)``, ``instances[gid].machine``,
  ``moves[k].gid`` / ``.transition``, ``layout.fields[k].kind`` / ``.gid`` / ``.key`` /
  ``.mask`` / ``.offset``;
* ``checker.interp.World(plan, packed)``: ``me``, ``resolve``, ``members``, ``groups``,
  ``fld(gid, "var", name).lo`` / ``.hi`` / ``.type``, ``leaf``, ``set``, ``copy``, ``packed``;
* ``checker.plan.to_code`` (a value as its packed code);
* for the tick engine's reachable set: ``checker.codegen.load(checker.liveness.model_plan(plan),
  checker.moves.Live(), "succ", False)``, a function from a packed state to its successors.

A symbolic state is (discrete state packed as today with every clock field at 0, zone over
all clocks of all instances). Successors fold delay into discrete steps:

1. for a move (instance, transition): the source leaf, then the guard, evaluated on the zone:
   each comparison of a clock splits the zone into the part where it holds and the part where
   it does not, over the integers (``t < k`` holds on ``t <= k-1``, fails on ``t >= k``);
2. the effects in order, on each part (an assignment may split again; ``reset`` resets the
   clock in the zone), then the receivers of ``send``, each taking its first transition whose
   guard holds (again splitting), or ignoring the event in the rest of the zone;
3. delay at the new discrete state: nothing if an instance is in an urgent leaf; otherwise the
   entry zone itself (an entry violating the invariant can still move at once) plus, for
   every part of it where the invariant holds, the delay successors where it still holds;
4. Extra_M with M = the tick engine's cap - 1 per clock; zones included in one stored for the
   same discrete state are dropped.

Model errors are not reported: a branch that hits one is dropped.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from itertools import product
from typing import TYPE_CHECKING

from lifecycle_fsm import model as ir

# lifecycle_fsm.checker.*: the checker internals listed in the module docstring
from lifecycle_fsm.checker.build import build_plan
from lifecycle_fsm.checker.codegen import load
from lifecycle_fsm.checker.interp import World
from lifecycle_fsm.checker.liveness import model_plan
from lifecycle_fsm.checker.moves import Live
from lifecycle_fsm.checker.plan import to_code
from lifecycle_fsm.evaluate import EvalError, apply_binary, evaluate
from lifecycle_fsm.intervals import children, is_clock
from lifecycle_fsm.zones import dbm, extrapolate

if TYPE_CHECKING:
    from lifecycle_fsm.checker.build import Plan
    from lifecycle_fsm.checker.plan import Instance

Branches = list[tuple[ir.Value, dbm.DBM]]
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


class Symbolic:
    def __init__(self, plan: Plan):
        assert not plan.symmetric, "build the plan with symmetry=False"
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
        """The values of ``e`` on the zone, each with the part of the zone where it has that value."""
        n = self.n
        w.me = me
        if not self.has_clock(e):
            return [(evaluate(e, w, bound), z)]
        if isinstance(e, ir.Bin) and e.op in COMPARE and (is_clock(e.left) or is_clock(e.right)):
            op, left, right = (e.op, e.left, e.right) if is_clock(e.left) else (FLIP[e.op], e.right, e.left)
            assert isinstance(left, ir.VarRef)
            i = self.clock_index(w, left, bound)
            if is_clock(right):
                assert isinstance(right, ir.VarRef)
                j, k = self.clock_index(w, right, bound), 0
            else:
                j, value = 0, evaluate(right, w, bound)
                assert isinstance(value, int)
                k = int(value)
            out: Branches = []
            for truth, o in ((True, op), (False, NEGATE[op])):
                for cop, c in closed(o, k):
                    part = z[:]
                    if dbm.constrain_op(part, n, i, j, cop, c):
                        out.append((truth, part))
            return out
        if isinstance(e, ir.Bin) and e.op in ("and", "or", "implies"):
            out = []
            for lv, z1 in self.feval(w, e.left, me, bound, z):
                decided = (bool(lv) and e.op == "or") or (not lv and e.op in ("and", "implies"))
                if decided:
                    out.append((e.op != "and", z1))
                else:
                    out.extend((bool(rv), z2) for rv, z2 in self.feval(w, e.right, me, bound, z1))
            return out
        if isinstance(e, ir.Not):
            return [(not v, z1) for v, z1 in self.feval(w, e.operand, me, bound, z)]
        if isinstance(e, ir.Cond):
            return [b for c, z1 in self.feval(w, e.cond, me, bound, z)
                    for b in self.feval(w, e.then if c else e.orelse, me, bound, z1)]
        if isinstance(e, ir.QuantE):
            acc: Branches = [(0 if e.kind == "count" else e.kind == "all", z)]
            for member in w.members(e.array):
                inner = dict(bound)
                inner[e.var] = member
                nxt: Branches = []
                for a, z1 in acc:
                    if e.kind != "count" and a != (e.kind == "all"):
                        nxt.append((a, z1))  # decided already
                        continue
                    for v, z2 in self.feval(w, e.body, me, inner, z1):
                        nxt.append(((int(a) + bool(v)) if e.kind == "count" else bool(v), z2))
                acc = nxt
            return acc
        if isinstance(e, ir.Bin):
            return [(apply_binary(e.op, lv, rv), z2) for lv, z1 in self.feval(w, e.left, me, bound, z)
                    for rv, z2 in self.feval(w, e.right, me, bound, z1)]
        if isinstance(e, ir.Neg):
            return [(-int(v), z1) for v, z1 in self.feval(w, e.operand, me, bound, z)]  # type: ignore[arg-type]
        raise ValueError(f"a clock used as a value: {e}")

    # ---- one move ---------------------------------------------------------------------------------

    def effects(self, w: World, z: dbm.DBM, inst: Instance, effects: tuple[ir.Effect, ...],
                queue: list[tuple[Instance, str]]) -> list[tuple[World, dbm.DBM, list[tuple[Instance, str]]]]:
        todo = [(w, z, list(queue))]
        for eff in effects:
            nxt = []
            for w1, z1, q1 in todo:
                if isinstance(eff, ir.Assign):
                    for v, z2 in self.feval(w1, eff.value, inst, {}, z1):
                        f = w1.fld(inst.gid, "var", eff.var)
                        if isinstance(v, int) and not isinstance(v, bool) and not f.lo <= v <= f.hi:
                            continue  # a model error
                        w2 = w1.copy()
                        w2.set(inst.gid, "var", eff.var, to_code(v, f.type))
                        nxt.append((w2, z2, q1))
                elif isinstance(eff, ir.ResetClock):
                    z2 = z1[:]
                    dbm.reset(z2, self.n, self.x[(inst.gid, eff.clock)])
                    nxt.append((w1, z2, q1))
                elif isinstance(eff, ir.SendEvent):
                    assert eff.instance is not None
                    members = w1.groups[eff.instance]
                    if eff.kind == "all":
                        targets = list(members)
                    elif eff.kind == "index":
                        assert eff.index is not None
                        w1.me = inst
                        targets = [members[int(evaluate(eff.index, w1))]]  # type: ignore[arg-type]
                    else:
                        targets = [members[0]]
                    nxt.append((w1, z1, q1 + [(r, eff.event) for r in targets]))
                else:
                    nxt.append((w1, z1, q1))
            todo = nxt
        return todo

    def receive(self, w: World, z: dbm.DBM, r: Instance, ev: str) -> list[tuple[World, dbm.DBM]]:
        leaf = w.leaf(r.gid)
        out: list[tuple[World, dbm.DBM]] = []
        rest = [z]  # the part of the zone where no earlier transition was taken
        for rt in r.machine.transitions:
            if rt.event != ev or leaf not in rt.sources:
                continue
            nxt_rest = []
            for zr in rest:
                branches = self.feval(w, rt.guard, r, {}, zr) if rt.guard is not None else [(True, zr)]
                for ok, z1 in branches:
                    if not ok:
                        nxt_rest.append(z1)
                        continue
                    for w2, z2, _ in self.effects(w.copy(), z1, r, rt.effects, []):
                        w2.set(r.gid, "leaf", "", r.machine.leaves.index(rt.target))
                        out.append((w2, z2))
            rest = nxt_rest
        out.extend((w, zr) for zr in rest)
        return out

    def step(self, s: int, z: dbm.DBM, move_gid: int, t: ir.TransitionDef) -> list[tuple[int, dbm.DBM]]:
        """Entry zones after the move (before delay), with their discrete states."""
        w = World(self.plan, s)
        me = self.plan.instances[move_gid]
        if w.leaf(me.gid) not in t.sources:
            return []
        out: list[tuple[int, dbm.DBM]] = []
        try:
            branches = self.feval(w, t.guard, me, {}, z) if t.guard is not None else [(True, z)]
            for ok, z1 in branches:
                if not ok:
                    continue
                for w2, z2, queue in self.effects(w.copy(), z1, me, t.effects, []):
                    w2.set(me.gid, "leaf", "", me.machine.leaves.index(t.target))
                    worlds = [(w2, z2)]
                    for r, ev in queue:
                        worlds = [b for w3, z3 in worlds for b in self.receive(w3, z3, r, ev)]
                    out.extend((w4.packed(), z4) for w4, z4 in worlds)
        except EvalError:
            return []
        return out

    def delay(self, s: int, z: dbm.DBM) -> list[dbm.DBM]:
        """The entry zone closed under delay, as pieces (tick semantics: invariants after each tick)."""
        w = World(self.plan, s)
        invs: list[tuple[ir.Expr, Instance]] = []
        for inst in self.plan.instances:
            st = inst.machine.state(w.leaf(inst.gid))
            if st.urgent:
                return [z]
            invs.extend((e, inst) for e in st.invariants)

        def holds(zone: dbm.DBM) -> list[dbm.DBM]:
            parts = [zone]
            for e, inst in invs:
                parts = [z2 for p in parts for ok, z2 in self.feval(w, e, inst, {}, p) if ok]
            return parts

        out = [z]
        for part in holds(z):
            later = part[:]  # parts may share the entry zone's list
            dbm.up(later, self.n)
            out.extend(holds(later))
        # drop the pieces inside another one (the entry zone, when it satisfies the invariant)
        return [p for k, p in enumerate(out)
                if not any(k != j and dbm.is_subset(p, q) and (p != q or j < k) for j, q in enumerate(out))]

    # ---- exploration ----------------------------------------------------------------------------------

    def explore(self) -> dict[int, list[dbm.DBM]]:
        n = self.n
        moves = [(mv.gid, mv.transition) for mv in self.plan.moves if mv.transition is not None]
        stored: dict[int, list[dbm.DBM]] = {}
        queue: deque[tuple[int, dbm.DBM]] = deque()

        def add(s: int, entry: dbm.DBM) -> None:
            for z in self.delay(s, entry):
                extrapolate.extra_m(z, n, self.m)
                have = stored.setdefault(s, [])
                if not any(dbm.is_subset(z, old) for old in have):
                    have.append(z)
                    queue.append((s, z))

        add(self.plan.init & ~self.clock_mask, dbm.zero(n - 1))
        while queue:
            s, z = queue.popleft()
            for gid, t in moves:
                for s2, z2 in self.step(s, z, gid, t):
                    add(s2, z2)
        return stored

    def states(self, stored: dict[int, list[dbm.DBM]]) -> Iterator[int]:
        """The packed states of the tick engine (clocks saturated at their caps) that the zones contain."""
        n = self.n
        for s, zones in stored.items():
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


def plan_for(model: ir.Model, params: dict[str, ir.Value]) -> Plan:
    """The checker's plan of ``model`` at ``params``, without symmetry and monitors."""
    return build_plan(model, params, symmetry=False, monitors=False)


def tick_states(plan: Plan) -> set[int]:
    """Every reachable packed state of the tick engine (generated successors), without symmetry."""
    succ = load(model_plan(plan), Live(), "succ", False)
    seen = {plan.init}
    queue = deque([plan.init])
    while queue:
        s = queue.popleft()
        for _, nxt in succ(s):
            if nxt >= 0 and nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen
