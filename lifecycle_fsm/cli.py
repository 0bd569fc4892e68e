"""The `lifefsm` command line: every command's arguments, parsed here and nowhere else.

Each command's arguments become its typed options (``commands.check.CheckCommand``,
``pipeline.CompileOptions``, ``pipeline.DiagramOptions``, ``mutate.command.MutateOptions``,
``pod.command.PodOptions``), which the command runs with; nothing imports this module.

Exit status: 0 all well; 1 a property has an unexpected verdict; 2 bad input (spec errors,
missing file, bad options); 3 the search stopped before a verdict (a limit, the memory
bound, or Ctrl-C once a check has begun); 130 Ctrl-C before any search (reading the spec,
compile, diagram).
Diagnostics go to stderr as `file:line:col: error: message  [code]` with the
source line and a caret. No traceback reaches the user for anything a user can
cause: argparse errors and LfsmError are both rendered and mapped to exit 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import colour
from .colour import CHOICES
from .diagnostics import LfsmError, render_all
from .messages import say
from .version import __version__

if TYPE_CHECKING:
    from .modelcache import Loading

EXIT_OK, EXIT_VIOLATED, EXIT_BAD_INPUT, EXIT_INCOMPLETE = 0, 1, 2, 3

EPILOG = """exit status: 0 all well; 1 a property has an unexpected verdict; 2 bad input (the
diagnostics say what and where); 3 a check stopped before its verdicts (--max-states,
--max-memory, or Ctrl-C once a check has begun: the partial result is printed); 130 Ctrl-C
before any search began. Colour: --color, NO_COLOR and FORCE_COLOR; never in --json or in a
pipe unless asked."""
DETAIL_HELP = ("machine diagrams: names (state and event names), guards (adds guards, invariants, emitted signals "
               "and sends) or full (every effect too) (default: names)")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}  [bad-option]\n")


Command = Callable[[argparse.Namespace], int]


# Each command: its one-line help (``lifefsm --help``) and the function adding its parser.
HELP = {
    "check": "parse, check and model-check a spec",
    "mutate": "mutation testing: how many plausible modelling mistakes the properties catch",
    "compile": "generate the Python machine, tests and diagrams of a spec",
    "diagram": "draw one machine, system or state graph",
    "pod": "read Kubernetes manifests: each pod's containers, hooks, probes and lifecycle findings",
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of ``argv`` (default: every command's parser). When ``argv`` names a command, the
    other commands get a parser with their one-line help only: building a command's parser
    imports what its options list (the mutation operators, the back ends' targets), which a
    check would otherwise pay for on every run."""
    p = _Parser(prog="lifefsm", description="Kubernetes lifecycle state machines: check, compile, draw.",
                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"lifefsm {__version__}")
    p.add_argument("--color", choices=CHOICES, default="auto", metavar="WHEN",
                   help="colour diagnostics and verdicts: auto (a terminal, unless NO_COLOR is set), always, never")
    p.add_argument("--quiet", action="store_true", help="print only what is wrong")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    chosen = None if argv is None else _command_of(argv)
    builders = {"check": _check_parser, "mutate": _mutate_parser, "compile": _compile_parser,
                "diagram": _diagram_parser, "pod": _pod_parser}
    for name, add in builders.items():
        if chosen is None or chosen == name:
            add(sub)
        else:
            sub.add_parser(name, help=HELP[name])
    return p


