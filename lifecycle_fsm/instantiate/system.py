"""The instantiated system: one system of a spec at one binding of its parameters.

Everything a consumer needs that depends on the parameter values is here, computed once
(``lifecycle_fsm.instantiate.instantiate``): the bound parameters, every instance
declaration expanded into its elements (arrays in index order, empty arrays included),
their machine arguments evaluated, the facts about every clock, and the properties made
concrete per instance. The checker, the back ends, the runtime and the diagrams read it;
none of them expands, binds or bounds anything again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .. import model as ir
from .clocks import ClockFacts
from .elements import Declaration, Element
from .properties import PropertyInstance


@dataclass(frozen=True, slots=True, eq=False)
class System:
    """One system of ``model`` at the parameter values ``params`` (every parameter, declaration order)."""

    model: ir.Model
    definition: ir.SystemDef
    params: tuple[tuple[str, ir.Value], ...]
    declarations: tuple[Declaration, ...]
    clocks: ClockFacts
    properties: tuple[PropertyInstance, ...]  # the machines' properties per instance, then the system's
    instances: tuple[Element, ...] = field(init=False)
    groups: Mapping[str, tuple[Element, ...]] = field(init=False)  # declaration -> its elements (empty ones too)
    values: Mapping[str, ir.Value] = field(init=False)  # the parameters, as a mapping

    def __post_init__(self) -> None:
        object.__setattr__(self, "instances", tuple(e for d in self.declarations for e in d.elements))
        object.__setattr__(self, "groups", {d.name: d.elements for d in self.declarations})
        object.__setattr__(self, "values", dict(self.params))

    @property
    def name(self) -> str:
        return self.definition.name

    def param(self, name: str) -> ir.Value:
        return self.values[name]

    def declaration(self, name: str) -> Declaration:
        return ir.by_name(self.declarations, name)

    def array_size(self, decl: str) -> int | None:
        """The number of elements of array ``decl``; None for a single instance."""
        d = self.declaration(decl)
        return d.size if d.is_array else None

    def sizes(self) -> dict[str, int | None]:
        """``array_size`` of every declaration."""
        return {d.name: (d.size if d.is_array else None) for d in self.declarations}

    def machines(self) -> tuple[ir.MachineDef, ...]:
        """The machines this system instantiates, in the spec's declaration order."""
        used = {d.machine.name for d in self.declarations}
        return tuple(m for m in self.model.machines if m.name in used)

    def used_machines(self) -> tuple[ir.MachineDef, ...]:
        """The machines this system instantiates, in the order its declarations first use them."""
        out: list[ir.MachineDef] = []
        for d in self.declarations:
            if d.machine not in out:
                out.append(d.machine)
        return tuple(out)

    def property_defs(self) -> tuple[ir.PropertyDef, ...]:
        """Every property the system checks, once each: the machines' (in declaration order), then its own."""
        return tuple(p for m in self.machines() for p in m.properties) + self.definition.properties


__all__ = ["System"]
