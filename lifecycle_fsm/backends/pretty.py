"""IR expressions, effects and properties printed back in .lfsm syntax, for diagram labels and docstrings.

Definitions (``let``) are already inlined and constants folded by lowering, so
a label shows what the machine really tests; parameters keep their names.
"""

from __future__ import annotations

from .. import model as ir
from ..source import Span, written

_PREC = {"implies": 1, "or": 2, "and": 3, "==": 5, "!=": 5, "<": 5, "<=": 5, ">": 5, ">=": 5,
         "+": 6, "-": 6, "*": 7, "/": 7, "%": 7}
_ATOM = 9


def inst_text(inst: ir.Inst) -> str:
    if isinstance(inst, ir.SelfInst):
        return "self"
    if isinstance(inst, ir.NamedInst):
        return inst.name
    if isinstance(inst, ir.ElemInst):
        return f"{inst.array}[{expr_text(inst.index)}]"
    return inst.var


def _field(inst: ir.Inst, name: str) -> str:
    return name if isinstance(inst, ir.SelfInst) else f"{inst_text(inst)}.{name}"


def _render(e: ir.Expr) -> tuple[str, int]:
    if isinstance(e, ir.Lit):
        if isinstance(e.value, bool):
            return ("true" if e.value else "false"), _ATOM
        return str(e.value), (_ATOM if not (isinstance(e.value, int) and e.value < 0) else 8)
    if isinstance(e, ir.ParamRef):
        return e.name, _ATOM
    if isinstance(e, (ir.MParamRef, ir.VarRef)):
        return _field(e.inst, e.name), _ATOM
    if isinstance(e, ir.IndexOf):
        return f"{inst_text(e.inst)}.index", _ATOM
    if isinstance(e, ir.InStateE):
        states = e.states[0] if len(e.states) == 1 else "{" + ", ".join(e.states) + "}"
        return f"{inst_text(e.inst)} in {states}", 5
    if isinstance(e, ir.Not):
        return "not " + _wrap(e.operand, 4), 4
    if isinstance(e, ir.Neg):
        return "-" + _wrap(e.operand, 8), 8
    if isinstance(e, ir.Cond):
        return f"if {expr_text(e.cond)} then {expr_text(e.then)} else {expr_text(e.orelse)}", 0
    if isinstance(e, ir.QuantE):
        return f"{e.kind} {e.var} in {e.array}: {expr_text(e.body)}", 0
    p = _PREC[e.op]
    if e.op == "implies":
        return f"{_wrap(e.left, p + 1)} implies {_wrap(e.right, p)}", p
    if p == 5:
        return f"{_wrap(e.left, p + 1)} {e.op} {_wrap(e.right, p + 1)}", p
    return f"{_wrap(e.left, p)} {e.op} {_wrap(e.right, p + 1)}", p


def _wrap(e: ir.Expr, need: int) -> str:
    text, prec = _render(e)
    return text if prec >= need else f"({text})"


def expr_text(e: ir.Expr) -> str:
    return _render(e)[0]


def effect_text(eff: ir.Effect) -> str:
    if isinstance(eff, ir.Assign):
        return f"{eff.var} = {eff.value_text or expr_text(eff.value)}"
    if isinstance(eff, ir.ResetClock):
        return f"reset {eff.clock}"
    if isinstance(eff, ir.EmitSignal):
        return f"emit {eff.signal}"
    if eff.kind == "self":
        target = "self"
    elif eff.kind == "all":
        target = f"{eff.instance}[*]"
    elif eff.kind == "index" and eff.index is not None:
        target = f"{eff.instance}[{expr_text(eff.index)}]"
    else:
        target = str(eff.instance)
    return f"send {eff.event} to {target}"


def transition_text(t: ir.TransitionDef) -> str:
    """The transition in .lfsm syntax (sources as declared)."""
    out = f"{', '.join(t.declared_sources)} -> {t.declared_target} on {t.event}"
    if t.guard is not None:
        out += f" when {expr_text(t.guard)}"
    if t.effects:
        out += " do " + ", ".join(effect_text(x) for x in t.effects)
    return out


def events_text(refs: tuple[ir.EvRef, ...]) -> str:
    return " | ".join(r.event if isinstance(r.inst, ir.SelfInst) else f"{inst_text(r.inst)}.{r.event}" for r in refs)


def property_source(model: ir.Model, p: ir.PropertyDef) -> str:
    """A property's body as written in the spec: definitions by name, comments dropped, spaces collapsed.

    The IR inlines every definition (``phase`` becomes getPhase in full), which no reader
    wants to see in a docstring or a diagram note; the rendering of the IR is the fallback
    when the source text is not at hand.
    """
    return _as_written(model, p.span, ":") or property_text(p)


def let_source(model: ir.Model, let: ir.LetDef) -> str:
    """A definition's value as written in the spec (see ``property_source``)."""
    return _as_written(model, let.span, "=") or expr_text(let.value)


def _as_written(model: ir.Model, span: Span, sep: str) -> str:
    """The text of ``span`` after the first ``sep`` as written ('' if unknown)."""
    _, found, body = written(dict(model.sources), span).partition(sep)
    return body.strip() if found else ""


def property_text(p: ir.PropertyDef) -> str:
    """A property's body in .lfsm syntax, rendered from the IR (definitions inlined)."""
    body = p.body
    if isinstance(body, ir.InvariantP):
        return "invariant " + expr_text(body.expr)
    if isinstance(body, ir.DeadlockP):
        return "deadlock free"
    if isinstance(body, ir.ReachableP):
        return "reachable " + expr_text(body.expr)
    if isinstance(body, ir.StableP):
        return "stable " + expr_text(body.expr)
    if isinstance(body, (ir.OrderP, ir.OnlyWhenP)):
        binder = f"for {body.binder.var} in {body.binder.array}: " if body.binder is not None else ""
        if isinstance(body, ir.OnlyWhenP):
            return f"{binder}{events_text(body.events)} only when {expr_text(body.cond)}"
        reset = f" reset on {events_text(body.reset)}" if body.reset else ""
        if body.kind == "only_after":
            return f"{binder}{events_text(body.first)} only after {events_text(body.second)}{reset}"
        if body.kind == "never_after":
            return f"{binder}never {events_text(body.first)} after {events_text(body.second)}{reset}"
        return f"{binder}{events_text(body.first)} precedes {events_text(body.second)}{reset}"
    fair = "" if body.fair else "unfair "
    if body.lhs is None:
        return f"{fair}eventually {expr_text(body.rhs)}"
    return f"{fair}{expr_text(body.lhs)} ~> {expr_text(body.rhs)}"
