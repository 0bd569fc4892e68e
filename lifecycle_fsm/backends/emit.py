"""Running the back ends: a model and options in, the complete list of generated files out.

This is the one place that decides file names (see the layout in
``lifecycle_fsm.backends``). It is pure apart from rendering SVG through an
external program; nothing is written here.
"""

from __future__ import annotations

import keyword
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from .. import __version__
from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..escape import py_doc
from ..source import Span
from . import OPTIONAL_TARGETS, TARGETS, GeneratedFile, Options
from .bind import Bound, bind
from .dot import machine_dot
from .mermaid import machine_mermaid
from .messages import promela_unsupported
from .overview import properties_markdown, system_dot
from .promela import emit_promela
from .promela_layout import PromelaError
from .pytests import replay_module, tests_module
from .python import class_names, emit_module
from .render import render_svg
from .runs import PREFIX, run_title
from .sequence import run_dot, run_mermaid
from .stategraph import drawn_state_graph
from .writer import py_str

_SVG_OF = {"dot": "svg", "replay+dot": "replay+svg"}  # the manifest's target of a DOT file's SVG
_AVOID = {"transitions", "lifecycle_fsm", "pytest", "test", "tests", "codegen", "diagrams", "spec", "conftest"}


def package_name(spec_path: str) -> str:
    """The spec file's stem as a Python package name that shadows nothing."""
    stem = re.sub(r"[^A-Za-z0-9_]", "_", Path(spec_path).stem) or "spec"
    if stem[0].isdigit():
        stem = "spec_" + stem
    if keyword.iskeyword(stem) or stem in sys.stdlib_module_names or stem in _AVOID or stem.startswith("test"):
        stem += "_spec"
    return stem


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def module_names(model: ir.Model) -> dict[str, str]:
    """System name -> module name inside the package (unique, case-insensitively)."""
    out: dict[str, str] = {}
    used = {"__init__"}
    for s in model.systems:
        base = _snake(s.name).strip("_") or "system"
        if base.startswith("test") or keyword.iskeyword(base) or base in _AVOID:
            base += "_system"
        name = base
        n = 2
        while name.lower() in used:
            name = f"{base}_{n}"
            n += 1
        used.add(name.lower())
        out[s.name] = name
    return out


def _clash_check(paths: list[str], span: Span) -> None:
    seen: dict[str, str] = {}
    for p in paths:
        low = p.lower()
        if low in seen and seen[low] != p:
            raise LfsmError([Diagnostic(
                "output-name-clash",
                f"generated files '{seen[low]}' and '{p}' differ only in letter case; rename one of the two "
                "machines or systems", span)])
        seen[low] = p


def spec_relpath(options: Options, pkg: str) -> str:
    """The spec's path as seen from ``<out_root>/codegen/<pkg>`` (for generated tests)."""
    here = Path(os.path.abspath(Path(options.out_root) / "codegen" / pkg))
    rel = os.path.relpath(os.path.abspath(options.spec_path or "spec.lfsm"), here)
    return PurePosixPath(*Path(rel).parts).as_posix()


