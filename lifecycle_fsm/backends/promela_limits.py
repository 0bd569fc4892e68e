"""What SPIN cannot represent exactly, refused before a Promela model is written.

``pan`` computes in C ``int`` (32 bits, wrapping in practice, undefined in C) and
stores every variable in the Promela type ``promela_layout.promela_type`` chose;
lifefsm computes with unbounded integers. Wherever the two could differ the model
would disagree with lifefsm without a word (a variable wider than 32 bits: lifefsm
3 states, pan 1), or ``pan.c`` would not compile (a literal of 2^70). So the export
refuses, with ``[promela-unrepresentable]`` and the place in the spec:

* a variable whose declared range does not fit ``int`` as it is stored (shifted up
  to start at 0 when it has negative values);
* an integer in any expression the model evaluates (guards, effects, send indices,
  invariants, initial values, property expressions) whose bounds by interval
  arithmetic (declared ranges, clock caps, parameter and machine-argument values,
  array sizes) leave [-(2^31 - 1), 2^31 - 1]: literals and every intermediate
  result. A constant subexpression counts by its value only, since the emitter
  folds it. The bound is symmetric because a negative literal is written ``(-n)``;
* a clock cap above 255 (clocks are stored in a ``byte``);
* a machine with more than 256 leaf states or an enum with more than 256 members
  (their codes are stored in a ``byte``);
* an indexed ``send`` into an array of more than 255 elements (the receiver's index
  travels in a ``byte``, 255 meaning "out of bounds").

Interval arithmetic may refuse an expression whose values would in fact fit (it
does not see correlations such as ``x - x``); the refusal says which expression and
which bounds, so the spec can be narrowed. The liveness variant's process count
(pan allows 254 besides a never claim) is checked where it is emitted
(``promela.py``): the safety variant does not need those processes.
"""

from __future__ import annotations

from .. import model as ir
from ..evaluate import EvalError, StaticContext, evaluate
from ..intervals import ARITHMETIC, Elements, Interval, Leaf, children, interval, is_clock, machine_of, sites
from ..messages import say
from ..source import Span
from .pretty import expr_text
from .promela_layout import Layout, PromelaError

INT_MAX = 2**31 - 1
BYTE_VALUES = 256
MAX_SLOT_ELEMENTS = 255
CODE = "promela-unrepresentable"


def _refuse(message: str, span: Span | None) -> PromelaError:
    return PromelaError(message, span if span is not None and span.line > 0 else None, CODE)


def check_limits(layout: Layout) -> None:
    """Raise PromelaError ([promela-unrepresentable]) for the first thing SPIN cannot hold exactly."""
    machines: list[ir.MachineDef] = []
    for g in layout.groups:
        if g.machine not in machines:
            machines.append(g.machine)
    _stored(layout, machines)
    _expressions(layout, machines)
    _sends(layout, machines)


def _stored(layout: Layout, machines: list[ir.MachineDef]) -> None:
    for m in machines:
        if len(m.leaves) > BYTE_VALUES:
            raise _refuse(say("backends.promela-too-many-codes", what=f"machine '{m.name}' (leaf states)",
                              count=len(m.leaves), limit=BYTE_VALUES), m.span)
        for v in m.vars:
            t = v.type
            if isinstance(t, ir.IntT) and t.lo is not None and t.hi is not None \
                    and (t.lo < -INT_MAX or t.hi - min(t.lo, 0) > INT_MAX):
                raise _refuse(say("backends.promela-stored-range", var=f"{m.name}.{v.name}", lo=t.lo, hi=t.hi,
                                  limit=INT_MAX), v.span)
    for en in layout.model.enums:
        if len(en.members) > BYTE_VALUES:
            raise _refuse(say("backends.promela-too-many-codes", what=f"enum '{en.name}'", count=len(en.members),
                              limit=BYTE_VALUES), None)
    for (machine, clock), cap in layout.caps:
        if cap > BYTE_VALUES - 1:
            span = next((m.span for m in machines if m.name == machine), None)
            raise _refuse(say("backends.promela-clock-cap", machine=machine, clock=clock, highest=cap - 1,
                              limit=BYTE_VALUES - 1), span)


