"""The reference semantics: one step at a time, by interpretation, written to be read.

This is docs/semantics.md in code. The search runs generated code (codegen.py) that must
agree with it exactly; the tests compare the two on every state of many specs. The
checker itself uses this module only where speed does not matter and detail does: to
explain the steps of a counterexample (which receivers took which transitions, which
signals were emitted, which clocks were reset) and to find model errors' messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import model as ir
from ..evaluate import EvalError, evaluate
from ..instantiate import Element, SystemContext
from ..messages import say
from .build import Plan
from .plan import Field, Layout, Move, PerObject, from_code, to_code
from .props import PRECEDES_CAP, Binding, Occ, WhenCheck, by_occurrence


@dataclass(slots=True)
class Outcome:
    """What one move does from one state (``next`` is None when it hits a model error)."""

    move: Move
    next: int | None = None
    error: str | None = None
    occurrences: list[Occ] = field(default_factory=list)
    signals: list[tuple[int, str]] = field(default_factory=list)
    receipts: list[tuple[int, str, ir.TransitionDef]] = field(default_factory=list)
    resets: list[tuple[int, str]] = field(default_factory=list)
    violations: list[tuple[int, str]] = field(default_factory=list)  # (pid, binding label)
    gave_up: list[int] = field(default_factory=list)  # pids whose precedes-monitor overflowed
    eval_errors: list[tuple[int, str, str]] = field(default_factory=list)  # (pid, label, message): conditions


@PerObject
def machine_leaves(m: ir.MachineDef) -> tuple[str, ...]:
    """``m.leaves``, computed once per machine (the property walks every state)."""
    return m.leaves


@PerObject
def positions(layout: Layout) -> dict[tuple[int, str, str], int]:
    """(gid, kind, key) -> field number."""
    return {(f.gid, f.kind, f.key): k for k, f in enumerate(layout.fields)}


class World(SystemContext):
    """A state that ``evaluate`` can read: the system's static context plus variables, clocks and leaves.

    Fields are decoded when read and changes kept aside until ``packed``, so a step costs what
    it touches, not the width of the state (arrays of thousands of instances)."""

    def __init__(self, plan: Plan, s: int):
        super().__init__(plan.params, plan.arrays())
        self.plan = plan
        self.s = s
        self.changed: dict[int, int] = {}  # field number -> computed value
        self.pos = positions(plan.layout)

    def copy(self) -> World:
        w = World.__new__(World)
        w.params, w.groups, w.me = self.params, self.groups, self.me
        w.plan, w.s, w.changed, w.pos = self.plan, self.s, dict(self.changed), self.pos
        return w

    def packed(self) -> int:
        s = self.s
        for k, v in self.changed.items():
            f = self.plan.layout.fields[k]
            s = (s & ~(f.mask << f.offset)) | ((v - f.lo) << f.offset)
        return s

    def value(self, k: int) -> int:
        """Field ``k``'s computed value (stored offset plus low end)."""
        v = self.changed.get(k)
        if v is None:
            f = self.plan.layout.fields[k]
            v = ((self.s >> f.offset) & f.mask) + f.lo
        return v

    def fld(self, gid: int, kind: str, key: str = "") -> Field:
        return self.plan.layout.fields[self.pos[(gid, kind, key)]]

    def get(self, gid: int, kind: str, key: str = "") -> int:
        return self.value(self.pos[(gid, kind, key)])

    def set(self, gid: int, kind: str, key: str, v: int) -> None:
        self.changed[self.pos[(gid, kind, key)]] = v

    def leaf(self, gid: int) -> str:
        return machine_leaves(self.plan.instances[gid].machine)[self.get(gid, "leaf")]

    # -- what a state adds to the static context --
    def var(self, inst: object, name: str) -> ir.Value:
        assert isinstance(inst, Element)
        key = (inst.gid, "var", name)
        if key in self.pos:
            return from_code(self.value(self.pos[key]), self.plan.layout.fields[self.pos[key]])
        return self.get(inst.gid, "clock", name)

    def state(self, inst: object) -> str:
        assert isinstance(inst, Element)
        return self.leaf(inst.gid)

    def eval(self, e: ir.Expr, me: Element | None, bind: Binding | None = None) -> ir.Value:
        self.me = me
        bound: dict[str, object] = {}
        if bind is not None:
            bound = {v: self.plan.instances[g] for v, g in bind.bound}
        return evaluate(e, self, bound)


