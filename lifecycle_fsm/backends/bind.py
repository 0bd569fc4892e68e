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
declared maximum, the largest array index, ...), by the checker's interval arithmetic
(``lifecycle_fsm.intervals``) with the leaves and the remainder bounded as ``_leaf`` says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import messages as M
from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..evaluate import EvalError, evaluate
from ..intervals import Interval, Leaf, clock_comparisons, declared, interval, machine_of, sites


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
            if len(instances) + n > ir.MAX_INSTANCES:
                raise LfsmError([Diagnostic("too-many-instances",
                                            M.too_many_instances(decl.name, n, ir.MAX_INSTANCES), decl.span)])
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
    for site in sites(b.machines(), b.system.properties):
        for _, clock, other, scope in clock_comparisons(site.expr, dict(site.bound)):
            owner = machine_of(clock.inst, site.machine, scope, decl_machine)
            if owner is None:
                continue
            r = interval(other, _leaf(b, site.machine, scope, decl_machine), mod_by_divisor=False)
            if r is not None:
                best[(owner, clock.name)] = max(best.get((owner, clock.name), r[1]), r[1])
    out = []
    for m in b.machines():
        for c in m.clocks:
            key = (m.name, c)
            out.append((m.name, c, best[key] + 1 if key in best else 0))
    return tuple(out)


def _leaf(b: Bound, machine: str | None, scope: dict[str, str], decl_machine: dict[str, str]) -> Leaf:
    """Leaves for ``intervals.interval``, unlike the checker's: any sub-expression whose value
    depends only on parameters is that value (``N / 2`` is exact); a machine parameter ranges
    over every instance of its machine (None if none is an integer), ``x.index`` below the
    largest array of its machine, a count up to its array's size (at least 1); ``all`` and
    ``any`` are unbounded. (The remainder is bounded by the dividend only: ``mod_by_divisor``
    is off.)"""
    params = dict(b.params)

    def leaf(e: ir.Expr) -> Interval | None:
        v = const_value(e, params)
        if isinstance(v, int) and not isinstance(v, bool):
            return v, v
        if isinstance(e, ir.MParamRef):
            m = machine_of(e.inst, machine, scope, decl_machine)
            vals = [dict(i.args).get(e.name) for i in b.instances if i.machine == m]
            ints = [x for x in vals if isinstance(x, int) and not isinstance(x, bool)]
            return (min(ints), max(ints)) if ints else None
        if isinstance(e, ir.VarRef):
            return declared(e)
        if isinstance(e, ir.IndexOf):
            m = machine_of(e.inst, machine, scope, decl_machine)
            sizes = [n for d, n in b.sizes if n is not None and decl_machine.get(d) == m]
            return (0, max(max(sizes) - 1, 0)) if sizes else (0, 0)
        if isinstance(e, ir.QuantE) and e.kind == "count":
            return 0, b.decl_size(e.array) or 1
        return None

    return leaf
