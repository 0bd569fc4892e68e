"""The driver: the stages every command runs, in this order, and the typed options they take.

    .lfsm text --parse--> AST --check--> --lower--> Model      load         front end (loader.py)
    Model --bind(-D values)--> values                          bind         params.py
    Model, values --instantiate(system)--> System              instantiate  instantiate/
    System --explore--> CheckResult                            check        checker/
    Model, Systems --emit(targets)--> files --write-->         compile      backends/ (targets.py: the registry)

A command (``commands/``) calls these with options objects and prints what they return; the
CLI (``cli.py``, the only module that parses arguments) builds the options. Tools that embed
lifefsm call the same functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import model as ir
from .backends.chart import DEFAULT_DETAIL
from .backends.targetnames import TARGETS
from .checker import CheckResult, check_model
from .diagnostics import Diagnostic, LfsmError
from .instantiate import System, instantiate, pick_system, systems_named
from .loader import compile_source, load_spec, sources_of
from .messages import say
from .params import bind_params

if TYPE_CHECKING:  # the back ends are imported by the stages that use them (a check needs none)
    from .backends.files import Written
    from .backends.generated import GeneratedFile

Run = tuple[str, ir.PropertyDef, Any]  # (system, property, trace) of a checker run


# ---- the stages -------------------------------------------------------------------------------


def load(path: str | Path, requires: Sequence[str] = ()) -> ir.Model:
    """Read, parse, check and lower a spec file and its imports (LfsmError with every diagnostic);
    a spec loaded before with the same texts comes from the user's cache (modelcache.py).
    ``requires``: the sweep-only constraints of `check --require` (loader.load_spec; not cached)."""
    if requires:
        return load_spec(path, requires=requires)
    from .modelcache import load as cached

    return cached(path, load_spec)


def bind(model: ir.Model, defines: Sequence[str]) -> dict[str, ir.Value]:
    """The parameter values of a run: the spec's defaults, then ``-D NAME=VALUE`` texts, checked."""
    return bind_params(model, defines)


def check(model: ir.Model, values: dict[str, ir.Value], system: str, *, time: str = "tick",
          **options: Any) -> CheckResult:
    """Explore ``system`` at ``values`` and judge its properties (``options``: those of ``check_model``).

    ``time="symbolic"``: clocks as zones (zones/check.py); of the options it takes ``max_states``
    (zones stored), ``max_memory``, ``properties`` and ``search``: a native engine (``--engine auto`` or
    ``native``) searches and judges the zone graph in C too, with the same notices when it cannot."""
    if time == "symbolic":
        from .native.run import NativeEngine
        from .native.zcheck import cell_runner, zone_runner
        from .zones.check import check_symbolic

        search = options.get("search")
        tell = search.tell if isinstance(search, NativeEngine) else None
        return check_symbolic(model, values, system=system, max_states=options.get("max_states"),
                              properties=options.get("properties"), max_memory=options.get("max_memory"),
                              native=zone_runner(tell) if tell else None, cells=cell_runner(tell) if tell else None)
    return check_model(model, values, system=system, **options)


ENGINES = ("auto", "native", "python")
PROBE = 30_000  # --engine auto: a model not compiled yet is first searched by Python up to this many states


def search_engine(engine: str, notice: Callable[[str], None], model: ir.Model | None = None,
                  threads: int = 1) -> Callable[..., Any]:
    """The search ``check_model`` runs for ``--engine``: ``python`` the Python engine; ``native`` and
    ``auto`` the native one (native/run.py), which says in one line through ``notice`` why it runs
    the Python engine instead when it cannot run (no C compiler, a model too wide, ...). ``auto``
    compiles only models the Python engine does not finish within ``PROBE`` states (or already
    compiled): a compile costs about a second, the Python engine's first 30,000 states half that.
    ``model``: the model as ``load`` read it (not changed since): a warm check finds its compiled
    modules from the spec texts and options, without printing the C (native/index.py). ``threads``: of the
    native search (native/csrc/lf_par.c); the Python engine searches with one."""
    from .checker.search import bfs
    from .native.run import NativeEngine

    if engine == "python":
        return bfs
    return NativeEngine(notice, threads=threads, probe=PROBE if engine == "auto" else 0, keyed=model)


def counterexamples(model: ir.Model, values: dict[str, ir.Value]) -> list[Run]:
    """(system, property, trace) of every counterexample and witness of every system: the replay target's."""
    props = {(p.owner, p.name): p for m in model.machines for p in m.properties}
    props.update({(p.owner, p.name): p for s in model.systems for p in s.properties})
    out: list[Run] = []
    for s in model.systems:
        result = check_model(model, values, system=s.name)
        for pr in result.properties:
            if pr.trace is not None and (pr.owner, pr.name) in props:
                out.append((s.name, props[(pr.owner, pr.name)], pr.trace))
    return out


def timelines(model: ir.Model, values: dict[str, ir.Value]) -> list[Run]:
    """(system, property, trace) of every timeline (a system property ``timeline_<name>``, backends/runs.py):
    one checker run per system, stopped as soon as its timelines are decided."""
    from .backends.runs import timeline_properties

    wanted = timeline_properties(model)
    out: list[Run] = []
    for system in dict.fromkeys(s for s, _ in wanted):
        props = [p for s, p in wanted if s == system]
        result = check_model(model, values, system=system, properties=[p.name for p in props], until_decided=True)
        traces = {r.name: r.trace for r in result.properties}
        for p in props:
            trace = traces.get(p.name)
            if trace is None:
                raise LfsmError([Diagnostic("timeline-without-run", say("timeline-without-run", name=p.name), p.span)])
            out.append((system, p, trace))
    return out