def _sends(layout: Layout, machines: list[ir.MachineDef]) -> None:
    for m in machines:
        for t in m.transitions:
            for eff in t.effects:
                if isinstance(eff, ir.SendEvent) and eff.kind == "index" and eff.instance is not None:
                    size = layout.group(eff.instance).size
                    if size > MAX_SLOT_ELEMENTS:
                        raise _refuse(say("backends.promela-indexed-send", array=eff.instance, size=size,
                                          limit=MAX_SLOT_ELEMENTS), eff.span)


def _expressions(layout: Layout, machines: list[ir.MachineDef]) -> None:
    params = dict(layout.params)
    decl_machine = {g.name: g.machine.name for g in layout.groups}
    elements = Elements((g.name, g.machine.name, g.mparams[k]) for g in layout.groups for k in range(g.size))
    caps = dict(layout.caps)
    for site in sites(machines, layout.system.properties, var_inits=True, event_indices=True):
        scope = dict(site.bound)
        _check(site.expr, scope, _Bounds(elements, params, caps, decl_machine, site.machine), params, site.span)


class _Bounds:
    """Leaves of ``interval`` for one site: ``Elements.leaf``, and a clock by 0..its cap."""

    def __init__(self, elements: Elements, params: dict[str, ir.Value], caps: dict[tuple[str, str], int],
                 decl_machine: dict[str, str], machine: str | None) -> None:
        self.elements, self.params, self.caps = elements, params, caps
        self.decl_machine, self.machine = decl_machine, machine

    def leaf(self, bound: dict[str, str]) -> Leaf:
        base = self.elements.leaf(self.params, self.machine, bound, bool_args=True)

        def leaf(e: ir.Expr) -> Interval | None:
            if is_clock(e):
                owner = machine_of(e.inst, self.machine, bound, self.decl_machine)
                caps = [c for (m, name), c in self.caps.items() if name == e.name and owner in (None, m)]
                return 0, max(caps, default=0)
            return base(e)

        return leaf


def _check(e: ir.Expr, bound: dict[str, str], bounds: _Bounds, params: dict[str, ir.Value], span: Span | None) -> None:
    if _constant(e):  # written as its folded value
        try:
            v = evaluate(e, StaticContext(params))
        except (EvalError, KeyError):
            return  # a model error the emitter writes as such (a division by zero)
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > INT_MAX:
            raise _refuse(say("backends.promela-int-range", what=f"'{expr_text(e)}'", lo=v, hi=v, limit=INT_MAX), span)
        return
    inner = bound
    if isinstance(e, ir.QuantE):
        inner = dict(bound)
        inner[e.var] = e.array
    for c in children(e):  # operands first: the refusal names the innermost expression too wide
        _check(c, inner, bounds, params, span)
    if _is_int(e):
        r = interval(e, bounds.leaf(bound), mod_by_divisor=True)
        if r is None:
            raise _refuse(say("backends.promela-unbounded", what=f"'{expr_text(e)}'"), span)
        if r[0] < -INT_MAX or r[1] > INT_MAX:
            raise _refuse(say("backends.promela-int-range", what=f"'{expr_text(e)}'", lo=r[0], hi=r[1], limit=INT_MAX),
                          span)


def _constant(e: ir.Expr) -> bool:
    """Built from literals and parameters only: the Promela emitter folds it to one literal."""
    if isinstance(e, ir.Lit | ir.ParamRef):
        return True
    if isinstance(e, ir.Neg | ir.Not):
        return _constant(e.operand)
    if isinstance(e, ir.Bin):
        return _constant(e.left) and _constant(e.right)
    if isinstance(e, ir.Cond):
        return _constant(e.cond) and _constant(e.then) and _constant(e.orelse)
    return False


def _is_int(e: ir.Expr) -> bool:
    if isinstance(e, ir.Lit):
        return isinstance(e.value, int) and not isinstance(e.value, bool)
    if isinstance(e, ir.ParamRef | ir.MParamRef | ir.VarRef):
        return isinstance(e.type, ir.IntT | ir.ClockT)
    if isinstance(e, ir.IndexOf | ir.Neg):
        return True
    if isinstance(e, ir.Bin):
        return e.op in ARITHMETIC
    if isinstance(e, ir.Cond):
        return _is_int(e.then)
    if isinstance(e, ir.QuantE):
        return e.kind == "count"
    return False


__all__ = ["check_limits", "INT_MAX", "CODE"]
