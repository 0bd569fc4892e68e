"""Static facts the search needs: clock caps, and which instance arrays are symmetric.

Clock cap: a clock is stored saturated at (largest value it is ever compared with) + 1,
because larger values cannot be told apart by any comparison in the spec. The compared
values are bounded here by interval arithmetic over parameters (bound), machine
parameters (all instances) and variable ranges.

Symmetry: permuting the elements of an array maps runs to runs (and properties to
themselves) when nothing in the spec can tell elements apart. The rules are in
docs/semantics.md ("Symmetry reduction"); ``symmetric_arrays`` applies them and says
why an array is not reduced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..evaluate import EvalError, evaluate
from ..intervals import Elements, Site, children, clock_sides, interval, is_clock, machine_of, sites, subexpressions
from . import messages as CM
from .plan import Instance, StaticContext


class ArgContext(StaticContext):
    """What is the same for every element of one instance declaration, known before the search:
    literals, parameters and the machine arguments of ``self`` (``args``; None: unknown).

    Everything else raises EvalError: variables and states (they need a state), other
    instances' data, array members, and ``.index`` (it differs between elements).
    """

    _SELF = object()

    def __init__(self, params: dict[str, ir.Value] | None, args: tuple[tuple[str, ir.Value], ...] | None):
        super().__init__(dict(params or {}), {})
        self.known_params = params is not None
        self.args = dict(args) if args is not None else None

    def param(self, name: str) -> ir.Value:
        if not self.known_params or name not in self.params:
            raise EvalError(f"parameter '{name}' not bound")
        return self.params[name]

    def resolve(self, inst: ir.Inst, bound: dict[str, object]) -> object:
        if isinstance(inst, ir.SelfInst) and self.args is not None:
            return self._SELF
        raise EvalError("not static")

    def mparam(self, inst: object, name: str) -> ir.Value:
        if inst is not self._SELF or self.args is None or name not in self.args:
            raise EvalError("not static")
        return self.args[name]

    def index(self, inst: object) -> int:
        raise EvalError("an index is not static")

    def members(self, array: str) -> list[object]:
        raise EvalError("not static")

    def value(self, e: ir.Expr) -> ir.Value | None:
        """The value of ``e`` if static, else None."""
        try:
            return evaluate(e, self)
        except EvalError:
            return None


def walk(e: ir.Expr, bound: dict[str, str], fn: Callable[[ir.Expr, dict[str, str]], None],
         static: ArgContext | None = None) -> None:
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
        taken = static.value(e.cond)
        walk(e.cond, bound, fn, static)
        branches = (e.then, e.orelse) if taken is None else ((e.then,) if taken else (e.orelse,))
        for x in branches:
            walk(x, bound, fn, static)
        return
    if static is not None and isinstance(e, ir.Bin) and e.op in ("and", "or", "implies"):
        left = static.value(e.left)
        walk(e.left, bound, fn, static)
        decided = left is not None and (bool(left) if e.op == "or" else not left)
        if not decided:
            walk(e.right, bound, fn, static)
        return
    for c in children(e):
        walk(c, bound, fn, static)


def dead(guard: ir.Expr | None, static: ArgContext) -> bool:
    """Whether a guard is statically false (its transition is never taken)."""
    if guard is None:
        return False
    v = static.value(guard)
    return v is not None and not v


def used_machines(model: ir.Model, system: ir.SystemDef) -> list[ir.MachineDef]:
    names: list[str] = []
    for d in system.instances:
        if d.machine not in names:
            names.append(d.machine)
    return [model.machine(n) for n in names]


def system_sites(model: ir.Model, system: ir.SystemDef) -> Iterator[Site]:
    """Every expression the search may evaluate, in a fixed order (with the indices of the
    elements properties name; without variable initialisers)."""
    return sites(used_machines(model, system), system.properties, event_indices=True)


# ---- clock caps ----------------------------------------------------------------------


def clock_caps(model: ir.Model, system: ir.SystemDef, instances: list[Instance],
               params: dict[str, ir.Value]) -> dict[tuple[str, str], int]:
    """(machine, clock) -> cap: the largest value the clock is compared with, plus one (0 if never).

    The compared value is bounded by ``intervals.interval`` over the instances (a boolean
    machine argument counts as 0 or 1); a clock compared with a clock, with a value without
    a bound, or used outside a comparison is an ``unsupported-clock-use`` error.
    """
    decl_machine = {d.name: d.machine for d in system.instances}
    elements = Elements((i.decl, i.machine.name, i.args) for i in instances)
    caps: dict[tuple[str, str], int] = {}
    diags: list[Diagnostic] = []
    for site in system_sites(model, system):
        compared: set[int] = set()
        for e, bound in subexpressions(site.expr, dict(site.bound)):
            sides = clock_sides(e)
            if len(sides) == 2:
                diags.append(Diagnostic("unsupported-clock-use", CM.clock_vs_clock(), site.span))
            elif sides:
                clock, other = sides[0]
                compared.add(id(clock))
                rng = interval(other, elements.leaf(params, site.machine, bound, bool_args=True),
                               mod_by_divisor=True)
                m = machine_of(clock.inst, site.machine, bound, decl_machine)
                if rng is None or m is None:
                    diags.append(Diagnostic("unsupported-clock-use", CM.clock_unbounded(), site.span))
                else:
                    caps[(m, clock.name)] = max(caps.get((m, clock.name), 0), rng[1] + 1)
            elif is_clock(e) and id(e) not in compared:
                diags.append(Diagnostic("unsupported-clock-use", CM.clock_outside_comparison(), site.span))
    if diags:
        raise LfsmError(diags)
    return caps


# ---- symmetry ------------------------------------------------------------------------


def symmetric_arrays(model: ir.Model, system: ir.SystemDef, by_decl: dict[str, list[Instance]],
                     params: dict[str, ir.Value] | None = None) -> tuple[list[str], list[str]]:
    """The arrays that may be reduced by symmetry, and a note for each array that may not.

    ``by_decl``: the system's instances by declaration (plan.group_instances).

    Machine code is inspected once per instance declaration that has elements, with that
    declaration's machine arguments (and ``params``) known: parts never evaluated for its
    elements (see ``walk``; effects of a transition whose guard is statically false) are
    skipped. Without ``params``, parameters are not static.
    """
    sizes = {name: len(members) for name, members in by_decl.items() if members and members[0].is_array}
    arrays = [d for d in system.instances if d.size is not None and sizes.get(d.name, 0) >= 2]
    decl_machine = {d.name: d.machine for d in system.instances}
    # the declarations whose elements run each machine's code, each with what is static for them
    # (machine arguments only when all its elements have the same; always so, as arguments are constant)
    statics: dict[str, ArgContext] = {}
    users: dict[str, list[str]] = {}
    for idef in system.instances:
        members = by_decl.get(idef.name, [])
        if not members:
            continue  # an empty array: its machine's code never runs for it
        same = all(i.args == members[0].args for i in members)
        statics[idef.name] = ArgContext(params, members[0].args if same else None)
        users.setdefault(idef.machine, []).append(idef.name)
    broken: dict[str, str] = {}

    def breaks(name: str, why: str) -> None:
        broken.setdefault(name, why)

    for site in system_sites(model, system):
        reach: list[tuple[str | None, ArgContext]] = (
            [(None, ArgContext(params, None))] if site.machine is None
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
    for p in list(system.properties) + [p for m in used_machines(model, system) for p in m.properties]:
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
    for mach in used_machines(model, system):
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


def _receivers_read(m: ir.MachineDef, event: str, array: str, static: ArgContext) -> bool:
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