def emit(model: ir.Model, options: Options, targets: Sequence[str] = TARGETS,
         traces: Sequence[tuple[str, ir.PropertyDef, object]] = (),
         timelines: Sequence[tuple[str, ir.PropertyDef, object]] = ()) -> list[GeneratedFile]:
    """Every file of ``targets`` for ``model``.

    ``traces``: (system, property, trace) for the replay target; ``timelines``: (system,
    property, trace) of the spec's timelines (backends/runs.py), drawn by the diagram targets.
    """
    unknown = [t for t in targets if t not in TARGETS + OPTIONAL_TARGETS]
    if unknown:
        raise ValueError(f"unknown targets: {', '.join(unknown)}")
    params = dict(options.params) if options.params else {p.name: p.default for p in model.params}
    pkg = package_name(options.spec_path or model.file)
    mods = module_names(model)
    bounds = [bind(model, params, s.name) for s in model.systems]
    files: list[GeneratedFile] = []
    code = f"codegen/{pkg}"
    pics = f"diagrams/{pkg}"
    spec_name = Path(model.file).name
    if "python" in targets:
        files.append(GeneratedFile(f"{code}/__init__.py", _package_init(model, pkg, mods, bounds), "python"))
        for b in bounds:
            files.append(GeneratedFile(f"{code}/{mods[b.system.name]}.py", emit_module(b), "python"))
    if "tests" in targets:
        spec_rel = spec_relpath(options, pkg)
        entries = [(b, mods[b.system.name], class_names(b)[""]) for b in bounds]
        files.append(GeneratedFile(f"{code}/test_{pkg}.py", tests_module(entries, spec_name, spec_rel), "tests"))
    if "replay" in targets:
        spec_rel = spec_relpath(options, pkg)
        for b in bounds:
            mine = [(p, tr) for sname, p, tr in traces if sname == b.system.name]
            if mine:
                mod = mods[b.system.name]
                files.append(GeneratedFile(f"{code}/test_{pkg}_replay_{mod}.py", replay_module(
                    b, mod, class_names(b)[""], spec_name, spec_rel, mine), "replay"))
    if "promela" in targets:
        for b in bounds:
            try:
                text = emit_promela(model, params, b.system.name)
            except PromelaError as e:
                raise LfsmError([Diagnostic(e.code, promela_unsupported(b.system.name, str(e)),
                                            e.span or b.system.span)]) from None
            files.append(GeneratedFile(f"{code}/{mods[b.system.name]}.pml", text, "promela"))
    dots: list[GeneratedFile] = []
    if {"dot", "svg", "mermaid"} & set(targets):
        for m in model.machines:
            dots.append(GeneratedFile(f"{pics}/{m.name}.dot", machine_dot(m, options.detail), "dot"))
        for b in bounds:
            if not b.system.implicit:
                dots.append(GeneratedFile(f"{pics}/{b.system.name}.system.dot", system_dot(b), "dot"))
            graph = drawn_state_graph(model, b.system.name, params, options.state_graph_limit)
            if graph is not None:
                dots.append(GeneratedFile(f"{pics}/{b.system.name}.states.dot", graph[0], "dot"))
    runs: list[tuple[str, str, object, str]] = []  # (path without extension, title, trace, target)
    if {"dot", "svg", "mermaid"} & set(targets):
        for sname, p, tr in timelines:
            runs.append((f"{pics}/{p.name[len(PREFIX):]}", run_title(f"{sname}.{p.name}", p.expect_holds,
                                                                     p.expect_holds, tuple(params.items())), tr, ""))
        if "replay" in targets:
            for sname, p, tr in traces:
                name = f"{sname}.{p.owner}.{p.name}"
                runs.append((f"{pics}/{name}.trace", run_title(name, p.expect_holds, False, tuple(params.items())),
                             tr, "replay+"))
    dots += [GeneratedFile(f"{stem}.dot", run_dot(title, tr), f"{kind}dot") for stem, title, tr, kind in runs]
    if "dot" in targets:
        files += dots
    if "svg" in targets:
        for d in dots:
            name = PurePosixPath(d.path).name
            files.append(GeneratedFile(d.path[:-4] + ".svg", render_svg(d.text, name, options.renderer),
                                       _SVG_OF[d.target]))
    if "mermaid" in targets:
        for m in model.machines:
            files.append(GeneratedFile(f"{pics}/{m.name}.mmd", machine_mermaid(m, options.detail), "mermaid"))
        files += [GeneratedFile(f"{stem}.mmd", run_mermaid(title.split("\n")[0], tr), f"{kind}mermaid")
                  for stem, title, tr, kind in runs]
    pictures = next((t for t in ("dot", "svg", "mermaid") if t in targets), None)
    if pictures is not None:
        for b in bounds:
            if not b.system.implicit:
                files.append(GeneratedFile(f"{pics}/{b.system.name}.properties.md", properties_markdown(b),
                                           pictures))
    span = model.systems[0].span if model.systems else Span(model.file, 0, 0, 0, 0)
    _clash_check([f.path for f in files], span)
    return files


def _package_init(model: ir.Model, pkg: str, mods: dict[str, str], bounds: list[Bound]) -> str:
    doc = [f"Generated by lifefsm {__version__} from {Path(model.file).name} -- do not edit.", ""]
    doc.append("One module per system; each imports only ``transitions`` and the standard library:")
    doc.append("")
    for b in bounds:
        cls = class_names(b)[""]
        doc.append(f"* ``{pkg}.{mods[b.system.name]}.{cls}``: system {b.system.name}")
    lines = ['"""' + py_doc(doc[0])] + [py_doc(line) for line in doc[1:]] + ['"""']
    lines.append("")
    lines.append("__all__ = [" + ", ".join(py_str(mods[b.system.name]) for b in bounds) + "]")
    return "\n".join(lines) + "\n"
