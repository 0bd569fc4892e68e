"""The IR: a resolved, frozen model of a spec that the checker and back ends read.

Lowering (lower.py) guarantees, for a spec that passed check.py:

* every name is resolved: constants are folded into literals, `let` definitions
  are inlined, enum members are plain strings, states are leaf names;
* compound states are flattened: a transition from a compound state lists every
  leaf under it in ``sources``; a transition into a compound state targets the
  leaf reached by following initial children; a leaf's ``invariants`` and
  ``urgent`` include those of its ancestors;
* declaration order is kept (tuples), never sets, so every consumer is
  deterministic.

Spec parameters (``ParamRef``) and machine parameters (``MParamRef``) stay
symbolic: they are bound per check or compile run (see ``bind_params``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from .source import NO_SPAN, Span

Value = int | bool | str  # str: an enum member


class _Named(Protocol):
    @property
    def name(self) -> str: ...


_N = TypeVar("_N", bound=_Named)
_K = TypeVar("_K")
_V = TypeVar("_V")


def by_name(items: Iterable[_N], name: str) -> _N:
    """The declaration called ``name`` among ``items`` (KeyError if none): every lookup by name in the IR."""
    for x in items:
        if x.name == name:
            return x
    raise KeyError(name)


def lookup(pairs: Iterable[tuple[_K, _V]], key: _K) -> _V:
    """The value paired with ``key`` in a tuple of (key, value) pairs (KeyError if none).

    Frozen IR and layouts keep small tables as such tuples (hashable, in declaration order)."""
    for k, v in pairs:
        if k == key:
            return v
    raise KeyError(key)


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)  # type: ignore[no-any-return]


# ---- types ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoolT:
    def __str__(self) -> str:
        return "bool"


@dataclass(frozen=True, slots=True)
class IntT:
    """An integer; ``lo``/``hi`` are the declared range, or None for an intermediate value."""

    lo: int | None = None
    hi: int | None = None

    def __str__(self) -> str:
        return "int" if self.lo is None or self.hi is None else f"{self.lo}..{self.hi}"


@dataclass(frozen=True, slots=True)
class EnumT:
    name: str
    members: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class ClockT:
    def __str__(self) -> str:
        return "clock"


Type = BoolT | IntT | EnumT | ClockT


# ---- instance references and expressions ---------------------------------------


@dataclass(frozen=True, slots=True)
class SelfInst:
    """The instance whose transition, invariant or property is being evaluated."""


@dataclass(frozen=True, slots=True)
class NamedInst:
    """A single (non-array) instance of the system, by name."""

    name: str


@dataclass(frozen=True, slots=True)
class ElemInst:
    """An element of an instance array; evaluating it out of bounds is a model error."""

    array: str
    index: Expr


@dataclass(frozen=True, slots=True)
class BoundInst:
    """The instance bound by an enclosing quantifier or property binder."""

    var: str


Inst = SelfInst | NamedInst | ElemInst | BoundInst


@dataclass(frozen=True, slots=True)
class Lit:
    value: Value
    type: Type


@dataclass(frozen=True, slots=True)
class ParamRef:
    name: str
    type: Type


@dataclass(frozen=True, slots=True)
class MParamRef:
    """A machine parameter of ``inst`` (a per-instance constant)."""

    inst: Inst
    name: str
    type: Type


@dataclass(frozen=True, slots=True)
class VarRef:
    inst: Inst
    name: str
    type: Type  # ClockT for clocks


@dataclass(frozen=True, slots=True)
class IndexOf:
    """``x.index``: the position of an instance in its array (0 for a single instance)."""

    inst: Inst


@dataclass(frozen=True, slots=True)
class InStateE:
    inst: Inst
    machine: str
    states: tuple[str, ...]  # leaf names


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Expr


@dataclass(frozen=True, slots=True)
class Bin:
    """Binary operator: + - * / % (integer, / and % truncate toward zero like C and Promela),
    == != < <= > >=, and or implies (short-circuit)."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Cond:
    cond: Expr
    then: Expr
    orelse: Expr


@dataclass(frozen=True, slots=True)
class QuantE:
    kind: str  # all | any | count
    var: str
    array: str  # an instance array, or a single instance (domain of one)
    body: Expr


Expr = Lit | ParamRef | MParamRef | VarRef | IndexOf | InStateE | Not | Neg | Bin | Cond | QuantE


# ---- machines ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EnumDef:
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParamDef:
    name: str
    type: Type
    default: Value
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ConstraintDef:
    """``require [name:] expr``: a binding of the parameters for which ``expr`` (over parameters
    and literals only) is false is not a valid configuration (see constraints.py)."""

    name: str | None
    expr: Expr
    text: str  # as written, for messages
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class MParamDef:
    name: str
    type: Type
    default: Expr | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class VarDef:
    name: str
    type: Type
    init: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class EventDef:
    """kind: input (environment, not fair unless marked), internal (the machine's own move,
    weakly fair unless marked unfair), receive (only fired by a ``send``), signal (output)."""

    name: str
    kind: str
    fair: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class StateDef:
    name: str
    parent: str | None
    children: tuple[str, ...]
    initial: bool  # the initial child of its parent (or the machine's initial top state)
    final: bool
    urgent: bool  # effective: time may not pass here (own or inherited)
    invariants: tuple[Expr, ...]  # effective: own and ancestors', checked before a tick
    depth: int
    span: Span = _span()
    # the state's own invariants as written (definitions by name), for diagrams; may be empty
    invariant_texts: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def leaf(self) -> bool:
        return not self.children


