"""Assemble everything the search needs for one instantiated system: layout, moves, checks, initial state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..evaluate import EvalError, evaluate
from ..instantiate import Element, System, SystemContext, instantiate
from ..messages import say
from .analysis import symmetric_arrays
from .plan import Layout, Move, build_layout, move_table, pack, to_code, value_range
from .props import Checks, build_checks


@dataclass(frozen=True, slots=True)
class Plan:
    system: System
    layout: Layout
    moves: tuple[Move, ...]
    checks: Checks
    symmetric: tuple[str, ...]  # arrays reduced by symmetry (empty when off)
    symmetry_notes: tuple[str, ...]
    init: int

    @property
    def model(self) -> ir.Model:
        return self.system.model

    @property
    def params(self) -> Mapping[str, ir.Value]:
        return self.system.values

    @property
    def instances(self) -> tuple[Element, ...]:
        return self.system.instances

    def arrays(self) -> Mapping[str, tuple[Element, ...]]:
        """Declaration -> its elements (empty arrays too)."""
        return self.system.groups


def build_plan(model: ir.Model, params: Mapping[str, ir.Value] | None = None, *, system: str | None = None,
               symmetry: bool = True, monitors: bool = True, properties: list[str] | None = None) -> Plan:
    """Instantiate ``system`` at ``params``, then plan its search (see ``plan_system``)."""
    return plan_system(instantiate(model, params, system), symmetry=symmetry, monitors=monitors,
                       properties=properties)


def plan_system(system: System, *, symmetry: bool = True, monitors: bool = True,
                properties: list[str] | None = None) -> Plan:
    """Resolve the checks, lay out the packed state (clocks saturated at their caps), find the symmetric arrays.

    The checker's policy on clocks: a use no cap covers is an ``unsupported-clock-use`` error."""
    if system.clocks.unsupported:
        raise LfsmError([Diagnostic("unsupported-clock-use", u.message, u.span) for u in system.clocks.unsupported])
    checks = build_checks(system, properties)
    sym, notes = symmetric_arrays(system) if symmetry else ([], [])
    layout = build_layout(system.instances, system.clocks.cap, checks.monitor_fields() if monitors else [])
    init = initial_state(system, layout)
    return Plan(system, layout, tuple(move_table(system.instances)), checks, tuple(sym), tuple(notes), init)


def initial_state(system: System, layout: Layout) -> int:
    """Every instance in its initial leaf, variables at their initial values, clocks and monitors at 0."""
    vals: list[int] = []
    diags: list[Diagnostic] = []
    for f in layout.fields:
        if f.kind == "leaf":
            inst = system.instances[f.gid]
            vals.append(inst.machine.leaves.index(inst.machine.initial))
        elif f.kind == "var":
            inst = system.instances[f.gid]
            vdef = next(v for v in inst.machine.vars if v.name == f.key)
            try:
                v = evaluate(vdef.init, SystemContext(system.values, system.groups, inst))
            except EvalError as e:
                diags.append(Diagnostic("bad-initial-value", f"initial value of {f.name}: {e}", vdef.span))
                vals.append(f.lo)
                continue
            code = to_code(v, vdef.type)
            lo, hi = value_range(vdef.type)
            if not lo <= code <= hi:
                diags.append(Diagnostic("bad-initial-value", say("checker.out-of-range", var=f.name, value=v, lo=lo,
                                                                 hi=hi), vdef.span))
                code = lo
            vals.append(code)
        else:
            vals.append(0)
    if diags:
        raise LfsmError(diags)
    return pack(vals, layout)
