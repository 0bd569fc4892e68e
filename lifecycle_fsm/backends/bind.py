"""Binding a system to one run's parameters: instances, machine arguments, clock caps.

Everything a back end or the runtime needs that depends on parameter values is
computed here once, from the IR, in declaration order: the expanded instance
list (arrays in index order, display names ``app[0]``), every instance's machine
arguments, and the saturation cap of every clock.

Clock cap (docs/semantics.md): one more than the largest integer the clock is
compared with anywhere in the system's guards, effects, invariants and
properties, after binding parameters; 0 if it is never compared. Values above
the cap cannot be told apart, so explorers store a clock saturated at its cap
(the runtime keeps real values; the run is the same). When the other side of a
comparison is not a constant, its largest possible value is used (a variable's
declared maximum, the largest array index, ...), as the checker does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .. import model as ir
from ..evaluate import EvalError, evaluate

COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")


@dataclass(frozen=True, slots=True)
class BoundInstance:
    """One element of the composed system, with its machine arguments evaluated."""

    display: str  # kubelet, app[0]
    decl: str  # the instance declaration: kubelet, app
    index: int  # position in its array, 0 for a single instance
    array: bool
    machine: str
    args: tuple[tuple[str, ir.Value], ...]


@dataclass(frozen=True, slots=True)
class Bound:
    """A system with every parameter-dependent quantity computed."""

    model: ir.Model
    system: ir.SystemDef
    params: tuple[tuple[str, ir.Value], ...]
    instances: tuple[BoundInstance, ...]
    sizes: tuple[tuple[str, int | None], ...]  # per instance declaration; None: single
    caps: tuple[tuple[str, str, int], ...]  # (machine, clock, cap)

    def param(self, name: str) -> ir.Value:
        return dict(self.params)[name]

    def cap(self, machine: str, clock: str) -> int:
        for m, c, v in self.caps:
            if m == machine and c == clock:
                return v
        raise KeyError((machine, clock))

    def machines(self) -> tuple[ir.MachineDef, ...]:
        """The machines this system instantiates, in the spec's declaration order."""
        used = {i.machine for i in self.system.instances}
        return tuple(m for m in self.model.machines if m.name in used)

    def decl_size(self, decl: str) -> int | None:
        return dict(self.sizes)[decl]


class _ConstCtx:
    """An evaluation context that knows only parameters and one instance's arguments."""

    def __init__(self, params: Mapping[str, ir.Value], args: Mapping[str, ir.Value] | None = None) -> None:
        self.params = params
        self.args = dict(args or {})

    def param(self, name: str) -> ir.Value:
        return self.params[name]

    def resolve(self, inst: ir.Inst, bound: dict[str, object]) -> object:
        if isinstance(inst, ir.SelfInst):
            return "self"
        raise _NotConstant

    def var(self, inst: object, name: str) -> ir.Value:
        raise _NotConstant

    def mparam(self, inst: object, name: str) -> ir.Value:
        if inst == "self" and name in self.args:
            return self.args[name]
        raise _NotConstant

    def state(self, inst: object) -> str:
        raise _NotConstant

    def index(self, inst: object) -> int:
        raise _NotConstant

    def members(self, array: str) -> list[object]:
        raise _NotConstant


class _NotConstant(Exception):
    pass


def const_value(e: ir.Expr, params: Mapping[str, ir.Value], args: Mapping[str, ir.Value] | None = None
                ) -> ir.Value | None:
    """The value of ``e`` if it depends only on parameters (and ``args``), else None."""
    try:
        return evaluate(e, _ConstCtx(params, args))
    except (_NotConstant, EvalError, KeyError):
        return None


