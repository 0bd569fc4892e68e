"""IR expressions compiled to Python source text for generated modules.

The translation keeps the IR's semantics exactly: ``and``/``or``/``implies``
short-circuit like Python's, ``/`` and ``%`` truncate toward zero through the
support helpers (which also raise ModelError on a zero divisor), array indexing
is bounds-checked (Python's negative indices must not leak in), comparisons are
parenthesised so Python never chains them. Parameters are inlined as literals
(a generated module is one configuration) and sub-expressions that depend only
on parameters are folded. Spec names reach the text only through ``ident`` and
values only through ``py_value``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .. import model as ir
from ..evaluate import StaticContext, static_value
from .writer import ident, py_str, py_value

COND, OR, AND, NOT, CMP, ADD, MUL, UNARY, ATOM = 1, 2, 3, 4, 5, 10, 11, 12, 16
_BIN_PREC = {"or": OR, "and": AND, "+": ADD, "-": ADD, "*": MUL}
_CMP = ("==", "!=", "<", "<=", ">", ">=")


@dataclass(frozen=True)
class PyCtx:
    """Where an expression is evaluated: in a machine method (``self`` is the instance) or a system one."""

    params: Mapping[str, ir.Value]
    sizes: Mapping[str, int | None]  # instance declarations: None for a single instance
    in_machine: bool
    bound: Mapping[str, str] = field(default_factory=dict)  # binder var -> local name

    @property
    def sys(self) -> str:
        return "self._sys" if self.in_machine else "self"

    def known(self, e: ir.Expr) -> ir.Value | None:
        """The value of ``e`` when it depends only on parameters (it is then written as a literal)."""
        return static_value(e, StaticContext(self.params))

    def bind(self, var: str) -> tuple[PyCtx, str]:
        local = "b_" + ident(var)
        inner = dict(self.bound)
        inner[var] = local
        return PyCtx(self.params, self.sizes, self.in_machine, inner), local


def inst_code(inst: ir.Inst, ctx: PyCtx) -> str:
    if isinstance(inst, ir.SelfInst):
        return "self"
    if isinstance(inst, ir.NamedInst):
        return f"{ctx.sys}.{ident(inst.name)}"
    if isinstance(inst, ir.ElemInst):
        return f"_lf_elem({ctx.sys}.{ident(inst.array)}, {expr_code(inst.index, ctx)}, {py_str(inst.array)})"
    return ctx.bound[inst.var]


def domain_code(array: str, ctx: PyCtx) -> str:
    """The instances a quantifier ranges over (a single instance is a domain of one)."""
    code = f"{ctx.sys}.{ident(array)}"
    return code if ctx.sizes.get(array) is not None else f"({code},)"


def expr_code(e: ir.Expr, ctx: PyCtx) -> str:
    return _code(e, ctx)[0]


def _wrap(e: ir.Expr, ctx: PyCtx, need: int) -> str:
    text, prec = _code(e, ctx)
    return text if prec >= need else f"({text})"


def _literal(v: ir.Value) -> tuple[str, int]:
    text = py_value(v)
    return text, (UNARY if text.startswith("-") else ATOM)


def _folded(e: ir.Expr, ctx: PyCtx) -> ir.Value | None:
    if isinstance(e, ir.Lit):
        return e.value
    if isinstance(e, (ir.VarRef, ir.MParamRef, ir.IndexOf, ir.InStateE, ir.QuantE)):
        return None
    return ctx.known(e)


def _code(e: ir.Expr, ctx: PyCtx) -> tuple[str, int]:
    v = _folded(e, ctx)
    if v is not None:
        return _literal(v)
    if isinstance(e, ir.ParamRef):
        return _literal(ctx.params[e.name])
    if isinstance(e, (ir.VarRef, ir.MParamRef)):
        return f"{inst_code(e.inst, ctx)}.{ident(e.name)}", ATOM
    if isinstance(e, ir.IndexOf):
        return f"{inst_code(e.inst, ctx)}.index", ATOM
    if isinstance(e, ir.InStateE):
        subject = f"{inst_code(e.inst, ctx)}.state"
        if len(e.states) == 1:
            return f"{subject} == {py_str(e.states[0])}", CMP
        return f"{subject} in ({', '.join(py_str(s) for s in e.states)})", CMP
    if isinstance(e, ir.Not):
        return "not " + _wrap(e.operand, ctx, NOT), NOT
    if isinstance(e, ir.Neg):
        return "-" + _wrap(e.operand, ctx, UNARY), UNARY
    if isinstance(e, ir.Cond):
        c = _folded(e.cond, ctx)
        if c is not None:
            return _code(e.then if c else e.orelse, ctx)
        return (f"{_wrap(e.then, ctx, OR)} if {_wrap(e.cond, ctx, OR)} else {_wrap(e.orelse, ctx, COND)}", COND)
    if isinstance(e, ir.QuantE):
        inner, local = ctx.bind(e.var)
        dom = domain_code(e.array, ctx)
        if e.kind == "count":
            return f"sum(1 for {local} in {dom} if {_wrap(e.body, inner, OR)})", ATOM
        return f"{e.kind}({_wrap(e.body, inner, COND)} for {local} in {dom})", ATOM
    assert isinstance(e, ir.Bin)
    return _binary(e, ctx)


def _binary(e: ir.Bin, ctx: PyCtx) -> tuple[str, int]:
    op = e.op
    if op in ("and", "or", "implies"):
        left = _folded(e.left, ctx)
        if left is not None:  # short-circuit on a constant left operand, as evaluation would
            decided = {"and": not left, "or": bool(left), "implies": not left}[op]
            if decided:
                return _literal(op != "and")
            return _code(e.right, ctx)
        if op == "implies":
            return f"not {_wrap(e.left, ctx, NOT)} or {_wrap(e.right, ctx, OR)}", OR
        p = _BIN_PREC[op]
        return f"{_wrap(e.left, ctx, p)} {op} {_wrap(e.right, ctx, p)}", p
    if op in _CMP:
        return f"{_wrap(e.left, ctx, CMP + 1)} {op} {_wrap(e.right, ctx, CMP + 1)}", CMP
    if op in ("/", "%"):
        fn = "_lf_div" if op == "/" else "_lf_mod"
        return f"{fn}({expr_code(e.left, ctx)}, {expr_code(e.right, ctx)})", ATOM
    p = _BIN_PREC[op]
    return f"{_wrap(e.left, ctx, p)} {op} {_wrap(e.right, ctx, p + 1)}", p
