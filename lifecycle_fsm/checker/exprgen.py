"""IR expressions compiled to Python, folded against what is known when the code is generated.

The generated successor code is specialised per instance and per current leaf, so much of
an expression is constant there: parameters, machine parameters, ``self.index``, the
sender's own leaf, quantifiers over fixed-size arrays (unrolled). Folding follows the
reference interpreter exactly: ``and``/``or``/``implies`` short-circuit left to right and a
part that may raise a model error (index out of bounds, division by zero) is never dropped.
Integer division truncates toward zero (as in C and Promela), through ``_div``/``_mod``
unless both operands are known to be non-negative.

A compiled expression is a node of a DAG (``N``), interned so that equal expressions are one
object: the definitions that lets inline into many guards and properties (a quantifier over
the containers, the pod phase) become shared nodes. ``Emitter`` writes the final Python: a
node that occurs more than once and reads only the fields of the state being expanded is
kept in a local the first time it is evaluated (``(t3 := ...)``) and read from it wherever
that evaluation is certain to have happened before, on every path (common subexpression
elimination that never evaluates anything the interpreter would not, nor anything twice
where once is known to suffice).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import count
from typing import Any

from .. import model as ir
from ..evaluate import EvalError, apply_binary
from .plan import Instance, to_code

# -- nodes of generated Python --------------------------------------------------------------

ATOM, SEQ, AND, OR, COND = 0, 1, 2, 3, 4

_uids = count()


class N:
    """One expression of generated Python.

    ``ATOM``: a constant or a local name (``fmt`` is its text). ``SEQ``: ``fmt`` formatted with
    the sources of ``args``, which Python evaluates in that order, all of them. ``AND``/``OR``:
    a short-circuit chain of ``args``. ``COND``: ``args[1] if args[0] else args[2]``. ``pure``:
    the value depends only on the state being expanded (not on locals a step changes), so it
    may be kept in a temporary. ``cost``: roughly the operations it takes to evaluate.
    """

    __slots__ = ("uid", "kind", "fmt", "args", "pure", "cost")

    def __init__(self, kind: int, fmt: str, args: tuple[N, ...], pure: bool, cost: int):
        self.uid = next(_uids)
        self.kind = kind
        self.fmt = fmt
        self.args = args
        self.pure = pure
        self.cost = cost

    def __repr__(self) -> str:
        return f"N({plain(self)})"


_atoms: dict[tuple[str, bool], N] = {}


def atom(text: str, pure: bool = True) -> N:
    """A constant or a local name (interned for good: there are few of them)."""
    n = _atoms.get((text, pure))
    if n is None:
        n = _atoms[(text, pure)] = N(ATOM, text, (), pure, 0)
    return n


class Nodes:
    """The interning table of composite nodes for one plan (shared by the code generated for it)."""

    def __init__(self) -> None:
        self.table: dict[tuple[Any, ...], N] = {}

    def seq(self, fmt: str, *args: N) -> N:
        key = (fmt, *[a.uid for a in args])
        n = self.table.get(key)
        if n is None:
            n = self.table[key] = N(SEQ, fmt, args, all(a.pure for a in args), 1 + sum(a.cost for a in args))
        return n

    def chain(self, kind: int, args: list[N]) -> N:
        key = (kind, *[a.uid for a in args])
        n = self.table.get(key)
        if n is None:
            n = self.table[key] = N(kind, "", tuple(args), all(a.pure for a in args),
                                    len(args) - 1 + sum(a.cost for a in args))
        return n

    def cond(self, c: N, a: N, b: N) -> N:
        key = (COND, c.uid, a.uid, b.uid)
        n = self.table.get(key)
        if n is None:
            n = self.table[key] = N(COND, "", (c, a, b), c.pure and a.pure and b.pure, 1 + c.cost + a.cost + b.cost)
        return n


def plain(n: N) -> str:
    """The source of ``n`` without temporaries."""
    if n.kind == ATOM:
        return n.fmt
    if n.kind == SEQ:
        return n.fmt.format(*[plain(a) for a in n.args])
    if n.kind == COND:
        c, a, b = n.args
        return f"({plain(a)} if {plain(c)} else {plain(b)})"
    return "(" + (" and " if n.kind == AND else " or ").join(plain(a) for a in n.args) + ")"


# -- compiled expressions ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class C:
    """A compiled expression: its node, its value if constant, an integer range, and whether it may raise."""

    node: N
    const: int | bool | None = None
    lo: int | None = None
    hi: int | None = None
    safe: bool = True
    lin: tuple[str, int] | None = None  # (name, c): the value is the local ``name`` plus c

    @property
    def is_const(self) -> bool:
        return self.const is not None


def lit(v: int) -> str:
    """An int as generated Python: decimal, or hexadecimal when long (decimal text of ints over 4,300
    digits is refused by CPython both ways; states of thousands of instances have such masks)."""
    if -(1 << 64) < v < (1 << 64):
        return str(v)
    return f"-{-v:#x}" if v < 0 else f"{v:#x}"


def const(v: int | bool) -> C:
    if isinstance(v, bool):
        return C(atom("True" if v else "False"), v)
    return C(atom(f"({lit(v)})" if v < 0 else lit(v)), v, v, v)


RAISE = C(atom("_bad()"), None, None, None, False)

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
    if len(parts) == 1:
        return f"({parts[0]})"
    return "(" + " or ".join(parts) + ")"


def leaf_node(nodes: Nodes, leaf: N, leaves: list[int]) -> N:
    """``leaf_test`` on a leaf local (an atom)."""
    assert leaf.kind == ATOM
    return nodes.seq(leaf_test("{0}", leaves), leaf)


Memo = dict[tuple[Any, ...], tuple[ir.Expr, C]]


class ExprCompiler:
    """Compiles expressions in one binding (``self`` and binder variables) against one field reader.

    With a ``memo`` and a ``ctx`` naming what the reader returns (``None``: it varies, do not
    memoize), results are kept per (expression, binding, ctx): the lets inlined in the IR are
    compiled once per place they are read from.
    """

    def __init__(self, instances: tuple[Instance, ...], arrays: dict[str, list[Instance]],
                 params: dict[str, ir.Value], read: Reader, self_gid: int | None = None,
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
        los = [p.lo for p in parts]
        his = [p.hi for p in parts]
        lo = min(los) if all(x is not None for x in los) else None  # type: ignore[type-var]
        hi = max(his) if all(x is not None for x in his) else None  # type: ignore[type-var]
        fmt = "(" + "".join(f"{{{j}}}, " for j in range(len(parts))) + f")[_ix({{{len(parts)}}}, {n})]"
        return C(self.nodes.seq(fmt, *[p.node for p in parts], idx.node), None, lo, hi, False)

    # -- expressions --
    def compile(self, e: ir.Expr) -> C:
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

    def _compile(self, e: ir.Expr) -> C:
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
            return const(not x.const) if x.is_const else C(self.negate(x.node), None, None, None, x.safe)
        if isinstance(e, ir.Neg):
            x = self.compile(e.operand)
            if x.is_const:
                return const(-int(x.const))  # type: ignore[arg-type]
            lo = -x.hi if x.hi is not None else None
            hi = -x.lo if x.lo is not None else None
            return C(nodes.seq("(-{0})", x.node), None, lo, hi, x.safe)
        if isinstance(e, ir.Cond):
            c = self.compile(e.cond)
            if c.is_const:
                return self.compile(e.then if c.const else e.orelse)
            a, b = self.compile(e.then), self.compile(e.orelse)
            if c.safe and a.node is b.node:
                return a  # the condition cannot raise and decides nothing
            lo = min(a.lo, b.lo) if a.lo is not None and b.lo is not None else None
            hi = max(a.hi, b.hi) if a.hi is not None and b.hi is not None else None
            return C(nodes.cond(c.node, a.node, b.node), None, lo, hi, a.safe and b.safe and c.safe)
        if isinstance(e, ir.QuantE):
            return self.quant(e)
        assert isinstance(e, ir.Bin)
        return self.binary(e)

    def negate(self, n: N) -> N:
        """``not n``; a comparison is flipped instead (the operands are ints or bools: same value)."""
        if n.kind == SEQ and len(n.args) == 2 and n.fmt in _FLIP:
            return self.nodes.seq(_FLIP[n.fmt], *n.args)
        if n.kind == SEQ and n.fmt == "(not {0})":
            # 'not not x' is x where x is a bool (a comparison, a negation, a state test) or a chain of
            # 'and'/'or' over them: the language types their operands as bool (0/1 fields included)
            return n.args[0]
        if n.kind == SEQ and len(n.args) == 1 and n.fmt.startswith("(") and " <= {0} <= " not in n.fmt \
                and n.fmt.count("{0} == ") == n.fmt.count("{0}") and " or " not in n.fmt:
            return self.nodes.seq(n.fmt.replace(" == ", " != "), *n.args)  # a state test of one leaf
        return self.nodes.seq("(not {0})", n)

    def instance_expr(self, e: ir.MParamRef | ir.VarRef | ir.IndexOf | ir.InStateE, negated: bool = False) -> C:
        """``e`` (``negated``: ``not e``, for a state test)."""
        where = self.inst(e.inst)
        if isinstance(where, tuple):
            array, idx = where
            members = self.arrays[array]
            if isinstance(e, ir.IndexOf):
                return C(self.nodes.seq(f"_ix({{0}}, {len(members)})", idx.node), None, 0, max(len(members) - 1, 0),
                         False)
            return self._pick(array, idx, [self.on(m.gid, e, negated) for m in members])
        return self.on(where, e, negated)

    def on(self, gid: int, e: ir.MParamRef | ir.VarRef | ir.IndexOf | ir.InStateE, negated: bool = False) -> C:
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
        return C(leaf_node(self.nodes, leaf.node, wanted))

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
            fmt = " + ".join([f"({{{j}}})" for j in range(len(dyn))] + ([str(total)] if total else []))
            return C(self.nodes.seq(f"({fmt})", *[p.node for p in dyn]), None, total, total + len(dyn),
                     all(p.safe for p in dyn))
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
        args: list[N] = []
        for k in kept:  # an operand met again has the value it had: it cannot decide the chain
            if k.node not in args:
                args.append(k.node)
        if len(args) == 1:
            return kept[0]
        return C(self.nodes.chain(OR if stop else AND, args), None, None, None, all(k.safe for k in kept))

    def binary(self, e: ir.Bin) -> C:
        op = e.op
        if op in ("and", "or"):
            return self.chain(op, [self.compile(e.left), self.compile(e.right)])
        if op == "implies":
            left = self.compile(e.left)
            neg = const(not left.const) if left.is_const else C(self.negate(left.node), None, None, None, left.safe)
            return self.chain("or", [neg, self.compile(e.right)])
        a, b = self.compile(e.left), self.compile(e.right)
        safe = a.safe and b.safe
        if a.is_const and b.is_const:
            try:
                return const(apply_binary(op, a.const, b.const))  # type: ignore[arg-type]
            except EvalError:
                return RAISE
        nodes = self.nodes
        if op in ("==", "!=", "<", "<=", ">", ">="):
            return C(nodes.seq(f"({{0}} {op} {{1}})", a.node, b.node), None, None, None, safe)
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
            return C(nodes.seq(f"({{0}} {op} {{1}})", a.node, b.node), None, lo, hi, safe, lin)
        nonneg = a.lo is not None and a.lo >= 0 and b.lo is not None and b.lo > 0
        if nonneg:
            return C(nodes.seq(f"({{0}} {'//' if op == '/' else '%'} {{1}})", a.node, b.node), None, None, None, safe)
        fn = "_div" if op == "/" else "_mod"
        return C(nodes.seq(f"{fn}({{0}}, {{1}})", a.node, b.node), None, None, None, False)


_FLIP = {"({0} == {1})": "({0} != {1})", "({0} != {1})": "({0} == {1})", "({0} < {1})": "({0} >= {1})",
         "({0} >= {1})": "({0} < {1})", "({0} > {1})": "({0} <= {1})", "({0} <= {1})": "({0} > {1})"}

_leaf_names: dict[int, tuple[ir.MachineDef, dict[str, int]]] = {}


def leaf_names(m: ir.MachineDef) -> dict[str, int]:
    """Leaf name -> leaf number (``MachineDef.leaves`` is recomputed on every access)."""
    hit = _leaf_names.get(id(m))
    if hit is None or hit[0] is not m:
        if len(_leaf_names) > 256:
            _leaf_names.clear()
        hit = _leaf_names[id(m)] = (m, {name: i for i, name in enumerate(m.leaves)})
    return hit[1]


# -- writing Python with common subexpressions kept in locals ------------------------------------

Part = str | N | C


class Writer:
    """Lines of Python with indentation; a line is strings and expression nodes.

    A node embedded in a line must be evaluated whenever the line runs (not in the skipped
    part of a conditional): ``Emitter`` relies on it to know which temporaries are set.
    """

    def __init__(self) -> None:
        self.lines: list[tuple[int, tuple[str | N, ...]]] = []
        self.depth = 0

    def line(self, *parts: Part) -> None:
        self.lines.append((self.depth, tuple(p.node if isinstance(p, C) else p for p in parts)))

    def __enter__(self) -> None:
        self.depth += 1

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1

    def splice(self, other: Writer) -> None:
        """Append ``other``'s lines, indented to the current depth."""
        d = self.depth
        self.lines.extend((depth + d, parts) for depth, parts in other.lines)

    def text(self) -> str:
        return Emitter(self.lines).text()


