"""Bounds of integer values: the one table of interval rules, and the expressions of a system they apply to.

Kept here, pure and over the IR only, for every stage that bounds values: clock caps
(``instantiate/clocks.py``), the generated checker's range facts (``checker/exprs.py``), the
limits of the Promela export (``backends/promela_limits.py``) and the front end's overlap
analysis:

* ``sites``: every expression of a system, with the machine whose code it is and the
  binders in force (which kinds of expression count is a parameter: the callers differ);
* ``clock_comparisons``: every (operator, clock reference, other operand, binders) of an
  expression, in pre-order, a clock compared with a clock once for each side;
* ``arithmetic``, ``negated``, ``either``: the rule of each operator over intervals;
* ``interval``: bounds of an integer expression by those rules, the leaves bounded by a
  callback (what a machine parameter, an index or a count ranges over depends on how the
  caller has expanded the instances); ``Elements.leaf`` is the callback over the elements
  of an instantiated system.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple, TypeGuard

from . import model as ir
from .source import Span

COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
ARITHMETIC = ("+", "-", "*", "/", "%")

Interval = tuple[int, int]
Leaf = Callable[[ir.Expr], tuple[int, int] | None]  # a bound for a node, or None: by its operands
Args = tuple[tuple[str, ir.Value], ...]  # one instance's machine arguments


# ---- the expressions of a system -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Site:
    """An expression of the system, with the context that gives meaning to its names."""

    expr: ir.Expr
    machine: str | None  # the machine whose code this is (SelfInst), None for system properties
    bound: tuple[tuple[str, str], ...]  # binder variable -> instance or array name
    span: Span | None
    guard: ir.Expr | None = None  # an effect's: evaluated only when its transition's guard holds


def sites(machines: Iterable[ir.MachineDef], properties: Iterable[ir.PropertyDef], *,
          var_inits: bool = False, event_indices: bool = False) -> Iterator[Site]:
    """Every expression of ``machines`` and of the system ``properties``, in a fixed order:
    per machine its guards and effects, state invariants, (``var_inits``) variable
    initialisers, properties; then the system's properties. ``event_indices``: also the
    index of every array element an ordering or ``only when`` property names."""
    for m in machines:
        for t in m.transitions:
            if t.guard is not None:
                yield Site(t.guard, m.name, (), t.span)
            for eff in t.effects:
                if isinstance(eff, ir.Assign):
                    yield Site(eff.value, m.name, (), eff.span, t.guard)
                elif isinstance(eff, ir.SendEvent) and eff.index is not None:
                    yield Site(eff.index, m.name, (), eff.span, t.guard)
        for s in m.states:
            for inv in s.invariants:
                yield Site(inv, m.name, (), s.span)
        if var_inits:
            for v in m.vars:
                yield Site(v.init, m.name, (), v.span)
        for p in m.properties:
            yield from property_sites(p, m.name, event_indices=event_indices)
    for p in properties:
        yield from property_sites(p, None, event_indices=event_indices)


def property_sites(p: ir.PropertyDef, machine: str | None, *, event_indices: bool = False) -> Iterator[Site]:
    b = p.body
    bound: tuple[tuple[str, str], ...] = ()
    if isinstance(b, ir.OrderP | ir.OnlyWhenP) and b.binder is not None:
        bound = ((b.binder.var, b.binder.array),)
    exprs: list[ir.Expr] = []
    if isinstance(b, ir.InvariantP | ir.ReachableP | ir.StableP):
        exprs.append(b.expr)
    elif isinstance(b, ir.OnlyWhenP):
        exprs.append(b.cond)
    elif isinstance(b, ir.LeadsToP):
        exprs.extend(x for x in (b.lhs, b.rhs) if x is not None)
    for e in exprs:
        yield Site(e, machine, bound, p.span)
    if not event_indices:
        return
    refs: tuple[ir.EvRef, ...] = ()
    if isinstance(b, ir.OrderP):
        refs = b.first + b.second + b.reset
    elif isinstance(b, ir.OnlyWhenP):
        refs = b.events
    for r in refs:
        if isinstance(r.inst, ir.ElemInst):
            yield Site(r.inst.index, machine, bound, p.span)


# ---- sub-expressions and clock comparisons --------------------------------------------


def children(e: ir.Expr) -> tuple[ir.Expr, ...]:
    """The direct sub-expressions of ``e``, in evaluation order (an element's index last)."""
    if isinstance(e, ir.Not | ir.Neg):
        return (e.operand,)
    if isinstance(e, ir.Bin):
        return (e.left, e.right)
    if isinstance(e, ir.Cond):
        return (e.cond, e.then, e.orelse)
    if isinstance(e, ir.QuantE):
        return (e.body,)
    inst = getattr(e, "inst", None)
    if isinstance(inst, ir.ElemInst):
        return (inst.index,)
    return ()


def subexpressions(e: ir.Expr, bound: dict[str, str]) -> Iterator[tuple[ir.Expr, dict[str, str]]]:
    """``e`` and every sub-expression, in pre-order, each with the binders in force there."""
    yield e, bound
    if isinstance(e, ir.QuantE):
        bound = dict(bound)
        bound[e.var] = e.array
    for c in children(e):
        yield from subexpressions(c, bound)


def is_clock(e: ir.Expr) -> TypeGuard[ir.VarRef]:
    return isinstance(e, ir.VarRef) and isinstance(e.type, ir.ClockT)


def clock_sides(e: ir.Expr) -> tuple[tuple[ir.VarRef, ir.Expr], ...]:
    """For a comparison: (clock, other operand) for each operand that is a clock, left first."""
    if not isinstance(e, ir.Bin) or e.op not in COMPARISONS:
        return ()
    return tuple((a, b) for a, b in ((e.left, e.right), (e.right, e.left)) if is_clock(a))


class Comparison(NamedTuple):
    op: str
    clock: ir.VarRef
    other: ir.Expr
    bound: dict[str, str]  # the binders in force at the comparison


def clock_comparisons(e: ir.Expr, bound: dict[str, str]) -> Iterator[Comparison]:
    """Every comparison of a clock in ``e``, in pre-order (twice for two clocks, left first)."""
    for x, scope in subexpressions(e, bound):
        if isinstance(x, ir.Bin):
            for clock, other in clock_sides(x):
                yield Comparison(x.op, clock, other, scope)


# ---- what an instance reference denotes -----------------------------------------------


def decl_of(inst: ir.NamedInst | ir.ElemInst | ir.BoundInst, bound: dict[str, str]) -> str:
    """The instance declaration a reference other than ``self`` is to ('' if unbound)."""
    if isinstance(inst, ir.NamedInst):
        return inst.name
    if isinstance(inst, ir.ElemInst):
        return inst.array
    return bound.get(inst.var, "")


def machine_of(inst: ir.Inst, machine: str | None, bound: dict[str, str],
               decl_machine: dict[str, str]) -> str | None:
    """The machine of the instance ``inst`` refers to, in code of ``machine`` (None: unknown)."""
    if isinstance(inst, ir.SelfInst):
        return machine
    return decl_machine.get(decl_of(inst, bound))


# ---- interval arithmetic ---------------------------------------------------------------


def arithmetic(op: str, a: Interval, b: Interval, *, mod_by_divisor: bool = True) -> Interval:
    """The interval of ``x op y`` for ``x`` in ``a`` and ``y`` in ``b``: the one rule table of the
    arithmetic operators (+ - * / %, integer, truncating like C), for every stage that bounds values.

    ``x / y`` is within ±|x|; ``x % y`` too, and with ``mod_by_divisor`` also within ±|y| (a
    looser bound is still sound)."""
    if op == "+":
        return a[0] + b[0], a[1] + b[1]
    if op == "-":
        return a[0] - b[1], a[1] - b[0]
    if op == "*":
        ps = [x * y for x in a for y in b]
        return min(ps), max(ps)
    assert op in ("/", "%"), op
    m = max(abs(a[0]), abs(a[1]))
    if op == "%" and mod_by_divisor:
        m = min(m, max(abs(b[0]), abs(b[1])))
    return -m, m


def negated(a: Interval) -> Interval:
    """The interval of ``-x`` for ``x`` in ``a``."""
    return -a[1], -a[0]


def either(a: Interval, b: Interval) -> Interval:
    """The interval of a value that is in ``a`` or in ``b`` (the branches of an ``if``)."""
    return min(a[0], b[0]), max(a[1], b[1])


def interval(e: ir.Expr, leaf: Leaf, *, mod_by_divisor: bool) -> Interval | None:
    """Bounds of the integer expression ``e`` over every run (None: unknown).

    ``leaf(x)`` is asked first at every node: its interval is taken as it is; when it gives
    None, negation, ``if`` and arithmetic combine their operands' intervals by the rules above
    and anything else is unknown.
    """
    r = leaf(e)
    if r is not None:
        return r
    if isinstance(e, ir.Neg):
        a = interval(e.operand, leaf, mod_by_divisor=mod_by_divisor)
        return None if a is None else negated(a)
    if isinstance(e, ir.Cond):
        a = interval(e.then, leaf, mod_by_divisor=mod_by_divisor)
        b = interval(e.orelse, leaf, mod_by_divisor=mod_by_divisor)
        return None if a is None or b is None else either(a, b)
    if isinstance(e, ir.Bin) and e.op in ARITHMETIC:
        a = interval(e.left, leaf, mod_by_divisor=mod_by_divisor)
        b = interval(e.right, leaf, mod_by_divisor=mod_by_divisor)
        return None if a is None or b is None else arithmetic(e.op, a, b, mod_by_divisor=mod_by_divisor)
    return None


def declared(e: ir.VarRef) -> Interval | None:
    """A variable's declared range (None: not an integer range with both ends)."""
    t = e.type
    return (t.lo, t.hi) if isinstance(t, ir.IntT) and t.lo is not None and t.hi is not None else None


class Elements:
    """The elements of a system's instances (each its declaration, machine and machine
    arguments), as the leaves of ``interval`` range over them."""

    def __init__(self, elements: Iterable[tuple[str, str, Args]],
                 declarations: Iterable[tuple[str, str]] = ()) -> None:
        """``declarations``: (declaration, machine) of every declaration, arrays of no element included."""
        self.by_decl: dict[str, list[Args]] = {}
        self.by_machine: dict[str, list[Args]] = {}
        self.decl_machine: dict[str, str] = {}
        # (machine, variable) -> the values it can hold, where known to be narrower than declared
        self.var_ranges: dict[tuple[str, str], Interval] = {}
        for decl, machine, args in elements:
            self.by_decl.setdefault(decl, []).append(args)
            self.by_machine.setdefault(machine, []).append(args)
            self.decl_machine[decl] = machine
        self.decl_machine.update(declarations)

    def denoted(self, inst: ir.Inst, machine: str | None, bound: dict[str, str]) -> list[Args]:
        """The elements ``inst`` may denote in code of ``machine``: ``self`` any element of
        that machine, an element of an array any element of it."""
        if isinstance(inst, ir.SelfInst):
            return self.by_machine.get(machine or "", [])
        return self.by_decl.get(decl_of(inst, bound), [])

    def leaf(self, params: dict[str, ir.Value], machine: str | None, bound: dict[str, str], *,
             bool_args: bool) -> Leaf:
        """Leaves bounded over the elements: a literal or a parameter by its value, a machine
        parameter by its arguments over the elements the reference may denote ((0, 0) if
        none is an integer; ``bool_args``: a boolean counts as 0 or 1, else it is skipped), a
        variable by ``var_ranges`` (see ``instantiate.ranges``) or else its declared range,
        ``x.index`` by the number of those elements, a
        quantifier or count by the number of elements of its array."""
        def leaf(e: ir.Expr) -> Interval | None:
            if isinstance(e, ir.Lit | ir.ParamRef):
                v = e.value if isinstance(e, ir.Lit) else params[e.name]
                return (int(v), int(v)) if isinstance(v, int) else None
            if isinstance(e, ir.MParamRef):
                vals = [_arg(a, e.name) for a in self.denoted(e.inst, machine, bound)]
                ints = [int(v) for v in vals if isinstance(v, int) and (bool_args or not isinstance(v, bool))]
                return (min(ints), max(ints)) if ints else (0, 0)
            if isinstance(e, ir.VarRef):
                m = machine_of(e.inst, machine, bound, self.decl_machine)
                held = self.var_ranges.get((m, e.name)) if m is not None else None
                return held if held is not None else declared(e)
            if isinstance(e, ir.IndexOf):
                return 0, max(len(self.denoted(e.inst, machine, bound)) - 1, 0)
            if isinstance(e, ir.QuantE):
                return 0, len(self.by_decl.get(e.array, []))
            return None

        return leaf


def _arg(args: Args, name: str) -> ir.Value:
    return ir.lookup(args, name)