@dataclass(frozen=True, slots=True)
class Assign:
    var: str
    value: Expr
    span: Span = _span()
    value_text: str = field(default="", compare=False, repr=False)  # as written, for diagrams


@dataclass(frozen=True, slots=True)
class ResetClock:
    clock: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class EmitSignal:
    signal: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class SendEvent:
    """Synchronous broadcast: in the same atomic step, every addressed instance that has an
    enabled transition on ``event`` takes it; addressed instances with none ignore it."""

    event: str
    kind: str  # one | index | all | self
    instance: str | None  # the instance or array name (None for self)
    index: Expr | None
    span: Span = _span()


Effect = Assign | ResetClock | EmitSignal | SendEvent


@dataclass(frozen=True, slots=True)
class TransitionDef:
    id: int  # position in the machine's transition list
    sources: tuple[str, ...]  # leaf states
    target: str  # leaf state
    event: str
    guard: Expr | None
    effects: tuple[Effect, ...]
    declared_sources: tuple[str, ...]  # as written (may be compound), for diagrams
    declared_target: str
    span: Span = _span()
    guard_text: str = field(default="", compare=False, repr=False)  # as written, for diagrams


# ---- properties ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvRef:
    inst: Inst
    machine: str
    event: str  # an event or a signal of that machine


@dataclass(frozen=True, slots=True)
class Binder:
    var: str
    array: str
    machine: str


@dataclass(frozen=True, slots=True)
class InvariantP:
    expr: Expr


@dataclass(frozen=True, slots=True)
class DeadlockP:
    pass


@dataclass(frozen=True, slots=True)
class ReachableP:
    """Some reachable state satisfies ``expr``; the shortest path to one is the witness.
    Violated (with no trace) when the full search finds none."""

    expr: Expr


@dataclass(frozen=True, slots=True)
class StableP:
    """Once ``expr`` holds it keeps holding: for every step s -> s', expr(s) implies expr(s')."""

    expr: Expr


MAX_INSTANCES = 10_000  # instances of one system at most: checked where arrays are expanded, before any is built
PRECEDES_CAP = 3  # unconsumed 'first' events a precedes-monitor counts before it gives up (see semantics.md)


@dataclass(frozen=True, slots=True)
class OrderP:
    """Safety over the event trace (per binder element if a binder is given):

    * only_after: every ``first`` occurs after some ``second`` (since the last ``reset``);
    * never_after: no ``first`` occurs after a ``second`` (since the last ``reset``);
    * precedes: every ``second`` is preceded by a ``first`` that no earlier ``second``
      consumed (since the last ``reset``).
    """

    kind: str
    binder: Binder | None
    first: tuple[EvRef, ...]
    second: tuple[EvRef, ...]
    reset: tuple[EvRef, ...]


@dataclass(frozen=True, slots=True)
class OnlyWhenP:
    """Every occurrence of one of ``events`` happens in a state (before the step) where ``cond`` holds."""

    binder: Binder | None
    events: tuple[EvRef, ...]
    cond: Expr


@dataclass(frozen=True, slots=True)
class LeadsToP:
    """``lhs ~> rhs`` (``lhs`` None: eventually ``rhs`` from the initial state)."""

    fair: bool
    lhs: Expr | None
    rhs: Expr


PropKind = InvariantP | DeadlockP | ReachableP | StableP | OrderP | OnlyWhenP | LeadsToP


@dataclass(frozen=True, slots=True)
class PropertyDef:
    name: str
    cites: tuple[str, ...]
    expect_holds: bool
    owner: str  # machine name (checked for each of its instances, with SelfInst bound) or system name
    owner_is_machine: bool
    body: PropKind
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class LetDef:
    name: str
    type: Type
    value: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class MachineDef:
    name: str
    params: tuple[MParamDef, ...]
    vars: tuple[VarDef, ...]
    clocks: tuple[str, ...]
    events: tuple[EventDef, ...]
    states: tuple[StateDef, ...]  # pre-order: parents before children, declaration order
    initial: str  # initial leaf
    transitions: tuple[TransitionDef, ...]
    lets: tuple[LetDef, ...]
    properties: tuple[PropertyDef, ...]
    span: Span = _span()

    def state(self, name: str) -> StateDef:
        return by_name(self.states, name)

    @property
    def leaves(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states if s.leaf)

    def event(self, name: str) -> EventDef:
        return by_name(self.events, name)


@dataclass(frozen=True, slots=True)
class InstanceDef:
    name: str
    machine: str
    size: Expr | None  # None: a single instance; else an array of that many
    args: tuple[tuple[str, Expr], ...]  # machine parameter bindings (defaults filled in)
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class SystemDef:
    name: str
    instances: tuple[InstanceDef, ...]
    lets: tuple[LetDef, ...]
    properties: tuple[PropertyDef, ...]
    implicit: bool  # synthesised for a spec without a system: one instance of one machine
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Model:
    file: str
    params: tuple[ParamDef, ...]
    enums: tuple[EnumDef, ...]
    machines: tuple[MachineDef, ...]
    systems: tuple[SystemDef, ...]
    sources: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)  # (file, text)
    constraints: tuple[ConstraintDef, ...] = ()

    def machine(self, name: str) -> MachineDef:
        return by_name(self.machines, name)

    def system(self, name: str) -> SystemDef:
        return by_name(self.systems, name)

    def param(self, name: str) -> ParamDef:
        return by_name(self.params, name)
