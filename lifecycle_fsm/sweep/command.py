"""`lifefsm check SPEC --sweep [LEVEL]`: check a covering array (or the product) of configurations.

Exit status as for `lifefsm check`: 1 if some configuration has an unexpected verdict,
3 if some run was incomplete (and none unexpected), 2 for bad input or a configuration the
checker refused, 0 otherwise. A progress line goes to stderr on a terminal.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from .. import model as ir
from ..checker.command import ProgressLine
from ..checker.report import write_json_atomic
from ..diagnostics import Diagnostic, LfsmError
from . import messages as SM
from .pool import default_jobs
from .report import exit_code, format_sweep, sweep_json
from .run import CheckOptions, Run, parse_level, plan_sweep, run_sweep


def add_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("--sweep", nargs="?", const="auto", metavar="LEVEL",
                   help="check many configurations: pairwise, 3wise, N (a covering array of strength N), "
                        "full (every valid one) or auto (the default: full if small, else 3-wise if small, "
                        "else pairwise); -D NAME=a,b or NAME=lo..hi restricts a parameter's values")
    add_jobs(c)


def add_jobs(c: argparse.ArgumentParser) -> None:
    c.add_argument("-j", "--jobs", metavar="N", type=int, default=None,
                   help="worker processes (default: the machine's cores)")


def jobs_of(args: argparse.Namespace) -> int:
    jobs = args.jobs if args.jobs is not None else default_jobs()
    if jobs < 1:
        raise LfsmError([Diagnostic("bad-option", SM.bad_jobs(jobs), None)])
    return int(jobs)


def options_of(args: argparse.Namespace) -> CheckOptions:
    return CheckOptions(tuple(args.property or ()), not args.no_symmetry, args.max_states, bool(args.json))


def run(args: argparse.Namespace, model: ir.Model, systems: list[str]) -> int:
    if args.all_params:
        raise LfsmError([Diagnostic("bad-option", SM.sweep_and_all_params(), None)])
    level = parse_level(args.sweep)
    jobs = jobs_of(args)
    plan = plan_sweep(model, args.defines, level)
    started = time.perf_counter()
    line = ProgressLine(sys.stderr.isatty())
    try:
        runs = run_sweep(model, plan, systems, options_of(args), jobs, _progress(line))
    finally:
        line.clear()
    wall = time.perf_counter() - started
    print(format_sweep(args.spec, plan, runs, wall, jobs))
    if args.json:
        write_json_atomic(args.json, sweep_json(args.spec, plan, runs, wall, jobs))
    return exit_code(runs)


def show_status(line: ProgressLine, text: str) -> None:
    """Write ``text`` on the terminal's status line (cleared by ``line.clear()``)."""
    if line.enabled:
        sys.stderr.write("\r\033[K  " + text)
        sys.stderr.flush()
        line.shown = True


def _progress(line: ProgressLine) -> Callable[[Run, int, int], None]:
    started = time.perf_counter()

    def done(run: Run, n: int, total: int) -> None:
        show_status(line, f"{n}/{total} configurations checked, {time.perf_counter() - started:.0f} s")
    return done
