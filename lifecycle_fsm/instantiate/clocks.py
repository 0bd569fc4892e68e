"""Facts about the clocks of a system at one binding: how far each is ever compared, or why not.

A clock is only ever compared (``t >= grace``, ``t < 3``); values above the largest constant
it is compared with cannot be told apart by anything in the spec (docs/semantics.md, "Clock
caps"). This module finds, once, for every clock of every machine the system instantiates,
that constant: its ``bound``, the largest value any comparison of it (in a guard, an effect,
an invariant, a property, an event index of a property) may compare it with, after binding the
parameters. The other side of a comparison is bounded by the interval rules of
``lifecycle_fsm.intervals`` over the system's elements (a variable by its declared range, a
machine parameter by its arguments, an index by the array's size). The bound holds for every
instance of the machine.

Uses no bound covers are facts too (``ClockUse``): a clock compared with a clock, with a value
of no known bound, or used outside a comparison. Each consumer decides what a fact means:
the explicit-state engines store a clock saturated at ``cap`` (bound + 1, 0 if never
compared) and refuse unbounded uses; symbolic clocks extrapolate at ``bound``; the Promela
export needs the cap in a byte; the generated Python keeps real values and only reports caps.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as ir
from ..intervals import Elements, Site, clock_sides, interval, is_clock, machine_of, sites, subexpressions
from ..messages import say
from ..source import Span

UNSUPPORTED = ("clock-vs-clock", "unbounded", "outside-comparison")


@dataclass(frozen=True, slots=True)
class ClockUse:
    """A use of a clock that no bound covers (``kind`` one of UNSUPPORTED), where it is."""

    kind: str
    clock: str
    op: str  # the comparison ('' outside one)
    span: Span | None

    @property
    def message(self) -> str:
        if self.kind == "clock-vs-clock":
            return say("instantiate.clock-vs-clock")
        if self.kind == "unbounded":
            return say("instantiate.clock-unbounded")
        return say("instantiate.clock-outside-comparison")


@dataclass(frozen=True, slots=True)
class ClockFact:
    """Clock ``clock`` of machine ``machine``: the largest value it is compared with (None: never)."""

    machine: str
    clock: str
    bound: int | None

    @property
    def cap(self) -> int:
        """Where an explicit-state search saturates it: one above the bound, at least 0 (0: never compared)."""
        return max(self.bound + 1, 0) if self.bound is not None else 0


@dataclass(frozen=True, slots=True)
class ClockFacts:
    """Every clock of every machine the system instantiates (machines in order of first use), and
    every use no bound covers, in the order of the system's expressions."""

    facts: tuple[ClockFact, ...]
    unsupported: tuple[ClockUse, ...]

    def fact(self, machine: str, clock: str) -> ClockFact:
        for f in self.facts:
            if f.machine == machine and f.clock == clock:
                return f
        raise KeyError((machine, clock))

    def cap(self, machine: str, clock: str) -> int:
        return self.fact(machine, clock).cap


def system_sites(machines: tuple[ir.MachineDef, ...], system: ir.SystemDef) -> list[Site]:
    """Every expression of the system a run may evaluate, in a fixed order (the indices of the elements
    properties name included; variable initialisers are static, so no clock can occur there)."""
    return list(sites(machines, system.properties, event_indices=True))


@dataclass(frozen=True, slots=True)
class _Found:
    """A clock in an expression, as the system's text has it (what ``clock_facts`` binds per run)."""

    kind: str  # "clock-vs-clock" | "compared" (with a non-clock operand) | "outside-comparison"
    clock: ir.VarRef
    op: str
    site: Site
    other: ir.Expr | None = None  # "compared": the other operand
    bound: tuple[tuple[str, str], ...] = ()  # "compared": the binders in force there


# the scan of a system's text depends on no parameter: kept per (system, machines), by identity (the entry
# holds them, so an id cannot be reused while it is here); a few systems at a time (`lifefsm pod` binds one
# model many times: the scan was 0.6 s of each binding)
_SCANS: dict[tuple[int, ...], tuple[tuple[object, ...], tuple[_Found, ...]]] = {}


def _scan(machines: tuple[ir.MachineDef, ...], system: ir.SystemDef) -> tuple[_Found, ...]:
    key = (id(system), *(id(m) for m in machines))
    hit = _SCANS.get(key)
    if hit is not None and len(hit[0]) == len(key) and all(a is b for a, b in zip(hit[0], (system, *machines))):
        return hit[1]
    found: list[_Found] = []
    for site in system_sites(machines, system):
        compared: set[int] = set()
        for e, bound in subexpressions(site.expr, dict(site.bound)):
            sides = clock_sides(e)
            if len(sides) == 2:
                assert isinstance(e, ir.Bin)
                found.append(_Found("clock-vs-clock", sides[0][0], e.op, site))
            elif sides:
                assert isinstance(e, ir.Bin)
                clock, other = sides[0]
                compared.add(id(clock))
                found.append(_Found("compared", clock, e.op, site, other, tuple(bound.items())))
            elif is_clock(e) and id(e) not in compared:
                found.append(_Found("outside-comparison", e, "", site))
    if len(_SCANS) >= 8:
        _SCANS.clear()
    _SCANS[key] = ((system, *machines), tuple(found))
    return tuple(found)


def clock_facts(machines: tuple[ir.MachineDef, ...], system: ir.SystemDef, elements: Elements,
                params: dict[str, ir.Value]) -> ClockFacts:
    """The facts of every clock of ``machines`` (the system's, in order of first use)."""
    decl_machine = {d.name: d.machine for d in system.instances}
    bounds: dict[tuple[str, str], int] = {}
    uses: list[ClockUse] = []
    for f in _scan(machines, system):
        site = f.site
        if f.kind != "compared":
            uses.append(ClockUse(f.kind, f.clock.name, f.op, site.span))
            continue
        assert f.other is not None
        bound = dict(f.bound)
        rng = interval(f.other, elements.leaf(params, site.machine, bound, bool_args=True), mod_by_divisor=True)
        m = machine_of(f.clock.inst, site.machine, bound, decl_machine)
        if rng is None or m is None:
            uses.append(ClockUse("unbounded", f.clock.name, f.op, site.span))
        else:
            bounds[(m, f.clock.name)] = max(bounds.get((m, f.clock.name), rng[1]), rng[1])
    facts = tuple(ClockFact(m.name, c, bounds.get((m.name, c))) for m in machines for c in m.clocks)
    return ClockFacts(facts, tuple(uses))


__all__ = ["ClockFact", "ClockFacts", "ClockUse", "clock_facts", "system_sites"]
