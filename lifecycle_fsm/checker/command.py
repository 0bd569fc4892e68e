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

import argparse
import math
import signal
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import Any

from .. import model as ir
from ..colour import CHOICES, Painter, wants_colour
from ..constraints import violated
from ..diagnostics import Diagnostic, LfsmError
from ..params import bind_params
from . import messages as CM
from .api import check_model
from .memory import MemoryBound, parse_size
from .report import TextOptions, combine, exit_status, format_result, result_json, write_json_atomic
from .result import CheckResult

MAX_RUNS = 1000  # --all-params refuses more runs than this unless --max-runs says otherwise


class Interrupt:
    """SIGINT during a run: raise KeyboardInterrupt at once, except inside the search's generated
    code, which may be mid-update of the visited set: there only a flag is set, which the search
    reads after its slice (a few milliseconds). A second Ctrl-C raises at once wherever it lands."""

    def __init__(self) -> None:
        self.flag = False
        self.previous: Any = None

    def __enter__(self) -> Interrupt:
        try:
            self.previous = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread
            self.previous = None
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        searching = frame is not None and frame.f_code.co_filename.startswith("<lifefsm ")
        if self.flag or not searching:
            self.flag = True
            raise KeyboardInterrupt
        self.flag = True

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


class ProgressLine:
    """A one-line status on a terminal, shown once a run has taken more than a second."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.shown = False
        self.last = 0.0

    def __call__(self, states: int, transitions: int, depth: int, seconds: float) -> None:
        if not self.enabled or seconds < 1.0 or seconds - self.last < 0.2:
            return
        self.last = seconds
        rate = states / seconds if seconds else 0.0
        sys.stderr.write(f"\r\033[K  {states:,} states, {transitions:,} transitions, depth {depth}, "
                         f"{rate:,.0f} states/s, {seconds:.1f} s")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.shown = False


@dataclass(frozen=True, slots=True)
class Axis:
    """The values one parameter takes in a sweep (a ``range`` for integers: never a list of them)."""

    name: str
    size: int  # len(values), which a range of more than 2**63 values cannot tell
    values: Sequence[ir.Value]


def sweep_axes(model: ir.Model, defines: list[str], sweep: bool) -> list[Axis]:
    """One axis per parameter: its -D value or default (one value), or with ``sweep`` every value."""
    fixed = bind_params(model, defines, constraints=not sweep)
    given = {d.partition("=")[0].strip() for d in defines}
    axes: list[Axis] = []
    for p in model.params:
        if not sweep or p.name in given:
            axes.append(Axis(p.name, 1, (fixed[p.name],)))
        elif isinstance(p.type, ir.BoolT):
            axes.append(Axis(p.name, 2, (False, True)))
        elif isinstance(p.type, ir.EnumT):
            axes.append(Axis(p.name, len(p.type.members), p.type.members))
        else:
            assert isinstance(p.type, ir.IntT) and p.type.lo is not None and p.type.hi is not None
            axes.append(Axis(p.name, p.type.hi - p.type.lo + 1, range(p.type.lo, p.type.hi + 1)))
    return axes


def combinations(axes: list[Axis]) -> Iterator[dict[str, ir.Value]]:
    """Every binding, lazily, in itertools.product order (the last parameter varies fastest)."""
    index = [0] * len(axes)
    while True:
        yield {a.name: a.values[i] for a, i in zip(axes, index)}
        j = len(axes) - 1
        while j >= 0:
            index[j] += 1
            if index[j] < axes[j].size:
                break
            index[j] = 0
            j -= 1
        if j < 0:
            return


def skipped(model: ir.Model, defines: list[str]) -> int:
    """How many combinations --all-params skips as invalid under the spec's constraints."""
    if not model.constraints:
        return 0
    from ..sweep.space import build_space

    space = build_space(model, defines)
    return space.total() - space.valid_total()


def count_runs(axes: list[Axis], systems: int) -> int:
    return math.prod(a.size for a in axes) * systems


