"""Properties: what each kind of property reads must be well typed, and its citations well formed.

State formulas (invariant, reachable, stable, the sides of leads-to) are boolean
expressions; an ordering or ``only when`` property names events of instances,
optionally for each element of an instance array (its binder); a citation is a
guarantee id such as ``G12``.
"""

from __future__ import annotations

import re

from . import ast as A
from . import model as ir
from .context import Context
from .messages import say
from .scope import Scope
from .symbols import InstType

CITATION = re.compile(r"G[1-9][0-9]*")


def check_property(ctx: Context, p: A.Property, scope: Scope) -> None:
    exprs = ctx.exprs
    for c in p.citations:
        if not CITATION.fullmatch(c.text):
            ctx.report.error("bad-citation", say("bad-citation", text=c.text), c.span)
    b = p.body
    if isinstance(b, (A.InvariantProp, A.ReachableProp, A.StableProp)):
        exprs.expect_bool(b.expr, scope, say("invariant-expr"))
    elif isinstance(b, A.DeadlockProp):
        pass
    elif isinstance(b, A.LeadsToProp):
        if b.lhs is not None:
            exprs.expect_bool(b.lhs, scope, say("leads-to-side"))
        exprs.expect_bool(b.rhs, scope, say("leads-to-side"))
    else:
        inner = _bind(ctx, b.binder, scope)
        if inner is None:
            return
        if isinstance(b, A.OrderProp):
            for ref in b.first + b.second + b.reset:
                event_ref(ctx, ref, inner)
        else:
            for ref in b.events:
                event_ref(ctx, ref, inner)
            exprs.expect_bool(b.cond, inner, say("only-when-condition"))


def _bind(ctx: Context, binder: A.Binder | None, scope: Scope) -> Scope | None:
    """The scope inside a property's binder (``for c in app``): ``c`` is an element of the array."""
    if binder is None:
        return scope
    dom = ctx.exprs.instance_domain(binder.domain, scope)
    if dom is None:
        return None
    return scope.bind(binder.var.text, InstType(dom.machine, ir.BoundInst(binder.var.text)))


def event_ref(ctx: Context, ref: A.EventRef, scope: Scope) -> ir.EvRef | None:
    """The event ``ref`` names (``kubelet.kill``, ``c.exit``, or the machine's own ``exit``), filed in
    the symbol table for lowering; None if it has an error (reported)."""
    report = ctx.report
    if ref.instance is None:
        if scope.machine is None:
            report.error("undefined-event", say("event-needs-instance", name=ref.event.text), ref.span)
            return None
        machine, inst = scope.machine.name, scope.self_inst
    else:
        res = ctx.exprs.elab_any(ref.instance, scope)
        if res is None:
            return None
        if not isinstance(res[1], InstType):
            report.error("type-mismatch", say("event-of-non-instance"), ref.instance.span)
            return None
        machine, inst = res[1].machine, res[1].inst
    m = ctx.tables.machines[machine]
    if not ref.event.text or ref.event.text not in m.events:
        if not ref.event.text:
            report.error("type-mismatch", say("event-expected"), ref.span)
        else:
            report.undefined("undefined-event", f"event of machine '{machine}'", ref.event, list(m.events))
        return None
    ev = ir.EvRef(inst, machine, ref.event.text)
    ctx.tables.events[scope.key(ref)] = ev
    return ev
