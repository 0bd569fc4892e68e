"""Graphviz DOT text of one machine's statechart, at a level of detail (backends/chart.py).

UML statechart conventions: compound states are clusters with their own initial
dot, final states have a double border, urgent states a bold one. The edge style
tells the kind of the events on it (dashed: only internal events, blue: only
received ones, solid: inputs or a mix). Every label goes through ``q``, the one
escaping function for DOT strings. Everything is emitted in declaration order,
so the text is deterministic.

Layout: top to bottom, in the order the states are reached from the initial state
(``back_edges``). An edge that closes a cycle (a restart, a retry) does not push its
source down (``constraint=false``); ``newrank=true`` ranks across clusters in one pass.
Self-loops sit to the right of their state; at ``names`` they carry no label, their
events are a line in the state (chart.py), since a loop's label beside the state
collided with the labels of edges arriving there. Measured on the pod's container:
8,092 characters of text and 4288 x 2359 px with every guard and effect on one edge
per transition; at ``names`` 979 characters on 1205 x 1671 px, no overlapping labels.
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


def preamble(w: Writer, title: str, rankdir: str, nodesep: float = 0.35, ranksep: float = 0.45,
             newrank: bool = False) -> None:
    rank = "newrank=true, " if newrank else ""
    w.line(f"graph [rankdir={rankdir}, compound=true, {rank}fontname={q(FONT)}, fontsize=12, labelloc=t, "
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
        # newrank: ranks edges across clusters in one pass (Graphviz 2.43's cluster-by-cluster
        # ranking fails, "trouble in init_rank", on an edge into a composite ranked before its initial state)
        preamble(w, "\n".join([*title, LEGEND]), "TB", 0.35, 0.45, newrank=True)
        w.line(f"{_init_id(None)} [shape=point, width=0.12, label=\"\"];")
        sources = {e.src for e in chart.edges}
        _states(w, chart, chart.states, None, sources)
        top = next(s for s in chart.states if s.initial)
        w.line(f"{_init_id(None)} -> {_entry(chart, top.name)};")
        back = back_edges(chart)
        for e in chart.edges:
            if e.src == e.dst and not chart.state(e.src).children:
                _loop(w, e, detail)
            else:
                _edge(w, chart, e, detail, back=(e.src, e.dst) in back)
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
            loop = wrap(s.loop, NAMES_WRAP, indent="") if s.loop else []
            a = [("label", q("\n".join([s.name, *s.notes, *loop])))]
            if s.final:
                a.append(("peripheries", "2"))
            if s.urgent:
                a.append(("style", q("rounded,bold")))
            w.line(f"{node_id(s.name)}{attrs(a)};")
            if s.loop:  # names: the events are in the state; the loop's style tells their kind
                w.line(f"{node_id(s.name)}:e -> {node_id(s.name)}:e{attrs(_kind_attrs(s.loop_kind))};")


def _names(states: tuple[ChartState, ...]) -> list[str]:
    """Every state, parents before their children, in declaration order."""
    return [x for s in states for x in (s.name, *_names(s.children))]


def back_edges(chart: Chart) -> set[tuple[str, str]]:
    """The edges that close a cycle, found by a depth-first walk from the initial state.

    The walk enters a composite state at its initial child, follows a state's own edges and
    those of its enclosing composites, and takes the targets in declaration order (then it
    starts again from every state not reached yet). An edge to a state on the walk's current
    path is a back edge (a restart, a retry): it does not rank its ends. Every other edge
    pushes its target below its source, so a lifecycle reads top to bottom in the order the
    states are reached, whatever order its states were declared in.
    """
    order = {name: k for k, name in enumerate(_names(chart.states))}
    parent = {c.name: s.name for s in _all(chart.states) for c in s.children}
    out_edges: dict[str, list[ChartEdge]] = {}
    for e in chart.edges:
        if e.src != e.dst:
            out_edges.setdefault(e.src, []).append(e)

    def entry(state: str) -> str:
        s = chart.state(state)
        while s.children:
            s = next(c for c in s.children if c.initial)
        return s.name

    def successors(leaf: str) -> list[ChartEdge]:
        edges: list[ChartEdge] = []
        cur: str | None = leaf
        while cur is not None:
            edges += out_edges.get(cur, [])
            cur = parent.get(cur)
        return sorted(edges, key=lambda e: order[e.dst])

    back: set[tuple[str, str]] = set()
    done: set[str] = set()
    path: set[str] = set()

    def visit(leaf: str) -> None:
        path.add(leaf)
        for e in successors(leaf):
            dst = entry(e.dst)
            if dst in path:
                back.add((e.src, e.dst))
            elif dst not in done:
                visit(dst)
        path.discard(leaf)
        done.add(leaf)

    top = next(s for s in chart.states if s.initial)
    for start in [entry(top.name), *(s.name for s in _all(chart.states) if not s.children)]:
        if start not in done:
            visit(start)
    return back


def _all(states: tuple[ChartState, ...]) -> list[ChartState]:
    return [x for s in states for x in (s, *_all(s.children))]


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
