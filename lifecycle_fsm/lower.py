"""Lowering: a clean, checked AST becomes the IR of model.py.

Runs only after check.py reported no errors, so every lookup here succeeds.
Expressions are not elaborated again: the checks filed the IR of every
expression they typed in the symbol table (one definition of name resolution
and typing, run once), and lowering reads it back by the scope it was read in
(a machine is lowered as read in the first system that composes it). This
module only assembles: it flattens state hierarchies, fills in defaults, and
synthesises an implicit one-instance system for each machine when the spec
declares no system.
"""

from __future__ import annotations

from . import ast as A
from . import model as ir
from .constraints import lower_constraints
from .scope import Scope
from .source import written
from .symbols import MachineInfo, SymbolTable, SystemInfo


def lower(tables: SymbolTable, file: str, sources: tuple[tuple[str, str], ...] = ()) -> ir.Model:
    params = tuple(
        ir.ParamDef(name, p.type, p.default, p.ast.span)
        for name, p in tables.params.items()
        if p.type is not None and p.default is not None
    )
    enums = tuple(ir.EnumDef(t.name, t.members) for t in tables.enums.values())
    home: dict[str, SystemInfo | None] = {name: None for name in tables.machines}
    for s in tables.systems.values():
        for inst in s.ast.instances:
            if home.get(inst.machine.text) is None:
                home[inst.machine.text] = s
    texts = dict(sources)
    machines = tuple(_machine(_Read(tables, m, home[m.name]), m, texts) for m in tables.machines.values())
    systems = [_system(tables, s) for s in tables.systems.values()]
    if not systems:
        for m in machines:
            only = ir.InstanceDef(m.name, m.name, None, tuple((p.name, p.default) for p in m.params
                                                              if p.default is not None), m.span)
            systems.append(ir.SystemDef(m.name, (only,), (), (), True, m.span))
    return ir.Model(file, params, enums, machines, tuple(systems), sources,
                    lower_constraints(tables.constraints, texts))


class _Read:
    """Where lowering looks up what checking made of an expression: code of ``machine`` (None: of a
    system) as read in ``system`` (None: a machine no system composes), on ``self``."""

    def __init__(self, tables: SymbolTable, machine: MachineInfo | None, system: SystemInfo | None) -> None:
        self.tables = tables
        self.system = system
        self._key = Scope(machine, system).key

    def expr(self, e: A.Expr) -> ir.Expr:
        found = self.tables.exprs.get(self._key(e))
        assert found is not None, f"lowering an expression the checks did not type, at {e.span}"
        return found

    def let(self, let: A.Let) -> ir.LetDef:
        found = self.tables.lets.get(self._key(let))
        assert found is not None, f"lowering a definition the checks did not type, at {let.span}"
        return ir.LetDef(let.name.text, found[1], found[0], let.span)

    def event(self, ref: A.EventRef) -> ir.EvRef:
        found = self.tables.events.get(self._key(ref))
        assert found is not None, f"lowering an event reference the checks did not resolve, at {ref.span}"
        return found


