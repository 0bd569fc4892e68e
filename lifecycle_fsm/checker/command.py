"""`lifefsm check`: run the checker over one or more systems and parameter bindings, print, exit.

A progress line goes to stderr when it is a terminal and a run lasts over a second.
Ctrl-C stops the search at the next slice (a few milliseconds), prints what was learned
and the statistics so far, and exits 3. ``--json`` writes every run, atomically.
"""

from __future__ import annotations

import argparse
import itertools
import signal
import sys
from collections.abc import Iterator
from types import FrameType
from typing import Any

from .. import model as ir
from ..constraints import violated
from ..diagnostics import Diagnostic, LfsmError
from ..params import bind_params
from . import messages as CM
from .api import check_model
from .report import combine, exit_status, format_result, result_json, write_json_atomic
from .result import CheckResult


class Interrupt:
    """A SIGINT handler that asks the search to stop instead of raising mid-update."""

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
        if self.flag:  # a second Ctrl-C: give up at once
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


def bindings(model: ir.Model, defines: list[str], sweep: bool) -> Iterator[dict[str, ir.Value]]:
    """The parameter bindings to check: the defaults with -D overrides, or every valid combination
    (--all-params: those that violate a `require` constraint are skipped, see ``skipped``)."""
    if not sweep:
        yield bind_params(model, defines)
        return
    fixed = bind_params(model, defines, constraints=False)
    given = {d.partition("=")[0].strip() for d in defines}
    axes: list[tuple[str, list[ir.Value]]] = []
    for p in model.params:
        if p.name in given:
            axes.append((p.name, [fixed[p.name]]))
        elif isinstance(p.type, ir.BoolT):
            axes.append((p.name, [False, True]))
        elif isinstance(p.type, ir.EnumT):
            axes.append((p.name, list(p.type.members)))
        else:
            assert isinstance(p.type, ir.IntT) and p.type.lo is not None and p.type.hi is not None
            axes.append((p.name, list(range(p.type.lo, p.type.hi + 1))))
    for combo in itertools.product(*[vals for _, vals in axes]):
        values = dict(zip([n for n, _ in axes], combo))
        if not violated(model, values):
            yield values


def skipped(model: ir.Model, defines: list[str]) -> int:
    """How many combinations --all-params skips as invalid under the spec's constraints."""
    if not model.constraints:
        return 0
    from ..sweep.space import build_space

    space = build_space(model, defines)
    return space.total() - space.valid_total()


def run(args: argparse.Namespace, model: ir.Model) -> int:
    if args.max_states is not None and args.max_states < 1:
        raise LfsmError([Diagnostic("bad-option", CM.bad_max_states(args.max_states), None)])
    systems = [args.system] if args.system else [s.name for s in model.systems]
    if args.system and args.system not in [s.name for s in model.systems]:
        raise LfsmError([Diagnostic("unknown-system",
                                    CM.unknown_system(args.system, [s.name for s in model.systems]), None)])
    if args.sweep is not None:
        from ..sweep.command import run as run_sweep

        return run_sweep(args, model, systems)
    combos = list(bindings(model, args.defines, args.all_params))
    human = sys.stderr if args.json == "-" else sys.stdout  # '--json -': the JSON alone on stdout
    if args.all_params and model.constraints:
        print(f"{skipped(model, args.defines):,} invalid combinations skipped (parameter constraints)", file=human)
    progress = ProgressLine(sys.stderr.isatty())
    results: list[CheckResult] = []
    codes: list[int] = []
    interrupted = False
    with Interrupt() as stop:
        for params in combos:
            for name in systems:
                try:
                    r = check_model(model, params, system=name, symmetry=not args.no_symmetry,
                                    max_states=args.max_states, properties=args.property or None,
                                    progress=progress, should_stop=lambda: stop.flag)
                finally:
                    progress.clear()
                results.append(r)
                codes.append(exit_status(r))
                print(format_result(r, args.spec), file=human)
                human.flush()
                if stop.flag:
                    interrupted = True
                    break
            if interrupted:
                break
    code = combine(codes)
    if interrupted:
        print("interrupted: the statistics above cover the part explored", file=sys.stderr)
        code = 3
    if len(results) > 1:
        bad = sum(1 for c in codes if c == 1)
        print(f"{len(results)} runs: {bad} with an unexpected verdict, "
              f"{sum(1 for c in codes if c == 3)} incomplete", file=human)
    if args.json:
        write_json_atomic(args.json, {"spec": args.spec, "exit": code, "runs": [result_json(r) for r in results]})
    if args.trace_diagram:
        from ..backends.runs import write_trace_diagrams

        write_trace_diagrams(args.trace_diagram, results)
    return code


def add_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("--all-params", action="store_true",
                   help="check every combination of the declared parameter values (-D fixes some)")
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
    from ..sweep.command import add_arguments as add_sweep_arguments

    add_sweep_arguments(c)
