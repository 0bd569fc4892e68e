"""Mermaid ``stateDiagram-v2`` text for one machine, for Markdown pages.

State ids are prefixed (``s_Running``) with the spec name as the shown label, so
a state called ``end`` or ``note`` cannot collide with Mermaid keywords. Label
characters Mermaid treats specially are written as its ``#code;`` entities.
"""

from __future__ import annotations

from .. import model as ir
from .dot import own_invariant_texts
from .pretty import effect_text, expr_text
from .writer import Writer

_ENTITIES = {"<": "#lt;", ">": "#gt;", ":": "#58;", ";": "#59;", "{": "#123;", "}": "#125;", "#": "#35;",
             '"': "#quot;", "[": "#91;", "]": "#93;"}


def esc(text: str) -> str:
    return "".join(_ENTITIES.get(ch, ch) for ch in text)


def _sid(state: str) -> str:
    return "s_" + state


def machine_mermaid(m: ir.MachineDef) -> str:
    w = Writer(indent_unit="  ")
    w.line("---")
    w.line(f"title: machine {m.name}")
    w.line("---")
    w.line("stateDiagram-v2")
    with w.indent():
        w.line("direction LR")
        _group(w, m, None)
        for t in m.transitions:
            label = t.event
            if t.guard is not None:
                label += f" [{t.guard_text or expr_text(t.guard)}]"
            if t.effects:
                label += " / " + ", ".join(effect_text(x) for x in t.effects)
            for src in t.declared_sources:
                w.line(f"{_sid(src)} --> {_sid(t.declared_target)} : {esc(label)}")
        for s in m.states:
            if s.final:
                w.line(f"{_sid(s.name)} --> [*]")
        for s in m.states:
            notes = (["urgent"] if s.urgent and not (s.parent and m.state(s.parent).urgent) else [])
            notes += [f"invariant {i}" for i in own_invariant_texts(m, s)]
            if notes:
                w.line(f"note right of {_sid(s.name)} : {esc('; '.join(notes))}")
    return w.text()


def _group(w: Writer, m: ir.MachineDef, parent: str | None) -> None:
    children = [s for s in m.states if s.parent == parent]
    for s in children:
        w.line(f"state \"{esc(s.name)}\" as {_sid(s.name)}")
    initial = next(s for s in children if s.initial)
    w.line(f"[*] --> {_sid(initial.name)}")
    for s in children:
        if s.children:
            w.line(f"state {_sid(s.name)} {{")
            with w.indent():
                _group(w, m, s.name)
            w.line("}")
