"""Generated code for one discrete move: guard, effects, receivers, monitors, the packed successor.

The code is straight-line and specialised: the sender's current leaf is a constant in its
branch, so are parameters, machine parameters and indices. Values live in Python locals:
``f<k>`` holds field k of the state being expanded, ``w<k>`` its value as the step changes
it. The successor is the old packed int with the changed fields replaced: either plus, for
each changed field, the difference shifted to the field's offset, or the old int with the
changed fields masked out and their new values or'ed in (whichever takes fewer operations).
The order of everything follows interp.step exactly. A ``try`` surrounds only what may
raise a model error, so the values computed by a guard that cannot raise stay known after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .. import model as ir
from ..escape import py_comment
from .build import Plan
from .exprgen import ATOM, C, ExprCompiler, Memo, Nodes, Writer, atom, const, leaf_names, leaf_node, lit
from .plan import Field, Instance, Move
from .props import PRECEDES_CAP, Binding, Occ, by_occurrence

__all__ = ["Fields", "Live", "StepGen", "Writer", "leaf_set_test"]


@dataclass(slots=True)
class Live:
    """Which checks the generated code still performs (decided properties are dropped)."""

    pids: set[int] = field(default_factory=set)
    reach: set[int] = field(default_factory=set)  # indices into Checks.reach still without a witness
    deadlock: bool = False
    errors: bool = True
    overflow: set[int] = field(default_factory=set)  # pids whose monitor overflow is still to be reported


class Fields:
    """Maps (gid, kind, key) to field numbers and the locals that hold them."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.list = plan.layout.fields
        self.pos = {(f.gid, f.kind, f.key): k for k, f in enumerate(self.list)}
        self._pre = [C(atom(f"f{k}"), None, f.lo, f.hi, True, (f"f{k}", 0)) if f.bits else const(f.lo)
                     for k, f in enumerate(self.list)]
        self._work = [C(atom(f"w{k}", False), None, f.lo, f.hi) for k, f in enumerate(self.list)]
        self._deferred = [C(atom(f"<n:{k}>", False)) for k in range(len(self.list))]

    def k(self, gid: int, kind: str, key: str = "") -> int:
        return self.pos[(gid, kind, key)]

    def pre(self, k: int) -> C:
        return self._pre[k]

    def work(self, k: int) -> C:
        return self._work[k]

    def deferred(self, k: int) -> C:
        """Field k's value is only in ``n`` (read it from there when needed)."""
        return self._deferred[k]


def is_work(c: C, k: int) -> bool:
    return c.node.kind == ATOM and c.node.fmt == f"w{k}"


