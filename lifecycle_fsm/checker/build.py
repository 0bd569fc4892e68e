"""Assemble everything the search needs for one system and one binding of the parameters."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..evaluate import EvalError, evaluate
from ..params import bind_params
from . import messages as CM
from .analysis import clock_caps, symmetric_arrays
from .plan import (
    Instance,
    Layout,
    Move,
    StaticContext,
    build_layout,
    group_instances,
    move_table,
    pack,
    to_code,
    value_range,
)
from .props import Checks, build_checks


@dataclass(frozen=True, slots=True)
class Plan:
    model: ir.Model
    system: ir.SystemDef
    params: dict[str, ir.Value]
    instances: tuple[Instance, ...]
    layout: Layout
    caps: dict[tuple[str, str], int]
    moves: tuple[Move, ...]
    checks: Checks
    symmetric: tuple[str, ...]  # arrays reduced by symmetry (empty when off)
    symmetry_notes: tuple[str, ...]
    init: int

    groups: dict[str, list[Instance]]  # declaration -> its instances (group_instances); empty arrays too

    def arrays(self) -> dict[str, list[Instance]]:
        return self.groups


def pick_system(model: ir.Model, name: str | None) -> ir.SystemDef:
    if name is None:
        return model.systems[0]
    for s in model.systems:
        if s.name == name:
            return s
    raise LfsmError([Diagnostic("unknown-system", CM.unknown_system(name, [s.name for s in model.systems]), None)])


def build_plan(model: ir.Model, params: dict[str, ir.Value] | None = None, *, system: str | None = None,
               symmetry: bool = True, monitors: bool = True, properties: list[str] | None = None) -> Plan:
    """Bind parameters, expand instances, resolve properties, lay out the packed state."""
    sysdef = pick_system(model, system)
    values = bind_params(model, params or {})
    instances = expand_instances_checked(model, sysdef, values)
    groups = group_instances(sysdef, instances)
    caps = clock_caps(model, sysdef, instances, values)
    checks = build_checks(model, sysdef, instances, groups, values, properties)
    sym, notes = symmetric_arrays(model, sysdef, groups, values) if symmetry else ([], [])
    layout = build_layout(instances, caps, checks.monitor_fields() if monitors else [])
    init = initial_state(instances, groups, layout, values)
    return Plan(model, sysdef, values, tuple(instances), layout, caps, tuple(move_table(instances)), checks,
                tuple(sym), tuple(notes), init, groups)


def expand_instances_checked(model: ir.Model, sysdef: ir.SystemDef, values: dict[str, ir.Value]) -> list[Instance]:
    from .plan import expand_instances

    try:
        return expand_instances(model, sysdef, values)
    except EvalError as e:
        raise LfsmError([Diagnostic("model-error", str(e), sysdef.span)]) from None


def initial_state(instances: list[Instance], by_decl: dict[str, list[Instance]], layout: Layout,
                  params: dict[str, ir.Value]) -> int:
    """Every instance in its initial leaf, variables at their initial values, clocks and monitors at 0."""
    vals: list[int] = []
    diags: list[Diagnostic] = []
    for f in layout.fields:
        if f.kind == "leaf":
            inst = instances[f.gid]
            vals.append(inst.machine.leaves.index(inst.machine.initial))
        elif f.kind == "var":
            inst = instances[f.gid]
            vdef = next(v for v in inst.machine.vars if v.name == f.key)
            try:
                v = evaluate(vdef.init, StaticContext(params, by_decl, inst))
            except EvalError as e:
                diags.append(Diagnostic("bad-initial-value", f"initial value of {f.name}: {e}", vdef.span))
                vals.append(f.lo)
                continue
            code = to_code(v, vdef.type)
            lo, hi = value_range(vdef.type)
            if not lo <= code <= hi:
                diags.append(Diagnostic("bad-initial-value", CM.out_of_range(f.name, v, lo, hi), vdef.span))
                code = lo
            vals.append(code)
        else:
            vals.append(0)
    if diags:
        raise LfsmError(diags)
    return pack(vals, layout)
