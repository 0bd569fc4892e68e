"""The step program of one discrete move: guard, effects, receivers, monitors, the packed successor.

The program is straight-line and specialised: the sender's current leaf is a constant in its
branch, so are parameters, machine parameters and indices. The step's values are the fields
of the state being expanded (``field`` nodes) and the work values it assigns (``work`` nodes);
the successor is the pre-state with the changed fields replaced (``Successor``). The order of
everything follows interp.step exactly. A ``Try`` surrounds only what may raise a model error,
so the values computed by a guard that cannot raise stay known after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import model as ir
from ..instantiate import Element
from .build import Plan
from .exprs import ExprCompiler, Memo, Reader, Val, const, leaf_names, leaf_node
from .monitors import occur
from .plan import Field, Move
from .program import (
    Bound,
    Comment,
    Event,
    Fail,
    If,
    Let,
    Nodes,
    Pass,
    Reload,
    Set,
    Stmt,
    Successor,
    Switch,
    Try,
    atom,
)
from .props import Binding, Occ

__all__ = ["Fields", "Live", "MoveGen", "leaf_set_test"]


@dataclass(slots=True)
class Live:
    """Which checks the generated code still performs (decided properties are dropped)."""

    pids: set[int] = field(default_factory=set)
    reach: set[int] = field(default_factory=set)  # indices into Checks.reach still without a witness
    deadlock: bool = False
    errors: bool = True
    overflow: set[int] = field(default_factory=set)  # pids whose monitor overflow is still to be reported


class Fields:
    """Maps (gid, kind, key) to field numbers and the values that hold them."""

    def __init__(self, plan: Plan, symbolic: bool = False):
        self.plan = plan
        self.list = plan.layout.fields
        self.pos = {(f.gid, f.kind, f.key): k for k, f in enumerate(self.list)}
        self._pre = [Val(atom("field", k), None, f.lo, f.hi, True, (atom("field", k), 0)) if f.bits else const(f.lo)
                     for k, f in enumerate(self.list)]
        # symbolic successors: a clock's value is in the zone, not in the state (its field stays 0);
        # it is read as the atom 'clock x', never folded, and a reset is a zone operation
        self.symbolic = symbolic
        self.clock_no: dict[int, int] = {}
        if symbolic:
            for x, k in enumerate((k for k, f in enumerate(self.list) if f.kind == "clock"), start=1):
                self.clock_no[k] = x
                self._pre[k] = Val(atom("clock", x))
        self._work = [Val(atom("work", k), None, f.lo, f.hi) for k, f in enumerate(self.list)]
        self._deferred = [Val(atom("deferred", k)) for k in range(len(self.list))]

    def k(self, gid: int, kind: str, key: str = "") -> int:
        return self.pos[(gid, kind, key)]

    def pre(self, k: int) -> Val:
        return self._pre[k]

    def work(self, k: int) -> Val:
        return self._work[k]

    def deferred(self, k: int) -> Val:
        """Field k's value is only in ``n`` (read it from there when needed)."""
        return self._deferred[k]


def is_work(c: Val, k: int) -> bool:
    return c.node.op == "work" and c.node.data == k


def violation(pid: int, move: int) -> Event:
    return Event("violation", (pid, move))


