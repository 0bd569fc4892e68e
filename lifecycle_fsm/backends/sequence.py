"""A run of the model (a counterexample or a witness) as a sequence picture: Mermaid and DOT.

One lifeline per instance, time going down. A discrete step is the event its
instance took (a solid arrow onto its own lifeline), the state it entered (a note),
the signals it emitted (dashed arrows onto its own lifeline) and the messages it
sent (a solid arrow to each receiver that took a transition, then the receiver's
state and signals). A tick is a note across every lifeline with the time in
seconds (one tick is one second). For a liveness lasso, the steps that repeat
forever are framed.

What is read from a trace (``lifecycle_fsm.checker.Trace``, plain data only):
``initial`` (the ``<instance>.state`` entries give the lifelines, in order, and their
first states), and per step ``label`` ("tick" for a tick), ``instance`` and ``event``,
``time``, ``states`` (every instance's leaf after the step), ``signals`` ((instance,
signal) in emission order) and ``receipts`` (receivers that took a transition);
``loop_start`` for a lasso. Names are the spec's, as in the statecharts and traces.

The SVG is the DOT text drawn by the renderer of every other diagram (Graphviz ``dot``
or graphviz-pure): the same fonts and text measurement as the statecharts, and a
committed SVG can be checked against the DOT it was drawn from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .dot import BLUE, FONT, attrs, q, wrap_items
from .mermaid import label
from .writer import Writer


@dataclass(frozen=True, slots=True)
class Act:
    """What one instance did within one step."""

    instance: str
    event: str  # the event it took (the step's own, or a received message)
    sender: str  # itself for the step's own event, else the instance that sent the message
    state: str | None  # the leaf it entered, if it changed
    signals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Row:
    time: int
    tick: bool
    acts: tuple[Act, ...]  # the step's own instance first, then the receivers in order


@dataclass(frozen=True, slots=True)
class Run:
    instances: tuple[str, ...]
    initial: tuple[str, ...]  # each instance's first leaf
    rows: tuple[Row, ...]
    loop_start: int | None  # rows[loop_start:] repeat forever


def run_of(trace: Any) -> Run:
    names: list[str] = []
    first: dict[str, str] = {}
    for key, value in trace.initial:
        inst, _, field = key.rpartition(".")
        if field == "state":
            names.append(inst)
            first[inst] = value
    if not names and trace.steps:
        names = [n for n, _ in trace.steps[0].states]
    before = dict(first)
    rows = []
    for step in trace.steps:
        after = dict(step.states)
        if step.label == "tick" or step.instance is None:
            rows.append(Row(step.time, True, ()))
            before = after
            continue
        movers = [(step.instance, step.event, step.instance)]
        movers += [(r.instance, r.event, step.instance) for r in getattr(step, "receipts", ())]
        acts = []
        for inst, event, sender in movers:
            state = after.get(inst)
            acts.append(Act(inst, str(event), sender, state if state != before.get(inst) else None,
                            tuple(s for i, s in step.signals if i == inst)))
        rows.append(Row(step.time, False, tuple(acts)))
        before = after
    return Run(tuple(names), tuple(first.get(n, "") for n in names), tuple(rows), trace.loop_start)


def _seconds(t: int) -> str:
    return f"t = {t} s"


# ---- Mermaid -------------------------------------------------------------------------------


def mermaid_sequence(title: str, lifelines: Sequence[str], body: Callable[[Writer, dict[str, str]], None]) -> str:
    """A ``sequenceDiagram`` with ``title`` (written as given: free of ``:`` and ``#``, it goes into YAML)
    and one participant per lifeline (``p0``, ``p1``, ...); ``body`` writes the rows, given those ids."""
    pid = {n: f"p{i}" for i, n in enumerate(lifelines)}
    w = Writer(indent_unit="  ")
    w.line("---")
    w.line(f"title: {title}")
    w.line("---")
    w.line("sequenceDiagram")
    with w.indent():
        for n in lifelines:
            w.line(f"participant {pid[n]} as {label(n)}")
        body(w, pid)
    return w.text()


def run_mermaid(title: str, trace: Any) -> str:
    """A ``sequenceDiagram``; ``title`` should be free of ``:`` (it goes into YAML)."""
    run = run_of(trace)
    return mermaid_sequence(label(title), run.instances, lambda w, pid: _mermaid_run(w, run, pid))


def _mermaid_run(w: Writer, run: Run, pid: dict[str, str]) -> None:
    ends = dict.fromkeys(pid[n] for n in (run.instances[0], run.instances[-1])) if run.instances else {}
    everyone = ",".join(ends)  # a note across every lifeline
    for n, s in zip(run.instances, run.initial):
        w.line(f"Note over {pid[n]}: {label(s)}")
    if run.instances:
        w.line(f"Note over {everyone}: {_seconds(0)}")
    loop = len(run.rows) if run.loop_start is None else run.loop_start
    _mermaid_rows(w, run.rows[:loop], pid, everyone)
    if loop < len(run.rows):
        w.line("loop the steps below repeat forever")
        with w.indent():
            _mermaid_rows(w, run.rows[loop:], pid, everyone)
        w.line("end")


def _mermaid_rows(w: Writer, rows: tuple[Row, ...], pid: dict[str, str], everyone: str) -> None:
    for row in rows:
        if row.tick:
            w.line(f"Note over {everyone}: {_seconds(row.time)}")
        for act in row.acts:
            w.line(f"{pid[act.sender]}->>{pid[act.instance]}: {label(act.event)}")
            if act.state is not None:
                w.line(f"Note over {pid[act.instance]}: {label(act.state)}")
            for sig in act.signals:
                w.line(f"{pid[act.instance]}-->>{pid[act.instance]}: {label(sig)}")


# ---- DOT -----------------------------------------------------------------------------------

GREY = "#eeeeee"
LEGEND = "bold: the event taken   plain: the state entered   italic: a signal   blue: a message"


def _html(text: str) -> str:
    """Text inside an HTML-like DOT label (the one escaping function for those labels)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _cell_label(act: Act) -> str:
    lines = [f"<b>{_html(act.event)}</b>"]
    if act.state is not None:
        lines.append(_html(act.state))
    lines += [f"<i>{_html(s)}</i>" for s in act.signals]
    return "<" + "<br/>".join(lines) + ">"


def run_dot(title: str, trace: Any) -> str:
    """The same picture as ``run_mermaid`` as DOT: a column per instance, a row per step."""
    run = run_of(trace)
    cols = range(len(run.instances))
    head, _, values = title.partition("\n")
    w = Writer(indent_unit="  ")
    w.line(f"digraph {q(head)} {{")
    with w.indent():
        label = "\n".join([head, *wrap_items(values.split(", ") if values else [], 90), LEGEND])
        w.line(f"graph [rankdir=TB, fontname={q(FONT)}, fontsize=12, labelloc=t, nodesep=0.6, ranksep=0.18, "
               f"newrank=true, label={q(label)}];")
        w.line(f"node [shape=box, style=rounded, fontname={q(FONT)}, fontsize=10, height=0.3];")
        w.line(f"edge [fontname={q(FONT)}, fontsize=9, arrowsize=0.6];")
        heads = " ".join(f"c0_{i} [style=\"rounded,filled\", fillcolor={q(GREY)}, label={q(n + chr(10) + s)}];"
                         for i, (n, s) in enumerate(zip(run.instances, run.initial)))
        w.line(f"{{ rank=same; t0 [shape=plaintext, label={q(_seconds(0))}]; {heads} }}")
        if run.instances:  # the lifelines in declaration order, left to right
            w.line(" -> ".join(["t0", *(f"c0_{i}" for i in cols)]) + " [style=invis];")
        index = {n: i for i, n in enumerate(run.instances)}
        for k, row in enumerate(run.rows, start=1):
            mark = "   (repeats from here)" if run.loop_start is not None and k - 1 == run.loop_start else ""
            time = _seconds(row.time) if row.tick else ""
            cells = [f"t{k} [shape=plaintext, label={q(time + mark)}];"]
            acting = {a.instance: a for a in row.acts}
            for i, n in enumerate(run.instances):
                act = acting.get(n)
                if act is None:
                    cells.append(f"c{k}_{i} [shape=point, width=0.03, label=\"\"];")
                else:
                    bold = ", penwidth=2" if act.sender == act.instance else ""
                    cells.append(f"c{k}_{i} [label={_cell_label(act)}{bold}];")
            w.line("{ rank=same; " + " ".join(cells) + " }")
            for act in row.acts:
                if act.sender != act.instance:
                    message = [("label", q(act.event)), ("color", q(BLUE)), ("fontcolor", q(BLUE)),
                               ("constraint", "false")]
                    w.line(f"c{k}_{index[act.sender]} -> c{k}_{index[act.instance]}{attrs(message)};")
        last = len(run.rows)
        if last:
            for i in cols:
                lifeline = " -> ".join(f"c{k}_{i}" for k in range(last + 1))
                w.line(f"{lifeline} [style=dotted, arrowhead=none, weight=10];")
            w.line(" -> ".join(f"t{k}" for k in range(last + 1)) + " [style=invis, weight=10];")
        if run.loop_start is not None and last:
            w.line(f"t{last} -> t{run.loop_start + 1} [style=dashed, constraint=false, label={q('repeat')}];")
    w.line("}")
    return w.text()
