"""Clock caps for the Promela model, computed as docs/semantics.md defines them.

A clock's cap is the largest value (after binding parameters) that the clock is
compared with anywhere in the system, plus one: above it, values are
indistinguishable, so a tick saturates there. When the other side is not a
constant, its upper bound by interval arithmetic is used (a variable's declared
maximum, the largest machine-parameter value, the last array index); a clock
compared with nothing stays 0. lifefsm's checker and SPIN
must use the same caps or their state counts differ, hence one small,
separately testable walk over every expression of the bound system.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import model as ir

if TYPE_CHECKING:
    from .promela_layout import Group

_CMP = ("<", "<=", ">", ">=", "==", "!=")


def clock_caps(model: ir.Model, system: ir.SystemDef, groups: tuple[Group, ...],
               params: dict[str, ir.Value]) -> tuple[tuple[tuple[str, str], int], ...]:
    """((machine, clock), cap) for every clock of every machine instantiated in the system."""
    from .promela_layout import PromelaError

    by_name = {g.name: g for g in groups}
    best: dict[tuple[str, str], int] = {}
    machines: list[ir.MachineDef] = []
    for g in groups:
        if g.machine not in machines:
            machines.append(g.machine)

    def scan(e: ir.Expr, self_m: ir.MachineDef | None, bound: dict[str, str]) -> None:
        for cmp, clock_side, other, inner in _comparisons(e, bound):
            owner = _machine_of(clock_side.inst, self_m, inner, by_name, model)
            if owner is None:
                continue
            rng = _interval(other, self_m, inner, groups, params)
            if rng is None:
                raise PromelaError(f"clock '{clock_side.name}' is compared ({cmp}) with an expression "
                                   "without a known upper bound; its cap is undefined")
            key = (owner, clock_side.name)
            best[key] = max(best.get(key, 0), rng[1] + 1)

    for m in machines:
        for t in m.transitions:
            for e in _transition_exprs(t):
                scan(e, m, {})
        for s in m.states:
            for e in s.invariants:
                scan(e, m, {})
        for v in m.vars:
            scan(v.init, m, {})
        for p in m.properties:
            for e, bound in _property_exprs(p):
                scan(e, m, bound)
    for p in system.properties:
        for e, bound in _property_exprs(p):
            scan(e, None, bound)
    out = []
    for m in machines:
        for c in m.clocks:
            out.append(((m.name, c), best.get((m.name, c), 0)))  # never compared: always 0
    return tuple(out)


def _transition_exprs(t: ir.TransitionDef) -> Iterator[ir.Expr]:
    if t.guard is not None:
        yield t.guard
    for eff in t.effects:
        if isinstance(eff, ir.Assign):
            yield eff.value
        elif isinstance(eff, ir.SendEvent) and eff.index is not None:
            yield eff.index


def _property_exprs(p: ir.PropertyDef) -> Iterator[tuple[ir.Expr, dict[str, str]]]:
    b = p.body
    if isinstance(b, (ir.InvariantP, ir.ReachableP, ir.StableP)):
        yield b.expr, {}
    elif isinstance(b, ir.LeadsToP):
        if b.lhs is not None:
            yield b.lhs, {}
        yield b.rhs, {}
    elif isinstance(b, ir.OnlyWhenP):
        yield b.cond, ({b.binder.var: b.binder.array} if b.binder else {})


def _comparisons(e: ir.Expr, bound: dict[str, str]
                 ) -> Iterator[tuple[str, ir.VarRef, ir.Expr, dict[str, str]]]:
    """Every (operator, clock reference, other operand, binders) in ``e``."""
    if isinstance(e, ir.Bin):
        if e.op in _CMP:
            for a, b in ((e.left, e.right), (e.right, e.left)):
                if isinstance(a, ir.VarRef) and isinstance(a.type, ir.ClockT):
                    yield e.op, a, b, bound
        yield from _comparisons(e.left, bound)
        yield from _comparisons(e.right, bound)
    elif isinstance(e, (ir.Not, ir.Neg)):
        yield from _comparisons(e.operand, bound)
    elif isinstance(e, ir.Cond):
        for x in (e.cond, e.then, e.orelse):
            yield from _comparisons(x, bound)
    elif isinstance(e, ir.QuantE):
        inner = dict(bound)
        inner[e.var] = e.array
        yield from _comparisons(e.body, inner)
    inst = getattr(e, "inst", None)
    if isinstance(inst, ir.ElemInst):
        yield from _comparisons(inst.index, bound)


def _machine_of(inst: ir.Inst, self_m: ir.MachineDef | None, bound: dict[str, str],
                groups: dict[str, Group], model: ir.Model) -> str | None:
    if isinstance(inst, ir.SelfInst):
        return self_m.name if self_m is not None else None
    if isinstance(inst, ir.NamedInst):
        g = groups.get(inst.name)
    elif isinstance(inst, ir.ElemInst):
        g = groups.get(inst.array)
    else:
        g = groups.get(bound.get(inst.var, ""))
    return g.machine.name if g is not None else None


def _insts(inst: ir.Inst, self_m: ir.MachineDef | None, bound: dict[str, str],
           groups: tuple[Group, ...]) -> list[tuple[Group, int]]:
    """The elements an instance reference can denote (all of them when it is not known statically)."""
    if isinstance(inst, ir.SelfInst):
        return [(g, k) for g in groups if self_m is not None and g.machine.name == self_m.name
                for k in range(g.size)]
    name = inst.name if isinstance(inst, ir.NamedInst) else (
        inst.array if isinstance(inst, ir.ElemInst) else bound.get(inst.var, ""))
    return [(g, k) for g in groups if g.name == name for k in range(g.size)]


def _interval(e: ir.Expr, self_m: ir.MachineDef | None, bound: dict[str, str], groups: tuple[Group, ...],
              params: dict[str, ir.Value]) -> tuple[int, int] | None:
    """Bounds of an integer expression over every run: parameters folded, variables by their ranges."""
    def rec(x: ir.Expr) -> tuple[int, int] | None:
        return _interval(x, self_m, bound, groups, params)

    if isinstance(e, (ir.Lit, ir.ParamRef)):
        v = e.value if isinstance(e, ir.Lit) else params[e.name]
        return (int(v), int(v)) if isinstance(v, int) else None
    if isinstance(e, ir.MParamRef):
        vals = [v for g, k in _insts(e.inst, self_m, bound, groups)
                if isinstance(v := g.mparam(k, e.name), int) and not isinstance(v, bool)]
        return (min(vals), max(vals)) if vals else (0, 0)
    if isinstance(e, ir.VarRef):
        t = e.type
        return (t.lo, t.hi) if isinstance(t, ir.IntT) and t.lo is not None and t.hi is not None else None
    if isinstance(e, ir.IndexOf):
        n = len(_insts(e.inst, self_m, bound, groups))
        return 0, max(n - 1, 0)
    if isinstance(e, ir.Neg):
        r = rec(e.operand)
        return None if r is None else (-r[1], -r[0])
    if isinstance(e, ir.Cond):
        a, b = rec(e.then), rec(e.orelse)
        return None if a is None or b is None else (min(a[0], b[0]), max(a[1], b[1]))
    if isinstance(e, ir.QuantE):
        return 0, sum(g.size for g in groups if g.name == e.array)
    if isinstance(e, ir.Bin) and e.op in ("+", "-", "*", "/", "%"):
        a, b = rec(e.left), rec(e.right)
        if a is None or b is None:
            return None
        if e.op == "+":
            return a[0] + b[0], a[1] + b[1]
        if e.op == "-":
            return a[0] - b[1], a[1] - b[0]
        if e.op == "*":
            ps = [x * y for x in a for y in b]
            return min(ps), max(ps)
        m = max(abs(a[0]), abs(a[1]))
        if e.op == "%":
            m = min(m, max(abs(b[0]), abs(b[1])))
        return -m, m
    return None
