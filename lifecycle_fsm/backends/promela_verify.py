"""Every verdict of a system from SPIN: the safety model, the order observer, one pan run per claim.

``spin_check`` is the SPIN side of the differential tests and of
benchmarks/vs_spin.py. It runs up to three verifiers on the one text that
``emit_promela`` writes: the safety model (state count, invariants, deadlock,
``only when``, ``reachable``, ``stable``, model errors), the ``-DORDER`` model if
the system has ordering properties, and the ``-DLIVE`` model, run once per never
claim, with ``pan -f`` for fair properties and without it for ``unfair`` ones.
Verdicts are keyed like lifefsm's results: (owner, property name), aggregated
over the instances of a machine property.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import model as ir
from ..instantiate import instantiate
from .promela import emit_layout
from .promela_expr import ExprEmitter
from .promela_layout import Layout, build_layout
from .promela_order import PRECEDES_CAP, overflow_marker
from .promela_props import Claim, PropItem, claims, property_items
from .promela_run import Pan, PanRun, acceptance_cycle, compile_pan, invalid_end_state, violated_markers

Key = tuple[str, str]  # (owner, property name)


@dataclass(frozen=True, slots=True)
class SpinVerdict:
    owner: str
    name: str
    kind: str  # invariant | deadlock | order | only_when | leads_to
    holds: bool | None  # None: not checked in this run (liveness switched off)
    how: str  # how SPIN found it: the pan run and the kind of error, or "" when it holds


@dataclass
class SpinReport:
    text: str
    states: int  # reachable states of the safety model: lifefsm's count, symmetry off
    complete: bool
    model_errors: bool  # some step hit a model error (lifefsm's built-in property is violated)
    verdicts: list[SpinVerdict] = field(default_factory=list)
    runs: list[tuple[str, PanRun]] = field(default_factory=list)  # (what, pan run)
    seconds_total: float = 0.0  # everything: spin -a, gcc and pan of every variant (compiled in parallel)
    seconds_safety: float = 0.0  # the safety model only: spin -a + gcc + pan
    safety: PanRun | None = None
    order: PanRun | None = None  # the -DORDER model: lifefsm's states with monitor bits (stored_states)
    failed: dict[Key, str] = field(default_factory=dict)  # property -> how SPIN found the violation
    undecided: dict[Key, str] = field(default_factory=dict)

    def verdict(self, owner: str, name: str) -> SpinVerdict:
        for v in self.verdicts:
            if (v.owner, v.name) == (owner, name):
                return v
        raise KeyError((owner, name))


_KIND = {ir.InvariantP: "invariant", ir.DeadlockP: "deadlock", ir.ReachableP: "reachable", ir.StableP: "stable",
         ir.OrderP: "order", ir.OnlyWhenP: "only_when", ir.LeadsToP: "leads_to"}


def run_deep(pan: Pan, args: list[str], max_depth: int, limit: int = 100_000_000) -> PanRun:
    """Run pan, raising the depth limit tenfold while the search was cut by it."""
    run = pan.run(args + [f"-m{max_depth}"])
    while not run.complete and max_depth < limit:
        max_depth *= 10
        run = pan.run(args + [f"-m{max_depth}"])
    return run


def spin_check(model: ir.Model, params: Mapping[str, ir.Value] | None = None, system: str | None = None, *,
               hash_bits: int = 20, max_depth: int = 100_000, liveness: bool = True,
               only_safety: bool = False, workdir: Path | None = None) -> SpinReport:
    """Check ``system`` at ``params`` with SPIN; every property's verdict and the state count.

    The verifiers the system needs are compiled in parallel (gcc on pan.c is the slow part).
    """
    t_start = time.perf_counter()
    layout = build_layout(instantiate(model, params, system))
    text = emit_layout(layout)
    items = property_items(layout)
    kinds: dict[Key, str] = {}
    for it in items:
        kinds.setdefault(it.key, _KIND[type(it.prop.body)])
    cl = claims(layout, ExprEmitter(layout), items) if liveness and not only_safety else []
    jobs: list[tuple[str, tuple[str, ...], list[str]]] = [("safety", (), ["-DSAFETY"])]
    if not only_safety and any(isinstance(it.prop.body, ir.OrderP) for it in items):
        jobs.append(("order", ("ORDER",), ["-DSAFETY"]))
    if cl:
        jobs.append(("live", ("LIVE",), []))
    pans: dict[str, Pan] = {}
    try:
        with ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
            built = list(pool.map(lambda j: compile_pan(text, j[1], j[2], workdir), jobs))
        pans = {name: pan for (name, _, _), pan in zip(jobs, built)}
        report = _verdicts(layout, items, cl, pans, hash_bits, max_depth)
    finally:
        for pan in pans.values():
            pan.close()
    report.text = text
    report.seconds_total = time.perf_counter() - t_start
    skipped = {it.key for it in items if isinstance(it.prop.body, ir.OrderP) and only_safety
               or isinstance(it.prop.body, ir.LeadsToP) and (only_safety or not liveness)}
    for key in _keys(items):
        if key in report.failed:
            report.verdicts.append(SpinVerdict(key[0], key[1], kinds[key], False, report.failed[key]))
        elif key in skipped or key in report.undecided:
            report.verdicts.append(SpinVerdict(key[0], key[1], kinds[key], None,
                                               report.undecided.get(key, "not checked")))
        else:
            report.verdicts.append(SpinVerdict(key[0], key[1], kinds[key], True, ""))
    return report


def _verdicts(layout: Layout, items: list[PropItem], cl: list[Claim], pans: dict[str, Pan], hash_bits: int,
              max_depth: int) -> SpinReport:
    by_marker = {it.marker: it for it in items}
    safety_pan = pans["safety"]
    safety = run_deep(safety_pan, ["-c0", "-n", f"-w{hash_bits}"], max_depth)
    report = SpinReport("", safety.states, safety.complete, False, safety=safety,
                        seconds_safety=safety_pan.seconds_spin + safety_pan.seconds_cc + safety.seconds)
    report.runs.append(("safety", safety))

    def fail(it: PropItem, how: str) -> None:
        report.failed.setdefault(it.key, how)

    found = violated_markers(safety)
    for mk in found:
        if mk == "lf_model_error":
            report.model_errors = True
        elif mk == "lf_deadlock":
            for it in items:
                if isinstance(it.prop.body, ir.DeadlockP):
                    fail(it, "pan (safety): deadlock found by the watcher")
        elif mk in by_marker and not isinstance(by_marker[mk].prop.body, ir.ReachableP):
            fail(by_marker[mk], "pan (safety): assertion violated")
    for it in items:
        if isinstance(it.prop.body, ir.ReachableP) and it.marker not in found:
            fail(it, "pan (safety): no reachable state satisfies it")
    if invalid_end_state(safety):
        for it in items:
            if isinstance(it.prop.body, ir.DeadlockP):
                fail(it, "pan (safety): invalid end state")
    if "order" in pans:
        order = run_deep(pans["order"], ["-c0", "-n", f"-w{hash_bits}"], max_depth)
        report.runs.append(("order", order))
        report.order = order
        report.complete = report.complete and order.complete
        gave_up = {overflow_marker(it): it for it in items if isinstance(it.prop.body, ir.OrderP)}
        for mk in violated_markers(order):
            hit = by_marker.get(mk)
            if hit is not None and isinstance(hit.prop.body, ir.OrderP):
                fail(hit, "pan (-DORDER): assertion violated")
            if mk in gave_up:
                report.undecided.setdefault(gave_up[mk].key, "pan (-DORDER): the precedes monitor gave up "
                                                             f"(more than {PRECEDES_CAP} pending)")
    for c in cl:
        pan = pans["live"]
        args = ["-a", "-n", f"-w{hash_bits}", "-N", c.name] + (["-f"] if c.fair else [])
        run = run_deep(pan, args, max_depth)
        report.runs.append((f"claim {c.name}" + (" (pan -a -f)" if c.fair else " (pan -a)"), run))
        report.complete = report.complete and run.complete
        if acceptance_cycle(run):
            fail(c.item, f"pan -a{' -f' if c.fair else ''} -N {c.name}: acceptance cycle")
    return report


def _keys(items: list[PropItem]) -> list[Key]:
    out: list[Key] = []
    for it in items:
        if it.key not in out:
            out.append(it.key)
    return out
