"""Property-only variables and clocks, and the mutants that change nothing but them.

A variable or clock of a machine is *property-only* when the mechanism never reads it: no
guard, no state invariant, no ``send`` index and no assignment to (or initial value of) a
variable that is not itself property-only reads it, directly, through a `let` (the IR inlines
them) or from another instance (``kubelet.x``, ``app[i].x``: a variable of machine M read by
another machine's guard is mechanism). Reads by properties do not count. The set is a
fixpoint: every variable starts as a candidate, those the mechanism reads are removed, and an
assignment to a removed variable makes what it reads mechanism too, until nothing changes.

Such a variable only records what happened, for the properties (the pod spec's observers,
``obs_*``). A mutant whose edit lies within one effect that assigns or resets a property-only
variable or clock (dropping the effect, or a change inside its right-hand side) cannot change
any run of the model, only what a property observes: `lifefsm mutate` classifies it
``observer`` and neither checks nor scores it (unless --mutate-observers).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .. import model as ir
from ..intervals import children
from .operators import Mutant

Key = tuple[str, str]  # (machine, variable or clock)


def _instance_machines(model: ir.Model) -> dict[str, set[str]]:
    """Instance or instance-array name -> the machines it is one of (over every system)."""
    out: dict[str, set[str]] = {}
    for sys_ in model.systems:
        for inst in sys_.instances:
            out.setdefault(inst.name, set()).add(inst.machine)
    return out


class _Reads:
    """The (machine, name) pairs an expression of machine ``owner`` reads."""

    def __init__(self, model: ir.Model):
        self.instances = _instance_machines(model)
        self.everyone = {m.name for m in model.machines}
        self.lets = {m.name: {d.name: d.value for d in m.lets} for m in model.machines}
        self.names = {m.name: {v.name for v in m.vars} | set(m.clocks) for m in model.machines}

    def machines_of(self, inst: ir.Inst, owner: str | None, bound: dict[str, str]) -> set[str]:
        """The machines ``inst`` may be an instance of (every machine when it cannot be told)."""
        if isinstance(inst, ir.SelfInst):
            return {owner} if owner is not None else set(self.everyone)
        if isinstance(inst, ir.NamedInst):
            return set(self.instances.get(inst.name, ())) or set(self.everyone)
        if isinstance(inst, ir.ElemInst):
            return set(self.instances.get(inst.array, ())) or set(self.everyone)
        array = bound.get(inst.var)
        return set(self.instances.get(array, ())) if array is not None and array in self.instances \
            else set(self.everyone)

    def of(self, e: ir.Expr, owner: str | None, bound: dict[str, str] | None = None,
           seen: frozenset[Key] = frozenset()) -> Iterator[Key]:
        bound = bound or {}
        if isinstance(e, ir.VarRef):
            for m in self.machines_of(e.inst, owner, bound):
                if e.name in self.names.get(m, ()):
                    yield m, e.name
                elif e.name in self.lets.get(m, {}) and (m, e.name) not in seen:
                    # the IR inlines `let`s; a reference left by name is read through its definition
                    yield from self.of(self.lets[m][e.name], m, {}, seen | {(m, e.name)})
        if isinstance(e, ir.QuantE):
            bound = {**bound, e.var: e.array}
        for c in children(e):
            yield from self.of(c, owner, bound, seen)


def property_only(model: ir.Model) -> dict[str, frozenset[str]]:
    """Machine name -> its variables and clocks that only properties read (see the module's doc)."""
    reads = _Reads(model)
    mechanism: set[Key] = set()
    assigned: dict[Key, list[ir.Expr]] = {}  # what an assignment to (machine, var) reads
    for m in model.machines:
        for v in m.vars:
            assigned.setdefault((m.name, v.name), []).append(v.init)
        for s in m.states:
            for e in s.invariants:
                mechanism.update(reads.of(e, m.name))
        for t in m.transitions:
            if t.guard is not None:
                mechanism.update(reads.of(t.guard, m.name))
            for f in t.effects:
                if isinstance(f, ir.Assign):
                    assigned.setdefault((m.name, f.var), []).append(f.value)
                elif isinstance(f, ir.SendEvent) and f.index is not None:
                    mechanism.update(reads.of(f.index, m.name))
    for sys_ in model.systems:
        for inst in sys_.instances:
            for e in [*([inst.size] if inst.size is not None else []), *(a for _, a in inst.args)]:
                mechanism.update(reads.of(e, None))
    done: set[Key] = set()
    todo = list(mechanism)
    while todo:
        key = todo.pop()
        if key in done:
            continue
        done.add(key)
        for value in assigned.get(key, ()):
            for r in reads.of(value, key[0]):
                if r not in mechanism:
                    mechanism.add(r)
                    todo.append(r)
    return {m.name: frozenset(n for n in reads.names[m.name] if (m.name, n) not in mechanism)
            for m in model.machines}


@dataclass(frozen=True)
class ObserverEffect:
    """An effect that assigns or resets a property-only variable or clock, where it is written."""

    file: str
    start: int
    end: int
    machine: str
    name: str
    clock: bool


def observer_effects(model: ir.Model) -> list[ObserverEffect]:
    only = property_only(model)
    out: list[ObserverEffect] = []
    for m in model.machines:
        for t in m.transitions:
            for f in t.effects:
                if isinstance(f, ir.Assign) and f.var in only[m.name]:
                    out.append(ObserverEffect(f.span.file, f.span.start, f.span.end, m.name, f.var, False))
                elif isinstance(f, ir.ResetClock) and f.clock in only[m.name]:
                    out.append(ObserverEffect(f.span.file, f.span.start, f.span.end, m.name, f.clock, True))
    return out


def _effect_spans(model: ir.Model) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, set[tuple[int, int]]] = {}
    for m in model.machines:
        for t in m.transitions:
            for f in t.effects:
                out.setdefault(f.span.file, set()).add((f.span.start, f.span.end))
    return {k: sorted(v) for k, v in out.items()}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def observer_mutants(model: ir.Model, mutants: Sequence[Mutant]) -> dict[str, str]:
    """Mutant id -> why it is an observer mutant, for the mutants whose edit lies within one effect
    on a property-only variable or clock: inside its text, or (an edit that removes text) around
    exactly that effect and no other."""
    observers = observer_effects(model)
    by_span = {(o.file, o.start, o.end): o for o in observers}
    spans = _effect_spans(model)
    out: dict[str, str] = {}
    for mu in mutants:
        edit = (mu.start, mu.end)
        touched = [s for s in spans.get(mu.file, ()) if _overlaps(s, edit)]
        if len(touched) != 1:
            continue
        start, end = touched[0]
        o = by_span.get((mu.file, start, end))
        if o is None:
            continue
        inside = start <= mu.start and mu.end <= end
        around = mu.replacement == "" and mu.start <= start and end <= mu.end
        if inside or around:
            out[mu.id] = why(o)
    return out


def why(o: ObserverEffect) -> str:
    what = "clock" if o.clock else "variable"
    return (f"changes only what properties observe: {what} {o.machine}.{o.name} is read by no guard, invariant, "
            "send or mechanism assignment")


