"""Semantic checks: every rule a parsed spec must satisfy, all errors of a run at once.

The check is a sequence of passes over the AST that share one Context
(context.py): the symbol table (symbols.py), the reporter (reporting.py), the
expression typer (elaborate.py) and the constant folder (constants.py). Each
pass has one job and lives in its own module; ``check`` runs them in order.
Nothing stops at the first problem: each rule appends a Diagnostic and the passes
go on with the best guess (an unknown name gets no type and its parents stay
quiet, so one typo yields one message). Every expression is elaborated into
typed IR once, here; lower.py reads what the passes filed and never re-judges.

Scoping: inside a machine, a name is looked up among (1) quantifier and
property binders, (2) the machine's variables, clocks, parameters and lets,
(3) the instances and lets of the system the machine is composed into,
(4) spec parameters, constants and enum members. A machine used by several
systems is checked once per system, and a machine used by none is checked on
its own; duplicate messages are dropped.
"""

from __future__ import annotations

from . import ast as A
from .bodies import Reading, check_machine_body, check_same_reading
from .constraints import check_requires
from .context import Context
from .declare import declare_names
from .diagnostics import Diagnostic, sorted_unique
from .structure import check_structures
from .symbols import SymbolTable, SystemInfo
from .systems import check_implicit_instance, check_system


def check(items: list[A.Item]) -> tuple[SymbolTable, list[Diagnostic]]:
    """Check the items of a spec (imports already merged): the filled tables, and every diagnostic, sorted."""
    ctx = Context.new(items)
    t = ctx.tables
    declare_names(ctx)  # declarations and names
    ctx.consts.fold_globals()  # named types, constants, parameters
    check_requires(ctx)  # parameter constraints
    ctx.consts.type_members()  # machine parameters and variables
    check_structures(ctx)  # state trees
    readings: dict[str, list[tuple[SystemInfo, Reading]]] = {}
    for s in t.systems.values():
        for name in sorted({i.machine.text for i in s.ast.instances} & set(t.machines)):
            reading = check_machine_body(ctx, t.machines[name], s)  # expressions, transitions, properties
            if reading is not None:
                readings.setdefault(name, []).append((s, reading))
        check_system(ctx, s)  # instances, arguments, system definitions and properties
    used = {inst.machine.text for s in t.systems.values() for inst in s.ast.instances}
    for name, m in t.machines.items():
        if name not in used:
            check_machine_body(ctx, m, None)
            if not t.systems:
                check_implicit_instance(ctx, m)
    for name, seen in readings.items():
        check_same_reading(ctx, t.machines[name], seen)
    return t, sorted_unique(ctx.report.diags)