def bind(model: ir.Model, params: Mapping[str, ir.Value], system: str | None = None) -> Bound:
    """Expand ``system`` (default: the first) for ``params`` (already bound and range-checked)."""
    sysdef = model.system(system) if system is not None else model.systems[0]
    instances: list[BoundInstance] = []
    sizes: list[tuple[str, int | None]] = []
    for decl in sysdef.instances:
        m = model.machine(decl.machine)
        args: dict[str, ir.Value] = {}
        given = dict(decl.args)
        for p in m.params:
            expr = given.get(p.name, p.default)
            if expr is None:
                raise ValueError(f"instance {decl.name!r}: machine parameter {p.name!r} has no value")
            v = const_value(expr, params, args)
            if v is None:
                raise ValueError(f"instance {decl.name!r}: machine parameter {p.name!r} is not constant")
            args[p.name] = v
        arg_items = tuple(args.items())
        if decl.size is None:
            sizes.append((decl.name, None))
            instances.append(BoundInstance(decl.name, decl.name, 0, False, decl.machine, arg_items))
        else:
            n = const_value(decl.size, params)
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise ValueError(f"instance array {decl.name!r}: size is not a non-negative constant")
            sizes.append((decl.name, n))
            for k in range(n):
                instances.append(BoundInstance(f"{decl.name}[{k}]", decl.name, k, True, decl.machine, arg_items))
    b = Bound(model, sysdef, tuple(params.items()), tuple(instances), tuple(sizes), ())
    caps = _clock_caps(b)
    return Bound(model, sysdef, b.params, b.instances, b.sizes, caps)


# ---- clock caps ------------------------------------------------------------------


def _clock_caps(b: Bound) -> tuple[tuple[str, str, int], ...]:
    best: dict[tuple[str, str], int] = {}
    decl_machine = {d.name: d.machine for d in b.system.instances}
    for machine, expr, binders in _all_exprs(b):
        for left, right, scope in _comparisons(expr, binders):
            for clock_side, other in ((left, right), (right, left)):
                key = _clock_of(clock_side, machine, scope, decl_machine)
                if key is None:
                    continue
                hi = _upper(other, b, machine, scope, decl_machine)
                if hi is not None:
                    best[key] = max(best.get(key, hi), hi)
    out = []
    for m in b.machines():
        for c in m.clocks:
            key = (m.name, c)
            out.append((m.name, c, best[key] + 1 if key in best else 0))
    return tuple(out)


def _all_exprs(b: Bound) -> Iterator[tuple[str | None, ir.Expr, dict[str, str]]]:
    """Every expression of the system with the machine it is evaluated in and its binders."""
    for m in b.machines():
        for t in m.transitions:
            if t.guard is not None:
                yield m.name, t.guard, {}
            for eff in t.effects:
                if isinstance(eff, ir.Assign):
                    yield m.name, eff.value, {}
                elif isinstance(eff, ir.SendEvent) and eff.index is not None:
                    yield m.name, eff.index, {}
        for s in m.states:
            for inv in s.invariants:
                yield m.name, inv, {}
        for p in m.properties:
            yield from _prop_exprs(m.name, p)
    for p in b.system.properties:
        yield from _prop_exprs(None, p)


def _prop_exprs(machine: str | None, p: ir.PropertyDef) -> Iterator[tuple[str | None, ir.Expr, dict[str, str]]]:
    body = p.body
    if isinstance(body, (ir.InvariantP, ir.ReachableP, ir.StableP)):
        yield machine, body.expr, {}
    elif isinstance(body, ir.LeadsToP):
        if body.lhs is not None:
            yield machine, body.lhs, {}
        yield machine, body.rhs, {}
    elif isinstance(body, ir.OnlyWhenP):
        binders = {body.binder.var: body.binder.array} if body.binder is not None else {}
        yield machine, body.cond, binders


def _comparisons(e: ir.Expr, scope: dict[str, str]) -> Iterator[tuple[ir.Expr, ir.Expr, dict[str, str]]]:
    if isinstance(e, ir.Bin):
        if e.op in COMPARISONS:
            yield e.left, e.right, scope
        yield from _comparisons(e.left, scope)
        yield from _comparisons(e.right, scope)
    elif isinstance(e, (ir.Not, ir.Neg)):
        yield from _comparisons(e.operand, scope)
    elif isinstance(e, ir.Cond):
        for sub in (e.cond, e.then, e.orelse):
            yield from _comparisons(sub, scope)
    elif isinstance(e, ir.QuantE):
        inner = dict(scope)
        inner[e.var] = e.array
        yield from _comparisons(e.body, inner)
    for inst in _insts_of(e):
        if isinstance(inst, ir.ElemInst):
            yield from _comparisons(inst.index, scope)


