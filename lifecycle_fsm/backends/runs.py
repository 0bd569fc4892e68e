"""Pictures of runs: timelines that ``lifefsm compile`` draws, and ``lifefsm check --trace-diagram``.

A *timeline* is a system property whose name starts with ``timeline_``: a ``reachable``
property (its witness is the run) or an expected violation (its counterexample is the
run). ``lifefsm compile`` asks the checker for that run at the compile's parameter values,
stopping as soon as it is found (the run is the same shortest one a full check reports),
and draws it as ``diagrams/<pkg>/<name>.mmd`` (a Mermaid sequenceDiagram), ``.dot`` and
``.svg``, where ``<name>`` is the property name without the prefix. The reference model's
``timeline_delete`` is the delete timeline shown in the README.

``lifefsm check --trace-diagram DIR`` draws every counterexample and witness of a check
the same way, as ``<System>.<property>.mmd`` and ``.svg`` (``<System>.<Machine>.<property>``
for a machine's property; ``.<k>`` added for the k-th parameter binding when several were
checked).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..messages import timeline_without_run
from . import GeneratedFile
from .overview import value_text
from .render import render_svg
from .sequence import run_dot, run_mermaid

PREFIX = "timeline_"


def timeline_properties(model: ir.Model) -> list[tuple[str, ir.PropertyDef]]:
    """(system, property) for every timeline of every system, in declaration order."""
    return [(s.name, p) for s in model.systems for p in s.properties if p.name.startswith(PREFIX)]


def timeline_traces(model: ir.Model, params: dict[str, ir.Value]) -> list[tuple[str, ir.PropertyDef, Any]]:
    """(system, property, trace) for every timeline: one early-stopping checker run per system."""
    wanted = timeline_properties(model)
    if not wanted:
        return []
    from ..checker import check_model

    out = []
    for system in dict.fromkeys(s for s, _ in wanted):
        props = [p for s, p in wanted if s == system]
        result = check_model(model, params, system=system, properties=[p.name for p in props], until_decided=True)
        traces = {r.name: r.trace for r in result.properties}
        for p in props:
            trace = traces.get(p.name)
            if trace is None:
                raise LfsmError([Diagnostic("timeline-without-run", timeline_without_run(p.name), p.span)])
            out.append((system, p, trace))
    return out


def run_title(name: str, expect_holds: bool, holds: bool | None, params: Sequence[tuple[str, ir.Value]]) -> str:
    """``Pod.timeline_delete (witness)`` and, on a second line, the parameter values."""
    what = "witness" if holds else ("counterexample" if expect_holds else "expected violation")
    values = ", ".join(f"{k} = {value_text(v)}" for k, v in params)
    return f"{name} ({what})" + (f"\n{values}" if values else "")


def run_files(stem: str, title: str, trace: Any, renderer: str) -> list[GeneratedFile]:
    """``<stem>.mmd`` and ``<stem>.svg`` of one run (the Mermaid title is the first line of ``title``)."""
    dot = run_dot(title, trace)
    return [GeneratedFile(f"{stem}.mmd", run_mermaid(title.split("\n")[0], trace)),
            GeneratedFile(f"{stem}.svg", render_svg(dot, Path(stem).name + ".dot", renderer))]


def trace_diagrams(results: Sequence[Any], renderer: str = "auto") -> list[GeneratedFile]:
    """The run pictures of every counterexample and witness in ``results`` (checker results)."""
    bindings = list(dict.fromkeys(tuple(sorted(r.params.items())) for r in results))
    files: list[GeneratedFile] = []
    for r in results:
        suffix = f".{bindings.index(tuple(sorted(r.params.items()))) + 1}" if len(bindings) > 1 else ""
        for pr in r.properties:
            if pr.trace is None:
                continue
            # the owner is named when it is a machine (its properties are checked per instance)
            name = ".".join(dict.fromkeys(x for x in (r.system, pr.owner, pr.name) if x))
            title = run_title(name, pr.expect_holds, pr.holds, tuple(r.params.items()))
            files += run_files(name + suffix, title, pr.trace, renderer)
    return files


def write_trace_diagrams(directory: str, results: Sequence[Any]) -> None:
    """``lifefsm check --trace-diagram DIR``: draw, then write every picture atomically (or exit 2)."""
    from .files import write_all
    from .render import RenderError

    try:
        files = trace_diagrams(results)
    except RenderError as e:
        raise LfsmError([Diagnostic("render-failed", str(e), None)]) from None
    write_all(files, Path(directory))  # raises LfsmError ([output-failed], ...) and changes nothing then
