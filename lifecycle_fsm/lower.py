"""Lowering: a clean, checked AST becomes the IR of model.py.

Runs only after check.py reported no errors, so every lookup here succeeds;
expressions are elaborated by the checker's own elaborator (one definition of
name resolution and typing). This module only assembles: it flattens state
hierarchies, fills in defaults, and synthesises an implicit one-instance
system for each machine when the spec declares no system.
"""

from __future__ import annotations

from . import ast as A
from . import model as ir
from .check import Checker
from .checkbase import Scope
from .constraints import lower_constraints
from .source import written
from .symbols import MachineInfo, SystemInfo


def lower(checker: Checker, file: str, sources: tuple[tuple[str, str], ...] = ()) -> ir.Model:
    params = tuple(
        ir.ParamDef(name, p.type, p.default, p.ast.span)
        for name, p in checker.params.items()
        if p.type is not None and p.default is not None
    )
    enums = tuple(ir.EnumDef(t.name, t.members) for t in checker.enums.values())
    home: dict[str, SystemInfo | None] = {name: None for name in checker.machines}
    for s in checker.systems.values():
        for inst in s.ast.instances:
            if home.get(inst.machine.text) is None:
                home[inst.machine.text] = s
    texts = dict(sources)
    machines = tuple(_machine(checker, m, home[m.name], texts) for m in checker.machines.values())
    systems = [_system(checker, s) for s in checker.systems.values()]
    if not systems:
        for m in machines:
            only = ir.InstanceDef(m.name, m.name, None, tuple((p.name, p.default) for p in m.params
                                                              if p.default is not None), m.span)
            systems.append(ir.SystemDef(m.name, (only,), (), (), True, m.span))
    return ir.Model(file, params, enums, machines, tuple(systems), sources, lower_constraints(checker, texts))


def _expr(checker: Checker, e: A.Expr, scope: Scope) -> ir.Expr:
    res = checker.elab(e, scope)
    assert res is not None, f"lowering an unchecked expression at {e.span}"
    return res[0]


def _machine(checker: Checker, m: MachineInfo, system: SystemInfo | None,
             texts: dict[str, str]) -> ir.MachineDef:
    scope = Scope(machine=m, system=system)
    params = tuple(
        ir.MParamDef(name, t, _expr(checker, p.default, scope) if p.default is not None else None, p.span)
        for name, (p, t) in m.params.items() if t is not None
    )
    vars_ = tuple(ir.VarDef(name, t, _expr(checker, v.init, scope), v.span)
                  for name, (v, t) in m.vars.items() if t is not None)
    events = tuple(
        ir.EventDef(e.name.text, e.kind,
                    (e.fairness == "fair") if e.fairness else e.kind == "internal", e.span)
        for e in m.events.values()
    )
    states: list[ir.StateDef] = []

    def walk(nodes: tuple[A.State, ...], parent: str | None, depth: int, inv: tuple[ir.Expr, ...],
             urgent: bool) -> None:
        for s in nodes:
            own = tuple(_expr(checker, x, scope) for x in s.invariants)
            eff_urgent = urgent or s.has("urgent")
            states.append(ir.StateDef(s.name.text, parent, tuple(c.name.text for c in s.children),
                                      s.has("initial"), s.has("final"), eff_urgent, inv + own, depth, s.span,
                                      tuple(written(texts, x.span) for x in s.invariants)))
            walk(s.children, s.name.text, depth + 1, inv + own, eff_urgent)

    walk(m.ast.states, None, 0, (), False)
    transitions = []
    for i, t in enumerate(m.ast.transitions):
        sources = dict.fromkeys(leaf for src in t.sources for leaf in m.leaves_under(src.text))  # ordered set
        guard = _expr(checker, t.guard, scope) if t.guard is not None else None
        effects = tuple(_effect(checker, eff, scope, texts) for eff in t.effects)
        transitions.append(ir.TransitionDef(i, tuple(sources), m.initial_leaf(t.target.text), t.event.text,
                                            guard, effects, tuple(s.text for s in t.sources), t.target.text,
                                            t.span, written(texts, t.guard.span) if t.guard is not None else ""))
    lets = tuple(_let(checker, let, scope) for let in m.lets.values())
    props = tuple(_property(checker, p, scope, m.name, True) for p in m.ast.properties)
    initial = m.top_initial()
    assert initial is not None
    return ir.MachineDef(m.name, params, vars_, tuple(m.clocks), events, tuple(states),
                         m.initial_leaf(initial), tuple(transitions), lets, props, m.ast.span)