def run(args: argparse.Namespace, model: ir.Model) -> int:
    """Check every (binding, system) run; exit 3 when Ctrl-C ends it early (130 is only for before)."""
    for opt, value in (("--max-states", args.max_states), ("--max-runs", args.max_runs)):
        if value is not None and value < 1:
            raise LfsmError([Diagnostic("bad-option", CM.bad_count(opt, value), None)])
    systems = [args.system] if args.system else [s.name for s in model.systems]
    if args.system and args.system not in [s.name for s in model.systems]:
        raise LfsmError([Diagnostic("unknown-system",
                                    CM.unknown_system(args.system, [s.name for s in model.systems]), None)])
    if args.sweep is not None:
        from ..sweep.command import run as run_sweep

        return run_sweep(args, model, systems)
    axes = sweep_axes(model, args.defines, args.all_params)
    runs = count_runs(axes, len(systems))
    if args.all_params and runs > args.max_runs:
        raise LfsmError([Diagnostic("too-many-runs", CM.too_many_runs(runs, len(systems), args.max_runs), None)])
    human = sys.stderr if args.json == "-" else sys.stdout  # '--json -': the JSON alone on stdout
    opts = TextOptions(witnesses=args.witnesses or args.verbose, quiet=args.quiet,
                       paint=Painter(wants_colour(human, args.color)))

    def say(text: str) -> None:
        if not args.quiet:
            print(text, file=human, flush=True)

    if args.all_params:
        swept = [a.name for a in axes if a.size > 1]
        invalid = skipped(model, args.defines)  # combinations that break a `require` constraint
        runs -= invalid * len(systems)
        note = f"; {invalid:,} invalid combinations skipped (parameter constraints)" if invalid else ""
        say(f"--all-params: {runs:,} run{'s' if runs != 1 else ''} "
            f"({' x '.join(swept) or 'no parameter'}; {len(systems)} system{'s' if len(systems) != 1 else ''}{note})")
    if args.verbose:
        say(f"memory bound: {MemoryBound.make(args.max_memory).describe()}")
    progress = ProgressLine(sys.stderr.isatty() and not args.quiet)
    results: list[CheckResult] = []
    codes: list[int] = []
    with Interrupt() as stop:
        try:
            for params in combinations(axes):
                if args.all_params and model.constraints and violated(model, params):
                    continue
                for name in systems:
                    try:
                        r = check_model(model, params, system=name, symmetry=not args.no_symmetry,
                                        max_states=args.max_states, properties=args.property or None,
                                        progress=progress, should_stop=lambda: stop.flag,
                                        max_memory=args.max_memory)
                    finally:
                        progress.clear()
                    results.append(r)
                    codes.append(exit_status(r))
                    text = format_result(r, args.spec, opts)
                    if text:
                        print(text, file=human, flush=True)
                    if r.stop_reason == "memory":
                        print(f"stopped at the memory bound ({MemoryBound.make(args.max_memory).describe()})",
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
            say(f"{len(results)} runs: {bad} with an unexpected verdict, {sum(1 for c in codes if c == 3)} incomplete")
        if args.json:
            write_json_atomic(args.json, {"spec": args.spec, "exit": code, "runs": [result_json(r) for r in results]})
        if args.trace_diagram:
            from ..backends.runs import write_trace_diagrams

            write_trace_diagrams(args.trace_diagram, results)
    return code


def memory_size(text: str) -> int:
    """argparse type of --max-memory: a size in bytes (0: no bound but the ulimit)."""
    n = parse_size(text)
    if n is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (examples: 4G, 512M, 0 for none)")
    return n


def add_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("--all-params", action="store_true",
                   help="check every combination of the declared parameter values (-D fixes some)")
    c.add_argument("--max-runs", metavar="N", type=int, default=MAX_RUNS,
                   help=f"refuse an --all-params sweep of more than N runs (default: {MAX_RUNS:,})")
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
    c.add_argument("--max-memory", metavar="SIZE", type=memory_size, default=None,
                   help="stop (exit 3, with the partial result) when the search holds more than SIZE of memory "
                        "(4G, 512M; default: half of the machine's memory or 80%% of what is free, the smaller; "
                        "0: none but the ulimit)")
    c.add_argument("--witnesses", action="store_true", help="also print the witness run of each property that holds")
    c.add_argument("--verbose", action="store_true", help="print witnesses and the memory bound too")
    c.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS,
                   help="print only the verdicts that are not as expected (nothing when all is well)")
    c.add_argument("--color", choices=CHOICES, default=argparse.SUPPRESS, metavar="WHEN",
                   help="colour the verdicts: auto (a terminal, unless NO_COLOR is set), always, never")
    from ..sweep.command import add_arguments as add_sweep_arguments

    add_sweep_arguments(c)
