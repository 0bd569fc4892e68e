"""What a machine diagram shows at each level of detail, shared by the DOT and Mermaid back ends.

Both back ends draw the same ``Chart``, so a state, event or signal name reads the
same in DOT, SVG and Mermaid (and in generated code and checker traces, which use
the spec's names unchanged). The levels:

* ``names``: state and event names only. All transitions between the same two states
  become one edge labelled with their event names (in declaration order, each once). A
  state's transitions to itself are not an edge but a line in the state, ``↻`` and their
  events (a loop's label beside the state collided with the edges arriving there), and an
  edge from a state inside a composite is left out when an edge from the composite to the
  same target already names its events (the picture says the same with one edge less).
  Urgent states have a bold border, final states a double one; nothing else is written.
* ``guards``: adds each transition's guard (as written, definitions by name), its
  observable effects (``emit``, ``send``), state invariants and urgency, the machine's
  parameters and signals. Bookkeeping (assignments and clock resets) is left out.
* ``full``: every guard and every effect, and the machine's variables and clocks.

At every level a composite state is a cluster, and a transition whose sources are all
the children of a composite state is drawn once, from the composite (which is what it
means), unless its target lies inside that composite.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as ir
from .pretty import effect_text, expr_text

DETAILS = ("names", "guards", "full")
DEFAULT_DETAIL = "names"


@dataclass(frozen=True, slots=True)
class ChartState:
    name: str
    notes: tuple[str, ...]  # lines under the name ("urgent", "invariant ...")
    final: bool
    urgent: bool  # drawn bold (a composite only when urgent itself, not through its parent)
    initial: bool  # the initial child of its parent (or the machine's initial top state)
    children: tuple[ChartState, ...]  # non-empty: a composite state, drawn as a cluster
    loop: str = ""  # names: "↻ " and the events of the state's transitions to itself ("" if none)
    loop_kind: str = ""  # the kind of those events (as ChartEdge.kind)


@dataclass(frozen=True, slots=True)
class ChartEdge:
    src: str  # a state name; a composite source means "from every state inside"
    dst: str  # a composite target is entered at its initial state
    lines: tuple[str, ...]  # the label, one entry per line (names: the event names, joined)
    events: tuple[str, ...]  # the events on this edge, each once, in declaration order
    kind: str  # input | internal | receive | mixed


@dataclass(frozen=True, slots=True)
class Chart:
    machine: str
    detail: str
    title: tuple[str, ...]
    states: tuple[ChartState, ...]  # the top-level states, children nested
    edges: tuple[ChartEdge, ...]  # in the order of the first transition drawn on each

    def state(self, name: str) -> ChartState:
        todo = list(self.states)
        while todo:
            s = todo.pop()
            if s.name == name:
                return s
            todo += s.children
        raise KeyError(name)


def check_detail(detail: str) -> str:
    if detail not in DETAILS:
        raise ValueError(f"unknown level of detail {detail!r}; expected one of {', '.join(DETAILS)}")
    return detail


LOOP = "\u21bb"  # ↻, before the events of a state's transitions to itself at names


def machine_chart(m: ir.MachineDef, detail: str = DEFAULT_DETAIL) -> Chart:
    check_detail(detail)
    edges = _edges(m, detail)
    loops: dict[str, ChartEdge] = {}
    if detail == "names":
        loops = {e.src: e for e in edges if e.src == e.dst and m.state(e.src).leaf}
        edges = tuple(e for e in edges if e.src not in loops or e.src != e.dst)
        edges = tuple(e for e in edges if not _implied(m, e, edges))
    return Chart(m.name, detail, _title(m, detail), _states(m, None, detail, loops), edges)


def _implied(m: ir.MachineDef, e: ChartEdge, edges: tuple[ChartEdge, ...]) -> bool:
    """At names: an edge from an enclosing composite to the same target has all of ``e``'s events."""
    outer = m.state(e.src).parent
    while outer is not None:
        if any(o.src == outer and o.dst == e.dst and set(e.events) <= set(o.events) for o in edges):
            return True
        outer = m.state(outer).parent
    return False


