"""Mermaid ``stateDiagram-v2`` text for one machine, for Markdown pages: the same Chart as the DOT.

State ids are prefixed (``s_Running``) and shown with the spec name as label, so a
state called ``end`` or ``note`` cannot collide with Mermaid keywords.

Label text goes through ``label``, the one escaping function for Mermaid. What it does
was measured by rendering in Chromium with Mermaid 11 and 12, in both of Mermaid's
label modes (HTML labels, the default, and plain SVG text, ``htmlLabels: false``):

* ``[ ] { } ( ) | " = , . / + -`` and spaces need nothing;
* ``<``, ``>`` and ``&`` are written ``#lt;``, ``#gt;``, ``#amp;``, which both modes decode;
* ``:`` ends the label (a parse error), ``;`` ends the statement, ``#`` may start an
  entity code, two ``*`` in a label turn the text between them italic, and so do
  underscores that open and close a word (``__init__`` shows as a bold "init"): labels
  are Markdown. No escape works in both modes for these: ``#58;``, ``#59;``, ``#35;``,
  ``#42;``, ``#95;`` are decoded with HTML labels and shown as codes in plain SVG text.
  They are used, and only these, only where needed (an underscore inside a name, or one
  that only starts or only ends words, needs nothing). The reference model's ``names``
  diagrams (what ``lifefsm compile`` commits) have none; ``guards`` and ``full`` diagrams
  have them where a guard has a quantifier (``all a in app: ...``) or an effect sends to
  every element (``[*]``);
* ``<br>`` breaks a line in both modes.
"""

from __future__ import annotations

import re

from .. import model as ir
from .chart import DEFAULT_DETAIL, ChartState, machine_chart
from .writer import Writer

_ENTITIES = {"<": "#lt;", ">": "#gt;", "&": "#amp;", ":": "#58;", ";": "#59;", "#": "#35;", "*": "#42;"}


_OPENS = re.compile(r"(?<![A-Za-z0-9_])_+(?=\S)")  # underscores that start a word
_CLOSES = re.compile(r"(?<=\S)(?<!_)_+(?![A-Za-z0-9_])")  # underscores that end a word
_EDGE = re.compile(r"(?<![A-Za-z0-9_])_+|_+(?![A-Za-z0-9_])")


def label(text: str) -> str:
    """Text that Mermaid shows as written in an edge label, a note or a state description."""
    out = "".join(_ENTITIES.get(ch, ch) for ch in " ".join(text.split()))
    opener = _OPENS.search(out)
    if opener is not None and _CLOSES.search(out, opener.end()):  # Markdown would see emphasis
        out = _EDGE.sub(lambda m: "#95;" * len(m.group()), out)
    return out


def sid(state: str) -> str:
    return "s_" + state


def machine_mermaid(m: ir.MachineDef, detail: str = DEFAULT_DETAIL) -> str:
    """The statechart of one machine at ``detail`` (names, guards or full)."""
    chart = machine_chart(m, detail)
    w = Writer(indent_unit="  ")
    w.line("---")
    w.line(f"title: machine {m.name}")  # YAML: a name needs no quoting
    w.line("---")
    w.line("stateDiagram-v2")
    with w.indent():
        w.line("direction LR")  # Mermaid lays a statechart with clusters out cleaner this way
        _group(w, chart.states)
        for e in chart.edges:
            w.line(f"{sid(e.src)} --> {sid(e.dst)} : {'<br>'.join(label(x) for x in e.lines)}")
        for s in _all(chart.states):
            if s.final:
                w.line(f"{sid(s.name)} --> [*]")
        for s in _all(chart.states):
            if s.notes:
                w.line(f"note right of {sid(s.name)} : {'<br>'.join(label(x) for x in s.notes)}")
        urgent = [sid(s.name) for s in _all(chart.states) if s.urgent]
        if urgent:  # a bold border, as in the DOT
            w.line("classDef urgent stroke-width:3px")
            w.line(f"class {','.join(urgent)} urgent")
    return w.text()


def _all(states: tuple[ChartState, ...]) -> list[ChartState]:
    return [x for s in states for x in (s, *_all(s.children))]


def _group(w: Writer, states: tuple[ChartState, ...]) -> None:
    for s in states:
        w.line(f"state \"{label(s.name)}\" as {sid(s.name)}")
        if s.loop:  # the state's transitions to itself, in the state (as in the DOT)
            w.line(f"{sid(s.name)} : {label(s.loop)}")
    initial = next(s for s in states if s.initial)
    w.line(f"[*] --> {sid(initial.name)}")
    for s in states:
        if s.children:
            w.line(f"state {sid(s.name)} {{")
            with w.indent():
                _group(w, s.children)
            w.line("}")


