"""Generate the search's inner loop as Python source and exec it.

The plan's step program (``stepgen.py``: what expanding a state does, as data) is printed as
Python (``pyprint.py``) and compiled. A check whose property is decided is dropped by
regenerating the code (the search calls ``load`` again with fewer checks live); monitor
updates stay, so stored states never change meaning. A ``reachable`` witness needs no new
code: its check is skipped once found (a local flag). A ``GenCache`` keeps what a plan's
regenerations share: the interned nodes, the compiled expressions, the unpacking tables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .build import Plan
from .exprs import Memo
from .moves import Live
from .program import Nodes
from .props import Binding
from .pyprint import Printer, Tables
from .stepgen import predicate_program, step_program
from .symmetry import canon_source

HELPERS = '''
class _ME(Exception):
    """A model error: out-of-range assignment, index out of bounds, division by zero."""


def _bad():
    raise _ME


def _ix(i, n):
    if 0 <= i < n:
        return i
    raise _ME


def _div(a, b):
    if b == 0:
        raise _ME
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _mod(a, b):
    return a - _div(a, b) * b


def _dn(n, b, base, w, m, j):
    """Block j (value b, already in n) belongs further left: shift the blocks between up one slot.
    Blocks 0..j-1 are sorted and block j-1 > b: binary search for the first block > b."""
    p, q = 0, j - 1
    while p < q:
        h = (p + q) >> 1
        if (n >> (base + h * w) & m) > b:
            q = h
        else:
            p = h + 1
    lo = base + p * w
    hi = base + j * w
    seg = n >> lo & ((1 << (hi - lo)) - 1)
    n &= ~(((1 << (hi + w - lo)) - 1) << lo)
    return n | seg << (lo + w) | b << lo


def _up(n, b, base, w, m, j, count):
    """Block j (value b, already in n) belongs further right: shift the blocks between down one slot.
    Blocks j+1.. are sorted and block j+1 < b: binary search for the last block < b."""
    p, q = j + 1, count - 1
    while p < q:
        h = (p + q + 1) >> 1
        if (n >> (base + h * w) & m) < b:
            p = h
        else:
            q = h - 1
    lo = base + (j + 1) * w
    hi = base + (p + 1) * w
    seg = n >> lo & ((1 << (hi - lo)) - 1)
    n &= ~(((1 << (hi - lo + w)) - 1) << (lo - w))
    return n | seg << (lo - w) | b << (hi - w)
'''


class GenCache:
    """What generating code for one plan can reuse: interned nodes, compiled expressions, unpacking tables."""

    def __init__(self) -> None:
        self.nodes = Nodes()
        self.memo: Memo = {}
        self.tables: Tables = {}


def generate(plan: Plan, live: Live, mode: str, symmetric: bool, limited: bool = False,
             cache: GenCache | None = None) -> tuple[str, dict[str, Any]]:
    """The source of ``explore`` (or ``succ``) with its 'stable' predicates, and the tables it reads."""
    cache = cache if cache is not None else GenCache()
    program = step_program(plan, live, mode, cache.nodes, cache.memo)
    printer = Printer(plan, live, mode, symmetric, limited, cache.tables)
    body = printer.function(program)
    stables = Printer(plan, Live(), "succ", False, False, cache.tables)
    predicates = "\n".join(stables.predicate(node, risky, f"SP{j}") for j, _, node, risky in program.stables)
    printer.tables.update(stables.tables)
    return HELPERS + "\n" + canon_source(plan) + "\n" + predicates + "\n" + body, dict(printer.tables)


def load(plan: Plan, live: Live, mode: str, symmetric: bool, limited: bool = False,
         cache: GenCache | None = None) -> Callable[..., Any]:
    """Generate, compile and return ``explore`` or ``succ``."""
    src, ns = generate(plan, live, mode, symmetric, limited, cache)
    exec(compile(src, f"<lifefsm {mode} {plan.system.name}>", "exec"), ns)  # noqa: S102 - generated from the IR
    fn = ns["succ" if mode == "succ" else "explore"]
    assert callable(fn)
    return fn  # type: ignore[no-any-return]


def predicate_source(plan: Plan, expr: Any, bind: Binding, name: str, cache: GenCache | None = None,
                     tables: dict[str, Any] | None = None) -> str:
    """Source of ``name(s)``: 1 if ``expr`` holds in state ``s``, 0 if not, 2 on a model error
    (the unpacking tables it reads are added to ``tables``)."""
    cache = cache if cache is not None else GenCache()
    node, risky = predicate_program(plan, expr, bind, cache.nodes, cache.memo)
    printer = Printer(plan, Live(), "succ", False, False, cache.tables)
    text = printer.predicate(node, risky, name)
    if tables is not None:
        tables.update(printer.tables)
    return text


def load_predicate(plan: Plan, expr: Any, bind: Binding) -> Callable[[int], int]:
    """A compiled state predicate: 1 if ``expr`` holds in a state, 0 if not, 2 on a model error."""
    ns: dict[str, Any] = {}
    src = HELPERS + "\n" + predicate_source(plan, expr, bind, "pred", tables=ns)
    exec(compile(src, "<lifefsm predicate>", "exec"), ns)  # noqa: S102 - generated from the IR
    fn = ns["pred"]
    assert callable(fn)
    return fn  # type: ignore[no-any-return]


__all__ = ["GenCache", "generate", "load", "load_predicate", "predicate_source"]