# ---- compile ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompileOptions:
    spec: str
    out: str = "."
    targets: tuple[str, ...] = TARGETS
    renderer: str = "auto"
    detail: str = DEFAULT_DETAIL
    defines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Compiled:
    files: tuple[GeneratedFile, ...]
    written: Written


def targets_of(text: str) -> tuple[str, ...]:
    """A ``--target`` list as registry names, in the registry's order."""
    from .backends.targets import REGISTRY

    known = [t.name for t in REGISTRY]
    items = [t.strip() for t in text.split(",") if t.strip()]
    bad = [t for t in items if t not in known]
    if bad or not items:
        shown = ", ".join(repr(b) for b in bad) or "(none)"
        raise LfsmError([Diagnostic("bad-option", say("backends.unknown-target", bad=shown, known=", ".join(known)),
                                    None)])
    return tuple(t for t in known if t in items)


def compile(options: CompileOptions) -> Compiled:  # noqa: A001 - the stage's name
    """Every file of ``options.targets`` for the spec, written under ``options.out`` as one transaction."""
    from .backends.emit import emit
    from .backends.files import write_all
    from .backends.generated import Options
    from .backends.names import package_name
    from .backends.render import RenderError
    from .backends.targets import needs

    model = load(options.spec)
    values = bind(model, options.defines)
    wanted = needs(options.targets)
    runs = counterexamples(model, values) if "traces" in wanted else []
    drawn = timelines(model, values) if "timelines" in wanted else []
    emit_options = Options(params=tuple(values.items()), spec_path=options.spec, out_root=options.out,
                           renderer=options.renderer, detail=options.detail)
    try:
        files = emit(model, emit_options, options.targets, runs, drawn)
    except RenderError as e:
        raise LfsmError([Diagnostic("render-failed", str(e), None)]) from None
    pkg = package_name(options.spec)
    done = write_all(files, Path(options.out), options.targets, [f"codegen/{pkg}", f"diagrams/{pkg}"])
    return Compiled(tuple(files), done)


# ---- diagram ----------------------------------------------------------------------------------

STATE_GRAPH_LIMIT = 5000  # lifefsm diagram --states draws up to this many states


@dataclass(frozen=True, slots=True)
class DiagramOptions:
    spec: str
    format: str = "svg"  # svg | dot | mermaid | png
    machine: str | None = None  # draw this machine's statechart
    system: str | None = None  # ... this system's overview
    states: str | None = None  # ... this system's reachable state graph
    renderer: str = "auto"
    detail: str = DEFAULT_DETAIL
    defines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Diagram:
    data: bytes
    note: str = ""  # what the drawing shows, when the options alone do not say


def diagram(options: DiagramOptions) -> Diagram:
    """One picture: a machine, a system's overview (the default when the spec has a system) or its state graph."""
    from .backends.dot import machine_dot
    from .backends.mermaid import machine_mermaid
    from .backends.overview import system_dot
    from .backends.render import RenderError, render
    from .backends.stategraph import drawn_state_graph

    model = load(options.spec)
    values = bind(model, options.defines)
    kind, name = _what_to_draw(model, options)
    note = ""
    if options.format == "mermaid":
        if kind != "machine":
            raise LfsmError([Diagnostic("bad-option", say("backends.mermaid-machines-only"), None)])
        text = machine_mermaid(model.machine(name), options.detail)
    elif kind == "machine":
        text = machine_dot(model.machine(name), options.detail)
    elif kind == "system":
        text = system_dot(instantiate(model, values, name))
    else:
        graph = drawn_state_graph(model, name, values, STATE_GRAPH_LIMIT)
        if graph is None:
            raise LfsmError([Diagnostic("state-graph-too-large", say("backends.state-graph-too-large", system=name,
                                                                     limit=STATE_GRAPH_LIMIT),
                                        None)])
        text, note = graph[0], f"the state graph of system '{name}' is drawn with {graph[1]}"
    try:
        data = render(text, options.format, options.renderer) if options.format in ("svg", "png") else \
            text.encode("utf-8")
    except RenderError as e:
        raise LfsmError([Diagnostic("render-failed", str(e), None)]) from None
    return Diagram(data, note)


def _what_to_draw(model: ir.Model, options: DiagramOptions) -> tuple[str, str]:
    """(machine | system | states, name): by default the first explicit system, else the first machine."""
    if options.machine is not None:
        machines = [m.name for m in model.machines]
        if options.machine not in machines:
            raise LfsmError([Diagnostic("unknown-name", say("backends.unknown-machine", name=options.machine,
                                                            known=", ".join(machines)), None)])
        return "machine", options.machine
    if options.system is not None:
        return "system", pick_system(model, options.system).name
    if options.states is not None:
        return "states", pick_system(model, options.states).name
    explicit = [s.name for s in model.systems if not s.implicit]
    return ("system", explicit[0]) if explicit else ("machine", model.machines[0].name)


__all__ = ["Compiled", "CompileOptions", "Diagram", "DiagramOptions", "LfsmError",
           "Run", "System", "check", "compile", "compile_source", "counterexamples", "diagram", "instantiate", "load",
           "load_spec", "sources_of", "systems_named", "targets_of", "timelines"]