class StepGen:
    """Emits the code of moves into a Writer; ``emit_succ`` writes what to do with a successor ``n``."""

    def __init__(self, plan: Plan, fields: Fields, live: Live, w: Writer,
                 emit_succ: Callable[[Writer, int, bool, set[int] | None], None],
                 emit_viol: Callable[[Writer, int, int], None], nodes: Nodes | None = None,
                 memo: Memo | None = None, emit_perr: Callable[[Writer, int, int], None] | None = None,
                 emit_undo: Callable[[Writer, int], None] | None = None):
        self.plan = plan
        self.fields = fields
        self.live = live
        self.w = w
        self.emit_succ = emit_succ
        self.emit_viol = emit_viol
        self.emit_perr = emit_perr if emit_perr is not None else (lambda w, pid, move: w.line("pass"))
        self.emit_undo = emit_undo if emit_undo is not None else (lambda w, move: w.line("pass"))
        self.violations_here = False  # the move being generated records ordering or only-when violations
        self.nodes = nodes if nodes is not None else Nodes()
        self.memo: Memo = memo if memo is not None else {}
        self.arrays = plan.arrays()
        self.cur: dict[int, C] = {}
        self.pre_known: dict[int, C] = {}
        self.pre_ctx: object = None
        # the successor is built in ``base``: 's' until a receiver whose reaction is only known at run time
        # makes the step put what it changed so far into 'n' (then ``committed`` holds the values in n)
        self.base = "s"
        self.committed: dict[int, C] = {}
        self.touched: set[int] = set()  # fields put into n changed
        self.risky = False  # the code emitted since the last reset may raise a model error
        self.cover = False  # emit cov(...) hooks recording which (instance, transition) pairs fire

    # -- readers --
    def compiler(self, read: Callable[[int, str, str], C], bind: Binding | None, me: int | None,
                 ctx: object = None) -> ExprCompiler:
        bound = dict(bind.bound) if bind else {}
        sg = bind.self_gid if bind and bind.self_gid is not None else me
        return ExprCompiler(self.plan.instances, self.arrays, self.plan.params, read, sg, bound, self.nodes,
                            self.memo, ctx)

    def pre_compiler(self, bind: Binding | None, me: int | None) -> ExprCompiler:
        """Expressions over the state before the step (memoized: the reader depends only on the mover's leaf)."""
        return self.compiler(self.read_pre, bind, me, self.pre_ctx)

    def cur_compiler(self, me: int) -> ExprCompiler:
        return self.compiler(self.read_cur, None, me)

    def read_cur(self, gid: int, kind: str, key: str) -> C:
        return self.value(self.fields.k(gid, kind, key))

    def value(self, k: int) -> C:
        """Field k's value at this point of the step (read out of ``n`` if only there)."""
        c = self.cur.get(k) or self.fields.pre(k)
        if c is self.fields.deferred(k):
            f = self.fields.list[k]
            src = f"n >> {f.offset} & {f.mask}" if f.offset else f"n & {f.mask}"
            if f.lo:
                src = f"({src}) + {f.lo}" if f.lo > 0 else f"({src}) - {-f.lo}"
            self.w.line(f"w{k} = {src}")
            c = self.cur[k] = self.committed[k] = self.fields.work(k)
        return c

    def held(self, k: int) -> C:
        """Field k's value in ``base``."""
        return self.committed.get(k) or self.pre_known.get(k) or self.fields.pre(k)

    def read_pre(self, gid: int, kind: str, key: str) -> C:
        k = self.fields.k(gid, kind, key)
        return self.pre_known.get(k) or self.fields.pre(k)

    def use(self, c: C) -> C:
        """``c``, about to be emitted: note whether it may raise."""
        if not c.safe:
            self.risky = True
        return c

    def bad(self) -> None:
        self.risky = True
        self.w.line("_bad()")

    # -- writes --
    def assign(self, k: int, v: C, force: bool = False) -> None:
        """Field k gets ``v`` (kept in ``w<k>`` unless constant, or always when ``force``)."""
        if v.is_const and not force:
            self.cur[k] = v
            return
        self.w.line(f"w{k} = ", self.use(v))
        f = self.fields.list[k]
        self.cur[k] = C(atom(f"w{k}", False), None, f.lo, f.hi, True, v.lin)

    def materialize(self, ks: list[int]) -> None:
        for k in ks:
            c = self.value(k)
            if not is_work(c, k):
                self.w.line(f"w{k} = ", c)
            self.cur[k] = self.fields.work(k)

    # -- one move --
    def move(self, mv: Move, leaf: int) -> None:
        """The block for move ``mv`` when its instance is in leaf number ``leaf``."""
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
            return
        outer = self.w
        body = Writer()
        self.w = body
        self.risky = False
        self.violations_here = False
        if self.cover:
            body.line(f"cov(pi, {mv.id}, {me.gid}, {t.id})")
        self.occur((me.gid, t.event), mv)
        queue: list[tuple[str, list[Instance], str | None]] = []
        for eff in t.effects:
            self.effect(me, eff, mv, queue)
        self.cur[lk] = const(leaf_names(me.machine)[t.target])
        for ev, receivers, qvar in queue:
            self.receive(ev, receivers, qvar, mv)
        self.finish(mv, False)
        self.w = w = outer
        w.line("# " + py_comment(f"{me.name}: {t.span} {'/'.join(t.declared_sources)} -> {t.declared_target} "
                                 f"on {t.event}"))
        if guard.safe:
            if not guard.is_const:
                w.line("if ", guard, ":")
                w.depth += 1
            if self.live.deadlock:
                w.line("moved = True")
            if self.risky:
                w.line("try:")
                with w:
                    w.splice(body)
                w.line("except _ME:")
                with w:
                    self.emit_error(mv.id)
            else:
                w.splice(body)
            if not guard.is_const:
                w.depth -= 1
            return
        w.line("try:")
        with w:
            w.line("if ", guard, ":")
            with w:
                if self.live.deadlock:
                    w.line("moved = True")
                w.splice(body)
                w.line("pass")
        w.line("except _ME:")
        with w:
            if self.live.deadlock:
                w.line("moved = True")
            self.emit_error(mv.id)

    def emit_error(self, move: int) -> None:
        """The step hit a model error: it does not happen, so neither do the violations it recorded."""
        if self.violations_here:
            self.emit_undo(self.w, move)
        if self.live.errors:
            self.emit_viol(self.w, -1, move)
        elif not self.violations_here:
            self.w.line("pass")

    def violation(self, w: Writer, pid: int, move: int) -> None:
        """An ordering or only-when violation by this step (undone if the step then hits a model error)."""
        self.violations_here = True
        self.emit_viol(w, pid, move)

    def effect(self, me: Instance, eff: ir.Effect, mv: Move, queue: list[tuple[str, list[Instance], str | None]],
               ) -> None:
        if isinstance(eff, ir.Assign):
            k = self.fields.k(me.gid, "var", eff.var)
            self.assign_checked(k, self.cur_compiler(me.gid).compile(eff.value))
        elif isinstance(eff, ir.ResetClock):
            self.assign(self.fields.k(me.gid, "clock", eff.clock), const(0))
        elif isinstance(eff, ir.EmitSignal):
            self.occur((me.gid, eff.signal), mv)
        else:
            assert eff.instance is not None
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
                    q = f"q{len(self.w.lines)}_{mv.id}"
                    self.risky = True
                    self.w.line(f"{q} = _ix(", idx, f", {len(members)})")
                    queue.append((eff.event, list(members), q))

    def assign_checked(self, k: int, v: C) -> None:
        f: Field = self.fields.list[k]
        if isinstance(f.type, ir.IntT) and not v.is_const:
            self.assign(k, v, True)
            lo_ok = v.lo is not None and v.lo >= f.lo
            hi_ok = v.hi is not None and v.hi <= f.hi
            conds = ([] if lo_ok else [f"w{k} < {f.lo}"]) + ([] if hi_ok else [f"w{k} > {f.hi}"])
            if conds:
                self.risky = True
                self.w.line(f"if {' or '.join(conds)}: _bad()")
            return
        if isinstance(f.type, ir.IntT) and v.is_const and not f.lo <= int(v.const) <= f.hi:  # type: ignore[arg-type]
            self.bad()
        self.assign(k, v)

    # -- receivers --
    def receive(self, ev: str, receivers: list[Instance], qvar: str | None, mv: Move) -> None:
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
            for j, r in enumerate(receivers):
                self.w.line(f"{'if' if j == 0 else 'elif'} {qvar} == {j}:")
                with self.w:
                    saved = dict(self.cur), dict(self.committed)
                    self.receive_branches(r, ev, mv, written)
                    self.cur, self.committed = saved
                    self.w.line("pass")
        for k in written:
            self.cur[k] = self.committed[k] = self.fields.deferred(k)

    def static_choice(self, r: Instance, ev: str) -> bool:
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
            self.w.line(*successor(changes, self.base))
        for f, new, _ in changes:
            k = self.fields.pos[(f.gid, f.kind, f.key)]
            self.committed[k] = new
            self.touched.add(k)
        if self.base == "s":
            self.committed.update(self.cur)
            self.base = "n"

    def changes(self) -> list[tuple[Field, C, C]]:
        """(field, new value, value in ``base``) for each field the step changed since ``base`` was set."""
        out: list[tuple[Field, C, C]] = []
        for k in sorted(self.cur):
            new, old = self.cur[k], self.held(k)
            if new.node is not old.node:
                out.append((self.fields.list[k], new, old))
        return out

    def receive_branches(self, r: Instance, ev: str, mv: Move, written: set[int]) -> None:
        """The receiver's reaction, one branch per leaf and guard, each putting its changes into ``n``."""
        lk = self.fields.k(r.gid, "leaf")
        leaf = self.read_cur(r.gid, "leaf", "")
        by_leaf: list[tuple[int, list[ir.TransitionDef]]] = []
        for li, name in enumerate(r.machine.leaves):
            ts = [rt for rt in r.machine.transitions if rt.event == ev and name in rt.sources]
            if ts and (not leaf.is_const or leaf.const == li):
                by_leaf.append((li, ts))
        targets = leaf_names(r.machine)
        opened = False
        for li, ts in by_leaf:
            saved = dict(self.cur), dict(self.committed)
            if not leaf.is_const:
                self.w.line("elif " if opened else "if ", leaf, f" == {li}:")
                opened = True
                self.w.depth += 1
                self.cur[lk] = self.committed[lk] = const(li)
            start = dict(self.cur)
            guards = []  # compiled before any is written: reading a field out of n emits a line
            for rt in ts:
                g = self.cur_compiler(r.gid).compile(rt.guard) if rt.guard else const(True)
                if g.is_const and not g.const:
                    continue
                guards.append((rt, g))
                if g.is_const:
                    break
            if not guards and not leaf.is_const:
                self.w.line("pass")  # every guard is constantly false here: the receiver ignores the event
            first = True
            for rt, g in guards:
                self.cur = dict(start)
                committed = dict(self.committed)
                if g.is_const:
                    self.w.line("if True:" if first else "else:")
                else:
                    self.w.line("if " if first else "elif ", self.use(g), ":")
                first = False
                with self.w:
                    self.react(r, rt, ev, mv, targets)
                    for f, _, _ in self.changes():
                        written.add(self.fields.pos[(f.gid, f.kind, f.key)])
                    self.sync()
                    self.w.line("pass")
                self.committed = committed
            self.cur, self.committed = saved
            if not leaf.is_const:
                self.w.depth -= 1

    def react(self, r: Instance, rt: ir.TransitionDef, ev: str, mv: Move, targets: dict[str, int]) -> None:
        """Receiver ``r`` takes ``rt``: the occurrence, the effects, the new leaf."""
        if self.cover:
            self.w.line(f"cov(pi, {mv.id}, {r.gid}, {rt.id})")
        self.occur((r.gid, ev), mv)
        for eff in rt.effects:
            if isinstance(eff, ir.Assign):
                k = self.fields.k(r.gid, "var", eff.var)
                self.assign_checked(k, self.cur_compiler(r.gid).compile(eff.value))
            elif isinstance(eff, ir.ResetClock):
                self.assign(self.fields.k(r.gid, "clock", eff.clock), const(0))
            elif isinstance(eff, ir.EmitSignal):
                self.occur((r.gid, eff.signal), mv)
        self.assign(self.fields.k(r.gid, "leaf"), const(targets[rt.target]))

    def receive_one(self, r: Instance, ev: str, mv: Move) -> None:
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

    # -- occurrences: monitors and only-when checks --
    def occur(self, occ: Occ, mv: Move) -> None:
        mons, whens = by_occurrence(self.plan.checks).get(occ, ((), ()))
        for m in (self.plan.checks.monitors[i] for i in mons):
            k = self.fields.k(m.gid, "mon", m.key)
            check = m.pid in self.live.pids
            if m.kind == "precedes":
                self.precedes(k, occ, m.checked, m.reset, m.record, check, m.pid, mv)
                continue
            if occ in m.checked and check:
                cur = self.value(k)
                bad = 0 if m.kind == "only_after" else 1
                if cur.is_const:
                    if cur.const == bad:
                        self.violation(self.w, m.pid, mv.id)
                else:
                    self.w.line("if ", cur, f" == {bad}:")
                    with self.w:
                        self.violation(self.w, m.pid, mv.id)
            if occ in m.reset:
                self.assign(k, const(0))
            if occ in m.record:
                self.assign(k, const(1))
        for c in (self.plan.checks.whens[i] for i in whens):
            if c.pid in self.live.pids:
                comp = self.pre_compiler(c.bind, None)
                cond = comp.compile(c.cond)
                if cond.is_const:
                    if not cond.const:
                        self.violation(self.w, c.pid, mv.id)
                    continue
                if cond.safe:
                    self.w.line("if ", comp.negate(cond.node), ":")
                    with self.w:
                        self.violation(self.w, c.pid, mv.id)
                    continue
                # the property's own try: its model error never stops the step (docs/semantics.md)
                self.w.line("try:")
                with self.w:
                    self.w.line("if ", comp.negate(cond.node), ":")
                    with self.w:
                        self.violation(self.w, c.pid, mv.id)
                self.w.line("except _ME:")
                with self.w:
                    self.emit_perr(self.w, c.pid, mv.id)

    def precedes(self, k: int, occ: Occ, checked: frozenset[Occ], reset: frozenset[Occ], record: frozenset[Occ],
                 check: bool, pid: int, mv: Move) -> None:
        cur = self.value(k)
        w = self.w
        if occ in checked:
            if cur.is_const:
                v = int(cur.const)  # type: ignore[arg-type]
                if v == 0 and check:
                    self.violation(w, pid, mv.id)
                elif 0 < v <= PRECEDES_CAP:
                    self.assign(k, const(v - 1))
            else:
                self.materialize([k])
                w.line(f"if w{k} == 0:")
                with w:
                    if check:
                        self.violation(w, pid, mv.id)
                    else:
                        w.line("pass")
                w.line(f"elif w{k} <= {PRECEDES_CAP}:")
                with w:
                    w.line(f"w{k} -= 1")
        if occ in reset:
            self.assign(k, const(0))
        if occ in record:
            cur = self.value(k)
            if cur.is_const:
                v = int(cur.const)  # type: ignore[arg-type]
                if v < PRECEDES_CAP:
                    self.assign(k, const(v + 1))
                elif v == PRECEDES_CAP:
                    self.assign(k, const(v + 1))
                    self.emit_over(pid)
            else:
                self.materialize([k])
                w.line(f"if w{k} < {PRECEDES_CAP}:")
                with w:
                    w.line(f"w{k} += 1")
                w.line(f"elif w{k} == {PRECEDES_CAP}:")
                with w:
                    w.line(f"w{k} = {PRECEDES_CAP + 1}")
                    self.emit_over(pid)

    def emit_over(self, pid: int) -> None:
        if pid in self.live.overflow:
            self.w.line(f"over({pid})")
            self.w.line("dirty = True")

    # -- the successor --
    def finish(self, mv: Move, tick: bool) -> None:
        """``n``: the changed fields put into ``base``, constants folded."""
        changes = self.changes()
        if changes or self.base == "s":
            self.w.line(*successor(changes, self.base))
        changed = self.touched | {self.fields.pos[(f.gid, f.kind, f.key)] for f, _, _ in changes}
        self.emit_succ(self.w, mv.id, tick, changed)


