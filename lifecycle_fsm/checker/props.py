"""Properties of one system, made concrete: one check per instance or binder element.

A machine property is checked for every instance of its machine (``self`` bound); an
ordering property with a binder (``for c in app:``) gets one monitor per element. Event
references are resolved here to (instance id, event name) pairs, so the generated code
and the reference interpreter only compare small tuples.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..evaluate import EvalError, evaluate
from ..source import Span
from . import messages as CM
from .plan import Instance, MonitorField, PerObject, StaticContext

PRECEDES_CAP = ir.PRECEDES_CAP  # the checker's modules import it from here
BUILTIN = "model_errors"

Occ = tuple[int, str]  # (instance gid, event or signal name)


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


def build_checks(model: ir.Model, system: ir.SystemDef, instances: list[Instance],
                 by_decl: dict[str, list[Instance]], params: dict[str, ir.Value],
                 only: list[str] | None = None) -> Checks:
    """Resolve every property of ``system`` (or only those named) against its instances."""
    machines = [m for m in model.machines if any(i.machine.name == m.name for i in instances)]
    defs = [p for m in machines for p in m.properties] + list(system.properties)
    if only is not None:
        known = [p.name for p in defs]
        bad = [n for n in only if n not in known]
        if bad:
            raise LfsmError([Diagnostic("unknown-property", CM.unknown_property(n, known), None) for n in bad])
        defs = [p for p in defs if p.name in only]
    props: list[PropInfo] = []
    inv: list[InvCheck] = []
    dead: list[int] = []
    mons: list[Monitor] = []
    whens: list[WhenCheck] = []
    live: list[LiveCheck] = []
    reach: list[InvCheck] = []
    stable: list[InvCheck] = []
    diags: list[Diagnostic] = []
    for p in defs:
        pid = len(props)
        props.append(PropInfo(pid, p.name, p.owner, p.cites, _KIND[type(p.body)], p.expect_holds, p.span, p.body))
        selves: list[Instance | None] = [i for i in instances if i.machine.name == p.owner] \
            if p.owner_is_machine else [None]
        b = p.body
        for me in selves:
            base = Binding(me.gid if me else None, (), me.name if me else "")
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
                elems: list[Instance | None] = list(by_decl.get(b.binder.array, [])) if b.binder else [None]
                for el in elems:
                    bind = base
                    if el is not None and b.binder is not None:
                        bind = Binding(base.self_gid, ((b.binder.var, el.gid),),
                                       el.name if not base.label else f"{base.label}, {el.name}")
                    ctx = StaticContext(params, by_decl, me)
                    bound: dict[str, object] = {b.binder.var: el} if el is not None and b.binder else {}
                    try:
                        if isinstance(b, ir.OnlyWhenP):
                            whens.append(WhenCheck(pid, _occs(b.events, ctx, bound), b.cond, bind))
                        else:
                            owner = el.gid if el is not None else (me.gid if me is not None else -1)
                            checked, record = (b.second, b.first) if b.kind == "precedes" else (b.first, b.second)
                            mons.append(Monitor(pid, b.kind, f"m{len(mons)}", owner, _occs(checked, ctx, bound),
                                                _occs(record, ctx, bound), _occs(b.reset, ctx, bound), bind))
                    except _RefError as e:
                        diags.append(Diagnostic(e.code, e.message, p.span))
    if diags:
        raise LfsmError(diags)
    names = {p.name for p in props}
    builtin = BUILTIN if BUILTIN not in names else BUILTIN + "_builtin"
    props.append(PropInfo(len(props), builtin, system.name, (), "builtin", True, None, None))
    return Checks(tuple(props), tuple(inv), tuple(dead), tuple(mons), tuple(whens), tuple(live), len(props) - 1,
                  tuple(reach), tuple(stable))


class _RefError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _occs(refs: tuple[ir.EvRef, ...], ctx: StaticContext, bound: dict[str, object]) -> frozenset[Occ]:
    out: set[Occ] = set()
    for r in refs:
        if isinstance(r.inst, ir.ElemInst):
            try:
                idx = evaluate(r.inst.index, ctx, bound)
            except EvalError:
                raise _RefError("unsupported-event-reference", CM.dynamic_event_index()) from None
            members = ctx.instances[r.inst.array]
            if not isinstance(idx, int) or not 0 <= idx < len(members):
                raise _RefError("event-index-out-of-range",
                                CM.event_index_out_of_range(r.inst.array, int(idx), len(members)))
            inst = members[idx]
        else:
            got = ctx.resolve(r.inst, bound)
            assert isinstance(got, Instance)
            inst = got
        out.add((inst.gid, r.event))
    return frozenset(out)
