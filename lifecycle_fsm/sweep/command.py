"""`lifefsm check SPEC --sweep [LEVEL]`: check a covering array (or the product) of configurations.

Exit status as for `lifefsm check`: 1 if some configuration has an unexpected verdict,
3 if some run was incomplete (and none unexpected), 2 for bad input or a configuration the
checker refused, 0 otherwise. A progress line goes to stderr on a terminal.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from .. import model as ir
from ..checker.report import write_json_atomic
from ..cpus import cpu_count
from ..diagnostics import Diagnostic, LfsmError
from ..messages import say
from ..terminal import ProgressLine
from .axes import MAX_RUNS
from .report import exit_code, format_sweep, sweep_json
from .run import CheckOptions, Engines, Run, parse_level, per_worker, plan_sweep, run_sweep


def jobs_of(jobs: int | None) -> int:
    """The worker processes of a run: ``jobs``, or the machine's cores."""
    n = jobs if jobs is not None else cpu_count()
    if n < 1:
        raise LfsmError([Diagnostic("bad-option", say("sweep.bad-jobs", n=n), None)])
    return int(n)


def run(spec: str, model: ir.Model, systems: list[str], level: str, defines: Sequence[str], options: CheckOptions,
        jobs: int | None, json_path: str | None, engines: Engines | None = None, most: int = MAX_RUNS) -> int:
    """Check the sweep ``level`` of ``model``'s configurations (restricted by ``defines``), print the report.
    ``engines``: pipeline.search_engine (None: the Python engine only); ``most``: --max-runs, the
    largest full product checked."""
    strength = parse_level(level)
    workers = jobs_of(jobs)
    plan = plan_sweep(model, defines, strength, most, ", or raise --max-runs")
    options = replace(options, max_memory=per_worker(options.max_memory, min(workers, len(plan.rows) * len(systems))))
    started = time.perf_counter()
    line = ProgressLine(sys.stderr.isatty())
    try:
        runs = run_sweep(model, plan, systems, options, workers, _progress(line), engines)
    finally:
        line.clear()
    wall = time.perf_counter() - started
    print(format_sweep(spec, plan, runs, wall, workers))
    if json_path:
        write_json_atomic(json_path, sweep_json(spec, plan, runs, wall, workers))
    return exit_code(runs)


def _progress(line: ProgressLine) -> Callable[[Run, int, int], None]:
    started = time.perf_counter()

    def done(run: Run, n: int, total: int) -> None:
        line.show(f"{n}/{total} configurations checked, {time.perf_counter() - started:.0f} s")
    return done


__all__ = ["jobs_of", "run"]
