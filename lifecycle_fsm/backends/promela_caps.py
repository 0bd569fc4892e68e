"""Clock caps for the Promela model, computed as docs/semantics.md defines them.

A clock's cap is the largest value (after binding parameters) that the clock is
compared with anywhere in the system, plus one: above it, values are
indistinguishable, so a tick saturates there. When the other side is not a
constant, its upper bound by interval arithmetic is used (a variable's declared
maximum, the largest machine-parameter value, the last array index); a clock
compared with nothing stays 0. lifefsm's checker and SPIN
must use the same caps or their state counts differ, hence one small,
separately testable walk over every expression of the bound system.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import model as ir
from ..intervals import Elements, clock_comparisons, interval, machine_of, sites

if TYPE_CHECKING:
    from .promela_layout import Group


def clock_caps(model: ir.Model, system: ir.SystemDef, groups: tuple[Group, ...],
               params: dict[str, ir.Value]) -> tuple[tuple[tuple[str, str], int], ...]:
    """((machine, clock), cap) for every clock of every machine instantiated in the system.

    As the checker's ``clock_caps``, with variable initialisers also scanned and a boolean
    machine argument skipped; a comparison with a clock of no instance is ignored, one
    with a value without a bound is an error.
    """
    from .promela_layout import PromelaError

    decl_machine = {g.name: g.machine.name for g in groups}
    elements = Elements((g.name, g.machine.name, g.mparams[k]) for g in groups for k in range(g.size))
    best: dict[tuple[str, str], int] = {}
    machines: list[ir.MachineDef] = []
    for g in groups:
        if g.machine not in machines:
            machines.append(g.machine)
    for site in sites(machines, system.properties, var_inits=True):
        for cmp, clock_side, other, inner in clock_comparisons(site.expr, dict(site.bound)):
            owner = machine_of(clock_side.inst, site.machine, inner, decl_machine)
            if owner is None:
                continue
            rng = interval(other, elements.leaf(params, site.machine, inner, bool_args=False), mod_by_divisor=True)
            if rng is None:
                raise PromelaError(f"clock '{clock_side.name}' is compared ({cmp}) with an expression "
                                   "without a known upper bound; its cap is undefined")
            key = (owner, clock_side.name)
            best[key] = max(best.get(key, 0), rng[1] + 1)
    out = []
    for m in machines:
        for c in m.clocks:
            out.append(((m.name, c), best.get((m.name, c), 0)))  # never compared: always 0
    return tuple(out)
