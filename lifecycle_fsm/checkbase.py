"""Shared state of the semantic checks: scopes, symbol tables, reporting, small helpers.

The checks are split along the stages of a check run (structure of machines in
structure.py, expressions in elaborate.py, guard overlap in overlap.py, the
driver and the declaration-level rules in check.py); they share one object
whose tables this module declares, so every rule reports into one list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import ast as A
from . import messages as M
from . import model as ir
from .diagnostics import Diagnostic, Note
from .evaluate import EvalError, apply_binary
from .limits import MAX_INT, MAX_INT_BITS
from .source import Span
from .symbols import ArrayType, InstType, MachineInfo, ParamInfo, SystemInfo, reserved_reason, suggest

Ty = ir.Type | InstType | ArrayType
Elab = tuple[ir.Expr, ir.Type] | None
# Expression levels elaborated (definitions inlined). About five Python frames are
# used a level here, and later passes recurse over the IR too, so stay well inside
# Python's default limit of 1000 frames.
MAX_ELAB_DEPTH = 100
# Nodes a definition may expand to once inlined ('let a2 = a1 + a1' doubles at each step).
MAX_INLINED_NODES = 20_000
SUGGESTION_BUDGET = 200_000  # name comparisons spent on "did you mean" hints in one check run


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



class CheckerBase:
    """The tables a check run fills in, and the helpers every rule reports through."""

    def __init__(self, items: list[A.Item]):
        self.items = items
        self.diags: list[Diagnostic] = []
        self.params: dict[str, ParamInfo] = {}
        self.consts: dict[str, tuple[A.Const, ir.Value | None, ir.Type | None]] = {}
        self.enums: dict[str, ir.EnumT] = {}
        self.members: dict[str, list[ir.EnumT]] = {}
        self.machines: dict[str, MachineInfo] = {}
        self.systems: dict[str, SystemInfo] = {}
        self.const_in_progress: set[str] = set()
        self.depth = 0  # current nesting of elaboration (see Elaborator.elab_any)
        self.depth_reported = False
        # When a list, every elaborated value expression is appended as (span, IR): how a
        # machine body reads in one system, compared across systems by check.py.
        self.trace: list[tuple[Span, ir.Expr]] | None = None
        self.cycles_reported: set[frozenset[str]] = set()  # recursive definitions, one message a cycle
        # inlined definitions: (let, machine, system, instance) -> elaboration (None: has an error)
        self.let_memo: dict[tuple[int, str | None, str | None, ir.Inst], Elab] = {}
        self.suggestions_left = SUGGESTION_BUDGET

    # ---- reporting -----------------------------------------------------------------

    def error(self, code: str, message: str, span: Span | None, *notes: Note) -> None:
        self.diags.append(Diagnostic(code, message, span, tuple(notes)))

    def undefined(self, code: str, what: str, name: A.Name, candidates: list[str]) -> None:
        # A hint compares the name with every candidate (difflib, ~10 µs each): thousands of
        # undefined names among thousands of declarations took minutes, so hints stop once
        # SUGGESTION_BUDGET comparisons are spent (far more than a screenful of messages needs).
        self.suggestions_left -= len(candidates)
        hint = suggest(name.text, candidates) if self.suggestions_left >= 0 else None
        notes = (Note(M.did_you_mean(hint)),) if hint else ()
        self.error(code, M.undefined(what, name.text), name.span, *notes)

    def reserved(self, name: A.Name, on_model: bool) -> None:
        why = reserved_reason(name.text, on_model)
        if why is not None:
            self.error("reserved-name", M.reserved_name(name.text, why), name.span)

    def integer_too_large(self, v: int, span: Span) -> None:
        self.error("integer-too-large", M.integer_too_large(v.bit_length(), MAX_INT_BITS, MAX_INT), span)

    def declare(self, table: dict[str, Span], name: A.Name, what: str) -> bool:
        first = table.get(name.text)
        if first is not None:
            self.error("duplicate-definition", M.duplicate(what, name.text), name.span,
                       Note(M.first_defined_here(name.text), first))
            return False
        table[name.text] = name.span
        return True

    def const_value(self, name: str) -> tuple[ir.Value | None, ir.Type | None]:
        """The folded value and type of constant ``name`` (check.py computes it on first use)."""
        raise NotImplementedError


def ir_extent(e: ir.Expr, limit: int) -> tuple[int, int]:
    """(nodes, depth) of ``e`` as a tree, shared subtrees counted each time; stops once nodes pass ``limit``."""
    count = depth = 0
    stack = [(e, 1)]
    while stack and count <= limit:
        node, d = stack.pop()
        count += 1
        depth = max(depth, d)
        kids: tuple[ir.Expr, ...] = ()
        if isinstance(node, (ir.Not, ir.Neg)):
            kids = (node.operand,)
        elif isinstance(node, ir.Bin):
            kids = (node.left, node.right)
        elif isinstance(node, ir.Cond):
            kids = (node.cond, node.then, node.orelse)
        elif isinstance(node, ir.QuantE):
            kids = (node.body,)
        elif isinstance(node, (ir.VarRef, ir.MParamRef, ir.IndexOf, ir.InStateE)) \
                and isinstance(node.inst, ir.ElemInst):
            kids = (node.inst.index,)
        stack.extend((k, d + 1) for k in kids)
    return count, depth


def describe(t: Ty) -> str:
    """A type as a user reads it in a message."""
    if isinstance(t, InstType):
        return f"an instance of machine '{t.machine}'"
    if isinstance(t, ArrayType):
        return f"instance array '{t.array}'"
    return str(t)


def compatible(want: ir.Type | InstType | ArrayType, got: ir.Type | InstType | ArrayType) -> bool:
    if isinstance(want, ir.IntT):
        return isinstance(got, (ir.IntT, ir.ClockT))
    if isinstance(want, ir.ClockT):
        return isinstance(got, (ir.IntT, ir.ClockT))
    return want == got


def value_type(v: ir.Value) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    return f"'{v}'"


def fold(e: ir.Expr) -> ir.Expr:
    """Fold operators over literals, so that constants stay literals (range checks see them)."""
    try:
        if isinstance(e, ir.Not) and isinstance(e.operand, ir.Lit):
            return ir.Lit(not e.operand.value, ir.BoolT())
        if isinstance(e, ir.Neg) and isinstance(e.operand, ir.Lit) and isinstance(e.operand.value, int):
            return ir.Lit(-e.operand.value, ir.IntT())
        if isinstance(e, ir.Bin) and isinstance(e.left, ir.Lit) and isinstance(e.right, ir.Lit):
            if e.op in ("and", "or", "implies"):
                lv, rv = bool(e.left.value), bool(e.right.value)
                v = (lv and rv) if e.op == "and" else (lv or rv) if e.op == "or" else (not lv or rv)
                return ir.Lit(v, ir.BoolT())
            v2 = apply_binary(e.op, e.left.value, e.right.value)
            return ir.Lit(v2, ir.BoolT() if isinstance(v2, bool) else ir.IntT())
        if isinstance(e, ir.Cond) and isinstance(e.cond, ir.Lit):
            return e.then if e.cond.value else e.orelse
    except EvalError:
        return e
    return e


class DefaultsContext:
    """Evaluates constant expressions, with parameters at their defaults."""

    def __init__(self, checker: CheckerBase):
        self.checker = checker

    def param(self, name: str) -> ir.Value:
        v = self.checker.params[name].default
        if v is None:
            raise EvalError(f"parameter '{name}' has no valid default")
        return v

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