def _insts_of(e: ir.Expr) -> tuple[ir.Inst, ...]:
    if isinstance(e, (ir.VarRef, ir.MParamRef, ir.IndexOf, ir.InStateE)):
        return (e.inst,)
    return ()


def _machine_of(inst: ir.Inst, machine: str | None, scope: dict[str, str], decl_machine: dict[str, str]
                ) -> str | None:
    if isinstance(inst, ir.SelfInst):
        return machine
    if isinstance(inst, ir.NamedInst):
        return decl_machine.get(inst.name)
    if isinstance(inst, ir.ElemInst):
        return decl_machine.get(inst.array)
    return decl_machine.get(scope.get(inst.var, ""))


def _clock_of(e: ir.Expr, machine: str | None, scope: dict[str, str], decl_machine: dict[str, str]
              ) -> tuple[str, str] | None:
    if isinstance(e, ir.VarRef) and isinstance(e.type, ir.ClockT):
        m = _machine_of(e.inst, machine, scope, decl_machine)
        return (m, e.name) if m is not None else None
    return None


def _upper(e: ir.Expr, b: Bound, machine: str | None, scope: dict[str, str], decl_machine: dict[str, str]
           ) -> int | None:
    """The largest value ``e`` can take in this run (None: unknown, e.g. another clock)."""
    r = _interval(e, b, machine, scope, decl_machine)
    return r[1] if r is not None else None


def _interval(e: ir.Expr, b: Bound, machine: str | None, scope: dict[str, str], decl_machine: dict[str, str]
              ) -> tuple[int, int] | None:
    params = dict(b.params)
    v = const_value(e, params)
    if isinstance(v, int) and not isinstance(v, bool):
        return v, v
    if isinstance(e, ir.MParamRef):
        m = _machine_of(e.inst, machine, scope, decl_machine)
        vals = [dict(i.args).get(e.name) for i in b.instances if i.machine == m]
        ints = [x for x in vals if isinstance(x, int) and not isinstance(x, bool)]
        return (min(ints), max(ints)) if ints else None
    if isinstance(e, ir.VarRef):
        if isinstance(e.type, ir.IntT) and e.type.lo is not None and e.type.hi is not None:
            return e.type.lo, e.type.hi
        return None
    if isinstance(e, ir.IndexOf):
        m = _machine_of(e.inst, machine, scope, decl_machine)
        sizes = [n for d, n in b.sizes if n is not None and decl_machine.get(d) == m]
        return (0, max(max(sizes) - 1, 0)) if sizes else (0, 0)
    if isinstance(e, ir.QuantE) and e.kind == "count":
        return 0, b.decl_size(e.array) or 1
    if isinstance(e, ir.Neg):
        r = _interval(e.operand, b, machine, scope, decl_machine)
        return (-r[1], -r[0]) if r is not None else None
    if isinstance(e, ir.Cond):
        x = _interval(e.then, b, machine, scope, decl_machine)
        y = _interval(e.orelse, b, machine, scope, decl_machine)
        return (min(x[0], y[0]), max(x[1], y[1])) if x is not None and y is not None else None
    if isinstance(e, ir.Bin) and e.op in ("+", "-", "*", "/", "%"):
        x = _interval(e.left, b, machine, scope, decl_machine)
        y = _interval(e.right, b, machine, scope, decl_machine)
        if x is None or y is None:
            return None
        if e.op == "+":
            return x[0] + y[0], x[1] + y[1]
        if e.op == "-":
            return x[0] - y[1], x[1] - y[0]
        if e.op == "*":
            products = [p * q for p in x for q in y]
            return min(products), max(products)
        bound = max(abs(x[0]), abs(x[1]))
        return -bound, bound
    return None
