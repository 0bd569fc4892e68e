"""`lifefsm mutate SPEC`: derive mutants of the model, check each across a sweep, report the kill score.

Exit status: 0 when done (and the score reaches --min-score, if given), 1 when the score is
below --min-score, 2 for bad input (including a spec whose own check is refused or
incomplete at some configuration of the sweep), 3 when interrupted.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .. import model as ir
from ..checker.report import write_json_atomic
from ..diagnostics import Diagnostic, LfsmError
from ..instantiate import systems_named
from ..loader import load_spec
from ..messages import say
from ..outputs import write_output
from ..sweep.command import jobs_of
from ..sweep.run import CheckOptions, Engines, SweepPlan, parse_level, per_worker, plan_sweep, run_sweep
from ..terminal import ProgressLine
from .configs import default_configs, read_configs
from .equivalent import read_equivalents
from .files import read_text
from .observers import observer_mutants
from .operators import OPERATORS, Mutant, family, mutants_of
from .report import Summary, format_report, percent, report_json
from .run import MutationJob, Outcome, default_equivalents, order_baseline, run_mutants


@dataclass(frozen=True, slots=True)
class MutateOptions:
    """Everything `lifefsm mutate` is told."""

    spec: str
    defines: tuple[str, ...] = ()
    sweep: str | None = None  # the configurations each mutant is checked in (sweep/run.py; None: see configs)
    configs: str | None = None  # a file of configurations (mutate/configs.py); None: SPEC.mutate if it exists
    # and neither -D nor --sweep is given, else the sweep (default auto)
    operators: str | None = None  # comma-separated operator families (default: all)
    max_mutants: int | None = None
    ids: str | None = None  # a file of mutant ids (blank-separated): check only these
    max_states: int | None = None  # per configuration (default: 4x the original's)
    equivalent: str | None = None  # mutants marked equivalent (default: SPEC.equivalent)
    system: str | None = None
    symmetry: bool = True
    min_score: float | None = None  # percent: exit 1 below it
    list: bool = False  # list the mutants and exit
    json: str | None = None
    report: str | None = None
    jobs: int | None = None
    engine: str = "auto"  # auto | native | python (pipeline.search_engine)
    max_memory: int | None = None  # the bound of all workers together (None: the default; 0: none)
    mutate_observers: bool = False  # check the observer mutants too (mutate/observers.py) instead of classifying them


def select(mutants: list[Mutant], operators: str | None, most: int | None) -> list[Mutant]:
    """Mutants of the chosen operators; at most ``most`` of them, spread evenly (deterministic)."""
    if operators:
        wanted = [x.strip() for x in operators.split(",") if x.strip()]
        for w in wanted:
            if w not in OPERATORS:
                raise LfsmError([Diagnostic("bad-option", say("sweep.unknown-operator", name=w,
                                                              known=", ".join(OPERATORS)), None)])
        mutants = [m for m in mutants if family(m.operator) in wanted]
    if most is not None:
        if most < 1:
            raise LfsmError([Diagnostic("bad-option", say("sweep.bad-max-mutants", n=most), None)])
        if most < len(mutants):
            mutants = [mutants[i * len(mutants) // most] for i in range(most)]
    return mutants


def read_ids(path: Path, known: set[str]) -> frozenset[str]:
    """The mutant ids in ``path`` (blank-separated; '#' starts a comment); an unknown id is an error."""
    text = read_text(path)
    words = [w for line in text.splitlines() for w in line.split("#", 1)[0].split()]
    unknown = [w for w in words if w not in known]
    if unknown:
        raise LfsmError([Diagnostic("unknown-mutant", say("sweep.equivalents-unknown", ident=unknown[0]), None)])
    return frozenset(words)


def plan_of(model: ir.Model, args: MutateOptions) -> SweepPlan:
    """The configurations to check in: ``--configs FILE``; else SPEC.mutate when it exists and neither
    -D nor --sweep is given; else the sweep (``--sweep``, default auto, restricted by -D)."""
    if args.configs is not None:
        if args.defines or args.sweep is not None:
            raise LfsmError([Diagnostic("bad-option", say("sweep.configs-and-sweep"), None)])
        return read_configs(model, Path(args.configs))
    listed = default_configs(args.spec)
    if not args.defines and args.sweep is None and listed.is_file():
        return read_configs(model, listed)
    return plan_sweep(model, args.defines, parse_level(args.sweep or "auto"))


def run(args: MutateOptions, engines: Engines | None = None, plan: SweepPlan | None = None,
        only: frozenset[str] | None = None) -> int:
    """``engines``: pipeline.search_engine, the search of ``args.engine`` (None: the Python engine only);
    ``plan``: check in these configurations instead of ``args.sweep``'s; ``only``: check just the
    mutants with these ids (default: those of ``args.ids``, if given)."""
    model = load_spec(args.spec)
    if args.min_score is not None and not 0 <= args.min_score <= 100:
        raise LfsmError([Diagnostic("bad-option", say("sweep.bad-score", value=args.min_score), None)])
    everything = mutants_of(model.sources, Path(args.spec).parent)
    mutants = select(everything, args.operators, args.max_mutants)
    if only is None and args.ids is not None:
        only = read_ids(Path(args.ids), {m.id for m in everything})
    if only is not None:
        mutants = [m for m in everything if m.id in only]
    if plan is None:
        plan = plan_of(model, args)  # before --list too: a bad --configs file or -D is an error there as well
    observers = {} if args.mutate_observers else observer_mutants(model, mutants)
    if args.list:
        for m in mutants:
            print(f"{m.id}\n    {m.description}")
            if m.id in observers:
                print(f"    observer, not checked: {observers[m.id]}")
        not_checked = f" ({len(observers)} observer, not checked)" if observers else ""
        print(f"{len(mutants)} mutants{not_checked}")
        return 0
    eq_path = Path(args.equivalent) if args.equivalent else default_equivalents(args.spec)
    equivalents = read_equivalents(eq_path, {m.id for m in everything})
    systems = systems_named(model, args.system)
    jobs = jobs_of(args.jobs)
    memory = per_worker(args.max_memory, jobs)
    options = CheckOptions((), args.symmetry, args.max_states, engine=args.engine, max_memory=memory)
    started = time.perf_counter()
    baseline = run_sweep(model, plan, systems, replace(options, max_states=None), jobs, engines=engines)
    baseline_seconds = time.perf_counter() - started
    for r in baseline:
        if r.error:
            raise LfsmError([Diagnostic("bad-option", say("sweep.original-refused", index=r.index, why=r.error), None)])
        if not r.complete or any(v.holds is None for v in r.verdicts):
            shown = ", ".join(f"{k}={v}" for k, v in r.params.items())
            raise LfsmError([Diagnostic("bad-option", say("sweep.original-incomplete", index=r.index, params=shown),
                                        None)])
    job = MutationJob(args.spec, dict(model.sources), order_baseline(baseline), options)
    started = time.perf_counter()
    line = ProgressLine(sys.stderr.isatty())
    checked = [m for m in mutants if m.id not in observers]
    try:
        done = iter(run_mutants(job, checked, jobs, _progress(line), engines))
    finally:
        line.clear()
    outcomes = [Outcome(m.id, "observer", detail=observers[m.id]) if m.id in observers else next(done)
                for m in mutants]
    unexpected = tuple(f"#{r.index} {v.name}" for r in baseline for v in r.verdicts if v.holds != v.expect_holds)
    summary = Summary(mutants, outcomes, equivalents, str(eq_path), plan, baseline_seconds,
                      time.perf_counter() - started, jobs, len(everything), unexpected)
    text = format_report(args.spec, summary)
    print(text)
    if args.report:
        write_output(args.report, text + "\n")
    if args.json:
        write_json_atomic(args.json, report_json(args.spec, summary))
    killed, total = summary.score()
    if args.min_score is not None and total and 100.0 * killed / total < args.min_score:
        print(f"kill score {percent(killed, total)} is below --min-score {args.min_score:g}%", file=sys.stderr)
        return 1
    return 0


def _progress(line: ProgressLine) -> Callable[[Outcome, int, int], None]:
    counts: dict[str, int] = {}

    def done(outcome: Outcome, n: int, total: int) -> None:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        line.show(f"{n}/{total} mutants: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    return done