class MoveGen:
    """Builds the statements of moves into the block ``w`` (a list the caller owns)."""

    def __init__(self, plan: Plan, fields: Fields, live: Live, nodes: Nodes | None = None, memo: Memo | None = None,
                 cover: bool = False):
        self.plan = plan
        self.fields = fields
        self.live = live
        self.w: list[Stmt] = []
        self.violations_here = False  # the move being generated records ordering or only-when violations
        self.nodes = nodes if nodes is not None else Nodes()
        self.memo: Memo = memo if memo is not None else {}
        self.arrays = plan.arrays()
        self.cur: dict[int, Val] = {}
        self.pre_known: dict[int, Val] = {}
        self.pre_ctx: object = None
        # the successor is built in ``base``: 's' until a receiver whose reaction is only known at run time
        # makes the step put what it changed so far into 'n' (then ``committed`` holds the values in n)
        self.base = "s"
        self.committed: dict[int, Val] = {}
        self.touched: set[int] = set()  # fields put into n changed
        self.risky = False  # the statements built since the last reset may raise a model error
        self.cover = cover  # record which (instance, transition) pairs fire
        self.locals = 0  # locals named so far (receivers of indexed sends)

    # -- readers --
    def compiler(self, read: Reader, bind: Binding | None, me: int | None, ctx: object = None) -> ExprCompiler:
        bound = dict(bind.bound) if bind else {}
        sg = bind.self_gid if bind and bind.self_gid is not None else me
        return ExprCompiler(self.plan.instances, self.arrays, self.plan.params, read, sg, bound, self.nodes,
                            self.memo, ctx)

    def pre_compiler(self, bind: Binding | None, me: int | None) -> ExprCompiler:
        """Expressions over the state before the step (memoized: the reader depends only on the mover's leaf)."""
        return self.compiler(self.read_pre, bind, me, self.pre_ctx)

    def cur_compiler(self, me: int) -> ExprCompiler:
        return self.compiler(self.read_cur, None, me)

    def read_cur(self, gid: int, kind: str, key: str) -> Val:
        return self.value(self.fields.k(gid, kind, key))

    def value(self, k: int) -> Val:
        """Field k's value at this point of the step (read out of ``n`` if only there)."""
        c = self.cur.get(k) or self.fields.pre(k)
        if c is self.fields.deferred(k):
            self.w.append(Reload(k))
            c = self.cur[k] = self.committed[k] = self.fields.work(k)
        return c

    def held(self, k: int) -> Val:
        """Field k's value in ``base``."""
        return self.committed.get(k) or self.pre_known.get(k) or self.fields.pre(k)

    def read_pre(self, gid: int, kind: str, key: str) -> Val:
        k = self.fields.k(gid, kind, key)
        return self.pre_known.get(k) or self.fields.pre(k)

    def use(self, c: Val) -> Val:
        """``c``, about to be evaluated: note whether it may raise."""
        if not c.safe:
            self.risky = True
        return c

    def bad(self) -> None:
        self.risky = True
        self.w.append(Fail())

    # -- writes --
    def assign(self, k: int, v: Val, force: bool = False) -> None:
        """Field k gets ``v`` (kept in work value k unless constant, or always when ``force``)."""
        if v.is_const and not force:
            self.cur[k] = v
            return
        self.w.append(Set(k, self.use(v).node))
        f = self.fields.list[k]
        self.cur[k] = Val(atom("work", k), None, f.lo, f.hi, True, v.lin)

    def materialize(self, ks: list[int]) -> None:
        for k in ks:
            c = self.value(k)
            if not is_work(c, k):
                self.w.append(Set(k, c.node))
            self.cur[k] = self.fields.work(k)

    # -- one move --
    def move(self, mv: Move, leaf: int) -> list[Stmt]:
        """The statements of move ``mv`` when its instance is in leaf number ``leaf`` (none if never enabled)."""
        assert mv.transition is not None
        t = mv.transition
        me = self.plan.instances[mv.gid]
        lk = self.fields.k(me.gid, "leaf")
        self.cur = {lk: const(leaf)}
        self.pre_known = {lk: const(leaf)}
        self.pre_ctx = ("pre", lk, leaf)
        self.base = "s"
        self.committed = {}
        self.touched = set()
        guard = self.pre_compiler(None, me.gid).compile(t.guard) if t.guard is not None else const(True)
        if guard.is_const and not guard.const:
            return []
        body: list[Stmt] = [Event("gcheck")] if self.fields.symbolic else []
        self.w = body
        self.risky = False
        self.violations_here = False
        if self.cover:
            body.append(Event("cover", (mv.id, me.gid, t.id)))
        self.occur((me.gid, t.event), mv)
        queue: list[tuple[str, list[Element], str | None]] = []
        for eff in t.effects:
            self.effect(me, eff, mv, queue)
        self.cur[lk] = const(leaf_names(me.machine)[t.target])
        for ev, receivers, qvar in queue:
            self.receive(ev, receivers, qvar, mv)
        self.finish(mv, False)
        moved: list[Stmt] = [Event("moved")] if self.live.deadlock else []
        out: list[Stmt] = [Comment(f"{me.name}: {t.span} {'/'.join(t.declared_sources)} -> {t.declared_target} "
                                   f"on {t.event}")]
        if guard.safe:
            inner = moved + ([Try(body, self.on_error(mv.id))] if self.risky else body)
            out += inner if guard.is_const else [If([(guard.node, inner)])]
            return out
        out.append(Try([If([(guard.node, moved + body + [Pass()])])], moved + self.on_error(mv.id)))
        return out

    def on_error(self, move: int) -> list[Stmt]:
        """The step hit a model error: it does not happen, so neither do the violations it recorded."""
        out: list[Stmt] = []
        if self.violations_here:
            out.append(Event("undo", (move,)))
        if self.live.errors:
            out.append(violation(-1, move))
        elif not self.violations_here:
            out.append(Pass())
        return out

    def violation(self, w: list[Stmt], pid: int, move: int) -> None:
        """An ordering or only-when violation by this step (undone if the step then hits a model error)."""
        self.violations_here = True
        w.append(violation(pid, move))

    def local_effect(self, inst: Element, eff: ir.Effect, mv: Move) -> bool:
        """An effect on ``inst`` itself (an assignment, a reset, a signal); False for a send."""
        if isinstance(eff, ir.Assign):
            k = self.fields.k(inst.gid, "var", eff.var)
            self.assign_checked(k, self.cur_compiler(inst.gid).compile(eff.value))
        elif isinstance(eff, ir.ResetClock):
            k = self.fields.k(inst.gid, "clock", eff.clock)
            if self.fields.symbolic:
                self.w.append(Event("zreset", (self.fields.clock_no[k],)))
            else:
                self.assign(k, const(0))
        elif isinstance(eff, ir.EmitSignal):
            self.occur((inst.gid, eff.signal), mv)
        else:
            return False
        return True

    def effect(self, me: Element, eff: ir.Effect, mv: Move, queue: list[tuple[str, list[Element], str | None]],
               ) -> None:
        if not self.local_effect(me, eff, mv):
            assert isinstance(eff, ir.SendEvent) and eff.instance is not None
            members = self.arrays[eff.instance]
            if eff.kind == "all":
                queue.extend((eff.event, [m], None) for m in members)
            elif eff.kind == "one":
                queue.append((eff.event, [members[0]], None))
            else:
                assert eff.index is not None
                idx = self.cur_compiler(me.gid).compile(eff.index)
                if idx.is_const and 0 <= int(idx.const) < len(members):  # type: ignore[arg-type]
                    queue.append((eff.event, [members[int(idx.const)]], None))  # type: ignore[arg-type]
                elif idx.is_const:
                    self.bad()
                else:
                    q = f"q{self.locals}_{mv.id}"
                    self.locals += 1
                    self.risky = True
                    self.w.append(Let(q, self.nodes.make("checked", idx.node, data=len(members))))
                    queue.append((eff.event, list(members), q))

    def assign_checked(self, k: int, v: Val) -> None:
        f: Field = self.fields.list[k]
        if isinstance(f.type, ir.IntT) and not v.is_const:
            self.assign(k, v, True)
            lo_ok = v.lo is not None and v.lo >= f.lo
            hi_ok = v.hi is not None and v.hi <= f.hi
            if not (lo_ok and hi_ok):
                self.risky = True
                self.w.append(Bound(k, None if lo_ok else f.lo, None if hi_ok else f.hi))
            return
        if isinstance(f.type, ir.IntT) and v.is_const and not f.lo <= int(v.const) <= f.hi:  # type: ignore[arg-type]
            self.bad()
        self.assign(k, v)

    # -- receivers --
    def receive(self, ev: str, receivers: list[Element], qvar: str | None, mv: Move) -> None:
        if qvar is None and self.static_choice(receivers[0], ev):
            self.receive_one(receivers[0], ev, mv)
            return
        # which receiver reacts, and how, is only known at run time: each branch puts what it
        # changes into n; afterwards those fields are read out of n where needed
        self.sync()
        written: set[int] = set()
        if qvar is None:
            self.receive_branches(receivers[0], ev, mv, written)
        else:
            outer = self.w
            cases: list[tuple[int, list[Stmt]]] = []
            for j, r in enumerate(receivers):
                self.w = []
                saved = dict(self.cur), dict(self.committed)
                self.receive_branches(r, ev, mv, written)
                self.cur, self.committed = saved
                self.w.append(Pass())
                cases.append((j, self.w))
            self.w = outer
            outer.append(Switch(atom("local", qvar), cases))
        for k in written:
            self.cur[k] = self.committed[k] = self.fields.deferred(k)

    def static_choice(self, r: Element, ev: str) -> bool:
        """Whether the receiver's reaction is known now: its leaf is known and so is the guard that decides."""
        leaf = self.read_cur(r.gid, "leaf", "")
        if not leaf.is_const:
            return False
        name = r.machine.leaves[int(leaf.const)]  # type: ignore[arg-type]
        for rt in r.machine.transitions:
            if rt.event != ev or name not in rt.sources:
                continue
            g = self.cur_compiler(r.gid).compile(rt.guard) if rt.guard else const(True)
            if not g.is_const:
                return False
            if g.const:
                return True
        return True

    def sync(self) -> None:
        """Put the changes so far into ``n``: from here on the step builds its successor there."""
        changes = self.changes()
        if changes or self.base == "s":
            self.w.append(Successor(self.base, changes))
        for f, new, _ in changes:
            k = self.fields.pos[(f.gid, f.kind, f.key)]
            self.committed[k] = new
            self.touched.add(k)
        if self.base == "s":
            self.committed.update(self.cur)
            self.base = "n"

    def changes(self) -> list[tuple[Field, Val, Val]]:
        """(field, new value, value in ``base``) for each field the step changed since ``base`` was set."""
        out: list[tuple[Field, Val, Val]] = []
        for k in sorted(self.cur):
            new, old = self.cur[k], self.held(k)
            if new.node is not old.node:
                out.append((self.fields.list[k], new, old))
        return out

    def receive_branches(self, r: Element, ev: str, mv: Move, written: set[int]) -> None:
        """The receiver's reaction, one branch per leaf and guard, each putting its changes into ``n``."""
        lk = self.fields.k(r.gid, "leaf")
        leaf = self.read_cur(r.gid, "leaf", "")
        by_leaf: list[tuple[int, list[ir.TransitionDef]]] = []
        for li, name in enumerate(r.machine.leaves):
            ts = [rt for rt in r.machine.transitions if rt.event == ev and name in rt.sources]
            if ts and (not leaf.is_const or leaf.const == li):
                by_leaf.append((li, ts))
        targets = leaf_names(r.machine)
        outer = self.w
        cases: list[tuple[int, list[Stmt]]] = []
        for li, ts in by_leaf:
            saved = dict(self.cur), dict(self.committed)
            if not leaf.is_const:
                self.w = []
                cases.append((li, self.w))
                self.cur[lk] = self.committed[lk] = const(li)
            guards = []  # compiled before any is written: reading a field out of n adds a statement
            for rt in ts:
                g = self.cur_compiler(r.gid).compile(rt.guard) if rt.guard else const(True)
                if g.is_const and not g.const:
                    continue
                guards.append((rt, g))
                if g.is_const:
                    break
            # every arm starts here, after the guards: a field they read out of n is a work value now
            # in both cur and committed (an arm started from before would write it back as 'deferred')
            start = dict(self.cur)
            if not guards and not leaf.is_const:
                self.w.append(Pass())  # every guard is constantly false here: the receiver ignores the event
            chain: If | None = None
            for rt, g in guards:
                self.cur = dict(start)
                committed = dict(self.committed)
                arm: list[Stmt] = []
                if chain is None:
                    chain = If([(self.use(g).node, arm)])
                    self.w.append(chain)
                elif g.is_const:
                    chain.orelse = arm
                else:
                    chain.arms.append((self.use(g).node, arm))
                block = self.w
                self.w = arm
                self.react(r, rt, ev, mv, targets)
                for f, _, _ in self.changes():
                    written.add(self.fields.pos[(f.gid, f.kind, f.key)])
                self.sync()
                self.w.append(Pass())
                self.w = block
                self.committed = committed
            self.cur, self.committed = saved
            if not leaf.is_const:
                self.w = outer
        if cases:
            outer.append(Switch(leaf.node, cases))

    def react(self, r: Element, rt: ir.TransitionDef, ev: str, mv: Move, targets: dict[str, int]) -> None:
        """Receiver ``r`` takes ``rt``: the occurrence, the effects, the new leaf."""
        if self.cover:
            self.w.append(Event("cover", (mv.id, r.gid, rt.id)))
        self.occur((r.gid, ev), mv)
        for eff in rt.effects:
            self.local_effect(r, eff, mv)  # a receiver's sends are not followed (as interp._receive)
        self.assign(self.fields.k(r.gid, "leaf"), const(targets[rt.target]))

    def receive_one(self, r: Element, ev: str, mv: Move) -> None:
        """A receiver whose leaf and deciding guard are known: its reaction, straight-line."""
        leaf = self.read_cur(r.gid, "leaf", "")
        assert leaf.is_const
        name = r.machine.leaves[int(leaf.const)]  # type: ignore[arg-type]
        for rt in r.machine.transitions:
            if rt.event != ev or name not in rt.sources:
                continue
            g = self.cur_compiler(r.gid).compile(rt.guard) if rt.guard else const(True)
            if g.is_const and g.const:
                self.react(r, rt, ev, mv, leaf_names(r.machine))
                return

    # -- occurrences: monitors and only-when checks (monitors.py) --
    def occur(self, occ: Occ, mv: Move) -> None:
        occur(self, occ, mv)

    # -- the successor --
    def finish(self, mv: Move, tick: bool) -> None:
        """``n``: the changed fields put into ``base``, constants folded."""
        changes = self.changes()
        if changes or self.base == "s":
            self.w.append(Successor(self.base, changes))
        changed = self.touched | {self.fields.pos[(f.gid, f.kind, f.key)] for f, _, _ in changes}
        self.w.append(Event("succ", (mv.id, tick, frozenset(changed))))


def leaf_set_test(fields: Fields, gid: int, leaves: list[int], n_leaves: int, nodes: Nodes | None = None) -> Val:
    """Whether instance ``gid`` is in one of ``leaves`` (constant when that is decided statically)."""
    c = fields.pre(fields.k(gid, "leaf"))
    if c.is_const:
        return const(c.const in leaves)
    if not leaves:
        return const(False)
    if len(leaves) == n_leaves:
        return const(True)
    return Val(leaf_node(nodes if nodes is not None else Nodes(), c.node, leaves))
