"""Graphviz DOT text of one machine's statechart, at a level of detail (backends/chart.py).

UML statechart conventions: compound states are clusters with their own initial
dot, final states have a double border, urgent states a bold one. The edge style
tells the kind of the events on it (dashed: only internal events, blue: only
received ones, solid: inputs or a mix). Every label goes through ``q``, the one
escaping function for DOT strings. Everything is emitted in declaration order,
so the text is deterministic.

Layout: top to bottom, in the order the states are declared (which is how a spec
tells a lifecycle). An edge back to an earlier state (a restart, a retry) does not
push its source down (``constraint=false``), and self-loops sit to the right of
their state, so a loop label never collides with a cluster's title or an edge
coming in from above. Measured on the pod's container: 8,092 characters of text
and 4288 x 2359 px with every guard and effect on one edge per transition; 677
characters and about 825 x 1345 px at ``names``.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import model as ir
from ..escape import dot_str
from .chart import DEFAULT_DETAIL, Chart, ChartEdge, ChartState, machine_chart
from .writer import Writer

FONT = "Helvetica"
WRAP = 44  # guards and full: break label lines longer than this
NAMES_WRAP = 26  # names: break the list of event names after this many characters
BLUE = "#1f5fbf"


def q(text: str) -> str:
    """A DOT double-quoted string (escape.dot_str: quotes, backslashes, newlines, unprintables)."""
    return dot_str(text)


def attrs(items: Iterable[tuple[str, str]]) -> str:
    parts = [f"{k}={v}" for k, v in items]
    return f" [{', '.join(parts)}]" if parts else ""


def wrap(text: str, width: int = WRAP, indent: str = "  ") -> list[str]:
    """Break a long label line at spaces so labels stay narrow."""
    out: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = indent + word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    return out


def wrap_items(items: list[str], width: int) -> list[str]:
    """Comma-separated ``items`` on lines of at most ``width`` characters (an item is never split)."""
    out: list[str] = []
    for item in items:
        if out and len(out[-1]) + 2 + len(item) <= width:
            out[-1] += ", " + item
        else:
            if out:
                out[-1] += ","
            out.append(item)
    return out


def preamble(w: Writer, title: str, rankdir: str, nodesep: float = 0.35, ranksep: float = 0.45) -> None:
    w.line(f"graph [rankdir={rankdir}, compound=true, fontname={q(FONT)}, fontsize=12, labelloc=t, "
           f"nodesep={nodesep}, ranksep={ranksep}, label={q(title)}];")
    w.line(f"node [shape=box, style=rounded, fontname={q(FONT)}, fontsize=11];")
    w.line(f"edge [fontname={q(FONT)}, fontsize=9, arrowsize=0.7];")


def node_id(state: str) -> str:
    return q("s_" + state)


def _init_id(group: str | None) -> str:
    return q("init_" + (group or ""))


def _cluster(state: str) -> str:
    return q("cluster_" + state)


def _exit_id(state: str) -> str:
    return q("exit_" + state)


LEGEND = "solid: input   dashed: internal   blue: received   bold: urgent"


def machine_dot(m: ir.MachineDef, detail: str = DEFAULT_DETAIL) -> str:
    """The statechart of one machine at ``detail`` (names, guards or full)."""
    chart = machine_chart(m, detail)
    w = Writer(indent_unit="  ")
    w.line(f"digraph {q(m.name)} {{")
    with w.indent():
        title = [part for line in chart.title for part in wrap(line, 100)]
        preamble(w, "\n".join([*title, LEGEND]), "TB", 0.35, 0.45)
        w.line(f"{_init_id(None)} [shape=point, width=0.12, label=\"\"];")
        sources = {e.src for e in chart.edges}
        _states(w, chart, chart.states, None, sources)
        top = next(s for s in chart.states if s.initial)
        w.line(f"{_init_id(None)} -> {_entry(chart, top.name)};")
        order = {name: k for k, name in enumerate(_names(chart.states))}
        for e in chart.edges:
            if e.src == e.dst and not chart.state(e.src).children:
                _loop(w, e, detail)
            else:
                _edge(w, chart, e, detail, back=order[e.dst] < order[e.src])
    w.line("}")
    return w.text()


def _states(w: Writer, chart: Chart, states: tuple[ChartState, ...], parent: str | None, sources: set[str]) -> None:
    for s in states:
        if s.children:
            w.line(f"subgraph {_cluster(s.name)} {{")
            with w.indent():
                style = "rounded,bold" if s.urgent else "rounded"
                w.line(f"label={q(chr(10).join([s.name, *s.notes]))}; style={q(style)}; fontsize=11;")
                w.line(f"{_init_id(s.name)} [shape=point, width=0.1, label=\"\"];")
                _states(w, chart, s.children, s.name, sources)
                init = next(c for c in s.children if c.initial)
                w.line(f"{_init_id(s.name)} -> {_entry(chart, init.name)};")
                if s.name in sources:
                    # an invisible anchor ranked after every state inside, so edges leaving the
                    # compound state start at its far side instead of crossing it
                    w.line(f"{_exit_id(s.name)} [shape=point, style=invis, width=0.01, label=\"\"];")
                    for leaf in _leaves(s):
                        w.line(f"{node_id(leaf)} -> {_exit_id(s.name)} [style=invis];")
            w.line("}")
        else:
            a = [("label", q("\n".join([s.name, *s.notes])))]
            if s.final:
                a.append(("peripheries", "2"))
            if s.urgent:
                a.append(("style", q("rounded,bold")))
            w.line(f"{node_id(s.name)}{attrs(a)};")


def _names(states: tuple[ChartState, ...]) -> list[str]:
    """Every state, parents before their children, in declaration order."""
    return [x for s in states for x in (s.name, *_names(s.children))]


def _leaves(s: ChartState) -> list[str]:
    return [x for c in s.children for x in (_leaves(c) if c.children else [c.name])]


def _entry(chart: Chart, state: str) -> str:
    """An edge into ``state`` ends at the state, or at the initial dot of its cluster."""
    if chart.state(state).children:
        return _init_id(state) + attrs([("lhead", _cluster(state))])
    return node_id(state)


def _label(e: ChartEdge, detail: str) -> str:
    if detail == "names":
        return "\n".join(wrap(e.lines[0], NAMES_WRAP, indent=""))
    return "\n".join(part for line in e.lines for part in wrap(line))


def _kind_attrs(kind: str) -> list[tuple[str, str]]:
    if kind == "internal":
        return [("style", "dashed")]
    if kind == "receive":
        return [("color", q(BLUE)), ("fontcolor", q(BLUE))]
    return []


def _loop(w: Writer, e: ChartEdge, detail: str) -> None:
    """A state's self-loop (one per state: its events are merged), on the right of the state."""
    node = node_id(e.src) + ":e"
    w.line(f"{node} -> {node}{attrs([('label', q(_label(e, detail))), *_kind_attrs(e.kind)])};")


def _edge(w: Writer, chart: Chart, e: ChartEdge, detail: str, back: bool) -> None:
    a: list[tuple[str, str]] = [("label", q(_label(e, detail))), *_kind_attrs(e.kind)]
    if back:
        a.append(("constraint", "false"))
    tail = node_id(e.src)
    if chart.state(e.src).children:
        tail = _exit_id(e.src)
        a.append(("ltail", _cluster(e.src)))
    head = node_id(e.dst)
    if chart.state(e.dst).children:
        head = _init_id(e.dst)
        a.append(("lhead", _cluster(e.dst)))
    w.line(f"{tail} -> {head}{attrs(a)};")