def _title(m: ir.MachineDef, detail: str) -> tuple[str, ...]:
    title = f"machine {m.name}"
    if detail == "names":
        return (title,)
    if m.params:
        title += "(" + ", ".join(f"{p.name}: {p.type}" for p in m.params) + ")"
    lines = [title]
    if detail == "full" and m.vars:
        lines.append("var " + ", ".join(f"{v.name}: {v.type} = {expr_text(v.init)}" for v in m.vars))
    if detail == "full" and m.clocks:
        lines.append("clock " + ", ".join(m.clocks))
    sigs = [e.name for e in m.events if e.kind == "signal"]
    if sigs:
        lines.append("signal " + ", ".join(sigs))
    return tuple(lines)


def own_invariant_texts(m: ir.MachineDef, s: ir.StateDef) -> list[str]:
    """A state's own invariants (not its ancestors'), as written when known."""
    inherited = m.state(s.parent).invariants if s.parent is not None else ()
    own = s.invariants[len(inherited):]
    texts = s.invariant_texts if len(s.invariant_texts) == len(own) else ("",) * len(own)
    return [t or expr_text(e) for e, t in zip(own, texts)]


def _own_urgent(m: ir.MachineDef, s: ir.StateDef) -> bool:
    """Urgent, and not only because its parent is (the parent says so once)."""
    return s.urgent and (s.parent is None or not m.state(s.parent).urgent)


def _states(m: ir.MachineDef, parent: str | None, detail: str,
            loops: dict[str, ChartEdge]) -> tuple[ChartState, ...]:
    out = []
    for s in m.states:
        if s.parent != parent:
            continue
        notes: list[str] = []
        if detail != "names":
            notes += ["urgent"] if _own_urgent(m, s) else []
            notes += [f"invariant {i}" for i in own_invariant_texts(m, s)]
        urgent = s.urgent if s.leaf else _own_urgent(m, s)
        loop = loops.get(s.name)
        out.append(ChartState(s.name, tuple(notes), s.final, urgent, s.initial, _states(m, s.name, detail, loops),
                              f"{LOOP} {loop.lines[0]}" if loop else "", loop.kind if loop else ""))
    return tuple(out)


def _inside(m: ir.MachineDef, state: str, ancestor: str) -> bool:
    cur: str | None = state
    while cur is not None:
        if cur == ancestor:
            return True
        cur = m.state(cur).parent
    return False


def drawn_sources(m: ir.MachineDef, t: ir.TransitionDef) -> tuple[str, ...]:
    """The sources to draw: all the children of a composite (target outside it) become the composite."""
    sources = list(t.declared_sources)
    changed = True
    while changed:
        changed = False
        for s in m.states:
            if s.children and all(c in sources for c in s.children) and not _inside(m, t.declared_target, s.name):
                at = min(sources.index(c) for c in s.children)
                sources = [x for x in sources if x not in s.children]
                sources.insert(at, s.name)
                changed = True
    return tuple(sources)


def _effects(t: ir.TransitionDef, detail: str) -> list[ir.Effect]:
    if detail == "full":
        return list(t.effects)
    return [e for e in t.effects if isinstance(e, (ir.EmitSignal, ir.SendEvent))]


def transition_lines(t: ir.TransitionDef, detail: str) -> list[str]:
    """One transition's label at ``guards`` or ``full``: ``event [guard]``, then ``/ effects``."""
    lines = [t.event if t.guard is None else f"{t.event} [{t.guard_text or expr_text(t.guard)}]"]
    shown = _effects(t, detail)
    if shown:
        lines.append("/ " + ", ".join(effect_text(x) for x in shown))
    return lines


def _edges(m: ir.MachineDef, detail: str) -> tuple[ChartEdge, ...]:
    groups: dict[tuple[str, str], list[ir.TransitionDef]] = {}
    for t in m.transitions:
        for src in drawn_sources(m, t):
            groups.setdefault((src, t.declared_target), []).append(t)
    out = []
    for (src, dst), ts in groups.items():
        events = tuple(dict.fromkeys(t.event for t in ts))
        kinds = {m.event(e).kind for e in events}
        kind = kinds.pop() if len(kinds) == 1 else "mixed"
        if detail == "names":
            lines: tuple[str, ...] = (", ".join(events),)
        else:
            lines = tuple(line for t in ts for line in transition_lines(t, detail))
        out.append(ChartEdge(src, dst, lines, events, kind))
    return tuple(out)