def _command_of(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs (its first word after the global options), or None if it is not clear."""
    k = 0
    while k < len(argv):
        word = argv[k]
        if word == "--color":
            k += 2
        elif word == "--quiet" or word.startswith("--color="):
            k += 1
        else:
            return word if word in HELP else None
    return None


def _quiet(p: argparse.ArgumentParser, help: str) -> None:
    """``--quiet`` after the command too (``lifefsm compile --quiet``), the same flag as before it."""
    p.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS, help=help)


def _spec(p: argparse.ArgumentParser) -> None:
    p.add_argument("spec", metavar="SPEC", help="the .lfsm file")


def _defines(p: argparse.ArgumentParser) -> None:
    p.add_argument("-D", dest="defines", action="append", default=[], metavar="NAME=VALUE",
                   help="set a spec parameter (repeatable); others keep their defaults")


def _drawing(p: argparse.ArgumentParser, renderer: str, quiet: str) -> None:
    """The options of the commands that draw (compile, diagram): renderer, detail, -D, --quiet."""
    from .backends.chart import DEFAULT_DETAIL, DETAILS
    from .backends.render import RENDERERS

    p.add_argument("--renderer", choices=RENDERERS, default="auto", help=renderer)
    p.add_argument("--detail", choices=DETAILS, default=DEFAULT_DETAIL, help=DETAIL_HELP)
    _defines(p)
    _quiet(p, quiet)


def _jobs(p: argparse.ArgumentParser) -> None:
    p.add_argument("-j", "--jobs", metavar="N", type=int, default=None,
                   help="worker processes (default: the machine's cores)")


def _engine(p: argparse.ArgumentParser) -> None:
    engine = os.environ.get("LIFEFSM_ENGINE", "auto")
    p.add_argument("--engine", choices=("auto", "native", "python"),
                   default=engine if engine in ("auto", "native", "python") else "auto",
                   help="the search engine: native (C, compiled with the system's C compiler and cached), python, "
                        "or auto (the default, or $LIFEFSM_ENGINE: native when a C compiler works, else python "
                        "with a one-line note); with --time symbolic the zone graph is searched and judged "
                        "by it (leads-to properties in Python)")


def _max_memory(p: argparse.ArgumentParser, help: str) -> None:
    p.add_argument("--max-memory", metavar="SIZE", type=memory_size, default=None, help=help)


def _sweep_spec_first(argv: list[str]) -> list[str]:
    """``check --sweep SPEC.lfsm ...`` means ``check --sweep auto SPEC.lfsm ...``: the level is
    optional, so argparse would take the spec for the level (and then miss the spec). A value
    after ``--sweep`` that is no level but names a ``.lfsm`` file or an existing file is the spec."""
    if "check" not in argv or "--sweep" not in argv:
        return argv
    from .sweep.run import LEVELS

    k = argv.index("--sweep")
    if k < argv.index("check") or k + 1 >= len(argv):
        return argv
    value = argv[k + 1]
    if value in LEVELS or value.isdigit() or value.startswith("-"):
        return argv
    if value.endswith(".lfsm") or os.path.isfile(value):
        return argv[:k + 1] + ["auto"] + argv[k + 1:]
    return argv


def memory_size(text: str) -> int:
    """argparse type of --max-memory: a size in bytes (0: no bound but the ulimit)."""
    from .checker.memory import parse_size  # (the model checker's modules, imported when a command needs them)

    n = parse_size(text)
    if n is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (examples: 4G, 512M, 0 for none)")
    return n


# ---- check ----------------------------------------------------------------------------------


def _check_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from .commands.check import MAX_RUNS

    c = sub.add_parser("check", help=HELP["check"],
                       description="Parse and check SPEC, then explore its state space and report every property.")
    _spec(c)
    _defines(c)
    c.add_argument("--all-params", action="store_true",
                   help="check every combination of the declared parameter values (-D fixes some)")
    c.add_argument("--max-runs", metavar="N", type=int, default=MAX_RUNS,
                   help=f"refuse an --all-params sweep or a --sweep full of more than N runs (default: {MAX_RUNS:,})")
    c.add_argument("--system", metavar="NAME", help="check only this system (default: every system)")
    c.add_argument("--property", metavar="NAME", action="append", default=[],
                   help="check only this property (repeatable; model errors are always checked)")
    c.add_argument("--json", metavar="FILE", help="write the whole result as JSON (a regular file, replaced "
                                                  "atomically; '-': standard output, the report then goes to stderr)")
    c.add_argument("--max-states", metavar="N", type=int, default=None,
                   help="stop after storing N states (the run is then incomplete: exit 3)")
    c.add_argument("--trace-diagram", metavar="DIR",
                   help="draw every counterexample and witness in DIR as a Mermaid sequence diagram and an SVG")
    c.add_argument("--no-symmetry", action="store_true",
                   help="do not reduce arrays of identical instances by symmetry")
    c.add_argument("--time", choices=("tick", "symbolic"), default="tick",
                   help="tick: clocks as integers saturated at their caps (default); symbolic: clocks as zones, "
                        "safety properties only, for specs whose clocks are only compared and reset")
    _max_memory(c, "stop (exit 3, with the partial result) when the search holds more than SIZE of memory "
                   "(4G, 512M; default: half of the machine's memory or 80%% of what is free, the smaller; "
                   "0: none but the ulimit); with --sweep, the bound of all workers together")
    c.add_argument("--witnesses", action="store_true", help="also print the witness run of each property that holds")
    c.add_argument("--verbose", action="store_true", help="print witnesses and the memory bound too")
    _quiet(c, "print only the verdicts that are not as expected (nothing when all is well)")
    c.add_argument("--color", choices=CHOICES, default=argparse.SUPPRESS, metavar="WHEN",
                   help="colour the verdicts: auto (a terminal, unless NO_COLOR is set), always, never")
    c.add_argument("--sweep", nargs="?", const="auto", metavar="LEVEL",
                   help="check many configurations: pairwise, 3wise, N (a covering array of strength N), "
                        "full (every valid one) or auto (the default: full if small, else 3-wise if small, "
                        "else pairwise); -D NAME=a,b or NAME=lo..hi restricts a parameter's values "
                        "('--sweep SPEC.lfsm' is '--sweep auto SPEC.lfsm')")
    c.add_argument("--require", metavar="EXPR", action="append", default=[],
                   help="with --sweep or --all-params: check only the configurations where EXPR holds, a "
                        "boolean expression over the parameters as in a spec's 'require' (repeatable), e.g. "
                        "'n_init + n_side + n_apps <= 3'")
    _engine(c)
    c.add_argument("--threads", metavar="N", type=int, default=None,
                   help="threads of the native search (default and 0: every CPU this process may use, at most "
                        "64; one with --max-states or --sweep): the same output, counterexamples included, at "
                        "any number of threads")
    _jobs(c)
    c.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from .commands.check import CheckCommand, run

    return run(CheckCommand(
        spec=args.spec, defines=tuple(args.defines), system=args.system, properties=tuple(args.property),
        all_params=args.all_params, max_runs=args.max_runs, sweep=args.sweep, requires=tuple(args.require),
        jobs=args.jobs, json=args.json,
        max_states=args.max_states, trace_diagram=args.trace_diagram, symmetry=not args.no_symmetry,
        time=args.time, max_memory=args.max_memory, witnesses=args.witnesses, verbose=args.verbose, quiet=args.quiet,
        color=args.color, engine=args.engine, threads=args.threads))


# ---- mutate ---------------------------------------------------------------------------------


def _mutate_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from .mutate.operators import OPERATORS

    p = sub.add_parser("mutate", help=HELP["mutate"],
                       description="Derive mutants of SPEC's model (guards, effects, emissions, bounds, targets, "
                                   "invariants), check each across a sweep of configurations, and report the kill "
                                   "score and the mutants that survived.")
    _spec(p)
    _defines(p)
    p.add_argument("--sweep", default=None, metavar="LEVEL",
                   help="configurations to check each mutant in: pairwise, 3wise, N, full or auto (default, "
                        "unless SPEC.mutate lists them)")
    p.add_argument("--configs", metavar="FILE",
                   help="check each mutant in the configurations listed in FILE, one a line as NAME=VALUE pairs "
                        "over the defaults (default: SPEC with the suffix .mutate, if it exists and neither -D nor "
                        "--sweep is given)")
    p.add_argument("--operators", metavar="LIST", help="comma-separated operators (default: all): "
                                                       + ", ".join(OPERATORS))
    p.add_argument("--max-mutants", metavar="N", type=int, help="check N mutants spread evenly over all of them")
    p.add_argument("--ids", metavar="FILE", help="check only the mutants whose ids FILE lists (as --list prints "
                                                 "them; blank-separated, '#' starts a comment)")
    p.add_argument("--max-states", metavar="N", type=int, default=None,
                   help="state bound of each mutant's search (default: 4x the original's, per configuration)")
    p.add_argument("--equivalent", metavar="FILE",
                   help="mutants marked equivalent (default: SPEC with the suffix .equivalent)")
    p.add_argument("--system", metavar="NAME", help="check only this system (default: every system)")
    p.add_argument("--no-symmetry", action="store_true", help="do not reduce instance arrays by symmetry")
    p.add_argument("--min-score", metavar="PERCENT", type=float, help="exit 1 if the kill score is lower")
    p.add_argument("--mutate-observers", action="store_true",
                   help="also check the observer mutants: those whose only change is inside an effect on a variable "
                        "or clock that only properties read (no guard, invariant, send or assignment to another "
                        "variable does); by default they are listed as 'observer', neither checked nor scored")
    p.add_argument("--list", action="store_true", help="list the mutants (marking the observer ones) and exit")
    p.add_argument("--json", metavar="FILE", help="write everything as JSON (atomically)")
    p.add_argument("--report", metavar="FILE", help="also write the text report to FILE (atomically)")
    _max_memory(p, "the memory bound of each check (exit 2 if the original's is incomplete; a mutant's is then "
                   "undecided), of all workers together (default: half of the machine's memory or 80%% of what is "
                   "free, the smaller; 0: none but the ulimit)")
    _engine(p)
    _jobs(p)
    p.set_defaults(func=cmd_mutate)


def cmd_mutate(args: argparse.Namespace) -> int:
    from .mutate.command import MutateOptions, run
    from .pipeline import search_engine

    return run(MutateOptions(
        spec=args.spec, defines=tuple(args.defines), sweep=args.sweep, configs=args.configs,
        operators=args.operators, max_mutants=args.max_mutants, ids=args.ids, max_states=args.max_states,
        equivalent=args.equivalent, system=args.system,
        symmetry=not args.no_symmetry, min_score=args.min_score, list=args.list, json=args.json, report=args.report,
        jobs=args.jobs, engine=args.engine, max_memory=args.max_memory,
        mutate_observers=args.mutate_observers), search_engine)


# ---- compile and diagram --------------------------------------------------------------------


def _compile_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from .backends.targetnames import OPTIONAL_TARGETS, TARGETS

    c = sub.add_parser("compile", help=HELP["compile"],
                       description="Generate codegen/<spec>/ (Python modules on transitions, pytest suite) and "
                                   "diagrams/<spec>/ (DOT, SVG, Mermaid) under --out.")
    _spec(c)
    c.add_argument("--out", metavar="DIR", default=".", help="output root (default: the current directory)")
    c.add_argument("--target", metavar="LIST", default=",".join(TARGETS),
                   help=f"comma-separated subset of {','.join(TARGETS + OPTIONAL_TARGETS)} (default: "
                        f"{','.join(TARGETS)}; replay runs the checker and writes counterexample replays; promela "
                        "writes each system at the -D values as a SPIN model)")
    _drawing(c, "SVG renderer: Graphviz dot when on PATH, else graphviz-pure (default: auto)",
             quiet="print nothing when all went well (warnings and errors still go to stderr)")
    c.set_defaults(func=cmd_compile)


def cmd_compile(args: argparse.Namespace) -> int:
    from . import pipeline
    from .commands.compile import compile_command

    return compile_command(pipeline.CompileOptions(
        spec=args.spec, out=args.out, targets=pipeline.targets_of(args.target), renderer=args.renderer,
        detail=args.detail, defines=tuple(args.defines)), quiet=args.quiet)


def _diagram_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    d = sub.add_parser("diagram", help=HELP["diagram"],
                       description="Draw a machine (--machine), a system overview (--system, the default when the "
                                   "spec has a system) or a system's reachable state graph (--states).")
    _spec(d)
    d.add_argument("--format", choices=("svg", "dot", "mermaid", "png"), default="svg")
    d.add_argument("-o", "--output", metavar="FILE",
                   help="write here (a regular file, replaced atomically; '-': standard output, the default)")
    which = d.add_mutually_exclusive_group()
    which.add_argument("--machine", metavar="NAME", help="draw this machine's statechart")
    which.add_argument("--system", metavar="NAME", help="draw this system's overview")
    which.add_argument("--states", metavar="SYSTEM", help="draw this system's reachable state graph")
    _drawing(d, "SVG/PNG renderer (default: auto)", quiet="print no notes, only errors")
    d.set_defaults(func=cmd_diagram)


def cmd_diagram(args: argparse.Namespace) -> int:
    from . import pipeline
    from .commands.compile import diagram_command

    return diagram_command(pipeline.DiagramOptions(
        spec=args.spec, format=args.format, machine=args.machine, system=args.system, states=args.states,
        renderer=args.renderer, detail=args.detail, defines=tuple(args.defines)), args.output, quiet=args.quiet)


# ---- pod ------------------------------------------------------------------------------------


def _pod_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from .pod.options import FAIL_ON

    p = sub.add_parser(
        "pod", help=HELP["pod"],
        description="Read Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job and "
                    "CronJob manifests (multi-document YAML and kind: List too) and report, per pod, its "
                    "containers in start order, their hooks and probes, and the lifecycle findings. "
                    "See docs/pod.md.")
    p.add_argument("files", nargs="+", metavar="FILE", help="manifest files ('-' reads standard input)")
    p.add_argument("--json", metavar="FILE", help="write the report as JSON ('-': standard output)")
    p.add_argument("--sarif", metavar="FILE", help="write the findings as SARIF 2.1.0 ('-': standard output)")
    p.add_argument("--diagram", metavar="DIR",
                   help="draw each timeline and each finding's shortest run into DIR, as a Mermaid "
                        "sequenceDiagram (.mmd) and SVG (created if missing; only files an earlier --diagram "
                        "wrote there are replaced)")
    p.add_argument("--details", action="store_true",
                   help="show every value read (full commands, positions, how durations were read) "
                        "instead of the table")
    p.add_argument("--fail-on", choices=FAIL_ON, default="warning",
                   help="exit 1 when a finding has this severity or a higher one (default: warning)")
    p.add_argument("--no-model", action="store_true",
                   help="report the configuration facts only: no delete timeline, no finding of the model check")
    p.add_argument("--spec", metavar="FILE", default=None,
                   help="the reference model to check (default: spec/pod.lfsm beside the package)")
    _jobs(p)
    p.set_defaults(func=cmd_pod)


def cmd_pod(args: argparse.Namespace) -> int:
    from .commands import REFERENCE

    if args.spec and not args.no_model and not Path(args.spec).is_file():
        from .diagnostics import Diagnostic
        from .messages import say

        raise LfsmError([Diagnostic("bad-option", say("pod.spec-missing", path=args.spec), None)])
    spec = Path(args.spec) if args.spec else REFERENCE
    # the model loads in a child process while the rest is imported and the manifests are read
    loading = _prefetch(spec) if not args.no_model and (args.jobs is None or args.jobs > 1) else None
    try:
        from .commands.poddiagram import write_diagrams
        from .commands.podmodel import ReferenceModel
        from .commands.podpool import prepare
        from .pod.command import PodOptions, run
        from .sweep.command import jobs_of

        model = None if args.no_model else ReferenceModel(spec, loading)
        jobs = jobs_of(args.jobs)  # bad input (exit 2) below 1
        return run(PodOptions(files=tuple(args.files), json=args.json, sarif=args.sarif, details=args.details,
                              fail_on=args.fail_on, diagram=args.diagram), model, write_diagrams,
                   None if model is None else (lambda pods: prepare(model, pods, jobs)))
    finally:
        if loading is not None:
            loading.wait()  # (at once if the model was loaded: it waited then)


def _prefetch(spec: Path) -> Loading | None:
    """A child process loading ``spec`` into the user's cache (modelcache.prefetch), where there is a second CPU
    for it."""
    from .cpus import cpu_count
    from .loader import load_spec
    from .modelcache import prefetch

    return prefetch(spec, load_spec) if cpu_count() >= 2 and spec.is_file() else None


# ---- running a command ----------------------------------------------------------------------


def report(e: LfsmError, color: str = "auto") -> int:
    from .loader import sources_of

    text = render_all(e.diagnostics, sources_of(e))
    print(colour.diagnostics(text, colour.Painter(colour.wants_colour(sys.stderr, color))), file=sys.stderr)
    return EXIT_BAD_INPUT


def main(argv: Sequence[str] | None = None) -> int:
    _tolerate_unencodable_output()
    words = _sweep_spec_first(list(sys.argv[1:] if argv is None else argv))
    args = build_parser(words).parse_args(words)
    started = time.time()
    try:
        result: int = args.func(args)
        sys.stdout.flush()  # a full device fails here, not in the interpreter's exit
        return result
    except LfsmError as e:
        return report(e, args.color)
    except KeyboardInterrupt:  # a check that has begun handles its own (exit 3, commands/check.py)
        print("lifefsm: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        from .outputs import detach_stdout

        detach_stdout()
        return EXIT_OK
    except OSError as e:
        return report(_os_failure(e))
    finally:
        from .cachedir import trim_if_grown

        trim_if_grown(started)  # the cache directory back under its size bound, if this command added to it


def _tolerate_unencodable_output() -> None:
    """File names that are not UTF-8 (lone surrogates) print as escapes instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _os_failure(e: OSError) -> LfsmError:
    """An OSError nothing else caught: standard output failing (a full disk), or another file.

    Every file lifefsm opens itself reports its own errors; what reaches here without a file
    name is a write to a stream, which is standard output (stderr has nobody to tell).
    """
    from .outputs import detach_stdout, output_error, reason, stdout_is_broken

    if e.filename is None or stdout_is_broken():
        detach_stdout()
        return output_error("output-failed", say("stdout-failed", why=reason(e)))
    path = str(e.filename)
    return output_error("os-error", say("os-error", path=path, why=reason(e)) if path else reason(e))


def entry() -> None:
    sys.exit(main())


__all__ = ["main", "entry"]
