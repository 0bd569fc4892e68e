"""Properties: what each kind of property reads must be well typed, and its citations well formed.

State formulas (invariant, reachable, stable, the sides of leads-to) are boolean
expressions; an ordering or ``only when`` property names events of instances,
optionally for each element of an instance array (its binder); a citation is a
guarantee id such as ``G12``.
"""

from __future__ import annotations

import re

from . import ast as A
from . import messages as M
from .context import Context
from .elaborate import Scope

CITATION = re.compile(r"G[1-9][0-9]*")


def check_property(ctx: Context, p: A.Property, scope: Scope) -> None:
    exprs = ctx.exprs
    for c in p.citations:
        if not CITATION.fullmatch(c.text):
            ctx.report.error("bad-citation", M.bad_citation(c.text), c.span)
    b = p.body
    if isinstance(b, (A.InvariantProp, A.ReachableProp, A.StableProp)):
        exprs.expect_bool(b.expr, scope, M.invariant_expr())
    elif isinstance(b, A.DeadlockProp):
        pass
    elif isinstance(b, A.LeadsToProp):
        if b.lhs is not None:
            exprs.expect_bool(b.lhs, scope, M.leads_to_side())
        exprs.expect_bool(b.rhs, scope, M.leads_to_side())
    else:
        inner = exprs.bind_binder(b.binder, scope)
        if inner is None:
            return
        if isinstance(b, A.OrderProp):
            for ref in b.first + b.second + b.reset:
                exprs.elab_event(ref, inner)
        else:
            for ref in b.events:
                exprs.elab_event(ref, inner)
            exprs.expect_bool(b.cond, inner, M.only_when_condition())
