"""An instantiated system as live ``transitions`` classes, its expressions evaluated by the IR interpreter.

The classes are built from the same tables (``runtime.tables``) and run on the same engine
(``runtime.engine``) as a generated module; guards, effects, invariants and definitions are
evaluated by the IR interpreter (``lifecycle_fsm.evaluate``) instead of compiled Python.
tests/backends checks that both behave identically step by step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .. import model as ir
from ..evaluate import EvalError, evaluate
from ..instantiate import System
from .engine import LfsmInstance, LfsmSystem, ModelError, _lf_new_machine
from .tables import effect_method, guard_method, machine_table

_MODULE = __name__.rpartition(".")[0]  # classes show as lifecycle_fsm.runtime.<Name>


class _Ctx:
    """The evaluation context of one instance (or of the system, ``me`` None) for evaluate()."""

    def __init__(self, system: LfsmSystem, me: LfsmInstance | None, params: Mapping[str, ir.Value],
                 decls: dict[str, Any], arrays: Mapping[str, bool]) -> None:
        self.system = system
        self.me = me
        self.params = params
        self.decls = decls
        self.arrays = arrays

    def param(self, name: str) -> ir.Value:
        return self.params[name]

    def resolve(self, inst: ir.Inst, bound: dict[str, object]) -> object:
        if isinstance(inst, ir.SelfInst):
            return self.me
        if isinstance(inst, ir.NamedInst):
            return self.decls[inst.name]
        if isinstance(inst, ir.ElemInst):
            i = evaluate(inst.index, self, bound)
            items = self.decls[inst.array]
            assert isinstance(i, int)
            if not 0 <= i < len(items):
                raise ModelError(f"index {i} is out of bounds for {inst.array}[{len(items)}]")
            return items[i]
        return bound[inst.var]

    def var(self, inst: object, name: str) -> ir.Value:
        v: ir.Value = getattr(inst, name)
        return v

    def mparam(self, inst: object, name: str) -> ir.Value:
        v: ir.Value = getattr(inst, name)
        return v

    def state(self, inst: object) -> str:
        assert isinstance(inst, LfsmInstance)
        return inst.state

    def index(self, inst: object) -> int:
        assert isinstance(inst, LfsmInstance)
        return inst.index

    def members(self, array: str) -> list[object]:
        d = self.decls[array]
        return list(d) if self.arrays[array] else [d]


def _value(e: ir.Expr, ctx: _Ctx) -> ir.Value:
    try:
        return evaluate(e, ctx)
    except EvalError as err:
        raise ModelError(str(err)) from None


def _ctx(inst: LfsmInstance) -> _Ctx:
    c: _Ctx = inst._lf_ctx  # type: ignore[attr-defined]
    return c


def _guard(expr: ir.Expr) -> Callable[[LfsmInstance], bool]:
    return lambda self: bool(_value(expr, _ctx(self)))


def _assign(self: LfsmInstance, var: ir.VarDef, value: ir.Value) -> None:
    t = var.type
    if (isinstance(t, ir.IntT) and t.lo is not None and t.hi is not None and isinstance(value, int)
            and not t.lo <= value <= t.hi):
        self._lf_out_of_range(var.name, value, t.lo, t.hi)
    setattr(self, var.name, value)


def _effects(effects: tuple[ir.Effect, ...], m: ir.MachineDef) -> Callable[[LfsmInstance], None]:
    vars_ = {v.name: v for v in m.vars}

    def run(self: LfsmInstance) -> None:
        ctx = _ctx(self)
        for eff in effects:
            if isinstance(eff, ir.Assign):
                _assign(self, vars_[eff.var], _value(eff.value, ctx))
            elif isinstance(eff, ir.ResetClock):
                setattr(self, eff.clock, 0)
            elif isinstance(eff, ir.EmitSignal):
                self._lf_emit(eff.signal)
            elif eff.kind == "self":
                self._lf_send(self, eff.event)
            elif eff.kind == "all":
                assert eff.instance is not None
                self._lf_send_all([x for x in ctx.members(eff.instance) if isinstance(x, LfsmInstance)], eff.event)
            else:
                assert eff.instance is not None
                ref: ir.Inst = (ir.ElemInst(eff.instance, eff.index) if eff.kind == "index" and eff.index is not None
                                else ir.NamedInst(eff.instance))
                target = ctx.resolve(ref, {})
                assert isinstance(target, LfsmInstance)
                self._lf_send(target, eff.event)

    return run


def _init(m: ir.MachineDef) -> Callable[[LfsmInstance], None]:
    def init(self: LfsmInstance) -> None:
        for v in m.vars:
            _assign(self, v, _value(v.init, _ctx(self)))

    return init


def _invariant(invs: tuple[ir.Expr, ...]) -> Callable[[LfsmInstance], bool]:
    return lambda self: all(_value(i, _ctx(self)) for i in invs)


def _event(name: str) -> Callable[[LfsmInstance], bool]:
    return lambda self: self._sys._lf_run(self, name)


def _may(name: str) -> Callable[[LfsmInstance], bool]:
    return lambda self: self._lf_may(name)


def _is(leaves: tuple[str, ...]) -> Callable[[LfsmInstance], bool]:
    return lambda self: self.state in leaves


def _let(e: ir.Expr) -> Callable[[LfsmInstance], ir.Value]:
    return lambda self: _value(e, _ctx(self))


def _system_let(e: ir.Expr) -> Callable[[LfsmSystem], ir.Value]:
    return lambda self: _value(e, self._lf_ctx)  # type: ignore[attr-defined]


def _machine_class(b: System, m: ir.MachineDef) -> type[LfsmInstance]:
    tab = machine_table(m, b)
    ns: dict[str, Any] = {
        "_lf_initial": tab.initial, "_lf_kinds": dict(tab.kinds), "_lf_params": tab.params, "_lf_vars": tab.vars,
        "_lf_clocks": tab.clocks, "_lf_lets": tab.lets, "_lf_internal": tab.internal,
        "_lf_urgent": frozenset(tab.urgent), "_lf_invariant_of": dict(tab.invariant_of),
        "_lf_chain": dict(tab.chain), "_lf_init": _init(m), "__module__": _MODULE,
    }
    for t in m.transitions:
        if t.guard is not None:
            ns[guard_method(t)] = _guard(t.guard)
        if t.effects:
            ns[effect_method(t)] = _effects(t.effects, m)
    for leaf, method in tab.invariant_of:
        ns[method] = _invariant(m.state(leaf).invariants)
    for name in tab.triggerable:
        ns[name] = _event(name)
        ns["may_" + name] = _may(name)
    for state, leaves in tab.state_leaves:
        ns["is_" + state] = _is(leaves)
    for let in m.lets:
        ns[let.name] = property(_let(let.value))
    cls: type[LfsmInstance] = type(m.name, (LfsmInstance,), ns)
    cls._lf_bind(_lf_new_machine(m.name, tab.leaves, tab.initial, [dict(row) for row in tab.transitions]))
    return cls


def system_class(b: System) -> type[LfsmSystem]:
    """The class of the live system ``b``: one instance of it is one run."""
    classes = {m.name: _machine_class(b, m) for m in b.machines()}
    params = dict(b.params)
    arrays = {d.name: d.is_array for d in b.declarations}

    def build(self: LfsmSystem) -> list[LfsmInstance]:
        decls: dict[str, Any] = {}
        out: list[LfsmInstance] = []
        for d in b.declarations:
            made = [classes[e.machine.name](self, e.name, e.index, dict(e.args)) for e in d.elements]
            decls[d.name] = tuple(made) if d.is_array else made[0]
            setattr(self, d.name, decls[d.name])
            out.extend(made)
        for inst in out:
            inst._lf_ctx = _Ctx(self, inst, params, decls, arrays)  # type: ignore[attr-defined]
        self._lf_ctx = _Ctx(self, None, params, decls, arrays)  # type: ignore[attr-defined]
        return out

    ns: dict[str, Any] = {"_lf_build": build, "_lf_lets": tuple(let.name for let in b.definition.lets),
                          "__module__": _MODULE}
    for let in b.definition.lets:
        ns[let.name] = property(_system_let(let.value))
    return type(b.definition.name, (LfsmSystem,), ns)


__all__ = ["system_class"]
