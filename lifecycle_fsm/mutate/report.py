"""The mutation report: the kill score, the survivors with the change that survived, every mutant's fate.

The score counts only mutants that are models (not rejected) and not marked equivalent:
``killed / (killed + survived + undecided)``. A mutant marked equivalent that is killed
anyway is listed so the mark can be removed; it counts as killed. An *observer* mutant
(mutate/observers.py: its only change is inside an effect on a variable or clock that only
properties read) is not checked and not scored: it cannot change any run of the model, only
what a property observes. It is counted and listed with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..sweep.run import SweepPlan
from .operators import OPERATORS, Mutant, family
from .run import Outcome

STATUSES = ("killed", "survived", "undecided", "equivalent", "rejected", "observer")


@dataclass(frozen=True)
class Summary:
    mutants: Sequence[Mutant]
    outcomes: Sequence[Outcome]
    equivalents: dict[str, str]  # id -> reason
    equivalents_file: str
    plan: SweepPlan
    baseline_seconds: float
    wall: float
    jobs: int
    sampled_from: int  # mutants before --max-mutants / --operators
    original_unexpected: tuple[str, ...] = ()  # "#3 g48_init_in_order": the original's own unexpected verdicts

    def status(self, o: Outcome) -> str:
        """The status counted: a survivor or undecided mutant marked equivalent counts as equivalent."""
        if o.mutant in self.equivalents and o.status in ("survived", "undecided"):
            return "equivalent"
        return o.status

    def counts(self, only: str | None = None) -> dict[str, int]:
        c = dict.fromkeys(STATUSES, 0)
        for m, o in zip(self.mutants, self.outcomes):
            if only is None or family(m.operator) == only:
                c[self.status(o)] += 1
        return c

    def score(self) -> tuple[int, int]:
        c = self.counts()
        return c["killed"], c["killed"] + c["survived"] + c["undecided"]

    def wrongly_marked(self) -> list[str]:
        return [o.mutant for o in self.outcomes if o.mutant in self.equivalents and o.status == "killed"]


def percent(killed: int, total: int) -> str:
    return f"{100.0 * killed / total:.1f}%" if total else "n/a"


def format_report(spec: str, s: Summary) -> str:
    killed, total = s.score()
    c = s.counts()
    n = len(s.mutants)
    sample = f" (a sample of {n} of {s.sampled_from})" if n != s.sampled_from else ""
    lines = [f"{spec}: mutation testing, {n} mutants{sample} over {s.plan.description}, "
             f"{len(s.plan.rows)} configuration{'s' if len(s.plan.rows) != 1 else ''}",
             f"  kill score: {killed}/{total} = {percent(killed, total)} of the non-equivalent mutants",
             f"  killed {c['killed']}, survived {c['survived']}, undecided {c['undecided']}; "
             f"equivalent {c['equivalent']} (marked in {s.equivalents_file}), rejected {c['rejected']}, "
             f"observer {c['observer']} (not checked)",
             f"  baseline {s.baseline_seconds:.1f} s; mutants {sum(o.seconds for o in s.outcomes):.1f} s of search, "
             f"{s.wall:.1f} s wall on {s.jobs} process{'es' if s.jobs != 1 else ''}"]
    if s.original_unexpected:
        lines.append("  note: the original itself has unexpected verdicts (" + ", ".join(s.original_unexpected)
                     + "); mutants are compared with the original's verdicts, not with the expectations")
    lines.append("")
    head = ["operator", "mutants", *STATUSES]
    rows = [head]
    for op in OPERATORS:
        oc = s.counts(op)
        if sum(oc.values()):
            rows.append([op, str(sum(oc.values()))] + [str(oc[k]) for k in STATUSES])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for r in rows:
        lines.append("  " + "  ".join(x.ljust(w) if i == 0 else x.rjust(w) for i, (x, w) in enumerate(zip(r, widths))))
    by_id = {m.id: m for m in s.mutants}
    sections = [("survived (no property's verdict changed in any configuration)", "survived"),
                ("undecided (a search reached the state bound before any verdict changed)", "undecided")]
    for title, status in sections:
        chosen = [o for o in s.outcomes if s.status(o) == status]
        if chosen:
            lines += ["", f"{title}:"]
            for o in chosen:
                lines += [f"  {o.mutant}", f"      {by_id[o.mutant].description}"]
    wrong = s.wrongly_marked()
    if wrong:
        lines += ["", f"marked equivalent in {s.equivalents_file} but killed (remove the mark):"]
        lines += [f"  {i}" for i in wrong]
    marked = [o for o in s.outcomes if s.status(o) == "equivalent"]
    if marked:
        lines += ["", "equivalent (marked):"]
        lines += [f"  {o.mutant}  {s.equivalents[o.mutant]}" for o in marked]
    rejected = [o for o in s.outcomes if o.status == "rejected"]
    if rejected:
        lines += ["", "rejected (not a valid spec, or refused by the checker):"]
        lines += [f"  {o.mutant}  {o.detail}" for o in rejected]
    observed = [o for o in s.outcomes if o.status == "observer"]
    if observed:
        lines += ["", "observer (not checked, not scored: the change cannot alter a run of the model; "
                      "--mutate-observers checks them):"]
        lines += [f"  {o.mutant}  {o.detail}" for o in observed]
    killed_list = [o for o in s.outcomes if o.status == "killed"]
    if killed_list:
        lines += ["", "killed (configuration: property original -> mutant):"]
        for o in killed_list:
            first = o.changes[0]
            more = f" (+{len(o.changes) - 1} more)" if len(o.changes) > 1 else ""
            lines.append(f"  {o.mutant}  #{o.config}: {first[0]} {first[1]} -> {first[2]}{more}")
    return "\n".join(lines)


def report_json(spec: str, s: Summary) -> dict[str, Any]:
    killed, total = s.score()
    return {
        "spec": spec,
        "score": {"killed": killed, "non_equivalent": total, "percent": round(100.0 * killed / total, 2)
                  if total else None},
        "counts": s.counts(),
        "operators": {op: s.counts(op) for op in OPERATORS},
        "sweep": {"strength": None if s.plan.listed is not None else s.plan.strength or None,
                  "listed": s.plan.listed, "configurations": s.plan.rows},
        "equivalents_file": s.equivalents_file, "wrongly_marked_equivalent": s.wrongly_marked(),
        "seconds": {"baseline": round(s.baseline_seconds, 3), "wall": round(s.wall, 3),
                    "search": round(sum(o.seconds for o in s.outcomes), 3)},
        "jobs": s.jobs, "sampled_from": s.sampled_from, "original_unexpected": list(s.original_unexpected),
        "mutants": [{"id": m.id, "operator": m.operator, "file": m.file, "line": m.line, "column": m.column,
                     "description": m.description, "before": m.before, "after": m.after,
                     "status": s.status(o), "outcome": o.status, "configuration": o.config, "system": o.system or None,
                     "changes": [{"property": p, "original": a, "mutant": b} for p, a, b in o.changes],
                     "detail": o.detail or None,
                     "observer_reason": o.detail if o.status == "observer" else None,
                     "equivalent_reason": s.equivalents.get(m.id),
                     "configurations_checked": o.configs, "states": o.states, "seconds": round(o.seconds, 3)}
                    for m, o in zip(s.mutants, s.outcomes)],
    }
