"""The checks of one run: the system's property instances (``instantiate.properties``) as the search judges them.

A machine property is checked for every instance of its machine (``self`` bound); an
ordering property with a binder (``for c in app:``) gets one monitor per element. Event
references arrive resolved to (instance id, event name) pairs, so the generated code and the
reference interpreter only compare small tuples.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..instantiate import Occ, System
from ..messages import say
from ..source import Span
from .plan import MonitorField, PerObject

PRECEDES_CAP = ir.PRECEDES_CAP  # the checker's modules import it from here
BUILTIN = "model_errors"


@dataclass(frozen=True, slots=True)
class PropInfo:
    """A property as reported: the position ``pid`` indexes the result list."""

    pid: int
    name: str
    owner: str
    cites: tuple[str, ...]
    kind: str
    expect_holds: bool
    span: Span | None
    body: ir.PropKind | None  # None for the built-in model-error property


@dataclass(frozen=True, slots=True)
class Binding:
    """How names resolve in a property's expressions: ``self`` and binder variables to instances."""

    self_gid: int | None
    bound: tuple[tuple[str, int], ...] = ()
    label: str = ""  # 'app[1]' for reports; '' for a system-wide check


@dataclass(frozen=True, slots=True)
class InvCheck:
    pid: int
    expr: ir.Expr
    bind: Binding


@dataclass(frozen=True, slots=True)
class Monitor:
    """An ordering monitor: ``checked`` occurrences are judged, ``record`` ones remembered, ``reset`` ones forget.

    only_after: checked=A, record=B (a bit: B seen); never_after: same fields; precedes
    (``F precedes S``): checked=S consumes one F, record=F adds one (a counter 0..cap, cap+1
    meaning "gave up").
    """

    pid: int
    kind: str
    key: str
    gid: int  # owning instance of the monitor field (-1: global block)
    checked: frozenset[Occ]
    record: frozenset[Occ]
    reset: frozenset[Occ]
    bind: Binding

    @property
    def hi(self) -> int:
        return 1 if self.kind != "precedes" else PRECEDES_CAP + 1


@dataclass(frozen=True, slots=True)
class WhenCheck:
    pid: int
    events: frozenset[Occ]
    cond: ir.Expr
    bind: Binding


@dataclass(frozen=True, slots=True)
class LiveCheck:
    pid: int
    lhs: ir.Expr | None
    rhs: ir.Expr
    fair: bool
    bind: Binding


@dataclass(frozen=True, slots=True)
class Checks:
    """Every check of one run. ``reach`` and ``stable`` reuse InvCheck: an expression in a binding."""

    props: tuple[PropInfo, ...]
    invariants: tuple[InvCheck, ...]
    deadlock: tuple[int, ...]
    monitors: tuple[Monitor, ...]
    whens: tuple[WhenCheck, ...]
    live: tuple[LiveCheck, ...]
    builtin: int  # pid of the model-error property
    reach: tuple[InvCheck, ...] = ()  # 'reachable E': a state where E holds, per binding
    stable: tuple[InvCheck, ...] = ()  # 'stable E': no step from E to not E, per binding

    def monitor_fields(self) -> list[MonitorField]:
        return [MonitorField(m.gid, m.key, m.hi, f"monitor:{self.props[m.pid].name}"
                             + (f"[{m.bind.label}]" if m.bind.label else "")) for m in self.monitors]


@PerObject
def by_occurrence(checks: Checks) -> dict[Occ, tuple[tuple[int, ...], tuple[int, ...]]]:
    """Occurrence -> (numbers of the monitors it concerns, numbers of the only-when checks it triggers)."""
    mons: dict[Occ, list[int]] = {}
    whens: dict[Occ, list[int]] = {}
    for i, m in enumerate(checks.monitors):
        for occ in m.checked | m.record | m.reset:
            mons.setdefault(occ, []).append(i)
    for i, c in enumerate(checks.whens):
        for occ in c.events:
            whens.setdefault(occ, []).append(i)
    return {occ: (tuple(mons.get(occ, ())), tuple(whens.get(occ, ()))) for occ in mons.keys() | whens.keys()}


