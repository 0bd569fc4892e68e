"""`lifefsm check`: run the checker over one or more systems and parameter bindings, print, exit.

The report has one line per property (a counterexample under each violation; witnesses with
``--witnesses``), then the statistics; ``--quiet`` keeps only what is not as expected. A
progress line goes to stderr when it is a terminal and a run lasts over a second. Ctrl-C, once
the first run has begun, stops the search at the next slice (a few milliseconds) or the
judging after it, prints what was learned and the statistics so far, and exits 3 (before that,
while the spec is read, the CLI exits 130). ``--all-params`` counts its runs first and refuses
more than ``--max-runs``; it never lists them. ``--json`` writes every run, atomically.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from .. import model as ir
from .. import pipeline
from ..checker import CheckResult
from ..checker.memory import MemoryBound
from ..checker.report import TextOptions, combine, exit_status, format_result, result_json, write_json_atomic
from ..colour import Painter, wants_colour
from ..constraints import violated
from ..cpus import cpu_count
from ..diagnostics import Diagnostic, LfsmError
from ..escape import visible
from ..instantiate import systems_named
from ..messages import say
from ..sweep.axes import MAX_RUNS, combinations, count_runs, skipped, sweep_axes
from ..terminal import Interrupt, ProgressLine

MAX_THREADS = 64  # the parallel search's limit (native/csrc/lf_par.c)


@dataclass(frozen=True, slots=True)
class CheckCommand:
    """Everything `lifefsm check` is told."""

    spec: str
    defines: tuple[str, ...] = ()
    system: str | None = None  # only this system (default: every system)
    properties: tuple[str, ...] = ()  # only these properties
    all_params: bool = False  # every combination of the declared parameter values
    max_runs: int = MAX_RUNS
    sweep: str | None = None  # a sweep level (sweep/run.py): check a covering array of configurations
    requires: tuple[str, ...] = ()  # --require: constraints that restrict the sweep's configurations
    jobs: int | None = None  # worker processes of a sweep
    json: str | None = None  # write every run as JSON here ('-': standard output)
    max_states: int | None = None
    trace_diagram: str | None = None  # draw every counterexample and witness in this directory
    symmetry: bool = True
    time: str = "tick"  # tick | symbolic (zones/check.py)
    max_memory: int | None = None
    witnesses: bool = False
    verbose: bool = False
    quiet: bool = False
    color: str = "auto"
    engine: str = "auto"  # auto | native | python (pipeline.search_engine)
    threads: int | None = None  # threads of the native search (None: search_threads' default; 0: every CPU)


def run(opts: CheckCommand) -> int:
    """Check every (binding, system) run; exit 3 when Ctrl-C ends it early (130 is only for before)."""
    if opts.requires and opts.sweep is None and not opts.all_params:
        raise LfsmError([Diagnostic("bad-option", say("sweep.require-needs-sweep"), None)])
    model = pipeline.load(opts.spec, opts.requires)
    for opt, value in (("--max-states", opts.max_states), ("--max-runs", opts.max_runs)):
        if value is not None and value < 1:
            raise LfsmError([Diagnostic("bad-option", say("checker.bad-count", option=opt, n=value), None)])
    threads = search_threads(opts.threads, opts.max_states)
    systems = systems_named(model, opts.system)
    if opts.sweep is not None:
        if opts.threads is not None and threads != 1:
            raise LfsmError([Diagnostic("bad-option", say("checker.threads-and-sweep"), None)])
        if opts.time != "tick":
            raise LfsmError([Diagnostic("bad-option", say("checker.option-needs-ticks", option="--sweep"), None)])
        return _sweep(opts, model, systems)
    axes = sweep_axes(model, opts.defines, opts.all_params)
    runs = count_runs(axes, len(systems))
    if opts.all_params and runs > opts.max_runs:
        raise LfsmError([Diagnostic("too-many-runs", say(
            "checker.too-many-runs", runs=runs, per=f" ({len(systems)} systems)" if len(systems) > 1 else "",
            limit=opts.max_runs), None)])
    human = sys.stderr if opts.json == "-" else sys.stdout  # '--json -': the JSON alone on stdout
    text_options = TextOptions(witnesses=opts.witnesses or opts.verbose, quiet=opts.quiet,
                               paint=Painter(wants_colour(human, opts.color)))

    def tell(text: str) -> None:
        if not opts.quiet:
            print(text, file=human, flush=True)

    if opts.all_params:
        swept = [a.name for a in axes if a.size > 1]
        invalid = skipped(model, opts.defines)  # combinations a `require` refuses (0 without constraints)
        runs -= invalid * len(systems)
        note = f"; {invalid:,} invalid combinations skipped (parameter constraints)" if invalid else ""
        tell(f"--all-params: {runs:,} run{'s' if runs != 1 else ''} "
            f"({' x '.join(swept) or 'no parameter'}; {len(systems)} system{'s' if len(systems) != 1 else ''}{note})")
    if opts.verbose:
        tell(f"memory bound: {MemoryBound.make(opts.max_memory).describe()}")
    progress = ProgressLine(sys.stderr.isatty() and not opts.quiet)

    def notice(text: str) -> None:
        progress.clear()
        # the notice may quote $CC, the cache directory or the compiler's output: printable only
        print(f"note: {visible(text)}", file=sys.stderr, flush=True)

    engine = pipeline.search_engine(opts.engine, notice, model, threads=threads)
    results: list[CheckResult] = []
    codes: list[int] = []
    with Interrupt() as stop:
        try:
            for values in combinations(axes):
                if opts.all_params and model.constraints and violated(model, values):
                    continue
                for name in systems:
                    try:
                        r = pipeline.check(model, values, name, time=opts.time, symmetry=opts.symmetry,
                                           max_states=opts.max_states, properties=list(opts.properties) or None,
                                           progress=progress, should_stop=lambda: stop.flag, max_memory=opts.max_memory,
                                           search=engine)
                    finally:
                        progress.clear()
                    results.append(r)
                    codes.append(exit_status(r))
                    text = format_result(r, opts.spec, text_options)
                    if text:
                        print(text, file=human, flush=True)
                    if r.stop_reason == "memory":
                        print(f"stopped at the memory bound ({MemoryBound.make(opts.max_memory).describe()})",
                              file=sys.stderr)
                    if stop.flag:
                        raise KeyboardInterrupt
        except KeyboardInterrupt:
            stop.flag = True
        code = combine(codes)
        if stop.flag:
            print("interrupted: the results above cover the part explored", file=sys.stderr)
            code = 3
        if len(results) > 1:
            bad = sum(1 for c in codes if c == 1)
            tell(f"{len(results)} runs: {bad} with an unexpected verdict, {sum(1 for c in codes if c == 3)} incomplete")
        if opts.json:
            write_json_atomic(opts.json, {"spec": opts.spec, "exit": code, "runs": [result_json(r) for r in results]})
        if opts.trace_diagram:
            from ..backends.runs import write_trace_diagrams

            write_trace_diagrams(opts.trace_diagram, results)
    return code


def search_threads(n: int | None, max_states: int | None = None) -> int:
    """The threads of ``--threads N``: N, or for 0 the CPUs this process may run on (its affinity), at most
    MAX_THREADS; a bad-option error outside 0..MAX_THREADS. Without ``--threads`` (None): those CPUs too,
    but 1 with ``--max-states`` (a state limit stops inside a breadth-first layer, where only the
    one-thread search knows which states come first: the runtime runs one thread then, whatever N).
    Any number of threads gives the same output (native/csrc/lf_par.c)."""
    if n is None:
        n = 1 if max_states is not None else 0
    if n < 0 or n > MAX_THREADS:
        raise LfsmError([Diagnostic("bad-option", say("checker.bad-threads", n=n, most=MAX_THREADS), None)])
    if n == 0:
        n = cpu_count()
    return max(1, min(n, MAX_THREADS))


def _sweep(opts: CheckCommand, model: ir.Model, systems: list[str]) -> int:
    from ..sweep.command import run as run_sweep
    from ..sweep.run import CheckOptions

    if opts.all_params:
        raise LfsmError([Diagnostic("bad-option", say("sweep.sweep-and-all-params"), None)])
    options = CheckOptions(opts.properties, opts.symmetry, opts.max_states, bool(opts.json), opts.engine,
                           opts.max_memory)
    return run_sweep(opts.spec, model, systems, opts.sweep or "auto", opts.defines, options, opts.jobs, opts.json,
                     pipeline.search_engine, opts.max_runs)


__all__ = ["CheckCommand", "MAX_RUNS", "run"]
