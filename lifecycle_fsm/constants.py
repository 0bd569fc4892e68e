"""Constants and types: folding constant expressions, resolving declared types.

Range bounds, parameter defaults and constants must be known before any
machine is checked, so they are folded here with parameters at their defaults;
a value outside its declared range is reported where it is written.
"""

from __future__ import annotations

from . import ast as A
from . import messages as M
from . import model as ir
from .checkbase import DefaultsContext, Scope, value_type
from .diagnostics import Note
from .elaborate import Elaborator
from .evaluate import EvalError, evaluate
from .limits import int_too_large
from .source import Span


class Constants(Elaborator):
    """Constant folding and type resolution, shared by declarations and machine checks."""

    def define_enum(self, name: str, body: A.EnumType) -> ir.EnumT:
        seen: dict[str, Span] = {}
        for mem in body.members:
            self.declare(seen, mem, "enum member")
            self.reserved(mem, on_model=False)
        t = ir.EnumT(name, tuple(seen))
        self.enums[name] = t
        for member in t.members:
            self.members.setdefault(member, []).append(t)
        return t

    def const_value(self, name: str) -> tuple[ir.Value | None, ir.Type | None]:
        node, value, t = self.consts[name]
        if t is not None or name in self.const_in_progress:
            if name in self.const_in_progress and t is None:
                self.error("recursive-definition", M.recursive_definition(name), node.name.span)
                self.consts[name] = (node, None, ir.IntT())
                return None, None
            return value, t
        self.const_in_progress.add(name)
        v = self.const_eval(node.value, allow_params=False)
        self.const_in_progress.discard(name)
        ty: ir.Type = ir.BoolT() if isinstance(v, bool) else ir.IntT() if isinstance(v, int) else \
            (self.members[v][0] if isinstance(v, str) and v in self.members else ir.IntT())
        self.consts[name] = (node, v, ty)
        return v, ty

    def const_eval(self, e: A.Expr, allow_params: bool) -> ir.Value | None:
        """Fold a constant expression (literals, constants, enum members; parameters' defaults
        if ``allow_params``); report `not-constant` on anything else."""
        res = self.elab(e, Scope())
        if res is None:
            return None
        expr, _ = res
        if not self.is_constant(expr, allow_params):
            self.error("not-constant", M.not_constant(), e.span)
            return None
        try:
            value = evaluate(expr, DefaultsContext(self))
        except EvalError as err:
            self.error("invalid-constant", M.invalid_constant(str(err)), e.span)
            return None
        if isinstance(value, int) and int_too_large(value):  # from parameters' defaults, not folded
            self.integer_too_large(value, e.span)
            return None
        return value

    def is_constant(self, e: ir.Expr, allow_params: bool) -> bool:
        if isinstance(e, ir.Lit):
            return True
        if isinstance(e, ir.ParamRef):
            return allow_params
        if isinstance(e, (ir.Not, ir.Neg)):
            return self.is_constant(e.operand, allow_params)
        if isinstance(e, ir.Bin):
            return self.is_constant(e.left, allow_params) and self.is_constant(e.right, allow_params)
        if isinstance(e, ir.Cond):
            return all(self.is_constant(x, allow_params) for x in (e.cond, e.then, e.orelse))
        return False

    def resolve_type(self, t: A.TypeExpr, anon_name: str) -> ir.Type | None:
        if isinstance(t, A.BoolType):
            return ir.BoolT()
        if isinstance(t, A.EnumType):
            return self.define_enum(anon_name, t)
        if isinstance(t, A.NamedType):
            if t.name.text in self.enums:
                return self.enums[t.name.text]
            if t.name.text.lower() in ("int", "integer", "nat", "number", "uint", "byte", "short"):
                self.error("undefined-type", M.undefined("type", t.name.text), t.name.span, Note(M.int_type_hint()))
            else:
                self.undefined("undefined-type", "type", t.name, list(self.enums) + ["bool"])
            return None
        lo = self.const_eval(t.lo, allow_params=False)
        hi = self.const_eval(t.hi, allow_params=False)
        if not isinstance(lo, int) or not isinstance(hi, int) or isinstance(lo, bool) or isinstance(hi, bool):
            if lo is not None and hi is not None:
                self.error("type-mismatch", M.range_bounds(), t.span)
            return None
        if lo > hi:
            self.error("empty-range", M.empty_range(lo, hi), t.span)
            return None
        return ir.IntT(lo, hi)

    def check_value(self, v: ir.Value, t: ir.Type, span: Span, what: str) -> bool:
        if isinstance(t, ir.BoolT) and not isinstance(v, bool):
            self.error("type-mismatch", M.mismatch(what, "bool", value_type(v)), span)
            return False
        if isinstance(t, ir.IntT):
            if isinstance(v, bool) or not isinstance(v, int):
                self.error("type-mismatch", M.mismatch(what, str(t), value_type(v)), span)
                return False
            if t.lo is not None and t.hi is not None and not t.lo <= v <= t.hi:
                self.error("value-out-of-range", M.out_of_range(what, v, t.lo, t.hi), span)
                return False
        if isinstance(t, ir.EnumT) and (not isinstance(v, str) or v not in t.members):
            self.error("type-mismatch", M.mismatch(what, str(t), value_type(v)), span)
            return False
        return True