_KIND = {ir.InvariantP: "invariant", ir.DeadlockP: "deadlock", ir.OrderP: "order", ir.OnlyWhenP: "only_when",
         ir.LeadsToP: "leads_to", ir.ReachableP: "reachable", ir.StableP: "stable"}


def build_checks(system: System, only: list[str] | None = None) -> Checks:
    """Resolve every property of ``system`` (or only those named) into the checks of the search."""
    instances = system.properties
    defs: list[ir.PropertyDef] = []
    for pi in instances:
        if not any(p is pi.prop for p in defs):
            defs.append(pi.prop)
    if only is not None:
        known = [p.name for p in defs]
        bad = [n for n in only if n not in known]
        if bad:
            raise LfsmError([Diagnostic("unknown-property", say("checker.unknown-property", name=n,
                                                                known=", ".join(known) or "none"), None) for n in bad])
        defs = [p for p in defs if p.name in only]
    props: list[PropInfo] = []
    pids: dict[int, int] = {}  # id of a selected property definition -> its pid
    for p in defs:
        pids[id(p)] = len(props)
        props.append(PropInfo(len(props), p.name, p.owner, p.cites, _KIND[type(p.body)], p.expect_holds, p.span,
                              p.body))
    inv: list[InvCheck] = []
    dead: list[int] = []
    mons: list[Monitor] = []
    whens: list[WhenCheck] = []
    live: list[LiveCheck] = []
    reach: list[InvCheck] = []
    stable: list[InvCheck] = []
    diags: list[Diagnostic] = []
    for pi in instances:
        pid = pids.get(id(pi.prop))
        if pid is None:
            continue
        me = pi.me
        base = Binding(me.gid if me else None, (), pi.label)
        b = pi.prop.body
        if isinstance(b, ir.InvariantP):
            inv.append(InvCheck(pid, b.expr, base))
        elif isinstance(b, ir.DeadlockP):
            if pid not in dead:
                dead.append(pid)
        elif isinstance(b, ir.LeadsToP):
            live.append(LiveCheck(pid, b.lhs, b.rhs, b.fair, base))
        elif isinstance(b, ir.ReachableP):
            reach.append(InvCheck(pid, b.expr, base))
        elif isinstance(b, ir.StableP):
            stable.append(InvCheck(pid, b.expr, base))
        else:
            for case in pi.cases:
                if case.problem is not None:
                    diags.append(case.problem)
                    continue
                bind = Binding(base.self_gid, tuple((v, el.gid) for v, el in case.bound), case.label)
                if isinstance(b, ir.OnlyWhenP):
                    whens.append(WhenCheck(pid, case.events[0], b.cond, bind))
                    continue
                el = case.bound[0][1] if case.bound else None
                owner = el.gid if el is not None else (me.gid if me is not None else -1)
                first, second, reset = case.events
                checked, record = (second, first) if b.kind == "precedes" else (first, second)
                mons.append(Monitor(pid, b.kind, f"m{len(mons)}", owner, checked, record, reset, bind))
    if diags:
        raise LfsmError(diags)
    names = {p.name for p in props}
    builtin = BUILTIN if BUILTIN not in names else BUILTIN + "_builtin"
    props.append(PropInfo(len(props), builtin, system.name, (), "builtin", True, None, None))
    return Checks(tuple(props), tuple(inv), tuple(dead), tuple(mons), tuple(whens), tuple(live), len(props) - 1,
                  tuple(reach), tuple(stable))


__all__ = ["BUILTIN", "PRECEDES_CAP", "Binding", "Checks", "InvCheck", "LiveCheck", "Monitor", "Occ", "PropInfo",
           "WhenCheck", "build_checks", "by_occurrence"]
