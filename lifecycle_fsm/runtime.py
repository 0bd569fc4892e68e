"""Embedding: a spec's system as a live ``transitions`` object, in-process, without generated code.

    from lifecycle_fsm.runtime import load, VirtualClock
    pod = load("spec/pod.lfsm", {"n_apps": 2}, clock=VirtualClock(), on_signal=print)
    pod.app[0].exit_ok()            # or pod.trigger("app[0]", "exit_ok")
    pod.tick(); pod.snapshot()

The system object is built from the same tables (backends/tables.py) and runs on
the same engine (backends/support.py) as a generated module; guards, effects,
invariants and definitions are evaluated by the IR interpreter
(lifecycle_fsm.evaluate) instead of compiled Python. tests/backends checks that
both behave identically step by step. Unlike a generated module, any parameter
binding can be chosen at load time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import model as ir
from .backends.bind import Bound, bind
from .backends.support import (
    Clock,
    LfsmInstance,
    LfsmSystem,
    ModelError,
    MonotonicClock,
    NotEnabled,
    Observer,
    TimeBlocked,
    UnknownName,
    VirtualClock,
    _lf_new_machine,
)
from .backends.tables import effect_method, guard_method, machine_table
from .evaluate import EvalError, evaluate
from .params import bind_params


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


def _machine_class(b: Bound, m: ir.MachineDef) -> type[LfsmInstance]:
    tab = machine_table(m, b)
    ns: dict[str, Any] = {
        "_lf_initial": tab.initial, "_lf_kinds": dict(tab.kinds), "_lf_params": tab.params, "_lf_vars": tab.vars,
        "_lf_clocks": tab.clocks, "_lf_lets": tab.lets, "_lf_internal": tab.internal,
        "_lf_urgent": frozenset(tab.urgent), "_lf_invariant_of": dict(tab.invariant_of),
        "_lf_chain": dict(tab.chain), "_lf_init": _init(m), "__module__": __name__,
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


def _system_class(b: Bound) -> type[LfsmSystem]:
    classes = {m.name: _machine_class(b, m) for m in b.machines()}
    params = dict(b.params)
    arrays = {d: n is not None for d, n in b.sizes}

    def build(self: LfsmSystem) -> list[LfsmInstance]:
        decls: dict[str, Any] = {}
        out: list[LfsmInstance] = []
        for d in b.system.instances:
            made = []
            for bi in b.instances:
                if bi.decl == d.name:
                    inst = classes[bi.machine](self, bi.display, bi.index, dict(bi.args))
                    made.append(inst)
            decls[d.name] = tuple(made) if arrays[d.name] else made[0]
            setattr(self, d.name, decls[d.name])
            out.extend(made)
        for inst in out:
            inst._lf_ctx = _Ctx(self, inst, params, decls, arrays)  # type: ignore[attr-defined]
        self._lf_ctx = _Ctx(self, None, params, decls, arrays)  # type: ignore[attr-defined]
        return out

    ns: dict[str, Any] = {"_lf_build": build, "_lf_lets": tuple(let.name for let in b.system.lets),
                          "__module__": __name__}
    for let in b.system.lets:
        ns[let.name] = property(_system_let(let.value))
    return type(b.system.name, (LfsmSystem,), ns)


def build(model: ir.Model, params: Mapping[str, ir.Value] | Sequence[str] | None = None, *,
          system: str | None = None, clock: Clock | None = None, tick_seconds: float = 1.0,
          on_enter: Observer | None = None, on_exit: Observer | None = None,
          on_signal: Observer | None = None) -> LfsmSystem:
    """A live system for ``model`` with ``params`` (a dict or ``["NAME=VALUE", ...]``; missing ones default).

    ``system`` picks one of the spec's systems (default: the first; a spec with no
    system has one implicit system per machine, named like the machine).
    """
    values = bind_params(model, dict(params) if isinstance(params, Mapping) else list(params or []))
    if system is not None and system not in [s.name for s in model.systems]:
        raise UnknownName(f"no system named {system!r}; systems: {', '.join(s.name for s in model.systems)}")
    cls = _system_class(bind(model, values, system))
    return cls(clock=clock, tick_seconds=tick_seconds, on_enter=on_enter, on_exit=on_exit, on_signal=on_signal)


def load(path: str | Path, params: Mapping[str, ir.Value] | Sequence[str] | None = None, *,
         system: str | None = None, clock: Clock | None = None, tick_seconds: float = 1.0,
         on_enter: Observer | None = None, on_exit: Observer | None = None,
         on_signal: Observer | None = None) -> LfsmSystem:
    """Load a spec file (raises LfsmError with diagnostics on bad input) and ``build`` it."""
    from .pipeline import load_spec

    return build(load_spec(path), params, system=system, clock=clock, tick_seconds=tick_seconds,
                 on_enter=on_enter, on_exit=on_exit, on_signal=on_signal)


__all__ = ["build", "load", "LfsmSystem", "LfsmInstance", "VirtualClock", "MonotonicClock", "Clock",
           "ModelError", "NotEnabled", "TimeBlocked", "UnknownName", "Observer"]
