"""A sweep: which configurations to check (a covering array or the product), and checking them.

``plan_sweep`` chooses the configurations; ``run_sweep`` checks every (configuration,
system) pair in worker processes and returns one compact ``Run`` per pair, in the
configurations' order. The levels:

* ``N`` (``pairwise`` = 2, ``3wise`` = 3): a strength-N covering array (covering.py) of
  the valid configurations: every combination of N parameter values that some valid
  configuration has appears in at least one configuration checked;
* ``full``: every valid configuration;
* ``auto``: the full product if it has at most AUTO_LIMIT valid configurations, else the
  3-wise array if it has at most AUTO_LIMIT rows, else the pairwise array.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..escape import visible
from ..messages import say
from .axes import MAX_RUNS
from .covering import covering_array, full_product
from .pool import run_all
from .space import Space, build_space

AUTO_LIMIT = 100
LEVELS = {"pairwise": 2, "2wise": 2, "3wise": 3, "full": 0, "auto": -1}


def parse_level(text: str) -> int:
    """A --sweep level as a strength: 0 full product, -1 auto, N >= 1 a covering array of strength N."""
    if text in LEVELS:
        return LEVELS[text]
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise LfsmError([Diagnostic("bad-option", say("sweep.bad-level", text=text), None)])


@dataclass
class SweepPlan:
    space: Space
    strength: int  # 0: the full product
    rows: list[dict[str, ir.Value]]
    build_seconds: float
    listed: str | None = None  # the file the rows were read from (`lifefsm mutate --configs`), if any

    @property
    def description(self) -> str:
        if self.listed is not None:
            return f"the configurations listed in {self.listed}"
        if self.strength == 0:
            return "the full product of the parameter values"
        return f"a {self.strength}-way covering array (IPOG)"


def plan_sweep(model: ir.Model, defines: Sequence[str], level: int, most: int = MAX_RUNS,
               raise_hint: str = "") -> SweepPlan:
    """``most``: the full product is refused (a one-line error) beyond this many valid configurations,
    counted before any is built: a parameter left free over 0..3600 would be 3,601 checks each.
    ``raise_hint``: how the command lets the user raise ``most`` (appended to the error)."""
    started = time.perf_counter()
    space = build_space(model, defines)
    sizes = space.sizes
    if level == 0 or (level > 0 and level >= len(sizes)):
        total = space.valid_total()
        if total > most:
            free = [f"{n} ({len(v):,} values)" for n, v in zip(space.names, space.values) if len(v) > 1]
            raise LfsmError([Diagnostic("too-many-runs", say("sweep.full-too-large", n=total, limit=most,
                                                             free=", ".join(free), more=raise_hint), None)])
    if level == -1:
        if space.valid_total() <= AUTO_LIMIT:
            level = 0
        else:
            three = covering_array(sizes, 3, space.allowed)
            level = 3 if len(three) <= AUTO_LIMIT else 2
    if level == 0 or level >= len(sizes):
        rows, level = full_product(sizes, space.allowed), 0
    else:
        rows = covering_array(sizes, level, space.allowed)
    if not rows:
        raise LfsmError([Diagnostic("bad-option", say("sweep.no-valid-configuration"), None)])
    return SweepPlan(space, level, [space.binding(r) for r in rows], time.perf_counter() - started)


@dataclass(frozen=True)
class Verdict:
    name: str
    kind: str
    expect_holds: bool
    holds: bool | None
    message: str


@dataclass(frozen=True)
class Run:
    """The check of one configuration (1-based ``index``) and one system, without traces."""

    index: int
    system: str
    params: dict[str, ir.Value]
    states: int
    transitions: int
    seconds: float
    complete: bool
    stored: int  # states stored by the search (with property monitors): what --max-states bounds
    exit: int  # as for `lifefsm check`: 0, 1 (an unexpected verdict), 2 (refused), 3 (incomplete)
    verdicts: tuple[Verdict, ...]
    error: str = ""  # why the configuration was refused (exit 2)
    json: dict[str, Any] | None = field(default=None, compare=False)

    def verdict(self, name: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.name == name), None)


@dataclass(frozen=True)
class CheckOptions:
    """How each configuration is checked (the options of `lifefsm check`).

    ``max_memory``: the memory bound of each configuration's check (check_model: None the
    default, 0 none); a sweep passes its bound divided among its workers (``per_worker``)."""

    properties: tuple[str, ...] = ()
    symmetry: bool = True
    max_states: int | None = None
    want_json: bool = False
    engine: str = "auto"  # auto | native | python (pipeline.search_engine)
    max_memory: int | None = None


def per_worker(max_memory: int | None, workers: int) -> int | None:
    """Each of ``workers`` processes' share of ``max_memory`` (None: the default bound of the
    machine, memory.default_limit; 0: none): the workers run at once, so their bounds add up."""
    from ..checker.memory import default_limit

    total = default_limit() if max_memory is None else max_memory
    if not total:
        return total
    return max(1, total // max(1, workers))


Notice = Callable[[str], None]
Engines = Callable[[str, Notice], Callable[..., Any]]  # pipeline.search_engine: --engine's search
_MODEL: list[ir.Model] = []
_FACTORY: list[Engines] = []  # set in each process by use_engines (the driver's pipeline.search_engine)
_ENGINES: dict[str, Callable[..., Any]] = {}  # per process: an engine says each notice once, caches its module


def _notice(text: str) -> None:
    print(f"note: {visible(text)}", file=sys.stderr, flush=True)  # quotes $CC, the cache directory: printable


def use_engines(engines: Engines | None) -> None:
    """Make this process's searches with ``engines`` (None: the Python engine only, search.bfs)."""
    _FACTORY[:] = [engines] if engines is not None else []
    _ENGINES.clear()