def binding_self(plan: Plan, bind: Binding) -> Element | None:
    """The instance ``self`` names for a property checked with binding ``bind`` (None: a system property)."""
    return plan.instances[bind.self_gid] if bind.self_gid is not None else None


def _local_effect(w: World, inst: Element, eff: ir.Effect, out: Outcome) -> bool:
    """Apply an effect on ``inst`` itself (an assignment, a reset, a signal); False for a send."""
    if isinstance(eff, ir.Assign):
        v = w.eval(eff.value, inst)
        f = w.fld(inst.gid, "var", eff.var)
        t = f.type
        if isinstance(t, ir.IntT) and isinstance(v, int) and not isinstance(v, bool) and not f.lo <= v <= f.hi:
            raise EvalError(say("checker.out-of-range", var=f.name, value=v, lo=f.lo, hi=f.hi))
        w.set(inst.gid, "var", eff.var, to_code(v, t))
    elif isinstance(eff, ir.ResetClock):
        w.set(inst.gid, "clock", eff.clock, 0)
        out.resets.append((inst.gid, eff.clock))
    elif isinstance(eff, ir.EmitSignal):
        out.occurrences.append((inst.gid, eff.signal))
        out.signals.append((inst.gid, eff.signal))
    else:
        return False
    return True


def receivers(w: World, eff: ir.SendEvent, me: Element) -> list[Element]:
    """The instances a ``send`` by ``me`` addresses in world ``w`` (all, one index, or a computed member)."""
    assert eff.instance is not None
    members = w.groups[eff.instance]
    if eff.kind == "all":
        return list(members)
    if eff.kind == "index":
        assert eff.index is not None
        idx = w.eval(eff.index, me)
        if not isinstance(idx, int) or not 0 <= idx < len(members):
            raise EvalError(say("instantiate.index-out-of-bounds", array=eff.instance, index=idx, size=len(members)))
        return [members[idx]]
    return [members[0]]


def step(plan: Plan, s: int, move: Move) -> Outcome | None:
    """The outcome of ``move`` from ``s``, or None if the move is not enabled there."""
    if move.transition is None:
        return tick(plan, s)
    w = World(plan, s)
    me = plan.instances[move.gid]
    t = move.transition
    out = Outcome(move)
    try:
        if w.leaf(me.gid) not in t.sources:
            return None
        if t.guard is not None and not w.eval(t.guard, me):
            return None
        pre = w.copy()
        out.occurrences.append((me.gid, t.event))
        queue: list[tuple[Element, str]] = []
        for eff in t.effects:
            if not _local_effect(w, me, eff, out):
                assert isinstance(eff, ir.SendEvent)
                queue.extend((r, eff.event) for r in receivers(w, eff, me))
        w.set(me.gid, "leaf", "", me.machine.leaves.index(t.target))
        for r, ev in queue:
            _receive(w, r, ev, out)
        _monitors(plan, pre, w, out)
    except EvalError as e:
        out.error = str(e)
        return out
    out.next = w.packed()
    return out


def _receive(w: World, r: Element, ev: str, out: Outcome) -> None:
    leaf = w.leaf(r.gid)
    for rt in r.machine.transitions:
        if rt.event != ev or leaf not in rt.sources:
            continue
        if rt.guard is not None and not w.eval(rt.guard, r):
            continue
        out.occurrences.append((r.gid, ev))
        out.receipts.append((r.gid, ev, rt))
        for eff in rt.effects:
            _local_effect(w, r, eff, out)  # a receiver's sends are not followed (interp and codegen agree)
        w.set(r.gid, "leaf", "", r.machine.leaves.index(rt.target))
        return


def _monitors(plan: Plan, pre: World, w: World, out: Outcome) -> None:
    """Run every ordering monitor over the step's occurrences, in order; judge only-when checks on ``pre``."""
    if not plan.checks.monitors and not plan.checks.whens:
        return
    order_monitors(plan, w, out)
    for c in triggered_whens(plan, out.occurrences):
        try:
            if not pre.eval(c.cond, binding_self(plan, c.bind), c.bind):
                out.violations.append((c.pid, c.bind.label))
        except EvalError as e:  # the property's error, not the step's: the step still happens
            out.eval_errors.append((c.pid, c.bind.label, str(e)))


