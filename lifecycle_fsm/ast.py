"""The abstract syntax tree of .lfsm: frozen dataclasses that mirror the grammar.

Every node carries a Span that equality ignores, so tests can compare whole trees
built by hand with trees read from text. The AST holds names as written; check.py
resolves them and lower.py turns a clean AST into the IR of model.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .source import NO_SPAN, Span


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    span: Span = _span()


# ---- expressions ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IntLit:
    value: int
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class BoolLit:
    value: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class NameRef:
    name: Name
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class SelfRef:
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Field:
    obj: Expr
    name: Name
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Index:
    obj: Expr
    index: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-" or "not"
    operand: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # + - * / % == != < <= > >= and or implies
    left: Expr
    right: Expr
    op_span: Span = _span()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class InState:
    subject: Expr
    states: tuple[Name, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class IfExpr:
    cond: Expr
    then: Expr
    orelse: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Quant:
    kind: str  # all | any | count
    var: Name
    domain: Name
    body: Expr
    span: Span = _span()


Expr = IntLit | BoolLit | NameRef | SelfRef | Field | Index | Unary | Binary | InState | IfExpr | Quant


# ---- types ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoolType:
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class RangeType:
    lo: Expr
    hi: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class EnumType:
    members: tuple[Name, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class NamedType:
    name: Name
    span: Span = _span()


TypeExpr = BoolType | RangeType | EnumType | NamedType


# ---- top level --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Import:
    path: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Param:
    name: Name
    type: TypeExpr
    default: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Const:
    name: Name
    value: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TypeDecl:
    name: Name
    body: EnumType
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Require:
    """``require [NAME:] EXPR``: parameter values for which EXPR is false are not a valid configuration.

    ``sweep_only``: given by ``check --sweep --require EXPR`` (loader.load_spec's ``requires``), it
    restricts the configurations a sweep checks, not the spec: the defaults need not satisfy it."""

    name: Name | None
    expr: Expr
    span: Span = _span()
    sweep_only: bool = False


# ---- machines ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MachineParam:
    name: Name
    type: TypeExpr
    default: Expr | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Var:
    name: Name
    type: TypeExpr
    init: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Clock:
    name: Name
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class EventDecl:
    name: Name
    kind: str  # input | internal | receive | signal
    fairness: str | None  # "fair" | "unfair" | None (the kind's default)
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class State:
    name: Name
    modifiers: tuple[Name, ...]  # initial, final, urgent
    children: tuple[State, ...]
    invariants: tuple[Expr, ...]
    span: Span = _span()

    def has(self, modifier: str) -> bool:
        return any(m.text == modifier for m in self.modifiers)


@dataclass(frozen=True, slots=True)
class Assign:
    target: Name
    value: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Reset:
    clock: Name
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Emit:
    signal: Name
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class SendTarget:
    kind: str  # one | index | all | self
    name: Name | None
    index: Expr | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Send:
    event: Name
    target: SendTarget
    span: Span = _span()


Effect = Assign | Reset | Emit | Send


@dataclass(frozen=True, slots=True)
class Transition:
    sources: tuple[Name, ...]
    target: Name
    event: Name
    guard: Expr | None
    effects: tuple[Effect, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Let:
    name: Name
    value: Expr
    span: Span = _span()


# ---- properties -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventRef:
    instance: Expr | None  # None: the machine's own event (self)
    event: Name
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Binder:
    var: Name
    domain: Name
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class InvariantProp:
    expr: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class DeadlockProp:
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ReachableProp:
    """Some reachable state satisfies ``expr`` (a witness is reported)."""

    expr: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class StableProp:
    """Once ``expr`` holds, it holds in every later state."""

    expr: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class OrderProp:
    kind: str  # only_after | never_after | precedes
    binder: Binder | None
    first: tuple[EventRef, ...]
    second: tuple[EventRef, ...]
    reset: tuple[EventRef, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class OnlyWhenProp:
    binder: Binder | None
    events: tuple[EventRef, ...]
    cond: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class LeadsToProp:
    fairness: str | None  # fair | unfair | None (fair)
    lhs: Expr | None  # None: "eventually", i.e. from the initial state
    rhs: Expr
    span: Span = _span()


PropBody = InvariantProp | DeadlockProp | ReachableProp | StableProp | OrderProp | OnlyWhenProp | LeadsToProp


@dataclass(frozen=True, slots=True)
class Property:
    name: Name
    citations: tuple[Name, ...]
    expect: str | None  # holds | violated | None (holds)
    body: PropBody
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Machine:
    name: Name
    params: tuple[MachineParam, ...]
    vars: tuple[Var, ...]
    clocks: tuple[Clock, ...]
    events: tuple[EventDecl, ...]
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    lets: tuple[Let, ...]
    properties: tuple[Property, ...]
    span: Span = _span()


# ---- systems ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Arg:
    name: Name
    value: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Instance:
    name: Name
    size: Expr | None  # None: a single instance, else an array
    machine: Name
    args: tuple[Arg, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class System:
    name: Name
    instances: tuple[Instance, ...]
    lets: tuple[Let, ...]
    properties: tuple[Property, ...]
    span: Span = _span()


Item = Import | Param | Const | TypeDecl | Require | Machine | System


@dataclass(frozen=True, slots=True)
class Spec:
    """One parsed file; imports are resolved by loader.py."""

    file: str
    items: tuple[Item, ...]
    span: Span = _span()
