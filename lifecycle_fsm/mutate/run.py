"""Checking mutants: each one against the original's verdicts, configuration by configuration.

The original spec is checked first over the sweep (the *baseline*). A mutant is then
checked over the same configurations, cheapest first (by the original's stored states),
and stops at the first configuration where some property's verdict differs from the
original's: the mutant is **killed**. A verdict the mutant's search could not reach
(``None``: the per-mutant state bound was hit before a violation was found) is never a
difference. After every configuration without a difference the mutant **survived**,
or is **undecided** if some of those searches were incomplete. A mutant the front end
refuses (a type error, overlapping guards) or the checker refuses is **rejected**: it is
not a model, and it counts neither way. A mutant whose check trips an internal error of lifefsm
is rejected too, with the error as its detail, so that one bug does not end a long run.

The per-mutant state bound is ``--max-states`` if given, else STATE_FACTOR times the
states the original stored at that configuration (plus STATE_SLACK): a mutant that only
makes the search larger is undecided, never killed by its size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .. import model as ir
from ..diagnostics import LfsmError
from ..loader import load_spec, source_key
from ..sweep.pool import run_all
from ..sweep.report import verdict_word
from ..sweep.run import CheckOptions, Engines, Run, Verdict, check_one, use_engines
from .operators import Mutant

STATE_FACTOR = 4
STATE_SLACK = 10_000


@dataclass(frozen=True)
class Outcome:
    mutant: str  # the mutant's id
    status: str  # killed | survived | undecided | rejected | observer (not checked: mutate/observers.py)
    config: int | None = None  # the configuration that killed it
    system: str = ""
    changes: tuple[tuple[str, str, str], ...] = ()  # (property, original verdict, mutant verdict)
    detail: str = ""  # why it was rejected, or why it is an observer mutant
    configs: int = 0  # configurations checked
    states: int = 0  # states explored over them
    seconds: float = 0.0


@dataclass(frozen=True)
class MutationJob:
    """What every worker needs: the spec, the baseline in checking order, the options."""

    path: str
    texts: dict[str, str]  # the spec's files as loaded (display name -> text)
    baseline: tuple[Run, ...]  # cheapest first
    options: CheckOptions


def order_baseline(runs: Sequence[Run]) -> tuple[Run, ...]:
    """The original's runs, cheapest first (then in configuration order)."""
    return tuple(sorted(runs, key=lambda r: (r.stored, r.index, r.system)))


def _bound(options: CheckOptions, original: Run) -> int:
    if options.max_states is not None:
        return options.max_states
    return STATE_FACTOR * original.stored + STATE_SLACK


def _differences(original: Run, mutant: Run) -> tuple[tuple[str, str, str], ...]:
    out = []
    for v in mutant.verdicts:
        o: Verdict | None = original.verdict(v.name)
        if o is not None and v.holds is not None and o.holds is not None and v.holds != o.holds:
            out.append((v.name, verdict_word(o), verdict_word(v)))
    return tuple(out)


def check_mutant(job: MutationJob, mutant: Mutant) -> Outcome:
    text = job.texts[mutant.file]
    try:
        model = load_spec(job.path, {source_key(mutant.file): mutant.apply(text)})
    except LfsmError as e:
        d = e.diagnostics[0]
        return Outcome(mutant.id, "rejected", detail=f"{d.message} [{d.code}]")
    try:
        return check_model_mutant(job, mutant.id, model)
    except Exception as e:  # noqa: BLE001 - one mutant that trips a bug of lifefsm must not end the run
        return Outcome(mutant.id, "rejected", detail=f"internal error of lifefsm ({type(e).__name__}: {e}); "
                                                     "please report it with this mutant's id")


def check_model_mutant(job: MutationJob, ident: str, model: ir.Model) -> Outcome:
    incomplete = False
    states = 0
    seconds = 0.0
    for n, original in enumerate(job.baseline, start=1):
        opts = replace(job.options, max_states=_bound(job.options, original))
        r = check_one(model, original.index, original.params, original.system, opts)
        states += r.states
        seconds += r.seconds
        if r.error:
            return Outcome(ident, "rejected", original.index, original.system, detail=r.error, configs=n,
                           states=states, seconds=seconds)
        changes = _differences(original, r)
        if changes:
            return Outcome(ident, "killed", original.index, original.system, changes, configs=n, states=states,
                           seconds=seconds)
        incomplete = incomplete or not r.complete or any(v.holds is None for v in r.verdicts)
    return Outcome(ident, "undecided" if incomplete else "survived", configs=len(job.baseline), states=states,
                   seconds=seconds)


_JOB: list[MutationJob] = []


def _init(job: MutationJob, engines: Engines | None = None) -> None:
    _JOB[:] = [job]
    use_engines(engines)


def _task(mutant: Mutant) -> Outcome:
    return check_mutant(_JOB[0], mutant)


def run_mutants(job: MutationJob, mutants: Sequence[Mutant], jobs: int,
                on_done: Callable[[Outcome, int, int], None] | None = None,
                engines: Engines | None = None) -> list[Outcome]:
    """Check every mutant (in worker processes); outcomes in the mutants' order. ``engines``: as
    for sweep.run.run_sweep."""
    return run_all(_task, mutants, jobs, _init, (job, engines), on_done)


def spec_texts(model: ir.Model) -> dict[str, str]:
    return dict(model.sources)


def default_equivalents(spec: str) -> Path:
    """``spec/pod.lfsm`` -> ``spec/pod.equivalent``: the committed list of equivalent mutants."""
    p = Path(spec)
    return p.with_suffix(".equivalent")
