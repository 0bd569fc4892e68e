"""The direct interpreter of IR expressions, and the one static evaluation context.

The model checker compiles expressions to Python for speed; this interpreter is the
reference it is tested against. It needs a ``Context`` that answers the questions an
expression can ask of the world: a parameter's value, an instance's variable, machine
parameter, state and index, and the members of an instance array.

``StaticContext`` answers only what is fixed before any run: parameters (when bound) and
the machine arguments and index of ``self`` (when known); everything else raises
``NotStatic``. It is the one context every stage folds constants with (the front end at the
defaults, instantiation at one binding, the back ends inside one instance); the
instantiation layer extends it to the other instances of a system
(``lifecycle_fsm.instantiate.context``). ``apply_binary`` and ``decides`` are the one
definition of the operators that every constant folder applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from . import model as ir


class EvalError(Exception):
    """A model error at run time: division by zero, an index out of bounds."""


class NotStatic(EvalError):
    """The value is not known before a run (a variable, a state, another instance's data)."""


class Context(Protocol):
    def param(self, name: str) -> ir.Value: ...
    def resolve(self, inst: ir.Inst, bound: dict[str, object]) -> object: ...
    def var(self, inst: object, name: str) -> ir.Value: ...
    def mparam(self, inst: object, name: str) -> ir.Value: ...
    def state(self, inst: object) -> str: ...
    def index(self, inst: object) -> int: ...
    def members(self, array: str) -> list[object]: ...


class ParamsOnly:
    """A context in which only parameters have values (``values``): constant expressions, constraints.

    Anything else an expression asks (a variable, a state, an instance) is not a
    constant, and neither is a parameter without a value: EvalError.
    """

    def __init__(self, values: Mapping[str, ir.Value]) -> None:
        self.values = values

    def param(self, name: str) -> ir.Value:
        if name not in self.values:
            raise EvalError(f"parameter '{name}' has no valid default")
        return self.values[name]

    def resolve(self, inst: ir.Inst, bound: dict[str, object]) -> object:
        raise EvalError("not a constant")

    def var(self, inst: object, name: str) -> ir.Value:
        raise EvalError("not a constant")

    mparam = var

    def state(self, inst: object) -> str:
        raise EvalError("not a constant")

    def index(self, inst: object) -> int:
        raise EvalError("not a constant")

    def members(self, array: str) -> list[object]:
        raise EvalError("not a constant")


def evaluate(e: ir.Expr, ctx: Context, bound: dict[str, object] | None = None) -> ir.Value:
    b = bound if bound is not None else {}
    # the kinds in the order of how often they are met (binary operators, then variables and literals)
    if isinstance(e, ir.Bin):
        op = e.op
        if op in LOGIC:
            left = decides(op, evaluate(e.left, ctx, b))
            return left if left is not None else bool(evaluate(e.right, ctx, b))
        lv = evaluate(e.left, ctx, b)
        rv = evaluate(e.right, ctx, b)
        return apply_binary(op, lv, rv)
    if isinstance(e, ir.VarRef):
        return ctx.var(ctx.resolve(e.inst, b), e.name)
    if isinstance(e, ir.Lit):
        return e.value
    if isinstance(e, ir.InStateE):
        return ctx.state(ctx.resolve(e.inst, b)) in e.states
    if isinstance(e, ir.Not):
        return not evaluate(e.operand, ctx, b)
    if isinstance(e, ir.ParamRef):
        return ctx.param(e.name)
    if isinstance(e, ir.MParamRef):
        return ctx.mparam(ctx.resolve(e.inst, b), e.name)
    if isinstance(e, ir.IndexOf):
        return ctx.index(ctx.resolve(e.inst, b))
    if isinstance(e, ir.Neg):
        return -_int(evaluate(e.operand, ctx, b))
    if isinstance(e, ir.Cond):
        return evaluate(e.then if evaluate(e.cond, ctx, b) else e.orelse, ctx, b)
    assert isinstance(e, ir.QuantE)
    results = []
    for m in ctx.members(e.array):
        inner = dict(b)
        inner[e.var] = m
        v = evaluate(e.body, ctx, inner)
        if e.kind == "all" and not v:
            return False
        if e.kind == "any" and v:
            return True
        results.append(bool(v))
    if e.kind == "count":
        return sum(results)
    return e.kind == "all"


LOGIC = ("and", "or", "implies")  # short-circuit, left to right


def decides(op: str, left: ir.Value) -> bool | None:
    """The value of ``left op right`` (``op`` in LOGIC) when ``left`` alone decides it; None when
    the value is that of ``right`` (as a bool), which is then evaluated."""
    if op == "and":
        return False if not left else None
    if op == "or":
        return True if left else None
    assert op == "implies", op
    return True if not left else None


def _int(v: ir.Value) -> int:
    assert isinstance(v, int)
    return int(v)


def apply_binary(op: str, lv: ir.Value, rv: ir.Value) -> ir.Value:
    if op == "==":
        return lv == rv
    if op == "!=":
        return lv != rv
    a, c = _int(lv), _int(rv)
    if op == "+":
        return a + c
    if op == "-":
        return a - c
    if op == "*":
        return a * c
    if op in ("/", "%"):
        if c == 0:
            raise EvalError("division by zero")
        q = abs(a) // abs(c) * (1 if (a >= 0) == (c >= 0) else -1)  # truncation, as in C and Promela
        return q if op == "/" else a - q * c
    if op == "<":
        return a < c
    if op == "<=":
        return a <= c
    if op == ">":
        return a > c
    if op == ">=":
        return a >= c
    raise AssertionError(op)


class StaticContext:
    """What is known before a run: ``params`` (None: not bound) and, when ``me`` is given, the machine
    arguments of ``self`` (``me.arg``) and its position (``me.index``; None: not known, as for what
    all elements of an array share). Variables, states and other instances raise ``NotStatic``."""

    def __init__(self, params: Mapping[str, ir.Value] | None = None, me: Self | None = None) -> None:
        self.params = params
        self.me = me

    def param(self, name: str) -> ir.Value:
        if self.params is None or name not in self.params:
            raise NotStatic(f"parameter '{name}' not bound")
        return self.params[name]

    def resolve(self, inst: ir.Inst, bound: dict[str, object]) -> object:
        if isinstance(inst, ir.SelfInst) and self.me is not None:
            return self.me
        raise NotStatic("not static")

    def var(self, inst: object, name: str) -> ir.Value:
        raise NotStatic("not a static expression")

    def state(self, inst: object) -> str:
        raise NotStatic("not a static expression")

    def mparam(self, inst: object, name: str) -> ir.Value:
        if self.me is None or inst is not self.me:
            raise NotStatic("not static")
        return self.me.arg(name)

    def index(self, inst: object) -> int:
        index = getattr(inst, "index", None)
        if inst is not self.me or index is None:
            raise NotStatic("an index is not static")
        return int(index)

    def members(self, array: str) -> list[object]:
        raise NotStatic("not static")


class Self(Protocol):
    """What static evaluation may know of ``self``: its machine arguments, perhaps its index."""

    @property
    def index(self) -> int | None: ...

    def arg(self, name: str) -> ir.Value: ...


def static_value(e: ir.Expr, ctx: Context) -> ir.Value | None:
    """The value of ``e`` in ``ctx``; None when it is not static or its evaluation fails (x / 0)."""
    try:
        return evaluate(e, ctx)
    except (EvalError, KeyError):
        return None