def _let(checker: Checker, let: A.Let, scope: Scope) -> ir.LetDef:
    res = checker.elab(let.value, scope)
    assert res is not None
    return ir.LetDef(let.name.text, res[1], res[0], let.span)


def _effect(checker: Checker, eff: A.Effect, scope: Scope, texts: dict[str, str]) -> ir.Effect:
    if isinstance(eff, A.Assign):
        return ir.Assign(eff.target.text, _expr(checker, eff.value, scope), eff.span, written(texts, eff.value.span))
    if isinstance(eff, A.Reset):
        return ir.ResetClock(eff.clock.text, eff.span)
    if isinstance(eff, A.Emit):
        return ir.EmitSignal(eff.signal.text, eff.span)
    tgt = eff.target
    index = _expr(checker, tgt.index, scope) if tgt.index is not None else None
    return ir.SendEvent(eff.event.text, tgt.kind, tgt.name.text if tgt.name else None, index, eff.span)


def _system(checker: Checker, s: SystemInfo) -> ir.SystemDef:
    scope = Scope(system=s)
    instances = []
    for inst in s.ast.instances:
        m = checker.machines[inst.machine.text]
        given = {a.name.text: _expr(checker, a.value, scope) for a in inst.args}
        args = []
        for name, (p, _) in m.params.items():
            if name in given:
                args.append((name, given[name]))
            else:
                assert p.default is not None
                args.append((name, _expr(checker, p.default, Scope(machine=m, system=s))))
        size = _expr(checker, inst.size, scope) if inst.size is not None else None
        instances.append(ir.InstanceDef(inst.name.text, inst.machine.text, size, tuple(args), inst.span))
    lets = tuple(_let(checker, let, scope) for let in s.lets.values())
    props = tuple(_property(checker, p, scope, s.name, False) for p in s.ast.properties)
    return ir.SystemDef(s.name, tuple(instances), lets, props, False, s.ast.span)


def _events(checker: Checker, refs: tuple[A.EventRef, ...], scope: Scope) -> tuple[ir.EvRef, ...]:
    out = []
    for r in refs:
        ev = checker.elab_event(r, scope)
        assert ev is not None
        out.append(ev)
    return tuple(out)


def _property(checker: Checker, p: A.Property, scope: Scope, owner: str, is_machine: bool) -> ir.PropertyDef:
    b = p.body
    body: ir.PropKind
    if isinstance(b, A.InvariantProp):
        body = ir.InvariantP(_expr(checker, b.expr, scope))
    elif isinstance(b, A.DeadlockProp):
        body = ir.DeadlockP()
    elif isinstance(b, A.ReachableProp):
        body = ir.ReachableP(_expr(checker, b.expr, scope))
    elif isinstance(b, A.StableProp):
        body = ir.StableP(_expr(checker, b.expr, scope))
    elif isinstance(b, A.LeadsToProp):
        lhs = _expr(checker, b.lhs, scope) if b.lhs is not None else None
        body = ir.LeadsToP(b.fairness != "unfair", lhs, _expr(checker, b.rhs, scope))
    else:
        inner = checker.bind_binder(b.binder, scope)
        assert inner is not None
        binder = None
        if b.binder is not None:
            assert scope.system is not None
            arr = b.binder.domain.text
            binder = ir.Binder(b.binder.var.text, arr, scope.system.instances[arr].machine.text)
        if isinstance(b, A.OrderProp):
            body = ir.OrderP(b.kind, binder, _events(checker, b.first, inner), _events(checker, b.second, inner),
                             _events(checker, b.reset, inner))
        else:
            body = ir.OnlyWhenP(binder, _events(checker, b.events, inner), _expr(checker, b.cond, inner))
    return ir.PropertyDef(p.name.text, tuple(c.text for c in p.citations), p.expect != "violated", owner,
                          is_machine, body, p.span)
