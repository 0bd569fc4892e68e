"""IR expressions compiled to Python source, folded against what is known when the code is generated.

The generated successor code is specialised per instance and per current leaf, so much of
an expression is constant there: parameters, machine parameters, ``self.index``, the
sender's own leaf, quantifiers over fixed-size arrays (unrolled). Folding follows the
reference interpreter exactly: ``and``/``or``/``implies`` short-circuit left to right and a
part that may raise a model error (index out of bounds, division by zero) is never dropped.
Integer division truncates toward zero (as in C and Promela), through ``_div``/``_mod``
unless both operands are known to be non-negative.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import model as ir
from ..evaluate import EvalError, apply_binary
from .plan import Instance, to_code


@dataclass(frozen=True, slots=True)
class C:
    """A compiled expression: Python source, its value if constant, an integer range, and whether it may raise."""

    src: str
    const: int | bool | None = None
    lo: int | None = None
    hi: int | None = None
    safe: bool = True
    lin: tuple[str, int] | None = None  # (name, c): the value is the local ``name`` plus c

    @property
    def is_const(self) -> bool:
        return self.const is not None


def const(v: int | bool) -> C:
    if isinstance(v, bool):
        return C("True" if v else "False", v)
    return C(f"({v})" if v < 0 else str(v), v, v, v)


RAISE = C("_bad()", None, None, None, False)

Reader = Callable[[int, str, str], C]  # (gid, kind, key) -> the current value of that field


def leaf_test(src: str, leaves: list[int]) -> str:
    """A test that ``src`` (a leaf number) is one of ``leaves``, as few comparisons as intervals allow."""
    if not leaves:
        return "False"
    runs: list[list[int]] = []
    for x in sorted(leaves):
        if runs and runs[-1][1] == x - 1:
            runs[-1][1] = x
        else:
            runs.append([x, x])
    parts = []
    for a, b in runs:
        parts.append(f"{src} == {a}" if a == b else f"{a} <= {src} <= {b}")
    return "(" + " or ".join(parts) + ")"


class ExprCompiler:
    """Compiles expressions in one binding (``self`` and binder variables) against one field reader."""

    def __init__(self, instances: tuple[Instance, ...], arrays: dict[str, list[Instance]],
                 params: dict[str, ir.Value], read: Reader, self_gid: int | None = None,
                 bound: dict[str, int] | None = None):
        self.instances = instances
        self.arrays = arrays
        self.params = params
        self.read = read
        self.self_gid = self_gid
        self.bound = dict(bound or {})

    def with_binding(self, self_gid: int | None, bound: dict[str, int]) -> ExprCompiler:
        return ExprCompiler(self.instances, self.arrays, self.params, self.read, self_gid, bound)

    # -- instances --
    def inst(self, i: ir.Inst) -> int | tuple[str, C]:
        """A static instance id, or (array, compiled index) when the index is only known at run time."""
        if isinstance(i, ir.SelfInst):
            assert self.self_gid is not None
            return self.self_gid
        if isinstance(i, ir.NamedInst):
            return self.arrays[i.name][0].gid
        if isinstance(i, ir.BoundInst):
            return self.bound[i.var]
        idx = self.compile(i.index)
        members = self.arrays[i.array]
        if idx.is_const:
            k = int(idx.const)  # type: ignore[arg-type]
            if 0 <= k < len(members):
                return members[k].gid
        return (i.array, idx)

    def _pick(self, array: str, idx: C, parts: list[C]) -> C:
        n = len(self.arrays[array])
        if n == 0:
            return RAISE
        srcs = ", ".join(p.src for p in parts)
        los = [p.lo for p in parts]
        his = [p.hi for p in parts]
        lo = min(los) if all(x is not None for x in los) else None  # type: ignore[type-var]
        hi = max(his) if all(x is not None for x in his) else None  # type: ignore[type-var]
        return C(f"({srcs},)[_ix({idx.src}, {n})]", None, lo, hi, False)

    # -- expressions --
    def compile(self, e: ir.Expr) -> C:
        if isinstance(e, ir.Lit):
            return const(to_code(e.value, e.type) if isinstance(e.value, str) else e.value)
        if isinstance(e, ir.ParamRef):
            v = self.params[e.name]
            return const(to_code(v, e.type) if isinstance(v, str) else v)
        if isinstance(e, ir.MParamRef | ir.VarRef | ir.IndexOf | ir.InStateE):
            return self.instance_expr(e)
        if isinstance(e, ir.Not):
            x = self.compile(e.operand)
            return const(not x.const) if x.is_const else C(f"(not {x.src})", None, None, None, x.safe)
        if isinstance(e, ir.Neg):
            x = self.compile(e.operand)
            if x.is_const:
                return const(-int(x.const))  # type: ignore[arg-type]
            lo = -x.hi if x.hi is not None else None
            hi = -x.lo if x.lo is not None else None
            return C(f"(-{x.src})", None, lo, hi, x.safe)
        if isinstance(e, ir.Cond):
            c = self.compile(e.cond)
            if c.is_const:
                return self.compile(e.then if c.const else e.orelse)
            a, b = self.compile(e.then), self.compile(e.orelse)
            lo = min(a.lo, b.lo) if a.lo is not None and b.lo is not None else None
            hi = max(a.hi, b.hi) if a.hi is not None and b.hi is not None else None
            return C(f"({a.src} if {c.src} else {b.src})", None, lo, hi, a.safe and b.safe and c.safe)
        if isinstance(e, ir.QuantE):
            return self.quant(e)
        assert isinstance(e, ir.Bin)
        return self.binary(e)

    def instance_expr(self, e: ir.MParamRef | ir.VarRef | ir.IndexOf | ir.InStateE) -> C:
        where = self.inst(e.inst)
        if isinstance(where, tuple):
            array, idx = where
            members = self.arrays[array]
            if isinstance(e, ir.IndexOf):
                return C(f"_ix({idx.src}, {len(members)})", None, 0, max(len(members) - 1, 0), False)
            return self._pick(array, idx, [self.on(m.gid, e) for m in members])
        return self.on(where, e)

    def on(self, gid: int, e: ir.MParamRef | ir.VarRef | ir.IndexOf | ir.InStateE) -> C:
        inst = self.instances[gid]
        if isinstance(e, ir.IndexOf):
            return const(inst.index)
        if isinstance(e, ir.MParamRef):
            v = inst.arg(e.name)
            return const(to_code(v, e.type) if isinstance(v, str) else v)
        if isinstance(e, ir.VarRef):
            kind = "clock" if isinstance(e.type, ir.ClockT) else "var"
            return self.read(gid, kind, e.name)
        leaf = self.read(gid, "leaf", "")
        wanted = [inst.machine.leaves.index(s) for s in e.states]
        if leaf.is_const:
            return const(leaf.const in wanted)
        if len(wanted) == len(inst.machine.leaves):
            return const(True)
        return C(leaf_test(leaf.src, wanted))

    def quant(self, e: ir.QuantE) -> C:
        parts = []
        for m in self.arrays.get(e.array, []):
            sub = self.with_binding(self.self_gid, {**self.bound, e.var: m.gid})
            parts.append(sub.compile(e.body))
        if e.kind == "count":
            total = sum(1 for p in parts if p.is_const and p.const)
            dyn = [p for p in parts if not p.is_const]
            if not dyn:
                return const(total)
            src = " + ".join([f"({p.src})" for p in dyn] + ([str(total)] if total else []))
            return C(f"({src})", None, total, total + len(dyn), all(p.safe for p in dyn))
        return self.chain("and" if e.kind == "all" else "or", parts)

    def chain(self, op: str, parts: list[C]) -> C:
        """Left-to-right short-circuit ``and``/``or`` with folding that keeps every part that may raise."""
        stop = op == "or"  # the constant that decides the whole chain
        kept: list[C] = []
        for p in parts:
            if p.is_const:
                if bool(p.const) != stop:
                    continue
                if all(k.safe for k in kept):
                    return const(stop)
                kept.append(const(stop))
                break
            kept.append(p)
        if not kept:
            return const(not stop)
        if len(kept) == 1:
            return kept[0]
        return C("(" + f" {op} ".join(k.src for k in kept) + ")", None, None, None, all(k.safe for k in kept))

    def binary(self, e: ir.Bin) -> C:
        op = e.op
        if op in ("and", "or"):
            return self.chain(op, [self.compile(e.left), self.compile(e.right)])
        if op == "implies":
            left = self.compile(e.left)
            neg = const(not left.const) if left.is_const else C(f"(not {left.src})", None, None, None, left.safe)
            return self.chain("or", [neg, self.compile(e.right)])
        a, b = self.compile(e.left), self.compile(e.right)
        safe = a.safe and b.safe
        if a.is_const and b.is_const:
            try:
                return const(apply_binary(op, a.const, b.const))  # type: ignore[arg-type]
            except EvalError:
                return RAISE
        if op in ("==", "!=", "<", "<=", ">", ">="):
            return C(f"({a.src} {op} {b.src})", None, None, None, safe)
        lo = hi = None
        if a.lo is not None and a.hi is not None and b.lo is not None and b.hi is not None:
            if op == "+":
                lo, hi = a.lo + b.lo, a.hi + b.hi
            elif op == "-":
                lo, hi = a.lo - b.hi, a.hi - b.lo
            elif op == "*":
                ps = [x * y for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
                lo, hi = min(ps), max(ps)
        lin = None
        if op in ("+", "-") and b.is_const and a.lin is not None:
            lin = (a.lin[0], a.lin[1] + (int(b.const) if op == "+" else -int(b.const)))  # type: ignore[arg-type]
        elif op == "+" and a.is_const and b.lin is not None:
            lin = (b.lin[0], b.lin[1] + int(a.const))  # type: ignore[arg-type]
        if op in ("+", "-", "*"):
            return C(f"({a.src} {op} {b.src})", None, lo, hi, safe, lin)
        nonneg = a.lo is not None and a.lo >= 0 and b.lo is not None and b.lo > 0
        if nonneg:
            return C(f"({a.src} {'//' if op == '/' else '%'} {b.src})", None, None, None, safe)
        fn = "_div" if op == "/" else "_mod"
        return C(f"{fn}({a.src}, {b.src})", None, None, None, False)