def order_monitors(plan: Plan, w: World, out: Outcome) -> None:
    """The ordering monitors over ``out.occurrences``, in order: their new values in ``w``, their
    violations and overflows in ``out`` (the symbolic check runs this too: monitors are discrete)."""
    index = by_occurrence(plan.checks)
    hit = sorted({i for occ in out.occurrences for i in index.get(occ, ((), ()))[0]})
    for m in (plan.checks.monitors[i] for i in hit):
        key = (m.gid, "mon", m.key)
        if key not in w.pos:
            continue  # monitors left out of this layout (cover paths)
        v = w.value(w.pos[key])
        for occ in out.occurrences:
            if occ in m.checked:
                if m.kind == "precedes":
                    if v <= PRECEDES_CAP:
                        if v == 0:
                            out.violations.append((m.pid, m.bind.label))
                        else:
                            v -= 1
                elif (v == 1) == (m.kind == "never_after"):
                    out.violations.append((m.pid, m.bind.label))
            if occ in m.reset:
                v = 0
            if occ in m.record:
                if m.kind != "precedes":
                    v = 1
                elif v < PRECEDES_CAP:
                    v += 1
                elif v == PRECEDES_CAP:
                    v += 1
                    out.gave_up.append(m.pid)
        w.changed[w.pos[key]] = v


def triggered_whens(plan: Plan, occurrences: list[Occ]) -> list[WhenCheck]:
    """The only-when checks some of ``occurrences`` trigger, in check order (each once)."""
    index = by_occurrence(plan.checks)
    return [plan.checks.whens[i] for i in sorted({i for occ in occurrences for i in index.get(occ, ((), ()))[1]})]


def tick(plan: Plan, s: int) -> Outcome | None:
    """Time passes by one: allowed unless some instance is in an urgent leaf or an invariant would fail."""
    w = World(plan, s)
    out = Outcome(plan.moves[0])
    for inst in plan.instances:
        if inst.machine.state(w.leaf(inst.gid)).urgent:
            return None
    for f in plan.layout.fields:
        if f.kind == "clock":
            w.set(f.gid, "clock", f.key, min(w.get(f.gid, "clock", f.key) + 1, f.hi))
    try:
        for inst in plan.instances:
            for inv in inst.machine.state(w.leaf(inst.gid)).invariants:
                if not w.eval(inv, inst):
                    return None
    except EvalError as e:
        out.error = str(e)
        return out
    out.next = w.packed()
    return out


def successors(plan: Plan, s: int) -> list[Outcome]:
    """Every enabled move from ``s`` in move order (discrete moves, then the tick)."""
    outs = [o for m in plan.moves[1:] if (o := step(plan, s, m)) is not None]
    t = tick(plan, s)
    if t is not None:
        outs.append(t)
    return outs


def all_final(plan: Plan, s: int) -> bool:
    w = World(plan, s)
    return all(i.machine.state(w.leaf(i.gid)).final for i in plan.instances)


def failing_invariants(plan: Plan, s: int) -> list[tuple[int, str]]:
    """(pid, binding label) for every invariant check that is false at ``s`` (errors left out)."""
    w = World(plan, s)
    out: list[tuple[int, str]] = []
    for c in plan.checks.invariants:
        try:
            if not w.eval(c.expr, binding_self(plan, c.bind), c.bind):
                out.append((c.pid, c.bind.label))
        except EvalError:
            pass
    return out


def evaluation_error(plan: Plan, s: int, pid: int) -> tuple[str, str] | None:
    """(binding label, message) of the first state expression of property ``pid`` that hits a model
    error at ``s`` (invariant, reachable, stable, either side of a leads-to), or None."""
    c = plan.checks
    exprs = [(x.expr, x.bind) for group in (c.invariants, c.reach, c.stable) for x in group if x.pid == pid]
    exprs += [(e, x.bind) for x in c.live if x.pid == pid for e in (x.lhs, x.rhs) if e is not None]
    w = World(plan, s)
    for e, bind in exprs:
        try:
            w.eval(e, binding_self(plan, bind), bind)
        except EvalError as err:
            return bind.label, str(err)
    return None


def holds(plan: Plan, s: int, e: ir.Expr, bind: Binding) -> bool:
    """Whether ``e`` is true at ``s`` (false where it hits a model error)."""
    try:
        return bool(World(plan, s).eval(e, binding_self(plan, bind), bind))
    except EvalError:
        return False
