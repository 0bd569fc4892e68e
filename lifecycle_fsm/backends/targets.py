"""The targets of ``lifefsm compile``: a registry, name -> the function that emits its files.

Every target is a pure function of one ``Job``: the model, its systems instantiated at the
compile's parameter values, the options, the package and module names, and the runs of the
checker the driver supplied (counterexample traces for ``replay``, the spec's timelines for
the pictures). Only the driver writes what they return.

To add a target: write ``emit_<name>(job) -> list[GeneratedFile]`` (here, or in the target's
own module), add a ``Target`` to ``REGISTRY`` (its place there is its place in the default
order and in ``--target``), and say in ``needs`` which checker runs it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..instantiate import System
from ..messages import say
from .dot import machine_dot
from .generated import GeneratedFile, Options
from .mermaid import machine_mermaid
from .names import package_init, spec_relpath
from .overview import properties_markdown, system_dot
from .promela import emit_layout
from .promela_layout import PromelaError, build_layout
from .pytests import replay_module, tests_module
from .python import class_names, emit_module
from .render import render_svg
from .runs import PREFIX, run_title
from .sequence import run_dot, run_mermaid
from .stategraph import drawn_state_graph

Run = tuple[str, ir.PropertyDef, Any]  # (system, property, trace) of a checker run
PICTURES = ("dot", "svg", "mermaid")


@dataclass(frozen=True, eq=False)
class Job:
    """What every target may read: one compile of one model into the files of ``targets``."""

    model: ir.Model
    systems: tuple[System, ...]  # every system of the model, at the compile's parameter values
    options: Options
    targets: tuple[str, ...]
    pkg: str  # the Python package: codegen/<pkg>, diagrams/<pkg>
    modules: dict[str, str]  # system name -> module name in the package
    traces: Sequence[Run] = ()  # counterexamples and witnesses for replay
    timelines: Sequence[Run] = ()  # the spec's timeline runs, drawn by the picture targets
    params: dict[str, ir.Value] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return f"codegen/{self.pkg}"

    @property
    def pics(self) -> str:
        return f"diagrams/{self.pkg}"

    @cached_property
    def runs(self) -> list[tuple[str, str, Any, str]]:
        """(path without extension, title, trace, target prefix) of every run to draw."""
        values = tuple(self.params.items())
        out = [(f"{self.pics}/{p.name[len(PREFIX):]}", run_title(f"{s}.{p.name}", p.expect_holds, p.expect_holds,
                                                                  values), tr, "") for s, p, tr in self.timelines]
        if "replay" in self.targets:
            for s, p, tr in self.traces:
                name = f"{s}.{p.owner}.{p.name}"
                out.append((f"{self.pics}/{name}.trace", run_title(name, p.expect_holds, False, values), tr,
                            "replay+"))
        return out

    @cached_property
    def dots(self) -> list[GeneratedFile]:
        """Every picture as DOT (the dot target writes them, the svg target renders them)."""
        out = [GeneratedFile(f"{self.pics}/{m.name}.dot", machine_dot(m, self.options.detail), "dot")
               for m in self.model.machines]
        for b in self.systems:
            if not b.definition.implicit:
                out.append(GeneratedFile(f"{self.pics}/{b.name}.system.dot", system_dot(b), "dot"))
            graph = drawn_state_graph(self.model, b.name, self.params, self.options.state_graph_limit)
            if graph is not None:
                out.append(GeneratedFile(f"{self.pics}/{b.name}.states.dot", graph[0], "dot"))
        out += [GeneratedFile(f"{stem}.dot", run_dot(title, tr), f"{kind}dot") for stem, title, tr, kind in self.runs]
        return out

    def documents(self, target: str) -> list[GeneratedFile]:
        """The property tables of the explicit systems, written by the first picture target of the run."""
        if target != next(t for t in self.targets if t in PICTURES):
            return []
        return [GeneratedFile(f"{self.pics}/{b.name}.properties.md", properties_markdown(b), target)
                for b in self.systems if not b.definition.implicit]


def emit_python(job: Job) -> list[GeneratedFile]:
    files = [GeneratedFile(f"{job.code}/__init__.py", package_init(job.model, job.pkg, job.modules, job.systems),
                           "python")]
    files += [GeneratedFile(f"{job.code}/{job.modules[b.name]}.py", emit_module(b), "python") for b in job.systems]
    return files


def emit_tests(job: Job) -> list[GeneratedFile]:
    entries = [(b, job.modules[b.name], class_names(b)[""]) for b in job.systems]
    text = tests_module(entries, Path(job.model.file).name, spec_relpath(job.options, job.pkg))
    return [GeneratedFile(f"{job.code}/test_{job.pkg}.py", text, "tests")]


def emit_replay(job: Job) -> list[GeneratedFile]:
    files = []
    for b in job.systems:
        mine = [(p, tr) for sname, p, tr in job.traces if sname == b.name]
        if mine:
            mod = job.modules[b.name]
            text = replay_module(b, mod, class_names(b)[""], Path(job.model.file).name,
                                 spec_relpath(job.options, job.pkg), mine)
            files.append(GeneratedFile(f"{job.code}/test_{job.pkg}_replay_{mod}.py", text, "replay"))
    return files


def emit_promela_files(job: Job) -> list[GeneratedFile]:
    files = []
    for b in job.systems:
        try:
            text = emit_layout(build_layout(b))
        except PromelaError as e:
            raise LfsmError([Diagnostic(e.code, say("backends.promela-unsupported", system=b.name, why=str(e)),
                                        e.span or b.definition.span)]) from None
        files.append(GeneratedFile(f"{job.code}/{job.modules[b.name]}.pml", text, "promela"))
    return files


_SVG_OF = {"dot": "svg", "replay+dot": "replay+svg"}  # the manifest's target of a DOT file's SVG


def emit_dot(job: Job) -> list[GeneratedFile]:
    return job.dots + job.documents("dot")


def emit_svg(job: Job) -> list[GeneratedFile]:
    files = [GeneratedFile(d.path[:-4] + ".svg", render_svg(d.text, PurePosixPath(d.path).name, job.options.renderer),
                           _SVG_OF[d.target]) for d in job.dots]
    return files + job.documents("svg")


def emit_mermaid(job: Job) -> list[GeneratedFile]:
    files = [GeneratedFile(f"{job.pics}/{m.name}.mmd", machine_mermaid(m, job.options.detail), "mermaid")
             for m in job.model.machines]
    files += [GeneratedFile(f"{stem}.mmd", run_mermaid(title.split("\n")[0], tr), f"{kind}mermaid")
              for stem, title, tr, kind in job.runs]
    return files + job.documents("mermaid")


@dataclass(frozen=True, slots=True)
class Target:
    """One target: ``emit`` makes its files; ``default``: run when ``--target`` is not given;
    ``needs``: the checker runs it reads ("traces", "timelines"), which the driver supplies."""

    name: str
    emit: Callable[[Job], list[GeneratedFile]]
    default: bool
    needs: frozenset[str]
    about: str


REGISTRY: tuple[Target, ...] = (
    Target("python", emit_python, True, frozenset(), "a module per system on transitions"),
    Target("tests", emit_tests, True, frozenset(), "the pytest suite: every property and conformance"),
    Target("dot", emit_dot, True, frozenset({"timelines"}), "Graphviz DOT of machines, systems, runs"),
    Target("svg", emit_svg, True, frozenset({"timelines"}), "the DOT pictures rendered as SVG"),
    Target("mermaid", emit_mermaid, True, frozenset({"timelines"}), "Mermaid statecharts and runs"),
    Target("replay", emit_replay, False, frozenset({"traces"}), "runs the checker; counterexample replays"),
    Target("promela", emit_promela_files, False, frozenset(), "each system at the -D values as a SPIN model"),
)
TARGETS = tuple(t.name for t in REGISTRY if t.default)
OPTIONAL_TARGETS = tuple(t.name for t in REGISTRY if not t.default)


def target(name: str) -> Target:
    return ir.by_name(REGISTRY, name)


def needs(targets: Sequence[str]) -> frozenset[str]:
    """The checker runs the targets ``targets`` read."""
    return frozenset().union(*(target(t).needs for t in targets))


__all__ = ["Job", "OPTIONAL_TARGETS", "REGISTRY", "TARGETS", "Target", "needs", "target"]
