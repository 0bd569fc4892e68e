"""Instantiation: one system of a spec at one binding of its parameters, as every consumer reads it.

``instantiate(model, params, system)`` is the only place that

* picks the system (default: the first; an unknown name is ``LfsmError [unknown-system]``);
* binds the parameters (defaults, the values given, typed and range-checked, the spec's
  ``require`` constraints: ``lifecycle_fsm.params``);
* expands instance declarations into elements and evaluates machine arguments (``expand``);
* bounds every clock (``clocks``);
* makes the properties concrete per instance, with their events resolved (``properties``).

The result, a frozen ``System``, is cached per (model, values, system): the checker, the back
ends, the runtime and the diagrams of one run share it.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..intervals import Elements
from ..messages import say
from ..params import bind_params
from .clocks import ClockFact, ClockFacts, ClockUse, clock_facts
from .context import SystemContext
from .elements import Declaration, Element
from .expand import expand
from .properties import Case, Occ, PropertyInstance, property_instances
from .ranges import held_ranges
from .system import System

_CACHE: dict[tuple[int, tuple[tuple[str, object], ...], str], tuple[ir.Model, System]] = {}
_CACHE_SIZE = 32


def pick_system(model: ir.Model, name: str | None) -> ir.SystemDef:
    """The system named ``name`` (None: the spec's first)."""
    if name is None:
        if model.systems:
            return model.systems[0]
        raise LfsmError([Diagnostic("unknown-system", say("instantiate.no-system"), None)])
    for s in model.systems:
        if s.name == name:
            return s
    raise LfsmError([Diagnostic("unknown-system", say("instantiate.unknown-system", name=name,
                                                      known=", ".join(s.name for s in model.systems) or "none"), None)])


def systems_named(model: ir.Model, name: str | None) -> list[str]:
    """The systems a run covers: the one named (``pick_system`` checks it), or every system of the spec."""
    return [pick_system(model, name).name] if name is not None else [s.name for s in model.systems]


def instantiate(model: ir.Model, params: Mapping[str, ir.Value] | None = None,
                system: str | None = None) -> System:
    """``system`` of ``model`` (default: the first) at ``params`` (the others at their defaults)."""
    sysdef = pick_system(model, system)
    values = bind_params(model, dict(params or {}))
    key = (id(model), tuple((k, (type(v).__name__, v)) for k, v in values.items()), sysdef.name)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is model:
        return hit[1]
    decls = expand(model, sysdef, values)
    groups = {d.name: d.elements for d in decls}
    elements = [e for d in decls for e in d.elements]
    used: list[ir.MachineDef] = []
    for d in decls:
        if d.machine not in used:
            used.append(d.machine)
    within = Elements(((e.decl, e.machine.name, e.args) for e in elements), ((d.name, d.machine.name) for d in decls))
    held_ranges(tuple(used), within, values)  # clocks compared with variables: by what they can hold
    clocks = clock_facts(tuple(used), sysdef, within, values)
    with_elements = tuple(m for m in model.machines if any(e.machine.name == m.name for e in elements))
    props = property_instances(with_elements, sysdef, values, groups)
    out = System(model, sysdef, tuple(values.items()), decls, clocks, props)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = (model, out)
    return out


__all__ = ["Case", "ClockFact", "ClockFacts", "ClockUse", "Declaration", "Element", "Occ", "PropertyInstance",
           "System", "SystemContext", "instantiate", "pick_system", "systems_named"]
