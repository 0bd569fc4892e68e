"""The properties of a system made concrete: one instance per ``self``, one case per binder element.

A machine's property is checked for every instance of its machine (``self`` bound to it); a
system's property once. An ordering or ``only when`` property with a binder (``for c in app:``)
has one case per element of the array (none for an empty array), every other property one
case. Event references are resolved here, in each case, to occurrences ``(element gid, event
or signal name)``: an element named by index needs a static index within bounds, else the case
carries the diagnostic that says why (the checker reports it; other consumers do not need the events).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .. import model as ir
from ..diagnostics import Diagnostic
from ..evaluate import EvalError, evaluate
from ..messages import say
from .context import SystemContext
from .elements import Element

Occ = tuple[int, str]  # (element gid, event or signal name)


@dataclass(frozen=True, slots=True)
class Case:
    """One case of a property instance: its binder variable bound to one element, or no binder.

    ``events``: the property's event references resolved, in its own order: (first, second,
    reset) for an ordering property, (events,) for ``only when``, () for the others."""

    bound: tuple[tuple[str, Element], ...]
    label: str  # 'app[1]', 'kubelet, app[1]'; '' for a system property without a binder
    events: tuple[frozenset[Occ], ...] = ()
    problem: Diagnostic | None = None  # an event reference that names no element statically


@dataclass(frozen=True, slots=True)
class PropertyInstance:
    """Property ``prop`` for ``me`` (a machine's property; None: a system property), case by case."""

    prop: ir.PropertyDef
    me: Element | None
    cases: tuple[Case, ...]

    @property
    def label(self) -> str:
        return self.me.name if self.me is not None else ""


def property_instances(machines: Sequence[ir.MachineDef], system: ir.SystemDef, params: Mapping[str, ir.Value],
                       groups: Mapping[str, Sequence[Element]]) -> tuple[PropertyInstance, ...]:
    """Every property of ``machines`` (per instance, in element order), then the system's own."""
    instances = [e for members in groups.values() for e in members]
    instances.sort(key=lambda e: e.gid)
    out: list[PropertyInstance] = []
    for p in [p for m in machines for p in m.properties] + list(system.properties):
        selves: list[Element | None] = [e for e in instances if e.machine.name == p.owner] \
            if p.owner_is_machine else [None]
        for me in selves:
            out.append(PropertyInstance(p, me, _cases(p, me, params, groups)))
    return tuple(out)


def _cases(p: ir.PropertyDef, me: Element | None, params: Mapping[str, ir.Value],
           groups: Mapping[str, Sequence[Element]]) -> tuple[Case, ...]:
    b = p.body
    base = me.name if me is not None else ""
    if not isinstance(b, ir.OrderP | ir.OnlyWhenP):
        return (Case((), base),)
    refs = (b.events,) if isinstance(b, ir.OnlyWhenP) else (b.first, b.second, b.reset)
    # resolved in the order the checker judges them: for 'precedes' the checked events (second) first
    order = (1, 0, 2) if isinstance(b, ir.OrderP) and b.kind == "precedes" else tuple(range(len(refs)))
    ctx = SystemContext(params, groups, me)
    elems: list[Element | None] = list(groups.get(b.binder.array, ())) if b.binder is not None else [None]
    out: list[Case] = []
    for el in elems:
        bound = ((b.binder.var, el),) if el is not None and b.binder is not None else ()
        label = base if el is None else (el.name if not base else f"{base}, {el.name}")
        try:
            resolved = {k: _occurrences(refs[k], ctx, dict(bound)) for k in order}
            out.append(Case(bound, label, tuple(resolved[k] for k in range(len(refs)))))
        except _Unresolved as e:
            out.append(Case(bound, label, (), Diagnostic(e.code, str(e), p.span)))
    return tuple(out)


class _Unresolved(Exception):
    """An event reference that names no element statically: the code and message of the diagnostic."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _occurrences(refs: tuple[ir.EvRef, ...], ctx: SystemContext, bound: dict[str, object]) -> frozenset[Occ]:
    out: set[Occ] = set()
    for r in refs:
        if isinstance(r.inst, ir.ElemInst):
            try:
                idx = evaluate(r.inst.index, ctx, bound)
            except EvalError:
                raise _Unresolved("unsupported-event-reference", say("instantiate.dynamic-event-index")) from None
            members = ctx.groups[r.inst.array]
            if not isinstance(idx, int) or not 0 <= idx < len(members):
                raise _Unresolved("event-index-out-of-range", say("instantiate.event-index-out-of-range",
                                                                  array=r.inst.array, index=int(idx),
                                                                  size=len(members)))
            inst: object = members[idx]
        else:
            inst = ctx.resolve(r.inst, bound)
        out.add((inst.gid, r.event))  # type: ignore[attr-defined]
    return frozenset(out)


__all__ = ["Case", "Occ", "PropertyInstance", "property_instances"]