_OPENERS = ("if ", "elif ", "else", "try", "except", "while ", "for ", "def ", "with ")


LAZY_COST = 6  # a node this costly, evaluated in several places none of which is known to come first, is lazy


class Emitter:
    """Renders Writer lines. A pure node referenced more than once gets a temporary: the first
    evaluation stores it (``(t := ...)``); later occurrences read it where that evaluation
    certainly ran on every path there (tracked through the block structure and short-circuit
    operators: what a skipped operand, a conditional branch, a ``try`` body or an ``elif``
    test assigns is forgotten when leaving it).

    A costly node that would still be evaluated in several such places (a definition read by
    guards in different branches and by conditional parts of the properties) is made lazy: its
    temporary is reset to None where the code starts (``reset``) and each of those places reads
    ``(t if t is not None else (t := ...))``, so it is evaluated at most once."""

    def __init__(self, lines: list[tuple[int, tuple[str | N, ...]]]):
        self.lines = lines
        self.uses: dict[int, int] = {}
        roots: list[N] = [p for _, parts in lines for p in parts if isinstance(p, N)]
        self.count(roots)
        self.lazy: set[int] = set()
        # where each temporary is evaluated and stored: the (if-chain, arm) of every enclosing block
        self.stored: dict[int, list[tuple[tuple[int, int], ...]]] = {}
        self.path: tuple[tuple[int, int], ...] = ()
        self.start()

    def start(self) -> None:
        self.names: dict[int, str] = {}
        self.avail: set[int] = set()
        self.trail: list[int] = []

    def count(self, roots: Iterable[N]) -> None:
        uses = self.uses
        todo = list(roots)
        while todo:
            n = todo.pop()
            if n.kind == ATOM:
                continue
            c = uses.get(n.uid)
            if c is None:
                uses[n.uid] = 1
                todo.extend(n.args)
            else:
                uses[n.uid] = c + 1

    def undo(self, mark: int) -> None:
        trail, avail = self.trail, self.avail
        while len(trail) > mark:
            avail.discard(trail.pop())

    def name(self, n: N) -> str:
        name = self.names.get(n.uid)
        if name is None:
            name = self.names[n.uid] = f"t{len(self.names)}"
        return name

    def expr(self, n: N) -> str:
        if n.kind == ATOM:
            return n.fmt
        uid = n.uid
        if uid in self.avail:
            return self.names[uid]
        if uid in self.lazy:
            name = self.name(n)
            mark = len(self.trail)
            text = self.body(n)
            self.undo(mark)
            self.avail.add(uid)
            self.trail.append(uid)
            return f"({name} if {name} is not None else ({name} := {text}))"
        return self.keep(n, self.body(n))

    def body(self, n: N) -> str:
        kind = n.kind
        if kind == SEQ:
            return n.fmt.format(*[self.expr(a) for a in n.args])
        if kind == COND:
            c = self.expr(n.args[0])
            mark = len(self.trail)
            a = self.expr(n.args[1])
            self.undo(mark)
            b = self.expr(n.args[2])
            self.undo(mark)
            return f"({a} if {c} else {b})"
        first = self.expr(n.args[0])
        mark = len(self.trail)
        rest = [self.expr(a) for a in n.args[1:]]
        self.undo(mark)
        return "(" + (" and " if kind == AND else " or ").join([first, *rest]) + ")"

    def keep(self, n: N, text: str) -> str:
        if self.tempable(n):
            name = self.name(n)
            self.avail.add(n.uid)
            self.trail.append(n.uid)
            self.stored.setdefault(n.uid, []).append(self.path)
            return f"({name} := {text})"
        return text

    def test(self, n: N) -> tuple[str, list[int]]:
        """An ``if`` test: its source, and the temporaries set whenever it holds (every operand of an ``and``)."""
        if n.kind != AND or n.uid in self.avail or n.uid in self.lazy:
            return self.expr(n), []
        first = self.expr(n.args[0])
        mark = len(self.trail)
        rest = [self.expr(a) for a in n.args[1:]]
        extra = self.trail[mark:]
        self.undo(mark)
        text = self.keep(n, "(" + " and ".join([first, *rest]) + ")")
        return text, extra

    def text(self) -> str:
        out = self.render()
        lazy = {uid for uid, paths in self.stored.items() if len(paths) >= 2 and not exclusive(paths)}
        self.lazy = {n.uid for n in self.nodes() if n.uid in lazy and self.own_cost(n) >= LAZY_COST}
        if not self.lazy:
            return out
        self.start()
        out = self.render()
        names = sorted((self.names[uid] for uid in self.lazy if uid in self.names), key=lambda x: int(x[1:]))
        depth = self.lines[0][0]
        return "    " * depth + " = ".join([*names, "None"]) + "\n" + out

    def tempable(self, n: N) -> bool:
        return n.pure and n.cost >= 2 and self.uses.get(n.uid, 0) >= 2

    def own_cost(self, n: N) -> int:
        """The cost of evaluating ``n`` when its operands that have temporaries are at hand."""
        return 1 + sum(0 if a.kind == ATOM or self.tempable(a) else self.own_cost(a) for a in n.args)

    def nodes(self) -> list[N]:
        """Every node the lines read."""
        out: list[N] = []
        seen: set[int] = set()
        todo = [p for _, parts in self.lines for p in parts if isinstance(p, N)]
        while todo:
            n = todo.pop()
            if n.uid in seen:
                continue
            seen.add(n.uid)
            out.append(n)
            todo.extend(n.args)
        return out

    def render(self) -> str:
        out: list[str] = []
        scopes = [0]  # per depth: the trail length when its block began
        blocks: list[tuple[int, int]] = []  # per depth below the line's: (if-chain, arm) of the block
        chains: dict[int, tuple[int, int]] = {}  # per depth: the last if-chain opened there and its arm
        ids = count()
        for depth, parts in self.lines:
            while len(scopes) > depth + 1:
                self.undo(scopes.pop())
                blocks.pop()
            while len(scopes) < depth + 1:  # the text starts inside blocks opened elsewhere
                scopes.append(len(self.trail))
                blocks.append((next(ids), 0))
            head = parts[0] if parts and isinstance(parts[0], str) else ""
            tail = parts[-1] if parts and isinstance(parts[-1], str) else ""
            opener = tail.endswith(":") and head.startswith(_OPENERS)
            self.path = tuple(blocks)
            block = (next(ids), 0)
            if opener and (head.startswith("elif ") or head.startswith("else")):
                block = chains[depth] = (chains[depth][0], chains[depth][1] + 1)
            elif opener and head.startswith("if "):
                chains[depth] = block
            extra: list[int] = []
            if opener and head.startswith("elif "):
                scopes.append(len(self.trail))
                blocks.append(block)
                self.path = tuple(blocks)
            texts = []
            for p in parts:
                if isinstance(p, str):
                    texts.append(p)
                elif len(parts) == 3 and head in ("if ", "elif ") and tail == ":":
                    t, extra = self.test(p)
                    texts.append(t)
                else:
                    texts.append(self.expr(p))
            if opener and not head.startswith("elif "):
                scopes.append(len(self.trail))
                blocks.append(block)
            for uid in extra:
                if uid not in self.avail:
                    self.avail.add(uid)
                    self.trail.append(uid)
            out.append("    " * depth + "".join(texts))
        return "\n".join(out) + "\n"


def exclusive(paths: list[tuple[tuple[int, int], ...]]) -> bool:
    """Whether no two of these places can both run (each pair lies in different arms of one if-chain)."""
    for i, p in enumerate(paths):
        for q in paths[i + 1:]:
            for a, b in zip(p, q):
                if a != b:
                    if a[0] != b[0]:
                        return False  # different chains: one after the other
                    break  # arms of one chain: never both
            else:
                return False  # one inside the other, or the same block
    return True
