"""Which systems the symbolic (zone) check can take, and why not: the ``not-symbolic`` diagnostics.

Zones represent sets of clock valuations; the engine (engine.py) evaluates a clock only as an
**atom**, a comparison ``x ~ e`` of one clock with a value ``e`` that reads no clock, each atom
splitting a zone into the part where it holds and the part where it does not. On top of the
tick engine's own conditions (``instantiate/clocks.py``: every clock compared directly, with a
value of known bound, never with another clock; the tick engine refuses the rest with
``unsupported-clock-use``), a spec is **symbolic-ready** when

* no assignment stores a value other than a boolean that an atom decides: an atom in the
  condition of an ``if`` whose branches are integers or enum members, or in the body of a
  ``count``, on the right of ``=``, copies (a quantized form of) the clock's value into data,
  and each stored value is a discrete state of its own. Storing the truth of an atom
  (``late = t >= budget``) is fine, and so is such an ``if`` or ``count`` in a guard, an
  invariant, a ``send`` index or a property: nothing is stored, the zone is split along each
  atom and every part is judged on its own (exact, at a cost that follows the atoms written);
* every invariant bounds clocks from above only, in its polarity (``not`` and the left of
  ``implies`` flip it; ``if`` conditions and ``==``/``!=`` between booleans have both): the
  delay closure ``up(Z and I) and I`` is exact only when the invariant holds at every earlier
  instant of a delay whenever it holds at its end (docs/semantics.md, "Symbolic time").

``blockers`` lists each violation with the position of the expression's site (the effect, the
state or the property that holds it), in the order of the system's expressions.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import model as ir
from ..diagnostics import Diagnostic
from ..instantiate import System
from ..instantiate.clocks import system_sites
from ..intervals import children, clock_sides
from ..messages import say

UPPER = {"<", "<="}  # clock op value: an upper bound
LOWER = {">", ">="}
FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _boolean(e: ir.Expr) -> bool:
    """Whether ``e`` is a boolean (types are not kept in the IR beyond literals and variables)."""
    if isinstance(e, ir.Lit):
        return isinstance(e.value, bool)
    if isinstance(e, ir.VarRef):
        return isinstance(e.type, ir.BoolT)
    if isinstance(e, ir.Bin):
        return e.op in {"<", "<=", "==", "!=", ">=", ">", "and", "or", "implies"}
    if isinstance(e, ir.Cond):
        return _boolean(e.then) and _boolean(e.orelse)
    if isinstance(e, ir.QuantE):
        return e.kind != "count"
    return isinstance(e, ir.Not | ir.InStateE)


def _atoms(e: ir.Expr) -> Iterator[tuple[ir.VarRef, str]]:
    """Every clock atom in ``e`` as (clock, operator with the clock on the left)."""
    sides = clock_sides(e)
    if sides:
        assert isinstance(e, ir.Bin)
        clock, _ = sides[0]
        yield clock, (e.op if e.left is clock else FLIP[e.op])
    for c in children(e):
        yield from _atoms(c)


def _copied(e: ir.Expr) -> Iterator[ir.VarRef]:
    """The clocks whose atoms decide a non-boolean value in ``e``."""
    if isinstance(e, ir.Cond) and not _boolean(e):
        yield from (c for c, _ in _atoms(e.cond))
    if isinstance(e, ir.QuantE) and e.kind == "count":
        yield from (c for c, _ in _atoms(e.body))
    for c in children(e):
        yield from _copied(c)


def _wrong_bounds(e: ir.Expr, positive: bool, both: bool = False) -> Iterator[tuple[ir.VarRef, str]]:
    """The atoms of invariant ``e`` that do not bound their clock from above in their polarity."""
    sides = clock_sides(e)
    if sides:
        assert isinstance(e, ir.Bin)
        clock, _ = sides[0]
        op = e.op if e.left is clock else FLIP[e.op]
        if both or op in {"==", "!="} or op not in (UPPER if positive else LOWER):
            yield clock, e.op
        return
    if isinstance(e, ir.Not):
        yield from _wrong_bounds(e.operand, not positive, both)
    elif isinstance(e, ir.Bin) and e.op == "implies":
        yield from _wrong_bounds(e.left, not positive, both)
        yield from _wrong_bounds(e.right, positive, both)
    elif isinstance(e, ir.Bin) and e.op in {"and", "or"}:
        yield from _wrong_bounds(e.left, positive, both)
        yield from _wrong_bounds(e.right, positive, both)
    elif isinstance(e, ir.Cond):
        yield from _wrong_bounds(e.cond, positive, True)
        yield from _wrong_bounds(e.then, positive, both)
        yield from _wrong_bounds(e.orelse, positive, both)
    elif isinstance(e, ir.QuantE) and e.kind != "count":
        yield from _wrong_bounds(e.body, positive, both)
    else:  # == / != between booleans, count, arithmetic: both polarities
        for c in children(e):
            yield from _wrong_bounds(c, positive, True)


def blockers(system: System) -> list[Diagnostic]:
    """Why ``system`` cannot be checked symbolically (empty: it can), one diagnostic per cause."""
    out: list[Diagnostic] = [Diagnostic("not-symbolic", say("checker.not-symbolic-clock-use", detail=u.message), u.span)
                             for u in system.clocks.unsupported]
    machines = tuple(ir.by_name(system.model.machines, name) for name in
                     dict.fromkeys(e.machine.name for e in system.instances))
    invariants = {id(inv) for m in machines for s in m.states for inv in s.invariants}
    assigned = {id(eff.value) for m in machines for t in m.transitions for eff in t.effects
                if isinstance(eff, ir.Assign)}
    seen: set[tuple[str, object]] = set()
    for site in system_sites(machines, system.definition):
        found = [(c.name, say("checker.not-symbolic-value", clock=c.name))
                 for c in (_copied(site.expr) if id(site.expr) in assigned else ())]
        if id(site.expr) in invariants:
            found += [(c.name, say("checker.not-symbolic-invariant", clock=c.name, op=op))
                      for c, op in _wrong_bounds(site.expr, True)]
        for _, message in found:
            key = (message, site.span)
            if key not in seen:
                seen.add(key)
                out.append(Diagnostic("not-symbolic", message, site.span))
    return out


__all__ = ["blockers"]
