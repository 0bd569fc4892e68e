"""The values each integer variable can hold at one binding: its initial value and what is assigned to it.

A variable's declared range is what the language allows it; at a binding it may only ever
hold less. ``budget: 0..3600`` that is only assigned the grace period holds 0..30 at
``grace = 30``. A clock compared with such a variable is compared with nothing above what the
variable holds, so the clock's bound (clocks.py) follows the held range, not the declared one:
widening a declaration to Kubernetes' ranges then costs the explicit-state engines nothing at
the small values the binding gives.

The held range of a variable is the hull of its initial value and of the interval of every
expression any transition of its machine assigns to it (``lifecycle_fsm.intervals``, the same
rules as every other bound), cut to the declared range (an assignment outside it is a model
error and stores nothing). Assigned expressions may read other variables, so the ranges are a
least fixpoint from the initial values; the variables whose range still grows after ROUNDS rounds
(a counter stepping up to its bound) take their declared range, and the fixpoint goes on. The result is an
over-approximation of the reachable values: every value a run can store is in it.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import model as ir
from ..intervals import Elements, Interval, declared, interval

ROUNDS = 32  # rounds of the fixpoint before the still-growing variables take their declared range
Held = Callable[[str, ir.Expr, str], "Interval | None"]


def held_ranges(machines: tuple[ir.MachineDef, ...], elements: Elements,
                params: dict[str, ir.Value]) -> dict[tuple[str, str], Interval]:
    """(machine, variable) -> the values the variable can hold, for every integer variable with both
    ends declared, at ``params`` (the module docstring). Sets ``elements.var_ranges`` as it goes."""
    decl: dict[tuple[str, str], Interval] = {}
    for m in machines:
        for v in m.vars:
            d = declared(ir.VarRef(ir.SelfInst(), v.name, v.type))
            if d is not None:
                decl[(m.name, v.name)] = d
    ranges: dict[tuple[str, str], Interval] = {}
    elements.var_ranges = ranges

    def held(m: str, e: ir.Expr, var: str) -> Interval | None:
        """What assigning ``e`` can store in ``var`` (None: nothing, every value is out of range)."""
        lo, hi = decl[(m, var)]
        r = interval(e, elements.leaf(params, m, {}, bool_args=True), mod_by_divisor=True)
        if r is None:
            return lo, hi
        return (max(r[0], lo), min(r[1], hi)) if r[0] <= hi and r[1] >= lo else None

    for m in machines:  # initial values: static (parameters, machine parameters, literals)
        for v in m.vars:
            if (m.name, v.name) in decl:
                ranges[(m.name, v.name)] = held(m.name, v.init, v.name) or decl[(m.name, v.name)]
    while True:
        for _ in range(ROUNDS):
            grown = _round(machines, decl, ranges, held)
            if not grown:
                return ranges
        for key in grown:  # still growing: widen to the declaration (it cannot grow past it)
            ranges[key] = decl[key]


def _round(machines: tuple[ir.MachineDef, ...], decl: dict[tuple[str, str], Interval],
           ranges: dict[tuple[str, str], Interval], held: Held) -> set[tuple[str, str]]:
    """One pass over every assignment; the variables whose range grew."""
    grown: set[tuple[str, str]] = set()
    for m in machines:
        for t in m.transitions:
            for eff in t.effects:
                if not isinstance(eff, ir.Assign) or (m.name, eff.var) not in decl:
                    continue
                key = (m.name, eff.var)
                r = held(m.name, eff.value, eff.var)
                if r is None:
                    continue
                old = ranges[key]
                new = (min(old[0], r[0]), max(old[1], r[1]))
                if new != old:
                    ranges[key] = new
                    grown.add(key)
    return grown

__all__ = ["ROUNDS", "held_ranges"]