def search_of(engine: str) -> Callable[..., Any]:
    """The search of ``engine`` in this process (made once per process, by use_engines' factory)."""
    if not _FACTORY:
        from ..checker.search import bfs

        return bfs
    if engine not in _ENGINES:
        _ENGINES[engine] = _FACTORY[0](engine, _notice)
    return _ENGINES[engine]


def _init_model(model: ir.Model, engines: Engines | None = None) -> None:
    _MODEL[:] = [model]
    use_engines(engines)


def check_one(model: ir.Model, index: int, params: dict[str, ir.Value], system: str,
              options: CheckOptions) -> Run:
    """Check one configuration of one system; a refused binding becomes a Run with exit 2."""
    from ..checker.api import check_model
    from ..checker.report import exit_status, result_json

    try:
        r = check_model(model, params, system=system, symmetry=options.symmetry, max_states=options.max_states,
                        properties=list(options.properties) or None, max_memory=options.max_memory,
                        search=search_of(options.engine))
    except LfsmError as e:
        return Run(index, system, params, 0, 0, 0.0, False, 0, 2, (), "; ".join(d.message for d in e.diagnostics))
    verdicts = tuple(Verdict(p.name, p.kind, p.expect_holds, p.holds, p.message) for p in r.properties)
    return Run(index, system, params, r.states, r.transitions, r.seconds, r.complete, r.stored_states, exit_status(r),
               verdicts,
               json=result_json(r) if options.want_json else None)


def _check_task(task: tuple[int, dict[str, ir.Value], str, CheckOptions]) -> Run:
    index, params, system, options = task
    return check_one(_MODEL[0], index, params, system, options)


def run_sweep(model: ir.Model, plan: SweepPlan, systems: Sequence[str], options: CheckOptions, jobs: int,
              on_done: Callable[[Run, int, int], None] | None = None, engines: Engines | None = None) -> list[Run]:
    """Check every configuration of ``plan`` for every system; runs come back in configuration order.
    ``engines`` makes the search of ``options.engine`` (pipeline.search_engine; None: Python only)."""
    tasks = [(i, params, system, options) for i, params in enumerate(plan.rows, start=1) for system in systems]
    return run_all(_check_task, tasks, jobs, _init_model, (model, engines), on_done)
