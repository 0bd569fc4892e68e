"""The ``lifefsm compile`` and ``lifefsm diagram`` commands (registered by lifecycle_fsm.cli).

``compile`` generates every artifact in memory first and writes only when all
of them succeeded, atomically (backends/files.py): bad input, an unknown target
or a missing renderer exit with status 2 and leave earlier outputs untouched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import messages as M
from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..escape import visible
from ..outputs import STDOUT, write_output, write_stdout
from . import OPTIONAL_TARGETS, TARGETS, GeneratedFile, Options
from .chart import DEFAULT_DETAIL, DETAILS
from .render import RENDERERS, RenderError

DETAIL_HELP = ("machine diagrams: names (state and event names), guards (adds guards, invariants, emitted signals "
               "and sends) or full (every effect too) (default: names)")
STATE_GRAPH_LIMIT = 5000  # lifefsm diagram --states draws up to this many states


def _error(code: str, message: str) -> LfsmError:
    return LfsmError([Diagnostic(code, message, None)])


def extend(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from ..cli import add_define_option

    c = sub.add_parser("compile", help="generate the Python machine, tests and diagrams of a spec",
                       description="Generate codegen/<spec>/ (Python modules on transitions, pytest suite) and "
                                   "diagrams/<spec>/ (DOT, SVG, Mermaid) under --out.")
    c.add_argument("spec", metavar="SPEC", help="the .lfsm file")
    c.add_argument("--out", metavar="DIR", default=".", help="output root (default: the current directory)")
    c.add_argument("--target", metavar="LIST", default=",".join(TARGETS),
                   help=f"comma-separated subset of {','.join(TARGETS + OPTIONAL_TARGETS)} (default: "
                        f"{','.join(TARGETS)}; replay runs the checker and writes counterexample replays; promela "
                        "writes each system at the -D values as a SPIN model)")
    c.add_argument("--renderer", choices=RENDERERS, default="auto",
                   help="SVG renderer: Graphviz dot when on PATH, else graphviz-pure (default: auto)")
    c.add_argument("--detail", choices=DETAILS, default=DEFAULT_DETAIL, help=DETAIL_HELP)
    add_define_option(c)
    c.set_defaults(func=cmd_compile)

    d = sub.add_parser("diagram", help="draw one machine, system or state graph",
                       description="Draw a machine (--machine), a system overview (--system, the default when the "
                                   "spec has a system) or a system's reachable state graph (--states).")
    d.add_argument("spec", metavar="SPEC", help="the .lfsm file")
    d.add_argument("--format", choices=("svg", "dot", "mermaid", "png"), default="svg")
    d.add_argument("-o", "--output", metavar="FILE",
                   help="write here (a regular file, replaced atomically; '-': standard output, the default)")
    which = d.add_mutually_exclusive_group()
    which.add_argument("--machine", metavar="NAME", help="draw this machine's statechart")
    which.add_argument("--system", metavar="NAME", help="draw this system's overview")
    which.add_argument("--states", metavar="SYSTEM", help="draw this system's reachable state graph")
    d.add_argument("--renderer", choices=RENDERERS, default="auto", help="SVG/PNG renderer (default: auto)")
    d.add_argument("--detail", choices=DETAILS, default=DEFAULT_DETAIL, help=DETAIL_HELP)
    add_define_option(d)
    d.set_defaults(func=cmd_diagram)


def _targets(text: str) -> list[str]:
    items = [t.strip() for t in text.split(",") if t.strip()]
    bad = [t for t in items if t not in TARGETS + OPTIONAL_TARGETS]
    if bad or not items:
        raise _error("bad-option", f"unknown target {', '.join(repr(b) for b in bad) or '(none)'}; expected a "
                                   f"comma-separated subset of {', '.join(TARGETS + OPTIONAL_TARGETS)}")
    return [t for t in TARGETS + OPTIONAL_TARGETS if t in items]


def _traces(model: ir.Model, params: dict[str, ir.Value]) -> list[tuple[str, ir.PropertyDef, object]]:
    try:
        from ..checker import check_model
    except ImportError:
        raise _error("checker-missing", "the replay target needs lifefsm's model checker, which is not "
                                        "installed") from None
    props = {(p.owner, p.name): p for m in model.machines for p in m.properties}
    props.update({(p.owner, p.name): p for s in model.systems for p in s.properties})
    out: list[tuple[str, ir.PropertyDef, object]] = []
    for s in model.systems:
        result = check_model(model, params, system=s.name)
        for pr in result.properties:
            if pr.trace is not None and (pr.owner, pr.name) in props:
                out.append((s.name, props[(pr.owner, pr.name)], pr.trace))
    return out


def cmd_compile(args: argparse.Namespace) -> int:
    from ..cli import load, parse_defines
    from .emit import emit, package_name
    from .files import write_all
    from .runs import timeline_traces

    targets = _targets(args.target)
    model = load(args.spec)
    params = parse_defines(model, args.defines)
    options = Options(params=tuple(params.items()), spec_path=args.spec, out_root=args.out,
                      renderer=args.renderer, detail=args.detail)
    traces = _traces(model, params) if "replay" in targets else []
    timelines = timeline_traces(model, params) if {"dot", "svg", "mermaid"} & set(targets) else []
    try:
        files = emit(model, options, targets, traces, timelines)
    except RenderError as e:
        raise _error("render-failed", str(e)) from None
    pkg = package_name(args.spec)
    done = write_all(files, Path(args.out), targets, [f"codegen/{pkg}", f"diagrams/{pkg}"])
    if done.recovered:
        print(M.compile_recovered(args.out), file=sys.stderr)
    dirs = sorted({str(Path(args.out) / Path(f.path).parent) for f in files})
    gone = f"; removed {len(done.removed)} stale file{'s' if len(done.removed) != 1 else ''}" if done.removed else ""
    print(f"{visible(args.spec)}: wrote {len(files)} file{'s' if len(files) != 1 else ''} to "
          f"{', '.join(visible(d) for d in dirs)}{gone}")
    return 0


def _pick(model: ir.Model, args: argparse.Namespace) -> tuple[str, str]:
    """(kind, name): what to draw."""
    machines = [m.name for m in model.machines]
    systems = [s.name for s in model.systems]
    if args.machine is not None:
        if args.machine not in machines:
            raise _error("unknown-name", f"no machine named '{args.machine}'; machines: {', '.join(machines)}")
        return "machine", args.machine
    for kind, name in (("system", args.system), ("states", args.states)):
        if name is not None:
            if name not in systems:
                raise _error("unknown-name", f"no system named '{name}'; systems: {', '.join(systems)}")
            return kind, name
    explicit = [s.name for s in model.systems if not s.implicit]
    return ("system", explicit[0]) if explicit else ("machine", machines[0])


def _diagram_text(model: ir.Model, params: dict[str, ir.Value], kind: str, name: str, fmt: str,
                  detail: str) -> str:
    from .bind import bind
    from .dot import machine_dot
    from .mermaid import machine_mermaid
    from .overview import system_dot
    from .stategraph import drawn_state_graph

    if fmt == "mermaid":
        if kind != "machine":
            raise _error("bad-option", "Mermaid output is available for machines; use --machine NAME")
        return machine_mermaid(model.machine(name), detail)
    if kind == "machine":
        return machine_dot(model.machine(name), detail)
    if kind == "system":
        return system_dot(bind(model, params, name))
    graph = drawn_state_graph(model, name, params, STATE_GRAPH_LIMIT)
    if graph is None:
        raise _error("state-graph-too-large", f"system '{name}' has more than {STATE_GRAPH_LIMIT} reachable "
                                              "states with these parameters, and with every integer parameter at "
                                              "its smallest value; choose smaller values with -D")
    print(f"note: the state graph of system '{name}' is drawn with {graph[1]}", file=sys.stderr)
    return graph[0]


def cmd_diagram(args: argparse.Namespace) -> int:
    from ..cli import load, parse_defines
    from .render import render

    model = load(args.spec)
    params = parse_defines(model, args.defines)
    kind, name = _pick(model, args)
    text = _diagram_text(model, params, kind, name, args.format, args.detail)
    data: bytes
    try:
        if args.format in ("svg", "png"):
            data = render(text, args.format, args.renderer)
        else:
            data = text.encode("utf-8")
    except RenderError as e:
        raise _error("render-failed", str(e)) from None
    if args.output in (None, STDOUT):
        if args.format == "png" and sys.stdout.isatty():
            raise _error("bad-option", "PNG output is binary; write it to a file with -o FILE")
        write_stdout(data)
        return 0
    write_output(args.output, data)
    return 0


__all__ = ["extend", "cmd_compile", "cmd_diagram", "GeneratedFile"]
