"""Parameter constraints: which bindings of a spec's parameters are valid configurations.

``require [NAME:] EXPR`` (top level, any number, in any file of the spec) states that a
binding of the parameters for which EXPR is false is not a configuration the spec
describes: the Kubernetes API would refuse such a pod (a sleep handler longer than the
grace period, hooks on a regular init container). EXPR is a boolean expression over
parameters, constants, enum members and literals only; the constraints are conjoined.

Where they act:

* check time (check.py runs ``check_requires``): EXPR is typed and elaborated at top
  level, so a name of a machine, instance or variable is not found; the defaults must
  satisfy every constraint (``default-violates-constraint``), since a spec is checked
  at its defaults;
* binding time (params.py calls ``constraint_diagnostics``): a binding (`-D`, the API)
  that violates a constraint is refused with ``constraint-violated`` at the constraint's
  position, before any state is explored;
* sweeps (``--all-params``, ``--sweep``) skip the invalid bindings and count them.

``check --sweep --require EXPR`` adds a constraint of the same form for one run
(loader.load_spec's ``requires``): it restricts the configurations a sweep checks (a pod
size bound, say), so the defaults need not satisfy it.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import ast as A
from . import model as ir
from .context import Context
from .diagnostics import Diagnostic, Note
from .evaluate import EvalError, ParamsOnly, evaluate
from .intervals import subexpressions
from .messages import say
from .scope import Scope
from .source import written


def params_of(e: ir.Expr) -> list[str]:
    """The parameters ``e`` reads, in order of first appearance."""
    return list(dict.fromkeys(x.name for x, _ in subexpressions(e, {}) if isinstance(x, ir.ParamRef)))


def satisfied(c: ir.ConstraintDef, values: Mapping[str, ir.Value]) -> bool:
    """Whether ``values`` (every parameter ``c`` reads) satisfy ``c``; a model error (x / 0) counts as false."""
    try:
        return bool(evaluate(c.expr, ParamsOnly(values)))
    except EvalError:
        return False


def violated(model: ir.Model, values: Mapping[str, ir.Value]) -> list[ir.ConstraintDef]:
    """The constraints of ``model`` that a complete binding ``values`` violates, in declaration order."""
    return [c for c in model.constraints if not satisfied(c, values)]


def describe_values(c: ir.ConstraintDef, values: Mapping[str, ir.Value]) -> str:
    """``sleep_for = 3, grace = 2``: the values of the parameters the constraint reads."""
    return ", ".join(f"{p} = {_show(values[p])}" for p in params_of(c.expr) if p in values)


def label(c: ir.ConstraintDef) -> str:
    """How reports name a constraint: its name, else its text."""
    return c.name or c.text


def constraint_diagnostics(model: ir.Model, values: Mapping[str, ir.Value]) -> list[Diagnostic]:
    """One ``constraint-violated`` diagnostic for each constraint the binding violates."""
    return [Diagnostic("constraint-violated", _violates(False, say("constraint-label", name=label(c)),
                                                       describe_values(c, values)), c.span)
            for c in violated(model, values)]


def _violates(defaults: bool, what: str, values: str) -> str:
    """The parameters (``defaults``: their defaults) violate constraint ``what``, at ``values`` if any."""
    if defaults:
        if values:
            return say("default-violates-constraint-values", label=what, values=values)
        return say("default-violates-constraint", label=what)
    if values:
        return say("constraint-violated-values", label=what, values=values)
    return say("constraint-violated", label=what)


def _show(v: ir.Value) -> str:
    return str(v).lower() if isinstance(v, bool) else str(v)


# ---- check time -----------------------------------------------------------------------


def check_requires(ctx: Context) -> None:
    """Type every `require` of the spec; report one whose names are not parameters, or that the
    defaults violate. The constraints without errors go to the symbol table, in declaration order."""
    defaults = ctx.consts.defaults()
    for item in ctx.tables.items:
        if not isinstance(item, A.Require):
            continue
        res = ctx.exprs.expect_bool(item.expr, Scope(), say("constraint-expr"))
        if res is None:
            continue
        ctx.tables.constraints.append((item, res[0]))
        if item.sweep_only:
            continue  # `check --require`: a restriction of the sweep, which the defaults need not satisfy
        try:
            ok = bool(evaluate(res[0], defaults))
        except EvalError:
            continue  # a parameter without a valid default, reported where it is declared
        if not ok:
            values = ", ".join(f"{p} = {_show(defaults.param(p))}" for p in params_of(res[0]))
            what = say("constraint-label", name=item.name.text) if item.name else say("this-constraint")
            ctx.report.error("default-violates-constraint", _violates(True, what, values),
                             item.expr.span, Note(say("default-violates-hint")))


def lower_constraints(constraints: list[tuple[A.Require, ir.Expr]], texts: dict[str, str],
                      ) -> tuple[ir.ConstraintDef, ...]:
    """The IR of the constraints check_requires accepted."""
    return tuple(ir.ConstraintDef(r.name.text if r.name else None, e, written(texts, r.expr.span), r.expr.span)
                 for r, e in constraints)
