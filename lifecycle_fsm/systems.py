"""Systems and instances: what a system composes, with which arguments, and its own definitions and properties.

A system has at least one instance; each instance is of a declared machine, an
array's size is a non-negative integer fixed by parameters and constants, every
machine parameter without a default gets an argument, and every argument names a
parameter of the machine and is fixed by parameters and constants. Without any
system, each machine becomes one instance with default arguments, so each of
its parameters needs a default.
"""

from __future__ import annotations

from . import model as ir
from .constants import is_constant
from .context import Context
from .diagnostics import Note
from .evaluate import EvalError, evaluate
from .messages import say
from .properties import check_property
from .scope import Scope
from .source import Span
from .symbols import MachineInfo, SystemInfo


def check_system(ctx: Context, s: SystemInfo) -> None:
    report, exprs, machines = ctx.report, ctx.exprs, ctx.tables.machines
    scope = Scope(system=s)
    if not s.ast.instances:
        report.error("empty-system", say("empty-system", name=s.name), s.ast.name.span)
    for inst in s.ast.instances:
        m = machines.get(inst.machine.text)
        if m is None:
            report.undefined("undefined-machine", "machine", inst.machine, list(machines))
        if inst.size is not None:
            res = exprs.expect_type(inst.size, ir.IntT(), scope, say("array-size", name=inst.name.text))
            if res is not None and not is_constant(res[0], allow_params=True):
                report.error("not-constant", say("size-not-constant"), inst.size.span)
            elif res is not None:
                try:
                    n = evaluate(res[0], ctx.consts.defaults())
                    if isinstance(n, int) and n < 0:
                        report.error("value-out-of-range", say("negative-size", n=n), inst.size.span)
                except EvalError:
                    pass
        if m is None:
            continue
        given: dict[str, Span] = {}
        for arg in inst.args:
            report.declare(given, arg.name, "argument")
            declared = m.params.get(arg.name.text)
            if declared is None:
                report.undefined("unknown-argument", f"parameter of machine '{m.name}'", arg.name, list(m.params))
                continue
            ptype = declared[1]
            res = exprs.expect_type(arg.value, ptype, scope, say("argument", name=arg.name.text)) if ptype else None
            if res is not None and not is_constant(res[0], allow_params=True):
                report.error("not-constant", say("argument-not-constant", name=arg.name.text), arg.value.span)
        for pname, (p, _) in m.params.items():
            if p.default is None and pname not in given:
                report.error("missing-argument", say("missing-argument", param=pname, machine=m.name),
                             inst.machine.span,
                             Note(say("declared-here", name=pname), p.name.span))
    for let in s.lets.values():
        exprs.inline_let(let, scope)
    for prop in s.ast.properties:
        check_property(ctx, prop, scope)


def check_implicit_instance(ctx: Context, m: MachineInfo) -> None:
    """Without a system, each machine gets one instance with default arguments: they must exist."""
    for pname, (p, _) in m.params.items():
        if p.default is None:
            ctx.report.error("missing-argument", say("implicit-instance-needs-default", param=pname, machine=m.name),
                             p.name.span)
