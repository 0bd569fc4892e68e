"""Step-program expressions as Python text, with common subexpressions kept in locals.

``Emitter`` renders lines (strings and expression nodes, each line saying which block it opens)
to Python. A pure node referenced more than once gets a temporary: the first evaluation stores
it (``(t := ...)``); later occurrences read it where that evaluation certainly ran on every
path there (tracked through the block structure and short-circuit operators: what a skipped
operand, a conditional branch, a ``try`` body or an ``elif`` test assigns is forgotten when
leaving it). This never evaluates anything the interpreter would not, nor anything twice
where once is known to suffice.

A costly node that would still be evaluated in several such places (a definition read by
guards in different branches and by conditional parts of the properties) is made lazy: its
temporary is reset to None where the code starts and each of those places reads
``(t if t is not None else (t := ...))``, so it is evaluated at most once.

The Python of each node: ``//`` and ``%`` where the division is ``exact`` (Python's floor
division agrees with truncation there), the helpers ``_div``/``_mod``/``_ix``/``_bad`` of the
generated module otherwise (codegen.HELPERS).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import count

from .program import Node

LAZY_COST = 6  # a node this costly, evaluated in several places none of which is known to come first, is lazy

Part = str | Node


@dataclass(frozen=True, slots=True)
class Line:
    """One line of Python: its indentation depth, its parts, and the block it opens, if any.

    ``opens``: "if", "elif", "else", "try", "except" or "block" (any other compound statement);
    ``test``: the part that is an ``if``/``elif`` test (whose ``and`` operands are then known set
    inside the block)."""

    depth: int
    parts: tuple[Part, ...]
    opens: str | None = None
    test: Node | None = None


def lit(v: int) -> str:
    """An int as Python: decimal, or hexadecimal when long (decimal text of ints over 4,300 digits
    is refused by CPython both ways; states of thousands of instances have such masks)."""
    if -(1 << 64) < v < (1 << 64):
        return str(v)
    return f"-{-v:#x}" if v < 0 else f"{v:#x}"


def leaf_runs(leaves: Iterable[int]) -> list[list[int]]:
    """``leaves`` as intervals [first, last] of consecutive numbers, in order."""
    runs: list[list[int]] = []
    for x in sorted(leaves):
        if runs and runs[-1][1] == x - 1:
            runs[-1][1] = x
        else:
            runs.append([x, x])
    return runs


def leaf_test(src: str, leaves: Iterable[int], negated: bool = False) -> str:
    """A test that ``src`` (a leaf number) is one of ``leaves``, as few comparisons as intervals allow
    (``negated``, for a single leaf: that it is not that one)."""
    runs = leaf_runs(leaves)
    if not runs:
        return "False"
    if negated:
        assert len(runs) == 1 and runs[0][0] == runs[0][1]
        return f"({src} != {runs[0][0]})"
    parts = [f"{src} == {a}" if a == b else f"{a} <= {src} <= {b}" for a, b in runs]
    if len(parts) == 1:
        return f"({parts[0]})"
    return "(" + " or ".join(parts) + ")"


def atom_text(n: Node) -> str:
    op = n.op
    if op == "int":
        return f"({lit(n.data)})" if n.data < 0 else lit(n.data)
    if op == "bool":
        return "True" if n.data else "False"
    if op == "field":
        return f"f{n.data}"
    if op == "work":
        return f"w{n.data}"
    if op == "local":
        return str(n.data)
    if op == "error":
        return "_bad()"
    raise AssertionError(f"no Python for {n!r}")


def composite_text(n: Node, args: list[str]) -> str:
    """The Python of a composite node whose operands read ``args``."""
    op = n.op
    if op == "not":
        return f"(not {args[0]})"
    if op == "neg":
        return f"(-{args[0]})"
    if op in ("/", "%"):
        if n.data:  # exact: both operands >= 0, the divisor > 0
            return f"({args[0]} {'//' if op == '/' else '%'} {args[1]})"
        return f"{'_div' if op == '/' else '_mod'}({args[0]}, {args[1]})"
    if op == "in":
        values, negated = n.data
        return leaf_test(args[0], values, negated)
    if op == "pick":
        return "(" + "".join(f"{a}, " for a in args[:-1]) + f")[_ix({args[-1]}, {n.data})]"
    if op == "checked":
        return f"_ix({args[0]}, {n.data})"
    if op == "count":
        return "(" + " + ".join([f"({a})" for a in args] + ([str(n.data)] if n.data else [])) + ")"
    if op == "satinc":
        return f"({args[0]} + ({args[0]} < {n.data}))"
    assert len(args) == 2, n  # comparisons and arithmetic
    return f"({args[0]} {op} {args[1]})"


def plain(n: Node) -> str:
    """The source of ``n`` without temporaries."""
    if n.atom:
        return atom_text(n)
    if n.op in ("and", "or"):
        return "(" + f" {n.op} ".join(plain(a) for a in n.args) + ")"
    if n.op == "cond":
        c, a, b = n.args
        return f"({plain(a)} if {plain(c)} else {plain(b)})"
    return composite_text(n, [plain(a) for a in n.args])


class Emitter:
    """Renders lines; see the module docstring for the temporaries."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.uses: dict[int, int] = {}
        roots: list[Node] = [p for line in lines for p in line.parts if isinstance(p, Node)]
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

    def count(self, roots: Iterable[Node]) -> None:
        uses = self.uses
        todo = list(roots)
        while todo:
            n = todo.pop()
            if n.atom:
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

    def name(self, n: Node) -> str:
        name = self.names.get(n.uid)
        if name is None:
            name = self.names[n.uid] = f"t{len(self.names)}"
        return name

    def expr(self, n: Node) -> str:
        if n.atom:
            return atom_text(n)
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

    def body(self, n: Node) -> str:
        op = n.op
        if op == "cond":
            c = self.expr(n.args[0])
            mark = len(self.trail)
            a = self.expr(n.args[1])
            self.undo(mark)
            b = self.expr(n.args[2])
            self.undo(mark)
            return f"({a} if {c} else {b})"
        if op in ("and", "or"):
            first = self.expr(n.args[0])
            mark = len(self.trail)
            rest = [self.expr(a) for a in n.args[1:]]
            self.undo(mark)
            return "(" + f" {op} ".join([first, *rest]) + ")"
        return composite_text(n, [self.expr(a) for a in n.args])

    def keep(self, n: Node, text: str) -> str:
        if self.tempable(n):
            name = self.name(n)
            self.avail.add(n.uid)
            self.trail.append(n.uid)
            self.stored.setdefault(n.uid, []).append(self.path)
            return f"({name} := {text})"
        return text

    def test(self, n: Node) -> tuple[str, list[int]]:
        """An ``if`` test: its source, and the temporaries set whenever it holds (every operand of an ``and``)."""
        if n.op != "and" or n.uid in self.avail or n.uid in self.lazy:
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
        depth = self.lines[0].depth
        return "    " * depth + " = ".join([*names, "None"]) + "\n" + out

    def tempable(self, n: Node) -> bool:
        return n.pure and n.cost >= 2 and self.uses.get(n.uid, 0) >= 2

    def own_cost(self, n: Node) -> int:
        """The cost of evaluating ``n`` when its operands that have temporaries are at hand."""
        return 1 + sum(0 if a.atom or self.tempable(a) else self.own_cost(a) for a in n.args)

    def nodes(self) -> list[Node]:
        """Every node the lines read."""
        out: list[Node] = []
        seen: set[int] = set()
        todo = [p for line in self.lines for p in line.parts if isinstance(p, Node)]
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
        for line in self.lines:
            depth, parts, opens = line.depth, line.parts, line.opens
            while len(scopes) > depth + 1:
                self.undo(scopes.pop())
                blocks.pop()
            while len(scopes) < depth + 1:  # the text starts inside blocks opened elsewhere
                scopes.append(len(self.trail))
                blocks.append((next(ids), 0))
            self.path = tuple(blocks)
            block = (next(ids), 0)
            if opens in ("elif", "else"):
                block = chains[depth] = (chains[depth][0], chains[depth][1] + 1)
            elif opens == "if":
                chains[depth] = block
            extra: list[int] = []
            if opens == "elif":
                scopes.append(len(self.trail))
                blocks.append(block)
                self.path = tuple(blocks)
            texts = []
            for p in parts:
                if isinstance(p, str):
                    texts.append(p)
                elif p is line.test:
                    t, extra = self.test(p)
                    texts.append(t)
                else:
                    texts.append(self.expr(p))
            if opens is not None and opens != "elif":
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


__all__ = ["Emitter", "Line", "exclusive", "leaf_runs", "leaf_test", "lit", "plain"]