def _machine(read: _Read, m: MachineInfo, texts: dict[str, str]) -> ir.MachineDef:
    params = tuple(
        ir.MParamDef(name, t, read.expr(p.default) if p.default is not None else None, p.span)
        for name, (p, t) in m.params.items() if t is not None
    )
    vars_ = tuple(ir.VarDef(name, t, read.expr(v.init), v.span)
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
            own = tuple(read.expr(x) for x in s.invariants)
            eff_urgent = urgent or s.has("urgent")
            states.append(ir.StateDef(s.name.text, parent, tuple(c.name.text for c in s.children),
                                      s.has("initial"), s.has("final"), eff_urgent, inv + own, depth, s.span,
                                      tuple(written(texts, x.span) for x in s.invariants)))
            walk(s.children, s.name.text, depth + 1, inv + own, eff_urgent)

    walk(m.ast.states, None, 0, (), False)
    transitions = []
    for i, t in enumerate(m.ast.transitions):
        sources = dict.fromkeys(leaf for src in t.sources for leaf in m.leaves_under(src.text))  # ordered set
        guard = read.expr(t.guard) if t.guard is not None else None
        effects = tuple(_effect(read, eff, texts) for eff in t.effects)
        transitions.append(ir.TransitionDef(i, tuple(sources), m.initial_leaf(t.target.text), t.event.text,
                                            guard, effects, tuple(s.text for s in t.sources), t.target.text,
                                            t.span, written(texts, t.guard.span) if t.guard is not None else ""))
    lets = tuple(read.let(let) for let in m.lets.values())
    props = tuple(_property(read, p, m.name, True) for p in m.ast.properties)
    initial = m.top_initial()
    assert initial is not None
    return ir.MachineDef(m.name, params, vars_, tuple(m.clocks), events, tuple(states),
                         m.initial_leaf(initial), tuple(transitions), lets, props, m.ast.span)


def _effect(read: _Read, eff: A.Effect, texts: dict[str, str]) -> ir.Effect:
    if isinstance(eff, A.Assign):
        return ir.Assign(eff.target.text, read.expr(eff.value), eff.span, written(texts, eff.value.span))
    if isinstance(eff, A.Reset):
        return ir.ResetClock(eff.clock.text, eff.span)
    if isinstance(eff, A.Emit):
        return ir.EmitSignal(eff.signal.text, eff.span)
    tgt = eff.target
    index = read.expr(tgt.index) if tgt.index is not None else None
    return ir.SendEvent(eff.event.text, tgt.kind, tgt.name.text if tgt.name else None, index, eff.span)


def _system(tables: SymbolTable, s: SystemInfo) -> ir.SystemDef:
    read = _Read(tables, None, s)
    instances = []
    for inst in s.ast.instances:
        m = tables.machines[inst.machine.text]
        given = {a.name.text: read.expr(a.value) for a in inst.args}
        args = []
        for name, (p, _) in m.params.items():
            if name in given:
                args.append((name, given[name]))
            else:
                assert p.default is not None
                args.append((name, _Read(tables, m, s).expr(p.default)))  # as read in this system
        size = read.expr(inst.size) if inst.size is not None else None
        instances.append(ir.InstanceDef(inst.name.text, inst.machine.text, size, tuple(args), inst.span))
    lets = tuple(read.let(let) for let in s.lets.values())
    props = tuple(_property(read, p, s.name, False) for p in s.ast.properties)
    return ir.SystemDef(s.name, tuple(instances), lets, props, False, s.ast.span)


def _property(read: _Read, p: A.Property, owner: str, is_machine: bool) -> ir.PropertyDef:
    b = p.body
    body: ir.PropKind
    if isinstance(b, A.InvariantProp):
        body = ir.InvariantP(read.expr(b.expr))
    elif isinstance(b, A.DeadlockProp):
        body = ir.DeadlockP()
    elif isinstance(b, A.ReachableProp):
        body = ir.ReachableP(read.expr(b.expr))
    elif isinstance(b, A.StableProp):
        body = ir.StableP(read.expr(b.expr))
    elif isinstance(b, A.LeadsToProp):
        lhs = read.expr(b.lhs) if b.lhs is not None else None
        body = ir.LeadsToP(b.fairness != "unfair", lhs, read.expr(b.rhs))
    else:
        binder = None
        if b.binder is not None:
            assert read.system is not None
            arr = b.binder.domain.text
            binder = ir.Binder(b.binder.var.text, arr, read.system.instances[arr].machine.text)
        if isinstance(b, A.OrderProp):
            body = ir.OrderP(b.kind, binder, tuple(map(read.event, b.first)), tuple(map(read.event, b.second)),
                             tuple(map(read.event, b.reset)))
        else:
            body = ir.OnlyWhenP(binder, tuple(map(read.event, b.events)), read.expr(b.cond))
    return ir.PropertyDef(p.name.text, tuple(c.text for c in p.citations), p.expect != "violated", owner,
                          is_machine, body, p.span)
