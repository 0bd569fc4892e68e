"""Constants and types: folding constant expressions, resolving declared types.

Range bounds, parameter defaults and constants must be known before any
machine is checked, so they are folded here with parameters at their defaults
(evaluate.py's rules, in its parameters-only context); a value outside its
declared range is reported where it is written. Constants are folded on first
use, so one may be declared after the constant that reads it.
"""

from __future__ import annotations

from . import ast as A
from . import model as ir
from .diagnostics import Note
from .elaborate import Elaborator
from .evaluate import EvalError, ParamsOnly, evaluate
from .intervals import children
from .limits import int_too_large
from .messages import say
from .reporting import Reporter
from .scope import Scope
from .source import Span
from .symbols import SymbolTable

_NOTHING = ParamsOnly({})  # a constant asks nothing of the world
_INT_NAMES = ("int", "integer", "nat", "number", "uint", "byte", "short")  # a hint to write a range


class Constants:
    """Constant folding and type resolution, over the tables of one check run.

    Installs itself as the elaborator's source of constant values: a name that is
    a constant elaborates to the literal folded here.
    """

    def __init__(self, tables: SymbolTable, report: Reporter, exprs: Elaborator) -> None:
        self.t = tables
        self.report = report
        self.exprs = exprs
        self.in_progress: set[str] = set()
        exprs.constant = self.value

    # ---- the passes -------------------------------------------------------------------

    def fold_globals(self) -> None:
        """Named types, every constant, and each parameter's type and default, in declaration order."""
        for decl in self.t.types:
            self.define_enum(decl.name.text, decl.body)
        for name in list(self.t.consts):
            self.value(name)
        for p in self.t.params.values():
            p.type = self.resolve_type(p.ast.type, p.ast.name.text)
            default = self.const_eval(p.ast.default)
            if p.type is not None and default is not None \
                    and self.check_value(default, p.type, p.ast.default.span,
                                         say("param-default", name=p.ast.name.text)):
                p.default = default

    def type_members(self) -> None:
        """The types of every machine's parameters and variables (an anonymous enum is named Machine_member)."""
        for m in self.t.machines.values():
            for name, (p, _) in m.params.items():
                m.params[name] = (p, self.resolve_type(p.type, f"{m.name}_{name}"))
            for name, (v, _) in m.vars.items():
                m.vars[name] = (v, self.resolve_type(v.type, f"{m.name}_{name}"))

    # ---- constants --------------------------------------------------------------------

    def value(self, name: str) -> tuple[ir.Value | None, ir.Type | None]:
        """The folded value and type of constant ``name``, folded on first use (value None: it has an error)."""
        info = self.t.consts[name]
        if info.type is not None or name in self.in_progress:
            if name in self.in_progress and info.type is None:
                self.report.error("recursive-definition", say("recursive-definition", name=name), info.ast.name.span)
                info.value, info.type = None, ir.IntT()
                return None, None
            return info.value, info.type
        self.in_progress.add(name)
        v = self.const_eval(info.ast.value)
        self.in_progress.discard(name)
        members = self.t.members
        info.value = v
        info.type = ir.BoolT() if isinstance(v, bool) else ir.IntT() if isinstance(v, int) else \
            (members[v][0] if isinstance(v, str) and v in members else ir.IntT())
        return v, info.type

    def const_eval(self, e: A.Expr) -> ir.Value | None:
        """Fold a constant expression (literals, constants, enum members: no parameters, since types,
        constants and parameter defaults come before any binding); report `not-constant` on anything else."""
        res = self.exprs.elab(e, Scope())
        if res is None:
            return None
        expr, _ = res
        if not is_constant(expr, allow_params=False):
            self.report.error("not-constant", say("not-constant"), e.span)
            return None
        try:
            value = evaluate(expr, _NOTHING)
        except EvalError as err:
            self.report.error("invalid-constant", say("invalid-constant", why=str(err)), e.span)
            return None
        if isinstance(value, int) and int_too_large(value):
            self.report.integer_too_large(value, e.span)
            return None
        return value

    def defaults(self) -> ParamsOnly:
        """The context in which constant expressions are evaluated: parameters at their defaults."""
        return ParamsOnly(self.t.defaults())

    # ---- types --------------------------------------------------------------------------

    def define_enum(self, name: str, body: A.EnumType) -> ir.EnumT:
        seen: dict[str, Span] = {}
        for mem in body.members:
            self.report.declare(seen, mem, "enum member")
            self.report.reserved(mem, on_model=False)
        t = ir.EnumT(name, tuple(seen))
        self.t.enums[name] = t
        for member in t.members:
            self.t.members.setdefault(member, []).append(t)
        return t

    def resolve_type(self, t: A.TypeExpr, anon_name: str) -> ir.Type | None:
        if isinstance(t, A.BoolType):
            return ir.BoolT()
        if isinstance(t, A.EnumType):
            return self.define_enum(anon_name, t)
        if isinstance(t, A.NamedType):
            if t.name.text in self.t.enums:
                return self.t.enums[t.name.text]
            if t.name.text.lower() in _INT_NAMES:
                self.report.error("undefined-type", say("undefined", what="type", name=t.name.text), t.name.span,
                                  Note(say("int-type-hint")))
            else:
                self.report.undefined("undefined-type", "type", t.name, list(self.t.enums) + ["bool"])
            return None
        lo = self.const_eval(t.lo)
        hi = self.const_eval(t.hi)
        if not isinstance(lo, int) or not isinstance(hi, int) or isinstance(lo, bool) or isinstance(hi, bool):
            if lo is not None and hi is not None:
                self.report.error("type-mismatch", say("range-bounds"), t.span)
            return None
        if lo > hi:
            self.report.error("empty-range", say("empty-range", lo=lo, hi=hi), t.span)
            return None
        return ir.IntT(lo, hi)

    def check_value(self, v: ir.Value, t: ir.Type, span: Span, what: str) -> bool:
        """Is the folded value ``v`` one of type ``t``? Reported where it is written if not."""
        error = self.report.error
        if isinstance(t, ir.BoolT) and not isinstance(v, bool):
            error("type-mismatch", say("mismatch", what=what, want="bool", got=value_type(v)), span)
            return False
        if isinstance(t, ir.IntT):
            if isinstance(v, bool) or not isinstance(v, int):
                error("type-mismatch", say("mismatch", what=what, want=str(t), got=value_type(v)), span)
                return False
            if t.lo is not None and t.hi is not None and not t.lo <= v <= t.hi:
                error("value-out-of-range", say("out-of-range", what=what, v=v, lo=t.lo, hi=t.hi), span)
                return False
        if isinstance(t, ir.EnumT) and (not isinstance(v, str) or v not in t.members):
            error("type-mismatch", say("mismatch", what=what, want=str(t), got=value_type(v)), span)
            return False
        return True


def is_constant(e: ir.Expr, allow_params: bool) -> bool:
    """Is ``e`` made of literals and operators only (and parameters, if ``allow_params``)?"""
    if isinstance(e, ir.Lit):
        return True
    if isinstance(e, ir.ParamRef):
        return allow_params
    if isinstance(e, (ir.Not, ir.Neg, ir.Bin, ir.Cond)):
        return all(is_constant(c, allow_params) for c in children(e))
    return False


def value_type(v: ir.Value) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    return f"'{v}'"
