"""A counterexample drawn as a sequence picture: one lifeline per instance, one row per step.

Each row shows what the step did: the instance that acted (bold), the states
entered and signals emitted (``!SIGTERM``), blue arrows to the receivers of a
``send``; ticks are rows of their own. For a liveness lasso the row where the
cycle starts is marked and a dashed arrow closes the cycle. The trace is the
checker's (``lifecycle_fsm.checker.Trace``); only its plain data is read.
"""

from __future__ import annotations

from typing import Any

from .dot import q, wrap
from .writer import Writer


def _instances(trace: Any) -> list[str]:
    names: list[str] = []
    for key, _ in trace.initial:
        inst = key.rpartition(".")[0]
        if inst not in names:
            names.append(inst)
    if not names and trace.steps:
        names = [n for n, _ in trace.steps[0].states]
    return names


def trace_dot(title: str, trace: Any) -> str:
    names = _instances(trace)
    initial = {k.rpartition(".")[0]: v for k, v in trace.initial if k.endswith(".state")}
    w = Writer(indent_unit="  ")
    w.line(f"digraph {q(title)} {{")
    with w.indent():
        w.line(f"graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, labelloc=t, nodesep=0.5, ranksep=0.25, "
               f"newrank=true, label={q(title)}];")
        w.line("node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10, height=0.3];")
        w.line("edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.6];")
        w.line("{ rank=same; t0 [shape=plaintext, label=\"\"]; "
               + " ".join(f"{_cell(0, i)} [style=\"rounded,filled\", fillcolor=\"#eeeeee\", "
                          f"label={q(n + chr(10) + initial.get(n, ''))}];" for i, n in enumerate(names)) + " }")
        for k, step in enumerate(trace.steps, start=1):
            marks = "  (cycle starts)" if trace.loop_start is not None and trace.loop_start == k - 1 else ""
            cells = [f"t{k} [shape=plaintext, label={q(f'{k}. t={step.time}{marks}')}];"]
            before = {n: s for n, s in (trace.steps[k - 2].states if k > 1 else initial.items())}
            after = dict(step.states)
            for i, n in enumerate(names):
                lines = []
                if step.instance == n and step.event:
                    lines.append(step.event)
                if after.get(n) != before.get(n) or (step.instance == n and step.event):
                    lines.append(str(after.get(n, "")))
                lines += [f"!{s}" for inst, s in step.signals if inst == n]
                receipts = [r.event for r in getattr(step, "receipts", ()) if r.instance == n]
                if receipts and not lines:
                    lines.append(str(after.get(n, "")))
                if lines:
                    bold = ", penwidth=2" if step.instance == n else ""
                    cells.append(f"{_cell(k, i)} [label={q(chr(10).join(lines))}{bold}];")
                else:
                    cells.append(f"{_cell(k, i)} [shape=point, width=0.03, label=\"\"];")
            if step.label == "tick":
                cells[0] = f"t{k} [shape=plaintext, label={q(f'{k}. tick, t={step.time}{marks}')}];"
            w.line("{ rank=same; " + " ".join(cells) + " }")
        n_steps = len(trace.steps)
        for i in range(len(names)):
            chain = " -> ".join(_cell(k, i) for k in range(n_steps + 1))
            if n_steps:
                w.line(f"{chain} [style=dotted, arrowhead=none, weight=10];")
        if n_steps:
            w.line(" -> ".join(f"t{k}" for k in range(n_steps + 1)) + " [style=invis, weight=10];")
        index = {n: i for i, n in enumerate(names)}
        for k, step in enumerate(trace.steps, start=1):
            if step.instance in index:
                for r in getattr(step, "receipts", ()):
                    if r.instance in index and r.instance != step.instance:
                        w.line(f"{_cell(k, index[step.instance])} -> {_cell(k, index[r.instance])} "
                               f"[label={q(chr(10).join(wrap(r.event, 20)))}, color=\"#1f5fbf\", "
                               f"fontcolor=\"#1f5fbf\", constraint=false];")
        if trace.loop_start is not None and n_steps:
            first = trace.loop_start + 1
            w.line(f"t{n_steps} -> t{first} [style=dashed, constraint=false, "
                   f"label={q(f'repeat from {first}')}];")
    w.line("}")
    return w.text()


def _cell(row: int, col: int) -> str:
    return f"c{row}_{col}"
