"""Generated code for one discrete move: guard, effects, receivers, monitors, the packed successor.

The code is straight-line and specialised: the sender's current leaf is a constant in its
branch, so are parameters, machine parameters and indices. Values live in Python locals:
``f<k>`` holds field k of the state being expanded, ``w<k>`` its value as the step changes
it. The successor is the old packed int plus, for each changed field, the difference
shifted to the field's offset. The order of everything follows interp.step exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .. import model as ir
from .build import Plan
from .exprgen import C, ExprCompiler, const, leaf_test
from .plan import Field, Instance, Move
from .props import PRECEDES_CAP, Binding, Occ


class Writer:
    """Python source with indentation."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.depth = 0

    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def __enter__(self) -> None:
        self.depth += 1

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


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

    def k(self, gid: int, kind: str, key: str = "") -> int:
        return self.pos[(gid, kind, key)]

    def pre(self, k: int) -> C:
        f = self.list[k]
        if f.bits == 0:
            return const(f.lo)
        return C(f"f{k}", None, f.lo, f.hi, True, (f"f{k}", 0))

    def work(self, k: int) -> C:
        f = self.list[k]
        return C(f"w{k}", None, f.lo, f.hi)


class StepGen:
    """Emits the code of moves into a Writer; ``emit_succ`` writes what to do with a successor ``n``."""

    def __init__(self, plan: Plan, fields: Fields, live: Live, w: Writer,
                 emit_succ: Callable[[Writer, int, bool, set[int] | None], None],
                 emit_viol: Callable[[Writer, int, int], None]):
        self.plan = plan
        self.fields = fields
        self.live = live
        self.w = w
        self.emit_succ = emit_succ
        self.emit_viol = emit_viol
        self.arrays = plan.arrays()
        self.cur: dict[int, C] = {}
        self.pre_known: dict[int, C] = {}
        self.cover = False  # emit cov(...) hooks recording which (instance, transition) pairs fire

    # -- readers --
    def compiler(self, read: Callable[[int, str, str], C], bind: Binding | None, me: int | None) -> ExprCompiler:
        bound = dict(bind.bound) if bind else {}
        sg = bind.self_gid if bind and bind.self_gid is not None else me
        return ExprCompiler(self.plan.instances, self.arrays, self.plan.params, read, sg, bound)

    def read_cur(self, gid: int, kind: str, key: str) -> C:
        k = self.fields.k(gid, kind, key)
        return self.cur.get(k) or self.fields.pre(k)

    def read_pre(self, gid: int, kind: str, key: str) -> C:
        k = self.fields.k(gid, kind, key)
        return self.pre_known.get(k) or self.fields.pre(k)

    # -- writes --
    def assign(self, k: int, v: C, force: bool = False) -> None:
        if v.is_const and not force:
            self.cur[k] = v
            return
        self.w.line(f"w{k} = {v.src}")
        f = self.fields.list[k]
        self.cur[k] = C(f"w{k}", None, f.lo, f.hi, True, v.lin)

    def materialize(self, ks: list[int]) -> None:
        for k in ks:
            c = self.cur.get(k) or self.fields.pre(k)
            if c.src != f"w{k}":
                self.w.line(f"w{k} = {c.src}")
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
        guard = self.compiler(self.read_pre, None, me.gid).compile(t.guard) if t.guard is not None else const(True)
        if guard.is_const and not guard.const:
            return
        w = self.w
        w.line(f"# {me.name}: {t.span} {'/'.join(t.declared_sources)} -> {t.declared_target} on {t.event}")
        w.line("try:")
        with w:
            if not guard.is_const:
                w.line(f"if {guard.src}:")
                w.depth += 1
            if self.live.deadlock:
                w.line("moved = True")
            if self.cover:
                w.line(f"cov(pi, {mv.id}, {me.gid}, {t.id})")
            self.occur((me.gid, t.event), mv)
            queue: list[tuple[str, list[Instance], str | None]] = []
            for eff in t.effects:
                self.effect(me, eff, mv, queue)
            self.cur[lk] = const(me.machine.leaves.index(t.target))
            for ev, receivers, qvar in queue:
                self.receive(ev, receivers, qvar, mv)
            self.finish(mv, False)
            if not guard.is_const:
                w.depth -= 1
        w.line("except _ME:")
        with w:
            if self.live.deadlock:
                w.line("moved = True")
            self.emit_error(mv.id)

    def emit_error(self, move: int) -> None:
        if self.live.errors:
            self.emit_viol(self.w, -1, move)
        else:
            self.w.line("pass")

    def effect(self, me: Instance, eff: ir.Effect, mv: Move, queue: list[tuple[str, list[Instance], str | None]],
               ) -> None:
        if isinstance(eff, ir.Assign):
            k = self.fields.k(me.gid, "var", eff.var)
            self.assign_checked(k, self.compiler(self.read_cur, None, me.gid).compile(eff.value), False)
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
                idx = self.compiler(self.read_cur, None, me.gid).compile(eff.index)
                if idx.is_const and 0 <= int(idx.const) < len(members):  # type: ignore[arg-type]
                    queue.append((eff.event, [members[int(idx.const)]], None))  # type: ignore[arg-type]
                elif idx.is_const:
                    self.w.line("_bad()")
                else:
                    q = f"q{len(self.w.lines)}"
                    self.w.line(f"{q} = _ix({idx.src}, {len(members)})")
                    queue.append((eff.event, list(members), q))

    def assign_checked(self, k: int, v: C, force: bool) -> None:
        f: Field = self.fields.list[k]
        if isinstance(f.type, ir.IntT) and not v.is_const:
            self.assign(k, v, True)
            lo_ok = v.lo is not None and v.lo >= f.lo
            hi_ok = v.hi is not None and v.hi <= f.hi
            conds = ([] if lo_ok else [f"w{k} < {f.lo}"]) + ([] if hi_ok else [f"w{k} > {f.hi}"])
            if conds:
                self.w.line(f"if {' or '.join(conds)}: _bad()")
            return
        if isinstance(f.type, ir.IntT) and v.is_const and not f.lo <= int(v.const) <= f.hi:  # type: ignore[arg-type]
            self.w.line("_bad()")
        self.assign(k, v, force)

    # -- receivers --
    def receive(self, ev: str, receivers: list[Instance], qvar: str | None, mv: Move) -> None:
        written: list[int] = []
        for r in receivers:
            for rt in r.machine.transitions:
                if rt.event == ev:
                    written += self.writes(r, rt, ev)
        dynamic = qvar is not None or not self.static_choice(receivers[0], ev)
        if dynamic:
            self.materialize(sorted(set(written)))
        if qvar is None:
            self.receive_one(receivers[0], ev, mv, dynamic)
            return
        for j, r in enumerate(receivers):
            self.w.line(f"{'if' if j == 0 else 'elif'} {qvar} == {j}:")
            with self.w:
                self.receive_one(r, ev, mv, True)

    def static_choice(self, r: Instance, ev: str) -> bool:
        """Whether the receiver's reaction is known now: its leaf is known and so is the guard that decides."""
        leaf = self.read_cur(r.gid, "leaf", "")
        if not leaf.is_const:
            return False
        name = r.machine.leaves[int(leaf.const)]  # type: ignore[arg-type]
        for rt in r.machine.transitions:
            if rt.event != ev or name not in rt.sources:
                continue
            g = self.compiler(self.read_cur, None, r.gid).compile(rt.guard) if rt.guard else const(True)
            if not g.is_const:
                return False
            if g.const:
                return True
        return True

    def writes(self, r: Instance, rt: ir.TransitionDef, ev: str) -> list[int]:
        """Fields a receiver transition may change: its leaf, variables, clocks and affected monitors."""
        out = [self.fields.k(r.gid, "leaf")]
        occs = {(r.gid, ev)}
        for eff in rt.effects:
            if isinstance(eff, ir.Assign):
                out.append(self.fields.k(r.gid, "var", eff.var))
            elif isinstance(eff, ir.ResetClock):
                out.append(self.fields.k(r.gid, "clock", eff.clock))
            elif isinstance(eff, ir.EmitSignal):
                occs.add((r.gid, eff.signal))
        for m in self.plan.checks.monitors:
            if any(o in m.checked or o in m.reset or o in m.record for o in occs):
                out.append(self.fields.k(m.gid, "mon", m.key))
        return out

    def receive_one(self, r: Instance, ev: str, mv: Move, force: bool) -> None:
        lk = self.fields.k(r.gid, "leaf")
        leaf = self.read_cur(r.gid, "leaf", "")
        by_leaf: list[tuple[int, list[ir.TransitionDef]]] = []
        for li, name in enumerate(r.machine.leaves):
            ts = [rt for rt in r.machine.transitions if rt.event == ev and name in rt.sources]
            if ts and (not leaf.is_const or leaf.const == li):
                by_leaf.append((li, ts))
        opened = False
        for li, ts in by_leaf:
            if not leaf.is_const:
                self.w.line(f"{'elif' if opened else 'if'} {leaf.src} == {li}:")
                opened = True
                self.w.depth += 1
            saved = dict(self.cur)
            if not leaf.is_const:
                self.cur[lk] = const(li)
            base = dict(self.cur)
            first = True
            for rt in ts:
                self.cur = dict(base)
                g = self.compiler(self.read_cur, None, r.gid).compile(rt.guard) if rt.guard else const(True)
                if g.is_const and not g.const:
                    continue
                if g.is_const:
                    head = "if True:" if first else "else:"
                else:
                    head = f"{'if' if first else 'elif'} {g.src}:"
                self.w.line(head)
                with self.w:
                    if self.cover:
                        self.w.line(f"cov(pi, {mv.id}, {r.gid}, {rt.id})")
                    self.occur((r.gid, ev), mv, force)
                    for eff in rt.effects:
                        if isinstance(eff, ir.Assign):
                            k = self.fields.k(r.gid, "var", eff.var)
                            self.assign_checked(k, self.compiler(self.read_cur, None, r.gid).compile(eff.value), force)
                        elif isinstance(eff, ir.ResetClock):
                            self.assign(self.fields.k(r.gid, "clock", eff.clock), const(0), force)
                        elif isinstance(eff, ir.EmitSignal):
                            self.occur((r.gid, eff.signal), mv, force)
                    self.assign(lk, const(r.machine.leaves.index(rt.target)), force)
                    self.w.line("pass")
                first = False
                if g.is_const:
                    break
            if force:
                self.cur = saved
                for k in list(self.cur):
                    if self.cur[k].src == f"w{k}":
                        self.cur[k] = self.fields.work(k)
            if not leaf.is_const:
                self.w.depth -= 1

    # -- occurrences: monitors and only-when checks --
    def occur(self, occ: Occ, mv: Move, force: bool = False) -> None:
        for m in self.plan.checks.monitors:
            if occ not in m.checked and occ not in m.reset and occ not in m.record:
                continue
            k = self.fields.k(m.gid, "mon", m.key)
            check = m.pid in self.live.pids
            if m.kind == "precedes":
                self.precedes(k, occ, m.checked, m.reset, m.record, check, m.pid, mv, force)
                continue
            if occ in m.checked and check:
                cur = self.cur.get(k) or self.fields.pre(k)
                bad = 0 if m.kind == "only_after" else 1
                if cur.is_const:
                    if cur.const == bad:
                        self.emit_viol(self.w, m.pid, mv.id)
                else:
                    self.w.line(f"if {cur.src} == {bad}:")
                    with self.w:
                        self.emit_viol(self.w, m.pid, mv.id)
            if occ in m.reset:
                self.assign(k, const(0), force)
            if occ in m.record:
                self.assign(k, const(1), force)
        for c in self.plan.checks.whens:
            if occ in c.events and c.pid in self.live.pids:
                cond = self.compiler(self.read_pre, c.bind, None).compile(c.cond)
                if cond.is_const:
                    if not cond.const:
                        self.emit_viol(self.w, c.pid, mv.id)
                    continue
                self.w.line(f"if not {cond.src}:")
                with self.w:
                    self.emit_viol(self.w, c.pid, mv.id)

    def precedes(self, k: int, occ: Occ, checked: frozenset[Occ], reset: frozenset[Occ], record: frozenset[Occ],
                 check: bool, pid: int, mv: Move, force: bool) -> None:
        cur = self.cur.get(k) or self.fields.pre(k)
        w = self.w
        if occ in checked:
            if cur.is_const:
                v = int(cur.const)  # type: ignore[arg-type]
                if v == 0 and check:
                    self.emit_viol(w, pid, mv.id)
                elif 0 < v <= PRECEDES_CAP:
                    self.assign(k, const(v - 1), force)
            else:
                self.materialize([k])
                w.line(f"if w{k} == 0:")
                with w:
                    if check:
                        self.emit_viol(w, pid, mv.id)
                    else:
                        w.line("pass")
                w.line(f"elif w{k} <= {PRECEDES_CAP}:")
                with w:
                    w.line(f"w{k} -= 1")
        if occ in reset:
            self.assign(k, const(0), force)
        if occ in record:
            cur = self.cur.get(k) or self.fields.pre(k)
            if cur.is_const:
                v = int(cur.const)  # type: ignore[arg-type]
                if v < PRECEDES_CAP:
                    self.assign(k, const(v + 1), force)
                elif v == PRECEDES_CAP:
                    self.assign(k, const(v + 1), force)
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
        """``n = s + delta``: each changed field's difference shifted into place, constants folded."""
        const_delta = 0
        terms: list[str] = []
        changed: set[int] = set()
        for k in sorted(self.cur):
            f = self.fields.list[k]
            new, old = self.cur[k], self.pre_known.get(k) or self.fields.pre(k)
            if new.src == old.src:
                continue
            changed.add(f.gid)
            sh = f" << {f.offset}" if f.offset else ""
            if new.is_const and old.is_const:
                const_delta += (int(new.const) - int(old.const)) << f.offset  # type: ignore[arg-type]
            elif new.lin is not None and new.lin[0] == old.src:
                const_delta += new.lin[1] << f.offset
            elif new.is_const and int(new.const) == f.lo:  # type: ignore[arg-type]
                stored = f"({old.src} - {f.lo})" if f.lo else old.src
                terms.append(f" - ({stored}{sh})" if sh else f" - {stored}")
            else:
                terms.append(f" + (({new.src} - {old.src}){sh})")
        if const_delta:
            terms.insert(0, f" + {const_delta}" if const_delta > 0 else f" - {-const_delta}")
        self.w.line("n = s" + "".join(terms))
        self.emit_succ(self.w, mv.id, tick, changed)


def leaf_set_test(fields: Fields, gid: int, leaves: list[int], n_leaves: int) -> C:
    """Whether instance ``gid`` is in one of ``leaves`` (constant when that is decided statically)."""
    c = fields.pre(fields.k(gid, "leaf"))
    if c.is_const:
        return const(c.const in leaves)
    if not leaves:
        return const(False)
    if len(leaves) == n_leaves:
        return const(True)
    return C(leaf_test(c.src, leaves))
