"""Declarations and names: the symbol table of a spec, each name declared once and not reserved.

Top-level names (parameters, constants, types, machines, systems) share one
namespace; a machine's parameters, variables, clocks, events and definitions
share another, and its states a third that must not reuse a member's name; a
system's instances and definitions share one; properties and constraints are
named apart. What a declaration means (its type, its value) is settled later,
by constants.py.
"""

from __future__ import annotations

from . import ast as A
from .context import Context
from .diagnostics import Note
from .messages import say
from .reporting import Reporter
from .source import Span
from .symbols import ConstInfo, MachineInfo, ParamInfo, SystemInfo

_KIND = {A.Param: "parameter", A.Const: "constant", A.TypeDecl: "type", A.Machine: "machine", A.System: "system"}


def declare_names(ctx: Context) -> None:
    """Fill the symbol table with every declaration of the spec, reporting duplicates and reserved names."""
    t, report = ctx.tables, ctx.report
    table: dict[str, Span] = {}
    for it in t.items:
        if not isinstance(it, (A.Param, A.Const, A.TypeDecl, A.Machine, A.System)):
            continue
        if not report.declare(table, it.name, _KIND[type(it)]):
            continue
        report.reserved(it.name, on_model=False)
        if isinstance(it, A.Param):
            t.params[it.name.text] = ParamInfo(it)
        elif isinstance(it, A.Const):
            t.consts[it.name.text] = ConstInfo(it)
        elif isinstance(it, A.TypeDecl):
            t.types.append(it)
        elif isinstance(it, A.Machine):
            t.machines[it.name.text] = MachineInfo(it)
        else:
            t.systems[it.name.text] = SystemInfo(it)
    named: dict[str, Span] = {}
    for it in t.items:
        if isinstance(it, A.Require) and it.name is not None:
            report.declare(named, it.name, "constraint")
    for m in t.machines.values():
        _machine(report, m)
    for s in t.systems.values():
        _system(report, s)


def _machine(report: Reporter, m: MachineInfo) -> None:
    """A machine's members and states (their types are resolved by constants.py)."""
    table: dict[str, Span] = {}
    ast = m.ast
    m.params.update((p.name.text, (p, None)) for p in report.declare_each(table, ast.params, "machine parameter", True))
    m.vars.update((v.name.text, (v, None)) for v in report.declare_each(table, ast.vars, "variable", True))
    m.clocks.update((c.name.text, c) for c in report.declare_each(table, ast.clocks, "clock", True))
    m.events.update((e.name.text, e) for e in report.declare_each(table, ast.events, "event", True))
    m.lets.update((let.name.text, let) for let in report.declare_each(table, ast.lets, "definition", True))
    states: dict[str, Span] = {}

    def walk(nodes: tuple[A.State, ...], parent: str | None) -> None:
        for s in nodes:
            if report.declare(states, s.name, "state"):
                report.reserved(s.name, on_model=False)
                if s.name.text in table:
                    report.error("duplicate-definition", say("duplicate", what="state", name=s.name.text), s.name.span,
                                 Note(say("first-defined-here", name=s.name.text), table[s.name.text]))
                m.states[s.name.text] = s
                m.parent[s.name.text] = parent
                m.order.append(s.name.text)
            walk(s.children, s.name.text)

    walk(ast.states, None)
    _properties(report, ast.properties)


def _system(report: Reporter, s: SystemInfo) -> None:
    table: dict[str, Span] = {}
    s.instances.update((i.name.text, i) for i in report.declare_each(table, s.ast.instances, "instance", True))
    s.lets.update((let.name.text, let) for let in report.declare_each(table, s.ast.lets, "definition", True))
    _properties(report, s.ast.properties)


def _properties(report: Reporter, props: tuple[A.Property, ...]) -> None:
    """Property names are unique per machine or system (they become test names, not model attributes)."""
    table: dict[str, Span] = {}
    for p in props:
        report.declare(table, p.name, "property")
