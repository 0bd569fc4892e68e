"""Machine bodies, read in each system that composes them: every expression typed, and read alike.

A machine's code may read the definitions and instances of the system it is
composed into, so it is checked once per such system (and once on its own when
no system uses it). It is lowered once, though, so it must mean the same in every
system: the IR of each of its expressions is compared across systems
(`system-dependent-machine`).
"""

from __future__ import annotations

from . import model as ir
from .constants import is_constant
from .context import Context
from .diagnostics import Note
from .messages import say
from .properties import check_property
from .scope import Scope
from .source import Span
from .symbols import MachineInfo, SystemInfo
from .transitions import check_transitions

Reading = list[tuple[Span, ir.Expr]]  # every value expression written in a machine, in order, with its IR


def check_machine_body(ctx: Context, m: MachineInfo, system: SystemInfo | None) -> Reading | None:
    """Check a machine's expressions as composed into ``system``; return how it read, if without errors.

    The reading is every value expression written inside the machine, in order,
    with its IR (definitions of the system inlined).
    """
    scope = Scope(machine=m, system=system)
    errors_before = len(ctx.report.diags)
    exprs = ctx.exprs
    exprs.trace = []
    try:
        _check_body(ctx, m, scope)
        reading = exprs.trace
    finally:
        exprs.trace = None
    if len(ctx.report.diags) != errors_before:
        return None
    inside = m.ast.span
    return [(span, e) for span, e in reading
            if span.file == inside.file and inside.start <= span.start < inside.end]


def _check_body(ctx: Context, m: MachineInfo, scope: Scope) -> None:
    exprs = ctx.exprs
    for p, pt in m.params.values():
        if p.default is not None and pt is not None:
            res = exprs.expect_type(p.default, pt, scope, say("param-default", name=p.name.text))
            if res is not None and not is_constant(res[0], allow_params=True):
                ctx.report.error("not-constant", say("mparam-default-not-constant", name=p.name.text), p.default.span)
    for v, vt in m.vars.values():
        if vt is not None:
            exprs.expect_type(v.init, vt, scope, say("initial-value", name=v.name.text))
    for let in m.lets.values():
        exprs.inline_let(let, scope)
    for name in m.order:
        for inv in m.states[name].invariants:
            exprs.expect_bool(inv, scope, say("state-invariant", name=name))
    check_transitions(ctx, m, scope)
    for prop in m.ast.properties:
        check_property(ctx, prop, scope)


def check_same_reading(ctx: Context, m: MachineInfo, seen: list[tuple[SystemInfo, Reading]]) -> None:
    """A machine is lowered once, so it must mean the same in every system that composes it.

    Names in a machine may resolve to the system's definitions (inlined) and
    instances; if two systems give them different meanings, the shared IR
    would silently be right for one system only.
    """
    first_system, first = seen[0]
    for system, reading in seen[1:]:
        for (span, a), (_, b) in zip(first, reading):
            if a != b:
                ctx.report.error("system-dependent-machine",
                                 say("system-dependent-machine", machine=m.name, s1=first_system.name,
                                     s2=system.name), span,
                                 Note(say("system-dependent-hint")))
                return
