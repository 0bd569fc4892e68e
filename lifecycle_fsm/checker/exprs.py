"""IR expressions compiled to step-program nodes, folded against what is known when the code is generated.

The generated successor code is specialised per instance and per current leaf, so much of
an expression is constant there: parameters, machine parameters, ``self.index``, the
sender's own leaf, quantifiers over fixed-size arrays (unrolled). Folding follows the
reference interpreter exactly: ``and``/``or``/``implies`` short-circuit left to right and a
part that may raise a model error (index out of bounds, division by zero) is never dropped.
Integer division truncates toward zero (as in C and Promela); it is ``exact`` (no check, no
sign fix) only when both operands are known to be non-negative.

A compiled expression (``Val``) is a node of the step program (``program.Node``: interned, so
the definitions that lets inline into many guards and properties become shared nodes) with
the facts known about it: its value when constant, its bounds (by the interval rules of
``lifecycle_fsm.intervals``), whether it may raise, and whether it is another value plus a
constant (which lets a successor add a difference instead of replacing a field).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import model as ir
from ..evaluate import EvalError, apply_binary
from ..instantiate import Element
from ..intervals import arithmetic, either, negated
from .plan import to_code
from .program import COMPARISONS, ERROR, FLIPPED, Node, Nodes, const_node


@dataclass(frozen=True, slots=True)
class Val:
    """A compiled expression: its node, its value if constant, an integer range, and whether it may raise."""

    node: Node
    const: int | bool | None = None
    lo: int | None = None
    hi: int | None = None
    safe: bool = True
    lin: tuple[Node, int] | None = None  # (base, c): the value is that of the node ``base`` plus c

    @property
    def is_const(self) -> bool:
        return self.const is not None

    @property
    def bounds(self) -> tuple[int, int] | None:
        return (self.lo, self.hi) if self.lo is not None and self.hi is not None else None


def const(v: int | bool) -> Val:
    if isinstance(v, bool):
        return Val(const_node(v), v)
    return Val(const_node(v), v, v, v)


RAISE = Val(ERROR, None, None, None, False)

Reader = Callable[[int, str, str], Val]  # (gid, kind, key) -> the current value of that field


def leaf_node(nodes: Nodes, leaf: Node, leaves: Sequence[int]) -> Node:
    """Whether the leaf number ``leaf`` is one of ``leaves``."""
    return nodes.make("in", leaf, data=(tuple(sorted(leaves)), False))


Memo = dict[tuple[Any, ...], tuple[ir.Expr, Val]]


class ExprCompiler:
    """Compiles expressions in one binding (``self`` and binder variables) against one field reader.

    With a ``memo`` and a ``ctx`` naming what the reader returns (``None``: it varies, do not
    memoize), results are kept per (expression, binding, ctx): the lets inlined in the IR are
    compiled once per place they are read from.
    """

    def __init__(self, instances: tuple[Element, ...], arrays: Mapping[str, Sequence[Element]],
                 params: Mapping[str, ir.Value], read: Reader, self_gid: int | None = None,
                 bound: dict[str, int] | None = None, nodes: Nodes | None = None,
                 memo: Memo | None = None, ctx: object = None):
        self.instances = instances
        self.arrays = arrays
        self.params = params
        self.read = read
        self.self_gid = self_gid
        self.bound = dict(bound or {})
        self.nodes = nodes if nodes is not None else Nodes()
        self.memo = memo if ctx is not None else None
        self.ctx = ctx
        self.bkey = tuple(sorted(self.bound.items()))

    def with_binding(self, self_gid: int | None, bound: dict[str, int]) -> ExprCompiler:
        return ExprCompiler(self.instances, self.arrays, self.params, self.read, self_gid, bound, self.nodes,
                            self.memo, self.ctx)

    # -- instances --
    def inst(self, i: ir.Inst) -> int | tuple[str, Val]:
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

    def _pick(self, array: str, idx: Val, parts: list[Val]) -> Val:
        n = len(self.arrays[array])
        if n == 0:
            return RAISE
        los = [p.lo for p in parts]
        his = [p.hi for p in parts]
        lo = min(los) if all(x is not None for x in los) else None  # type: ignore[type-var]
        hi = max(his) if all(x is not None for x in his) else None  # type: ignore[type-var]
        return Val(self.nodes.make("pick", *[p.node for p in parts], idx.node, data=n), None, lo, hi, False)

    # -- expressions --
    def compile(self, e: ir.Expr) -> Val:
        memo = self.memo
        if memo is None:
            return self._compile(e)
        key = (id(e), self.self_gid, self.bkey, self.ctx)
        hit = memo.get(key)
        if hit is not None and hit[0] is e:
            return hit[1]
        c = self._compile(e)
        memo[key] = (e, c)
        return c

    def _compile(self, e: ir.Expr) -> Val:
        nodes = self.nodes
        if isinstance(e, ir.Lit):
            return const(to_code(e.value, e.type) if isinstance(e.value, str) else e.value)
        if isinstance(e, ir.ParamRef):
            v = self.params[e.name]
            return const(to_code(v, e.type) if isinstance(v, str) else v)
        if isinstance(e, ir.MParamRef | ir.VarRef | ir.IndexOf | ir.InStateE):
            return self.instance_expr(e)
        if isinstance(e, ir.Not):
            if isinstance(e.operand, ir.InStateE):
                return self.instance_expr(e.operand, True)
            x = self.compile(e.operand)
            return const(not x.const) if x.is_const else Val(self.negate(x.node), None, None, None, x.safe)
        if isinstance(e, ir.Neg):
            x = self.compile(e.operand)
            if x.is_const:
                return const(-int(x.const))  # type: ignore[arg-type]
            r = negated(x.bounds) if x.bounds is not None else (None, None)
            return Val(nodes.make("neg", x.node), None, r[0], r[1], x.safe)
        if isinstance(e, ir.Cond):
            c = self.compile(e.cond)
            if c.is_const:
                return self.compile(e.then if c.const else e.orelse)
            a, b = self.compile(e.then), self.compile(e.orelse)
            if c.safe and a.node is b.node:
                return a  # the condition cannot raise and decides nothing
            r = either(a.bounds, b.bounds) if a.bounds is not None and b.bounds is not None else (None, None)
            return Val(nodes.make("cond", c.node, a.node, b.node), None, r[0], r[1], a.safe and b.safe and c.safe)
        if isinstance(e, ir.QuantE):
            return self.quant(e)
        assert isinstance(e, ir.Bin)
        return self.binary(e)

    def negate(self, n: Node) -> Node:
        """``not n``: a comparison is flipped instead (the operands are ints or bools: same value), a
        negation dropped, a state test of one leaf made 'is not that leaf'."""
        if n.op in COMPARISONS:
            return self.nodes.make(FLIPPED[n.op], *n.args)
        if n.op == "not":
            # 'not not x' is x where x is a bool (a comparison, a negation, a state test) or a chain of
            # 'and'/'or' over them: the language types their operands as bool (0/1 fields included)
            return n.args[0]
        if n.op == "in" and len(n.data[0]) == 1 and not n.data[1]:
            return self.nodes.make("in", *n.args, data=(n.data[0], True))
        return self.nodes.make("not", n)

    def instance_expr(self, e: ir.MParamRef | ir.VarRef | ir.IndexOf | ir.InStateE, negated: bool = False) -> Val:
        """``e`` (``negated``: ``not e``, for a state test)."""
        where = self.inst(e.inst)
        if isinstance(where, tuple):
            array, idx = where
            members = self.arrays[array]
            if isinstance(e, ir.IndexOf):
                return Val(self.nodes.make("checked", idx.node, data=len(members)), None, 0,
                           max(len(members) - 1, 0), False)
            return self._pick(array, idx, [self.on(m.gid, e, negated) for m in members])
        return self.on(where, e, negated)

    def on(self, gid: int, e: ir.MParamRef | ir.VarRef | ir.IndexOf | ir.InStateE, negated: bool = False) -> Val:
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
        names = leaf_names(inst.machine)
        wanted = [names[s] for s in e.states]
        if negated:  # the leaf is always one of the machine's: 'not in S' is 'in the others'
            wanted = [i for i in range(len(names)) if i not in wanted]
        if leaf.is_const:
            return const(leaf.const in wanted)
        if len(wanted) == len(names):
            return const(True)
        if not wanted:
            return const(False)
        return Val(leaf_node(self.nodes, leaf.node, wanted))

    def quant(self, e: ir.QuantE) -> Val:
        parts = []
        for m in self.arrays.get(e.array, []):
            sub = self.with_binding(self.self_gid, {**self.bound, e.var: m.gid})
            parts.append(sub.compile(e.body))
        if e.kind == "count":
            total = sum(1 for p in parts if p.is_const and p.const)
            dyn = [p for p in parts if not p.is_const]
            if not dyn:
                return const(total)
            return Val(self.nodes.make("count", *[p.node for p in dyn], data=total), None, total, total + len(dyn),
                       all(p.safe for p in dyn))
        return self.chain("and" if e.kind == "all" else "or", parts)

    def chain(self, op: str, parts: list[Val]) -> Val:
        """Left-to-right short-circuit ``and``/``or`` with folding that keeps every part that may raise."""
        stop = op == "or"  # the constant that decides the whole chain
        kept: list[Val] = []
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
        args: list[Node] = []
        for k in kept:  # an operand met again has the value it had: it cannot decide the chain
            if k.node not in args:
                args.append(k.node)
        if len(args) == 1:
            return kept[0]
        return Val(self.nodes.make(op, *args), None, None, None, all(k.safe for k in kept))

    def binary(self, e: ir.Bin) -> Val:
        op = e.op
        if op in ("and", "or"):
            return self.chain(op, [self.compile(e.left), self.compile(e.right)])
        if op == "implies":
            left = self.compile(e.left)
            neg = const(not left.const) if left.is_const else Val(self.negate(left.node), None, None, None, left.safe)
            return self.chain("or", [neg, self.compile(e.right)])
        a, b = self.compile(e.left), self.compile(e.right)
        safe = a.safe and b.safe
        if a.is_const and b.is_const:
            try:
                return const(apply_binary(op, a.const, b.const))  # type: ignore[arg-type]
            except EvalError:
                return RAISE
        nodes = self.nodes
        if op in COMPARISONS:
            return Val(nodes.make(op, a.node, b.node), None, None, None, safe)
        if op in ("+", "-", "*"):
            r = arithmetic(op, a.bounds, b.bounds) if a.bounds is not None and b.bounds is not None else (None, None)
            lin = None
            if op in ("+", "-") and b.is_const and a.lin is not None:
                lin = (a.lin[0], a.lin[1] + (int(b.const) if op == "+" else -int(b.const)))  # type: ignore[arg-type]
            elif op == "+" and a.is_const and b.lin is not None:
                lin = (b.lin[0], b.lin[1] + int(a.const))  # type: ignore[arg-type]
            return Val(nodes.make(op, a.node, b.node), None, r[0], r[1], safe, lin)
        exact = a.lo is not None and a.lo >= 0 and b.lo is not None and b.lo > 0
        return Val(nodes.make(op, a.node, b.node, data=exact), None, None, None, safe and exact)


_leaf_names: dict[int, tuple[ir.MachineDef, dict[str, int]]] = {}


def leaf_names(m: ir.MachineDef) -> dict[str, int]:
    """Leaf name -> leaf number (``MachineDef.leaves`` is recomputed on every access)."""
    hit = _leaf_names.get(id(m))
    if hit is None or hit[0] is not m:
        if len(_leaf_names) > 256:
            _leaf_names.clear()
        hit = _leaf_names[id(m)] = (m, {name: i for i, name in enumerate(m.leaves)})
    return hit[1]


__all__ = ["ExprCompiler", "Memo", "RAISE", "Reader", "Val", "const", "leaf_names", "leaf_node"]
