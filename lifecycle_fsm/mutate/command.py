"""`lifefsm mutate SPEC`: derive mutants of the model, check each across a sweep, report the kill score.

Exit status: 0 when done (and the score reaches --min-score, if given), 1 when the score is
below --min-score, 2 for bad input (including a spec whose own check is refused or
incomplete at some configuration of the sweep), 3 when interrupted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..checker.command import ProgressLine
from ..checker.report import write_json_atomic
from ..diagnostics import Diagnostic, LfsmError
from ..model import Model
from ..outputs import write_output
from ..sweep import messages as SM
from ..sweep.command import add_jobs, jobs_of, show_status
from ..sweep.run import CheckOptions, parse_level, plan_sweep, run_sweep
from .equivalent import read_equivalents
from .operators import OPERATORS, Mutant, family, mutants_of
from .report import Summary, format_report, percent, report_json
from .run import MutationJob, Outcome, default_equivalents, order_baseline, run_mutants


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from ..cli import add_define_option

    p = sub.add_parser("mutate", help="mutation testing: how many plausible modelling mistakes the properties catch",
                       description="Derive mutants of SPEC's model (guards, effects, emissions, bounds, targets, "
                                   "invariants), check each across a sweep of configurations, and report the kill "
                                   "score and the mutants that survived.")
    p.add_argument("spec", metavar="SPEC", help="the .lfsm file")
    add_define_option(p)
    p.add_argument("--sweep", default="auto", metavar="LEVEL",
                   help="configurations to check each mutant in: pairwise, 3wise, N, full or auto (default)")
    p.add_argument("--operators", metavar="LIST", help="comma-separated operators (default: all): "
                                                       + ", ".join(OPERATORS))
    p.add_argument("--max-mutants", metavar="N", type=int, help="check N mutants spread evenly over all of them")
    p.add_argument("--max-states", metavar="N", type=int, default=None,
                   help="state bound of each mutant's search (default: 4x the original's, per configuration)")
    p.add_argument("--equivalent", metavar="FILE",
                   help="mutants marked equivalent (default: SPEC with the suffix .equivalent)")
    p.add_argument("--system", metavar="NAME", help="check only this system (default: every system)")
    p.add_argument("--no-symmetry", action="store_true", help="do not reduce instance arrays by symmetry")
    p.add_argument("--min-score", metavar="PERCENT", type=float, help="exit 1 if the kill score is lower")
    p.add_argument("--list", action="store_true", help="list the mutants and exit")
    p.add_argument("--json", metavar="FILE", help="write everything as JSON (atomically)")
    p.add_argument("--report", metavar="FILE", help="also write the text report to FILE (atomically)")
    add_jobs(p)
    p.set_defaults(func=cmd_mutate)


def select(mutants: list[Mutant], operators: str | None, most: int | None) -> list[Mutant]:
    """Mutants of the chosen operators; at most ``most`` of them, spread evenly (deterministic)."""
    if operators:
        wanted = [x.strip() for x in operators.split(",") if x.strip()]
        for w in wanted:
            if w not in OPERATORS:
                raise LfsmError([Diagnostic("bad-option", SM.unknown_operator(w, list(OPERATORS)), None)])
        mutants = [m for m in mutants if family(m.operator) in wanted]
    if most is not None:
        if most < 1:
            raise LfsmError([Diagnostic("bad-option", SM.bad_max_mutants(most), None)])
        if most < len(mutants):
            mutants = [mutants[i * len(mutants) // most] for i in range(most)]
    return mutants


def cmd_mutate(args: argparse.Namespace) -> int:
    from ..cli import load

    model = load(args.spec)
    if args.min_score is not None and not 0 <= args.min_score <= 100:
        raise LfsmError([Diagnostic("bad-option", SM.bad_score(args.min_score), None)])
    everything = mutants_of(model.sources, Path(args.spec).parent)
    mutants = select(everything, args.operators, args.max_mutants)
    if args.list:
        for m in mutants:
            print(f"{m.id}\n    {m.description}")
        print(f"{len(mutants)} mutants")
        return 0
    eq_path = Path(args.equivalent) if args.equivalent else default_equivalents(args.spec)
    equivalents = read_equivalents(eq_path, {m.id for m in everything})
    systems = _systems(args, model)
    plan = plan_sweep(model, args.defines, parse_level(args.sweep))
    jobs = jobs_of(args)
    options = CheckOptions((), not args.no_symmetry, args.max_states)
    started = time.perf_counter()
    baseline = run_sweep(model, plan, systems, CheckOptions((), not args.no_symmetry, None), jobs)
    baseline_seconds = time.perf_counter() - started
    for r in baseline:
        if r.error:
            raise LfsmError([Diagnostic("bad-option", SM.original_refused(r.index, r.error), None)])
        if not r.complete or any(v.holds is None for v in r.verdicts):
            shown = ", ".join(f"{k}={v}" for k, v in r.params.items())
            raise LfsmError([Diagnostic("bad-option", SM.original_incomplete(r.index, shown), None)])
    job = MutationJob(args.spec, dict(model.sources), order_baseline(baseline), options)
    started = time.perf_counter()
    line = ProgressLine(sys.stderr.isatty())
    try:
        outcomes = run_mutants(job, mutants, jobs, _progress(line))
    finally:
        line.clear()
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


def _systems(args: argparse.Namespace, model: Model) -> list[str]:
    names = [s.name for s in model.systems]
    if args.system and args.system not in names:
        from ..checker import messages as CM

        raise LfsmError([Diagnostic("unknown-system", CM.unknown_system(args.system, names), None)])
    return [args.system] if args.system else names


def _progress(line: ProgressLine) -> Callable[[Outcome, int, int], None]:
    counts: dict[str, int] = {}

    def done(outcome: Outcome, n: int, total: int) -> None:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        show_status(line, f"{n}/{total} mutants: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    return done
