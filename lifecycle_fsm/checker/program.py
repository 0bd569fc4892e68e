"""The step program: what one expansion of a packed state does, as data, before any text is printed.

The checker's generator (``stepgen.py``, ``moves.py``) turns a plan into a ``Program``; a printer
turns the program into source: ``pyprint.py`` prints the Python the search runs (a C printer can
print the same program). Nothing in the program is target text: expressions are typed trees over
the fields of the packed state, statements say what happens, and the printer decides how.

Expressions (``Node``, interned: equal expressions are one object, so a printer can keep a value
it has computed in a temporary):

========  ============  =====================================================================
op        data          value
========  ============  =====================================================================
int       the integer   a constant
bool      True / False  a constant truth value (0 or 1)
field     k             field ``k`` of the state being expanded: ``(s >> offset & mask) + lo``
                        with the offset, width and low end of ``Program.fields[k]``
work      k             the step's current value of field ``k`` (set by ``Set``/``Reload``)
local     name          a value the step computed (``Let``): the receiver of an indexed send
not, neg                ``not a``, ``-a``
== != ...               comparisons ``< <= > >=`` too: a truth value
+ - *                   integer arithmetic, unbounded (the facts of ``exprs.Value`` bound it)
/ %       exact         division and remainder truncating toward zero, as in C; a zero divisor
                        is a model error. ``exact``: both operands are known to be >= 0 and
                        the divisor > 0 (no check, and floor and truncation agree)
and, or                 short-circuit, left to right, over truth values
cond                    ``args[1] if args[0] else args[2]``
in        values        ``args[0]`` is one of ``values`` (sorted small integers: leaf numbers);
                        ``values`` negative means *not* one of them (``data = (values, True)``)
pick      n             ``args[:-1][args[-1]]``; a model error unless ``0 <= index < n``
checked   n             ``args[0]``; a model error unless ``0 <= args[0] < n``
count     k             the number of true ``args``, plus ``k``
satinc    cap           ``args[0] + 1`` if ``args[0] < cap`` else ``args[0]`` (a clock's tick)
error                   always a model error
clock     x             symbolic successors only (``zsucc``): clock number ``x`` (1-based, the
                        layout's clock fields in order), whose value lies in the zone; it appears
                        only as an operand of a comparison, which the printer turns into a
                        zone split (docs/design/symbolic-time.md, 9.1). Not pure
begin     move id       symbolic successors only: whether this move is the one being run
========  ============  =====================================================================

A model error aborts the statement list up to the nearest ``Try``, which runs its handler.

Statements: ``Set(k, e)`` (work k := e), ``Reload(k)`` (work k := field k of the successor built
so far), ``Add(k, d)`` (work k += d), ``Bound(k, lo, hi)`` (a model error unless
lo <= work k <= hi; None: no such side), ``Fail()``, ``Let(name, e)``, ``Successor(base, changes)``
(the successor ``n``: the pre-state (base ``s``) or ``n`` itself (base ``n``) with fields replaced,
``changes`` = (k, new value, value in base) each), ``If(arms, orelse)``, ``Switch(subject, cases,
orelse)`` (``subject == value`` arms: a leaf, a send's receiver), ``Try(body, handler)``,
``Event(kind, args)`` (what the search records: ``succ(move, tick, changed fields)`` a successor
in ``n``, ``violation(pid, move)``, ``property_error(pid, move)``, ``undo(move)``, ``overflow(pid, move)``,
``cover(move, gid, transition)``, ``moved``, ``reach(j)``, ``dead``; in symbolic successors also
``zreset(x)`` (clock x is reset in the zone) and ``gcheck`` (the guard held: the move goes on only
if its part of the zone has an integer point)), ``Pass()``, ``Comment(text)``.

A ``Program`` holds, for one plan and one set of checks still live, the state checks (run when a
state is expanded), the moves (a ``Switch`` on each instance's leaf), the tick and the deadlock
check; ``stables`` are the 'stable' properties' state predicates, which the search evaluates on
each successor apart (1 holds, 0 fails, 2 a model error).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from .plan import Field

_uids = count()

COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
FLIPPED = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
ATOMS = ("int", "bool", "field", "work", "local", "error", "deferred", "clock")
IMPURE_ATOMS = ("work", "local", "deferred", "clock")
# ``begin`` (a move of the symbolic successor starts: whether it is the one being run) reads the
# runtime, not the state: never kept in a temporary
IMPURE_OPS = ("begin",)


class Node:
    """One expression of the step program (see the module docstring for ``op`` and ``data``).

    ``pure``: the value depends only on the state being expanded (not on what a step assigns),
    so it may be kept in a temporary. ``cost``: roughly the operations it takes to evaluate."""

    __slots__ = ("uid", "op", "data", "args", "pure", "cost")

    def __init__(self, op: str, data: Any, args: tuple[Node, ...], pure: bool, cost: int):
        self.uid = next(_uids)
        self.op = op
        self.data = data
        self.args = args
        self.pure = pure
        self.cost = cost

    @property
    def atom(self) -> bool:
        return self.op in ATOMS

    def __repr__(self) -> str:
        return f"Node({self.op}, {self.data!r}, {self.args!r})"


_atoms: dict[tuple[str, Any], Node] = {}


def atom(op: str, data: Any) -> Node:
    """A constant, a field, a work value or a local (interned for good: there are few of them)."""
    key = (op, data)
    n = _atoms.get(key)
    if n is None:
        n = _atoms[key] = Node(op, data, (), op not in IMPURE_ATOMS, 0)
    return n


def const_node(v: int | bool) -> Node:
    return atom("bool", bool(v)) if isinstance(v, bool) else atom("int", v)


ERROR = atom("error", None)


class Nodes:
    """The interning table of composite nodes for one plan (shared by all code generated for it)."""

    def __init__(self) -> None:
        self.table: dict[tuple[Any, ...], Node] = {}

    def make(self, op: str, *args: Node, data: Any = None) -> Node:
        key = (op, data, *[a.uid for a in args])
        n = self.table.get(key)
        if n is None:
            cost = (len(args) - 1 if op in ("and", "or") else 1) + sum(a.cost for a in args)
            n = self.table[key] = Node(op, data, args, op not in IMPURE_OPS and all(a.pure for a in args), cost)
        return n


def fields_read(roots: Iterator[Node] | list[Node]) -> set[int]:
    """The fields (``field`` nodes) the expressions ``roots`` read."""
    return atoms_read(roots, "field")


def atoms_read(roots: Iterator[Node] | list[Node], op: str) -> set[Any]:
    """The data of the atoms of kind ``op`` (``field``: field numbers, ``local``: names) ``roots`` read."""
    out: set[Any] = set()
    seen: set[int] = set()
    todo = list(roots)
    while todo:
        x = todo.pop()
        if x.uid in seen:
            continue
        seen.add(x.uid)
        if x.op == op:
            out.add(x.data)
        else:
            todo.extend(x.args)
    return out


# ---- statements -----------------------------------------------------------------------------


class Stmt:
    __slots__ = ()


@dataclass(slots=True)
class Set(Stmt):
    k: int
    value: Node


@dataclass(slots=True)
class Reload(Stmt):
    k: int


@dataclass(slots=True)
class Add(Stmt):
    k: int
    delta: int


@dataclass(slots=True)
class Bound(Stmt):
    k: int
    lo: int | None
    hi: int | None


@dataclass(slots=True)
class Fail(Stmt):
    pass


@dataclass(slots=True)
class Let(Stmt):
    name: str
    value: Node


@dataclass(slots=True)
class Successor(Stmt):
    base: str  # 's': the state being expanded; 'n': the successor built so far
    changes: list[tuple[Field, Any, Any]]  # (field, new value, value in base), values as exprs.Value


@dataclass(slots=True)
class If(Stmt):
    arms: list[tuple[Node, list[Stmt]]]
    orelse: list[Stmt] | None = None


@dataclass(slots=True)
class Switch(Stmt):
    subject: Node
    cases: list[tuple[int, list[Stmt]]]


@dataclass(slots=True)
class Try(Stmt):
    body: list[Stmt]
    handler: list[Stmt]


@dataclass(slots=True)
class Event(Stmt):
    kind: str
    args: tuple[Any, ...] = ()


@dataclass(slots=True)
class Pass(Stmt):
    pass


@dataclass(slots=True)
class Comment(Stmt):
    text: str


@dataclass(slots=True)
class Tick(Stmt):
    """Time passes: every clock field ``clocks`` below its cap goes up by one, giving the successor ``n``
    (``then``: what to do with it; nothing happens when every clock is at its cap)."""

    clocks: list[int]
    then: list[Stmt]


@dataclass(slots=True)
class Program:
    """One expansion of a packed state (module docstring), for one plan and the checks still live."""

    fields: tuple[Field, ...]
    checks: list[Stmt] = field(default_factory=list)  # the state's own checks, before any move
    moves: list[Stmt] = field(default_factory=list)
    tick: list[Stmt] = field(default_factory=list)
    deadlock: list[Stmt] = field(default_factory=list)
    # 'stable' checks still live: (index, pid, expression over a state, may raise); a successor is judged
    # by them (the value before the step is the local ``st<index>`` the checks set)
    stables: list[tuple[int, int, Node, bool]] = field(default_factory=list)

    def body(self) -> list[Stmt]:
        return self.checks + self.moves + self.tick + self.deadlock

