"""The elements of an instantiated system: every instance, and the declarations they come from."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as ir


@dataclass(frozen=True, slots=True)
class Element:
    """One instance of the system: a single instance, or one element of an array.

    ``gid`` numbers the elements of the system in declaration order (arrays in index order);
    ``index`` is the position in its array (0 for a single instance)."""

    gid: int
    name: str  # 'kubelet', 'app[1]'
    decl: str  # the declared instance or array name
    index: int
    is_array: bool
    machine: ir.MachineDef
    args: tuple[tuple[str, ir.Value], ...]  # machine arguments, in the machine's parameter order

    def arg(self, name: str) -> ir.Value:
        return ir.lookup(self.args, name)


@dataclass(frozen=True, slots=True)
class Declaration:
    """One instance declaration at this binding: a single instance, or an array (of 0 elements or more)."""

    name: str
    machine: ir.MachineDef
    is_array: bool
    args: tuple[tuple[str, ir.Value], ...]  # the same for every element (arguments are constants)
    elements: tuple[Element, ...]
    definition: ir.InstanceDef

    @property
    def size(self) -> int:
        return len(self.elements)


__all__ = ["Declaration", "Element"]