def successor(changes: list[tuple[Field, C, C]], base: str = "s") -> list[str | C]:
    """The parts of the line ``n = ...`` for these (field, new value, value in ``base``) changes.

    Two ways, the one with fewer operations wins: ``s`` plus the differences (a field whose
    new value is its old one plus a constant costs nothing: the constants are folded), or
    ``s`` with the fields that get new values masked out and those values or'ed in.
    """
    delta = 0  # the constant part of the difference
    terms: list[list[str | C]] = []  # the other differences
    cost_add = 0
    keep = -1  # mask form: the bits kept
    bits = 0  # ... the constant bits or'ed in
    ors: list[list[str | C]] = []  # ... the computed values
    lin = 0  # ... the differences of fields that are their old value plus a constant
    cost_or = 1
    for f, new, old in changes:
        sh = f" << {f.offset}" if f.offset else ""
        if new.is_const and old.is_const:
            d = (int(new.const) - int(old.const)) << f.offset  # type: ignore[arg-type]
            delta += d
            keep &= ~(f.mask << f.offset)
            bits |= (int(new.const) - f.lo) << f.offset  # type: ignore[arg-type]
            continue
        if new.lin is not None and old.node.kind == ATOM and new.lin[0] == old.node.fmt:
            delta += new.lin[1] << f.offset
            lin += new.lin[1] << f.offset
            continue
        if new.is_const:
            keep &= ~(f.mask << f.offset)
            bits |= (int(new.const) - f.lo) << f.offset  # type: ignore[arg-type]
            if int(new.const) == f.lo:  # type: ignore[arg-type]
                if f.lo:
                    terms.append([" - ((", old, f" - {f.lo}){sh})"])
                    cost_add += 3 if sh else 2
                else:
                    terms.append([" - (", old, f"{sh})"] if sh else [" - ", old])
                    cost_add += 2 if sh else 1
                continue
        else:
            keep &= ~(f.mask << f.offset)
            stored: list[str | C] = ["(", new, f" - {f.lo})"] if f.lo else [new]
            ors.append([" | (", *stored, f"{sh})"] if sh else [" | ", *stored])
            cost_or += 1 + bool(sh) + bool(f.lo)
        terms.append([" + ((", new, " - ", old, f"){sh})"])
        cost_add += 3 if sh else 2
    cost_add += bool(delta)
    cost_or += bool(bits) + bool(lin)
    out: list[str | C] = [f"n = {base}"]
    if cost_or < cost_add:
        out = [f"n = (({base} & {lit(keep)})"]
        if bits:
            out.append(f" | {lit(bits)}")
        for o in ors:
            out += o
        out.append(")")
        if lin:
            out.append(f" + {lit(lin)}" if lin > 0 else f" - {lit(-lin)}")
        return out
    if delta:
        out.append(f" + {lit(delta)}" if delta > 0 else f" - {lit(-delta)}")
    for t in terms:
        out += t
    return out


def leaf_set_test(fields: Fields, gid: int, leaves: list[int], n_leaves: int, nodes: Nodes | None = None) -> C:
    """Whether instance ``gid`` is in one of ``leaves`` (constant when that is decided statically)."""
    c = fields.pre(fields.k(gid, "leaf"))
    if c.is_const:
        return const(c.const in leaves)
    if not leaves:
        return const(False)
    if len(leaves) == n_leaves:
        return const(True)
    return C(leaf_node(nodes if nodes is not None else Nodes(), c.node, leaves))
