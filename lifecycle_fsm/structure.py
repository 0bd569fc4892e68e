"""Machine structure: the shape of a machine's state tree, and its states' and events' modifiers.

These rules need no system and no expression: exactly one initial state per
sibling group, no transition out of a final state, every state reachable from
the initial one along transitions (guards ignored), modifiers written once,
fairness only on events that can be fair. (Names are declared by declare.py.)
"""

from __future__ import annotations

from . import ast as A
from .context import Context
from .diagnostics import Note
from .messages import say
from .reporting import Reporter
from .source import Span
from .symbols import MachineInfo


def check_structures(ctx: Context) -> None:
    for m in ctx.tables.machines.values():
        check_structure(ctx.report, m)


def check_structure(report: Reporter, m: MachineInfo) -> None:
    for e in m.events.values():
        if e.fairness is not None and e.kind in ("signal", "receive"):
            report.error("invalid-fairness", say("invalid-fairness", fairness=e.fairness, kind=e.kind), e.span)
    if not m.ast.states:
        report.error("missing-initial-state", say("no-states", machine=m.name), m.ast.name.span)
        return
    check_initials(report, m.ast.states, m.ast.name.span, f"machine '{m.name}'")
    for name in m.order:
        s = m.states[name]
        seen: set[str] = set()
        for mod in s.modifiers:
            if mod.text in seen:
                report.error("duplicate-modifier", say("duplicate-modifier", mod=mod.text), mod.span)
            seen.add(mod.text)
        if s.has("final") and s.children:
            report.error("final-state-has-children", say("final-children", name=name), s.name.span)
        if s.children:
            check_initials(report, s.children, s.name.span, f"state '{name}'")
    for t in m.ast.transitions:
        for src in t.sources:
            st = m.states.get(src.text)
            if st is not None and st.has("final"):
                report.error("transition-from-final", say("transition-from-final", name=src.text), src.span,
                             Note(say("declared-final-here", name=src.text), st.name.span))
    check_reachable(report, m)


def check_initials(report: Reporter, states: tuple[A.State, ...], owner_span: Span, owner: str) -> None:
    initials = [s for s in states if s.has("initial")]
    if not initials:
        report.error("missing-initial-state",
                     say("missing-initial-machine" if owner.startswith("machine") else "missing-initial-substates",
                         owner=owner), owner_span,
                     Note(say("mark-initial-hint", first=states[0].name.text), states[0].name.span))
    for extra in initials[1:]:
        report.error("multiple-initial-states", say("multiple-initial", owner=owner, extra=extra.name.text),
                     extra.name.span,
                     Note(say("first-initial-here", name=initials[0].name.text), initials[0].name.span))


def check_reachable(report: Reporter, m: MachineInfo) -> None:
    """Every state reachable along transitions (guards ignored) from the initial state.

    Skipped when a transition names an undefined state (the typo is the
    message, not the states it cuts off); extra 'initial' states are already
    reported as such.
    """
    start = m.top_initial()
    if start is None:
        return
    if any(n.text not in m.states for t in m.ast.transitions for n in (*t.sources, t.target)):
        return
    extra_initials: set[str] = set()
    for group in [m.ast.states] + [s.children for s in m.states.values() if s.children]:
        extra_initials.update(s.name.text for s in [s for s in group if s.has("initial")][1:])
    edges: dict[str, set[str]] = {}
    for t in m.ast.transitions:
        if t.target.text not in m.states:
            continue
        tgt = m.initial_leaf(t.target.text)
        for src in t.sources:
            if src.text in m.states:
                for leaf in m.leaves_under(src.text):
                    edges.setdefault(leaf, set()).add(tgt)
    seen = {m.initial_leaf(start)}
    todo = list(seen)
    while todo:
        cur = todo.pop()
        for nxt in edges.get(cur, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    reachable = {name: any(leaf in seen for leaf in m.leaves_under(name)) for name in m.order}
    for name in m.order:
        parent = m.parent[name]
        parent_unreachable = parent is not None and not reachable[parent]
        if not reachable[name] and not parent_unreachable and name not in extra_initials:
            report.error("unreachable-state", say("unreachable-state", name=name, machine=m.name),
                         m.states[name].name.span)

