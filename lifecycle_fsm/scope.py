"""Scopes and the types of expressions: what a name may mean where, as the checks see it.

An expression is read in a scope: the machine whose code it is (its variables,
clocks, parameters and definitions, and ``self``), the system it is composed
into (instances and definitions), the binders in force (quantifier and property
variables, each an instance), and the instance ``self`` stands for (a
definition inlined on ``kubelet`` reads ``kubelet``'s variables).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import model as ir
from .symbols import ArrayType, InstType, MachineInfo, ResolvedKey, SystemInfo, resolved_key

Ty = ir.Type | InstType | ArrayType
Elab = tuple[ir.Expr, ir.Type] | None
Typed = tuple[object, Ty] | None  # IR (None for an instance) and type; None: has an error


@dataclass
class Scope:
    machine: MachineInfo | None = None
    system: SystemInfo | None = None
    bound: dict[str, InstType] = field(default_factory=dict)
    self_inst: ir.Inst = field(default_factory=ir.SelfInst)
    lets_in_progress: tuple[str, ...] = ()

    def bind(self, var: str, t: InstType) -> Scope:
        b = dict(self.bound)
        b[var] = t
        return Scope(self.machine, self.system, b, self.self_inst, self.lets_in_progress)

    def key(self, node: object) -> ResolvedKey:
        """Where the IR of ``node`` read in this scope is filed (see ``resolved_key``)."""
        return resolved_key(node, self.machine.name if self.machine else None,
                            self.system.name if self.system else None, self.self_inst)


def describe(t: Ty) -> str:
    """A type as a user reads it in a message."""
    if isinstance(t, InstType):
        return f"an instance of machine '{t.machine}'"
    if isinstance(t, ArrayType):
        return f"instance array '{t.array}'"
    return str(t)


def compatible(want: Ty, got: Ty) -> bool:
    if isinstance(want, (ir.IntT, ir.ClockT)):
        return isinstance(got, (ir.IntT, ir.ClockT))
    return want == got
