"""Step-program expressions as C over 64-bit signed integers, and the ranges that make them exact.

Python's ints are unbounded; C's ``int64_t`` is not. ``Ranges`` bounds every node of a program
from the ranges of the fields (``lo``..``hi`` of the layout), the constants and what the
statements assign, conservatively; ``CExpr`` refuses (``TooWide``) any node whose bound leaves
``LIMIT``, so that every C expression printed is exact: no overflow, no undefined behaviour.

A model error inside an expression jumps to the error exit of the enclosing ``Try`` (a label)
through a GNU C statement expression (``({ ... goto E; ... })``), which gcc and clang accept:
the operands are evaluated in Python's order (left to right, every element of a ``pick`` before
its index), so the same evaluations fail.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import Any

from ..checker import program as p
from ..checker.plan import Field
from ..checker.program import Node
from ..checker.pytext import leaf_runs

# the leaves of an expression, as C text: literals, fields (f<i>), work words (w<i>), locals (L_<name>)
_ATOMS: dict[str, Callable[[Any], str]] = {
    "int": lambda d: f"INT64_C({d})",
    "bool": lambda d: "1" if d else "0",
    "field": lambda d: f"f{d}",
    "work": lambda d: f"w{d}",
    "local": lambda d: f"L_{d}",
}

LIMIT = 1 << 62  # every value and intermediate result stays within +-LIMIT (int64_t is exact there)
CLOCK_MAX = 1 << 29  # a zone's constants stay below this (lf_dbm.h: the sum of two bounds cannot overflow)
# a clock comparison as lf_catom's operator code (lf_zengine.c)
CLOCK_OPS = {"<": 0, "<=": 1, "==": 2, "!=": 3, ">=": 4, ">": 5}
FLIP = {"<": ">", "<=": ">=", "==": "==", "!=": "!=", ">=": "<=", ">": "<"}

Bound = tuple[int, int]


class TooWide(Exception):
    """A value may leave the range C computes exactly; ``str()`` says which."""


def _join(a: Bound | None, b: Bound) -> Bound:
    return b if a is None else (min(a[0], b[0]), max(a[1], b[1]))


class Ranges:
    """Conservative bounds of nodes, work values and locals of one program."""

    def __init__(self, fields: tuple[Field, ...]):
        self.fields = fields
        self.work: dict[int, Bound] = {k: (f.lo, f.hi) for k, f in enumerate(fields)}
        self.locals: dict[str, Bound] = {}
        self.memo: dict[int, Bound] = {}

    def statements(self, stmts: list[p.Stmt]) -> None:
        """Widen the work values and locals by everything ``stmts`` assign (in order: sequential Adds
        accumulate)."""
        for s in stmts:
            if isinstance(s, p.Set):
                self.widen_work(s.k, self.node(s.value))
            elif isinstance(s, p.Let):
                b = self.node(s.value)
                old = self.locals.get(s.name)
                self.locals[s.name] = _join(old, b)
                if old is not None and self.locals[s.name] != old:
                    self.memo.clear()
            elif isinstance(s, p.Add):
                lo, hi = self.work[s.k]
                self.widen_work(s.k, (lo + min(s.delta, 0), hi + max(s.delta, 0)))
            elif isinstance(s, p.If):
                for c, body in s.arms:
                    self.node(c)
                    self.statements(body)
                self.statements(s.orelse or [])
            elif isinstance(s, p.Switch):
                self.node(s.subject)
                for _, body in s.cases:
                    self.statements(body)
            elif isinstance(s, p.Try):
                self.statements(s.body)
                self.statements(s.handler)
            elif isinstance(s, p.Tick):
                self.statements(s.then)
            elif isinstance(s, p.Successor):
                for _, new, _ in s.changes:
                    if not new.is_const:
                        self.node(new.node)

    def widen_work(self, k: int, b: Bound) -> None:
        old = self.work[k]
        new = _join(old, b)
        self.check(new, self.fields[k].name)
        if new != old:
            self.work[k] = new
            self.memo.clear()

    @staticmethod
    def check(b: Bound, what: str) -> Bound:
        if b[0] < -LIMIT or b[1] > LIMIT:
            raise TooWide(f"{what} may reach {b[1] if b[1] > LIMIT else b[0]}, beyond 64-bit integers")
        return b

    def node(self, n: Node) -> Bound:
        hit = self.memo.get(n.uid)
        if hit is None:
            hit = self.memo[n.uid] = self.check(self._node(n), "an expression")
        return hit

    def _node(self, n: Node) -> Bound:  # noqa: C901 - one case per operator
        op = n.op
        if op == "int":
            return (n.data, n.data)
        if op in ("bool", "not", "and", "or", "in") or op in p.COMPARISONS:
            for a in n.args:
                self.node(a)
            return (0, 1)
        if op == "field":
            f = self.fields[n.data]
            return (f.lo, f.hi)
        if op == "work":
            return self.work[n.data]
        if op == "local":
            return self.locals.get(n.data, (0, 1))  # r<j> flags are set before any Let
        if op == "error":
            return (0, 0)
        if op == "clock":  # symbolic successors: a clock's value, only ever compared (zprint.py)
            return (0, CLOCK_MAX)
        if op == "begin":
            return (0, 1)
        args: list[Bound] = [self.node(x) for x in n.args]
        if op == "neg":
            return (-args[0][1], -args[0][0])
        if op in ("+", "-", "*"):
            (lo1, hi1), (lo2, hi2) = args
            if op == "+":
                return (lo1 + lo2, hi1 + hi2)
            if op == "-":
                return (lo1 - hi2, hi1 - lo2)
            xs = (lo1 * lo2, lo1 * hi2, hi1 * lo2, hi1 * hi2)
            return (min(xs), max(xs))
        if op in ("/", "%"):
            m = max(abs(args[0][0]), abs(args[0][1]))
            if op == "/":
                return (-m, m)
            d = max(abs(args[1][0]), abs(args[1][1]))
            return (-min(m, d), min(m, d))
        if op == "cond":
            return _join(args[1], args[2])
        if op == "pick":
            out: Bound | None = None
            for arg in args[:-1]:
                out = _join(out, arg)
            assert out is not None
            return out
        if op == "checked":
            return args[0]
        if op == "count":
            return (n.data, n.data + len(args))
        if op == "satinc":
            return (args[0][0], max(args[0][1], min(args[0][1] + 1, n.data)))
        raise TooWide(f"no C for the operation '{op}'")


class CExpr:
    """The C text of nodes; ``label``: where a model error jumps (None: nowhere may fail)."""

    def __init__(self, ranges: Ranges):
        self.ranges = ranges
        self.ids = count()
        self.temps: dict[int, str] = {}  # node -> the constant that holds its value in this function

    def hoist(self, roots: list[Node]) -> list[str]:
        """Declarations of constants for the nodes that ``roots`` share (pure, never failing, not trivial,
        referenced twice or more): the generated expressions stay a DAG, not a tree, which keeps the
        C small and quick to compile. The caller prints them first; ``text`` then reads them."""
        uses: dict[int, int] = {}
        order: list[Node] = []
        todo: list[tuple[Node, bool]] = [(r, False) for r in reversed(roots)]
        while todo:
            x, done = todo.pop()
            if done:
                order.append(x)
                continue
            if x.atom:
                continue
            c = uses.get(x.uid)
            uses[x.uid] = (c or 0) + 1
            if c is None:
                todo.append((x, True))
                todo.extend((a, False) for a in reversed(x.args))
        self.temps = {}
        out = []
        for x in order:
            if uses[x.uid] >= 2 and x.pure and x.cost >= 3 and self.safe(x):
                text = self.text(x, None)
                name = f"t{len(self.temps)}"
                self.temps[x.uid] = name
                out.append(f"    const int64_t {name} = {text}; (void){name};")
        return out

    def safe(self, n: Node, memo: dict[int, bool] | None = None) -> bool:
        """``n`` may be evaluated anywhere in the function: it never hits a model error, and holds no
        division (an ``exact`` one is exact only where the facts of its path hold: its divisor may
        be 0 elsewhere)."""
        memo = memo if memo is not None else {}
        hit = memo.get(n.uid)
        if hit is None:
            op = n.op
            hit = op not in ("error", "pick", "checked", "deferred", "/", "%") \
                and all(self.safe(a, memo) for a in n.args)
            memo[n.uid] = hit
        return hit

    def text(self, n: Node, label: str | None) -> str:  # noqa: C901 - one case per operator
        name = self.temps.get(n.uid)
        if name is not None:
            return name
        self.ranges.node(n)
        op = n.op
        atom = _ATOMS.get(op)
        if atom is not None:
            return atom(n.data)
        if op == "error":
            return f"({{ goto {self.need(label)}; (int64_t)0; }})"
        if op == "begin":
            return f"lf_begin(X, {n.data})"
        if op == "clock":
            raise TooWide("a clock read as a value (only comparisons of clocks have a symbolic meaning)")
        if op in p.COMPARISONS and any(x.op == "clock" for x in n.args):
            return self.clock_atom(n, label)
        a = [self.text(x, label) for x in n.args]
        if op == "not":
            return f"(!{a[0]})"
        if op == "neg":
            return f"(-{a[0]})"
        if op in ("and", "or"):
            return "(" + (" && " if op == "and" else " || ").join(a) + ")"
        if op == "cond":
            return f"({a[0]} ? {a[1]} : {a[2]})"
        if op in ("/", "%"):
            c = "/" if op == "/" else "%"
            if n.data:
                return f"({a[0]} {c} {a[1]})"
            i = next(self.ids)
            return (f"({{ int64_t _a{i} = {a[0]}, _b{i} = {a[1]}; if (_b{i} == 0) goto {self.need(label)}; "
                    f"_a{i} {c} _b{i}; }})")
        if op == "in":
            values, negated = n.data
            return leaf_test(a[0], values, negated)
        if op == "pick":
            i = next(self.ids)
            elems = a[:-1]
            decl = "".join(f"int64_t _p{i}_{j} = {e}; " for j, e in enumerate(elems))
            pick = f"_p{i}_{len(elems) - 1}"
            for j in range(len(elems) - 2, -1, -1):
                pick = f"(_i{i} == {j} ? _p{i}_{j} : {pick})"
            return (f"({{ {decl}int64_t _i{i} = {a[-1]}; if (_i{i} < 0 || _i{i} >= {n.data}) "
                    f"goto {self.need(label)}; {pick}; }})")
        if op == "checked":
            i = next(self.ids)
            return (f"({{ int64_t _i{i} = {a[0]}; if (_i{i} < 0 || _i{i} >= {n.data}) goto {self.need(label)}; "
                    f"_i{i}; }})")
        if op == "count":
            return "(" + " + ".join([f"({x} != 0)" for x in a] + ([f"INT64_C({n.data})"] if n.data else [])) + ")"
        if op == "satinc":
            return f"({a[0]} + ({a[0]} < INT64_C({n.data})))"
        assert len(a) == 2 and (op in p.COMPARISONS or op in ("+", "-", "*")), n
        return f"({a[0]} {op} {a[1]})"

    def clock_atom(self, n: Node, label: str | None) -> str:
        """``x op e`` or ``x op y`` on the zone: lf_catom splits it (zones/engine.py's fvalues)."""
        left, right = n.args
        op = n.op
        if left.op != "clock":
            left, right, op = right, left, FLIP[op]
        if right.op == "clock":
            return f"lf_catom(X, {left.data}, {right.data}, {CLOCK_OPS[op]}, INT64_C(0))"
        return f"lf_catom(X, {left.data}, 0, {CLOCK_OPS[op]}, {self.text(right, label)})"

    @staticmethod
    def need(label: str | None) -> str:
        if label is None:
            raise TooWide("an expression that may fail outside any error exit")
        return label


def leaf_test(src: str, leaves: tuple[int, ...] | list[int], negated: bool = False) -> str:
    """``src`` is one of ``leaves`` (intervals as comparisons); ``negated``: is not that one leaf."""
    runs = leaf_runs(leaves)
    if not runs:
        return "0"
    if negated:
        assert len(runs) == 1 and runs[0][0] == runs[0][1]  # as pytext.leaf_test: one leaf only
        return f"({src} != {runs[0][0]})"
    parts = [f"{src} == {a}" if a == b else f"({a} <= {src} && {src} <= {b})" for a, b in runs]
    return "(" + " || ".join(parts) + ")"


__all__ = ["LIMIT", "CExpr", "Ranges", "TooWide", "leaf_test"]
