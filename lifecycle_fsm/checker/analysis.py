"""Which instance arrays are symmetric: permuting their elements maps runs to runs.

Permuting the elements of an array maps runs to runs (and properties to themselves) when
nothing in the spec can tell elements apart. The rules are in docs/semantics.md ("Symmetry
reduction"); ``symmetric_arrays`` applies them and says why an array is not reduced.
What is static for the elements of one declaration (the parameters, their shared machine
arguments; never ``self.index``) is evaluated by the one static context
(``evaluate.StaticContext``), so parts never evaluated for them are skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .. import model as ir
from ..evaluate import StaticContext, static_value
from ..instantiate import Element, System
from ..instantiate.clocks import system_sites
from ..intervals import Site, children


@dataclass(frozen=True, slots=True)
class Shared:
    """``self`` as all elements of one declaration share it: their machine arguments, not their index."""

    args: tuple[tuple[str, ir.Value], ...]
    index: None = None

    def arg(self, name: str) -> ir.Value:
        return dict(self.args)[name]


def static_for(params: Mapping[str, ir.Value], args: tuple[tuple[str, ir.Value], ...] | None) -> StaticContext:
    """What is the same for every element of a declaration: parameters, and ``args`` when all share them."""
    return StaticContext(params, Shared(args) if args is not None else None)


def walk(e: ir.Expr, bound: dict[str, str], fn: Callable[[ir.Expr, dict[str, str]], None],
         static: StaticContext | None = None) -> None:
    """Call ``fn`` on every sub-expression with the binder environment in force there.

    With ``static``, skip the parts never evaluated when its static values hold: the branch of
    an ``if`` not taken when the condition is static, and the right operand of ``and``/``or``/
    ``implies`` when the left one is static and decides the result (evaluation short-circuits).
    """
    fn(e, bound)
    if isinstance(e, ir.QuantE):
        inner = dict(bound)
        inner[e.var] = e.array
        walk(e.body, inner, fn, static)
        return
    if static is not None and isinstance(e, ir.Cond):
        taken = static_value(e.cond, static)
        walk(e.cond, bound, fn, static)
        branches = (e.then, e.orelse) if taken is None else ((e.then,) if taken else (e.orelse,))
        for x in branches:
            walk(x, bound, fn, static)
        return
    if static is not None and isinstance(e, ir.Bin) and e.op in ("and", "or", "implies"):
        left = static_value(e.left, static)
        walk(e.left, bound, fn, static)
        decided = left is not None and (bool(left) if e.op == "or" else not left)
        if not decided:
            walk(e.right, bound, fn, static)
        return
    for c in children(e):
        walk(c, bound, fn, static)


def dead(guard: ir.Expr | None, static: StaticContext) -> bool:
    """Whether a guard is statically false (its transition is never taken)."""
    if guard is None:
        return False
    v = static_value(guard, static)
    return v is not None and not v


# ---- symmetry ------------------------------------------------------------------------


def symmetric_arrays(system: System, by_decl: Mapping[str, Sequence[Element]] | None = None,
                     ) -> tuple[list[str], list[str]]:
    """The arrays that may be reduced by symmetry, and a note for each array that may not.

    ``by_decl``: the system's elements by declaration (default: ``system.groups``).

    Machine code is inspected once per instance declaration that has elements, with that
    declaration's machine arguments and the parameters known: parts never evaluated for its
    elements (see ``walk``; effects of a transition whose guard is statically false) are
    skipped.
    """
    model, params = system.model, system.values
    by_decl = system.groups if by_decl is None else by_decl
    machines = system.used_machines()
    sizes = {name: len(members) for name, members in by_decl.items() if members and members[0].is_array}
    sysdef = system.definition
    arrays = [d for d in sysdef.instances if d.size is not None and sizes.get(d.name, 0) >= 2]
    decl_machine = {d.name: d.machine for d in sysdef.instances}
    # the declarations whose elements run each machine's code, each with what is static for them
    # (machine arguments only when all its elements have the same; always so, as arguments are constant)
    statics: dict[str, StaticContext] = {}
    users: dict[str, list[str]] = {}
    for idef in sysdef.instances:
        members = by_decl.get(idef.name, [])
        if not members:
            continue  # an empty array: its machine's code never runs for it
        same = all(i.args == members[0].args for i in members)
        statics[idef.name] = static_for(params, members[0].args if same else None)
        users.setdefault(idef.machine, []).append(idef.name)
    broken: dict[str, str] = {}

    def breaks(name: str, why: str) -> None:
        broken.setdefault(name, why)

    for site in system_sites(machines, sysdef):
        reach: list[tuple[str | None, StaticContext]] = (
            [(None, static_for(params, None))] if site.machine is None
            else [(d, statics[d]) for d in users.get(site.machine, [])])
        for decl, static in reach:
            if dead(site.guard, static):
                continue

            def visit(e: ir.Expr, bound: dict[str, str], site: Site = site, decl: str | None = decl) -> None:
                inst = getattr(e, "inst", None)
                if isinstance(inst, ir.ElemInst):
                    breaks(inst.array, f"{site.span}: refers to one element by index")
                if isinstance(e, ir.IndexOf):
                    if isinstance(e.inst, ir.SelfInst) and decl is not None:
                        breaks(decl, f"{site.span}: uses self.index")
                    elif isinstance(e.inst, ir.BoundInst) and e.inst.var in bound:
                        breaks(bound[e.inst.var], f"{site.span}: uses .index")

            walk(site.expr, dict(site.bound), visit, static)
    for p in list(sysdef.properties) + [p for m in machines for p in m.properties]:
        b = p.body
        refs = b.first + b.second + b.reset if isinstance(b, ir.OrderP) else (
            b.events if isinstance(b, ir.OnlyWhenP) else ())
        for r in refs:
            if isinstance(r.inst, ir.ElemInst):
                breaks(r.inst.array, f"{p.span}: property '{p.name}' names one element")
        if isinstance(b, ir.OrderP) and p.owner_is_machine and b.binder is not None:
            for d, m in decl_machine.items():
                if m == p.owner or d == b.binder.array:
                    breaks(d, f"{p.span}: per-instance ordering property '{p.name}' with a binder")
        if isinstance(b, ir.LeadsToP) and p.owner_is_machine:
            for d, m in decl_machine.items():
                if m == p.owner:
                    breaks(d, f"{p.span}: per-instance liveness property '{p.name}' (checked without symmetry)")
    for mach in machines:
        for t in mach.transitions:
            if all(dead(t.guard, statics[d]) for d in users.get(mach.name, [])):
                continue  # no instance ever takes it
            for eff in t.effects:
                if not isinstance(eff, ir.SendEvent) or eff.instance is None:
                    continue
                if eff.kind == "index":
                    breaks(eff.instance, f"{eff.span}: sends to one element by index")
                elif eff.kind == "all" and eff.instance in statics and _receivers_read(
                        model.machine(decl_machine[eff.instance]), eff.event, eff.instance, statics[eff.instance]):
                    breaks(eff.instance, f"{eff.span}: broadcast receivers read other elements (index order matters)")
    ok = [d.name for d in arrays if d.name not in broken]
    notes = [f"{d.name}: not reduced: {broken[d.name]}" for d in arrays if d.name in broken]
    return ok, notes


def _receivers_read(m: ir.MachineDef, event: str, array: str, static: StaticContext) -> bool:
    """Whether a receiving transition of ``array``'s elements (machine ``m``, static values
    ``static``) may read other elements of ``array``."""
    found = False

    def visit(e: ir.Expr, bound: dict[str, str]) -> None:
        nonlocal found
        if isinstance(e, ir.QuantE) and e.array == array:
            found = True
        inst = getattr(e, "inst", None)
        if isinstance(inst, ir.ElemInst) and inst.array == array:
            found = True

    for t in m.transitions:
        if t.event != event:
            continue
        exprs = [t.guard] if t.guard is not None else []
        if not dead(t.guard, static):
            exprs += [eff.value for eff in t.effects if isinstance(eff, ir.Assign)]
        for e in exprs:
            walk(e, {}, visit, static)
    return found
