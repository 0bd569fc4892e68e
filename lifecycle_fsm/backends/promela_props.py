"""The spec's properties in Promela: assertions, an event observer, and never claims.

* ``invariant``: asserted by a watcher process whose only move is enabled in a
  violating state (a self-loop), so it adds no state to the count.
* ``deadlock free``: SPIN's own invalid-end-state check; see promela.py for how
  all-final states are made valid ends and why a saturated tick cannot hide a
  deadlock.
* ``only when``: the condition is evaluated on the state before the step, into
  hidden scratch bits, and asserted where the event occurs in the step.
* ordering properties (``only after``, ``never ... after``, ``precedes``): an
  observer with memory bits, compiled in only with ``-DORDER`` because its bits
  are extra state (lifefsm does not count them either); see promela_order.py.
* ``~>`` and ``eventually``: never claims (the Büchi automata SPIN writes for
  ``!([](p -> <>q))`` and ``!(<>q)``), in the ``-DLIVE`` model, checked with
  ``pan -a`` and, unless ``unfair``, weak fairness (``pan -f``).

Every assertion starts with a hidden marker bit that is always 0, so pan's
message names the property: ``assertion violated (lf_p3_no_restart_loop||...)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from .. import model as ir
from ..instantiate import Case
from .promela_expr import Env, ExprEmitter, Ref, Val, conj
from .promela_layout import Group, Layout, PromelaError, cmt, ident, promela_writer
from .promela_steps import Observer
from .writer import Writer

B = TypeVar("B", ir.OrderP, ir.OnlyWhenP)


@dataclass(frozen=True, slots=True)
class PropItem:
    """One property, for one instance when a machine owns it (``self``), with its marker bit."""

    number: int
    prop: ir.PropertyDef
    self_ref: Ref | None
    cases: tuple[Case, ...]  # the instance's cases (instantiate.properties): one per binder element

    @property
    def marker(self) -> str:
        suffix = f"_{self.self_ref.group.ident(self.self_ref.index or 0)}" if self.self_ref is not None else ""
        return f"lf_p{self.number}_{ident(self.prop.name)}{suffix}"

    @property
    def key(self) -> tuple[str, str]:
        return (self.prop.owner, self.prop.name)

    def bindings(self, layout: Layout) -> list[tuple[Env, str]]:
        """Per case: the environment (``self``, the binder bound to its element) and the element's name
        ('' without a binder)."""
        out: list[tuple[Env, str]] = []
        for case in self.cases:
            env = Env(self.self_ref)
            for var, el in case.bound:
                env = env.bind(var, Ref(layout.group(el.decl), el.index))
            out.append((env, case.bound[-1][1].name if case.bound else ""))
        return out

    def where(self) -> str:
        inst = f" for {self.self_ref.group.display(self.self_ref.index or 0)}" if self.self_ref else ""
        return f"property {self.prop.owner}.{self.prop.name}{inst}"


def property_items(layout: Layout) -> list[PropItem]:
    """The system's property instances, numbered: the system's own first, then each machine's (machines
    in the order the declarations first use them), per instance in declaration order."""
    system = layout.source
    first_use = {m.name: k for k, m in enumerate(system.used_machines())}
    own = [pi for pi in system.properties if pi.me is None]
    per_instance = sorted((pi for pi in system.properties if pi.me is not None),
                          key=lambda pi: first_use[pi.prop.owner])
    items: list[PropItem] = []
    for pi in own + per_instance:
        ref = Ref(layout.group(pi.me.decl), pi.me.index) if pi.me is not None else None
        items.append(PropItem(len(items), pi.prop, ref, pi.cases))
    return items


def bound_cases(layout: Layout, props: list[PropItem], kind: type[B]) -> Iterator[tuple[PropItem, B, Env, str]]:
    """(item, body, environment, binder element's name) for every case of the properties of ``kind``."""
    for it in props:
        b = it.prop.body
        if isinstance(b, kind):
            for env, label in it.bindings(layout):
                yield it, b, env, label


def holds_code(v: Val) -> str:
    """A Promela condition for "evaluates without error and is true"."""
    if v.ok is None:
        return v.code
    return f"({v.ok} && {v.code})"


@dataclass
class OnlyWhen(Observer):
    """Asserts ``A only when C``: C is captured before the step, checked where A occurs."""

    layout: Layout
    ex: ExprEmitter
    items: list[tuple[PropItem, Env, tuple[ir.EvRef, ...], Val]] = field(default_factory=list)
    needed: list[int] = field(default_factory=list)
    touched: list[int] = field(default_factory=list)  # items the step being written may violate
    may_fail: bool = False  # the step being written can hit a model error here

    @staticmethod
    def build(layout: Layout, ex: ExprEmitter, props: list[PropItem]) -> OnlyWhen:
        ow = OnlyWhen(layout, ex)
        for it, b, env, _ in bound_cases(layout, props, ir.OnlyWhenP):
            ow.items.append((it, env, b.events, ex.emit(b.cond, env)))
        return ow

    def bit(self, n: int) -> str:
        return f"lf_w{n}"

    def event(self, w: Writer, actor: Ref, name: str) -> None:
        for n, (it, env, events, cond) in enumerate(self.items):
            for ev in events:
                when = match(self.ex, ev, env, actor, name)
                if when is None:
                    continue
                if n not in self.needed:
                    self.needed.append(n)
                bit = self.bit(n)
                if cond.ok is not None:
                    # lifefsm: a condition that cannot be evaluated makes the step a model error
                    self.may_fail = True
                    guard = "" if when == "1" else f"{when} && "
                    w.line(f"if :: {guard}{bit} == 2 -> lf_err = 1 :: else -> skip fi;")
                    bit = f"{bit} == 1"
                check = bit if when == "1" else f"!{when} || {bit}"
                flag = self.violated(n)
                w.line(f"{flag} = {flag} | !({check});  " + cmt(f"{it.prop.name}: {name} only when ..."))
                if n not in self.touched:
                    self.touched.append(n)
                break

    def violated(self, n: int) -> str:
        """The hidden flag: the step being run broke item n (judged once the step is done)."""
        return f"lf_wv{n}"

    def take_failure(self) -> bool:
        failed, self.may_fail = self.may_fail, False
        return failed

    def epilogue(self, w: Writer) -> None:
        """A step that hits a model error does not happen, so it violates nothing (lifefsm's undo)."""
        for n in sorted(self.touched):
            it = self.items[n][0]
            w.line(judge(self.violated(n), it.marker))
        self.touched = []

    def prelude(self, w: Writer) -> None:
        for n in sorted(self.needed):
            v = self.items[n][3]
            code = v.code if v.ok is None else f"(!{_p(v.ok)} -> 2 : ({v.code} -> 1 : 0))"
            w.line(f"{self.bit(n)} = {code};")
        self.needed = []


def judge(flag: str, marker: str) -> str:
    """Assert (naming ``marker``, in the form promela_run.MARKER reads) that the step did not set ``flag``,
    unless it hit a model error; clear the flag first (pan goes on after a failed assertion)."""
    return f"if :: {flag} && !lf_err -> {flag} = 0; assert({marker} || lf_err) :: else -> {flag} = 0 fi;"


def match(ex: ExprEmitter, ev: ir.EvRef, env: Env, actor: Ref, name: str) -> str | None:
    """When the label item (actor, name) is the event ``ev``: "1", a run-time condition, or None (never)."""
    if ev.event != name or ev.machine != actor.group.machine.name:
        return None
    r = ex.ref(ev.inst, env)
    if r.group.name != actor.group.name or r.ok == "0":
        return None
    if r.index is not None:
        return "1" if r.index == actor.index else None
    return f"({conj(r.ok, f'{r.code} == {actor.index}')})"


def witness_flag(it: PropItem) -> str:
    """The hidden flag set once a ``reachable`` target is found."""
    return it.marker.replace("lf_p", "lf_seen", 1)


def state_checks(layout: Layout, ex: ExprEmitter, props: list[PropItem]) -> list[tuple[str, str]]:
    """(assertion marker, condition asserted in every reachable state), in property order.

    Invariants; the negation of each ``reachable`` target (a failed assertion is then a
    witness: the property holds), asserted only until the first witness (a hidden flag,
    outside the state vector: otherwise pan reports every state that satisfies the target,
    millions of lines on the pod); and, under the model-error marker, that every invariant
    and every leads-to goal can be evaluated (lifefsm reports an evaluation error there as a
    model error, not as a violation of the property).
    """
    out: list[tuple[str, str]] = []
    for it in props:
        b = it.prop.body
        env = Env(it.self_ref)
        if isinstance(b, ir.InvariantP):
            v = ex.emit(b.expr, env)
            out.append((it.marker, v.code if v.ok is None else f"(!{v.ok} || {v.code})"))
            if v.ok is not None:
                out.append(("lf_model_error", v.ok))
        elif isinstance(b, ir.ReachableP):
            out.append((it.marker, f"({witness_flag(it)} || !{_p(holds_code(ex.emit(b.expr, env)))})"))
        elif isinstance(b, ir.LeadsToP):
            q = ex.emit(b.rhs, env)
            if q.ok is not None:
                out.append(("lf_model_error", q.ok))
    return out


@dataclass
class Stable(Observer):
    """Asserts ``stable E``: E is captured before every step (and tick) and checked after it."""

    items: list[tuple[PropItem, str]] = field(default_factory=list)

    @staticmethod
    def build(layout: Layout, ex: ExprEmitter, props: list[PropItem]) -> Stable:
        st = Stable()
        for it in props:
            if isinstance(it.prop.body, ir.StableP):
                st.items.append((it, holds_code(ex.emit(it.prop.body.expr, Env(it.self_ref)))))
        return st

    def bit(self, n: int) -> str:
        return f"lf_b{n}"

    def prelude(self, w: Writer) -> None:
        for n, (_, code) in enumerate(self.items):
            w.line(f"{self.bit(n)} = {code};")

    def final(self, w: Writer) -> None:
        for n, (it, code) in enumerate(self.items):
            w.line(f"assert({it.marker} || !{self.bit(n)} || {_p(code)});  /* stable */")


def all_final(layout: Layout, ex: ExprEmitter) -> str:
    parts = []
    for g, k in layout.elements():
        finals = [s.name for s in g.machine.states if s.leaf and s.final]
        parts.append(ex.in_state(Ref(g, k), finals).code)
    if not parts:
        return "1"
    return parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"


@dataclass(frozen=True, slots=True)
class Claim:
    name: str
    item: PropItem
    fair: bool
    text: tuple[str, ...]


def claims(layout: Layout, ex: ExprEmitter, props: list[PropItem]) -> list[Claim]:
    """A never claim per leads-to property (per instance for machine properties)."""
    out: list[Claim] = []
    for it in props:
        b = it.prop.body
        if not isinstance(b, ir.LeadsToP):
            continue
        env = Env(it.self_ref)
        qv = ex.emit(b.rhs, env)
        q = qv.code if qv.ok is None else f"(!{qv.ok} || {qv.code})"  # lifefsm: undefined counts as reached
        name = it.marker.replace("lf_p", "lf_live", 1)
        w = promela_writer()
        if b.lhs is None:
            w.line(f"never {name} {{  " + cmt(f"!(<> q): {it.where()}"))
            w.line("accept_init:")
            w.line("  do")
            w.line(f"  :: !{_p(q)} -> goto accept_init")
            w.line("  od")
            w.line("}")
        else:
            p = holds_code(ex.emit(b.lhs, env))
            w.line(f"never {name} {{  " + cmt(f"!([] (p -> <> q)): {it.where()}"))
            w.line("T0_init:")
            w.line("  do")
            w.line(f"  :: !{_p(q)} && {_p(p)} -> goto accept_S4")
            w.line("  :: 1 -> goto T0_init")
            w.line("  od;")
            w.line("accept_S4:")
            w.line("  do")
            w.line(f"  :: !{_p(q)} -> goto accept_S4")
            w.line("  od")
            w.line("}")
        out.append(Claim(name, it, b.fair, w.written()))
    return out


def _p(code: str) -> str:
    return code if code.startswith("(") and code.endswith(")") and _one_group(code) else f"({code})"


def _one_group(code: str) -> bool:
    depth = 0
    for i, ch in enumerate(code):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and i != len(code) - 1:
            return False
    return True


def unsupported(layout: Layout, props: list[PropItem]) -> None:
    for it in props:
        if not isinstance(it.prop.body, (ir.InvariantP, ir.DeadlockP, ir.ReachableP, ir.StableP, ir.OnlyWhenP,
                                         ir.OrderP, ir.LeadsToP)):
            raise PromelaError(f"{it.where()}: unknown property kind")


__all__ = ["Claim", "Group", "OnlyWhen", "PropItem", "Stable", "all_final", "claims", "match", "property_items",
           "state_checks", "witness_flag"]
