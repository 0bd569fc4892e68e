"""The sweep's summary: one line per property over every configuration, then one row per configuration.

A property's line says "holds in all N" when every configuration agrees, else lists the
configurations (by number) for each verdict; a verdict that differs from the property's
expectation is marked with "!". The configuration table shows only the parameters that
vary; the fixed ones are listed once above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import model as ir
from ..checker.report import combine
from ..constraints import label
from .run import Run, SweepPlan, Verdict


def show(v: ir.Value) -> str:
    return str(v).lower() if isinstance(v, bool) else str(v)


def verdict_word(v: Verdict | None) -> str:
    if v is None or v.holds is None:
        return "undecided"
    if v.kind == "reachable":
        return "witness" if v.holds else "no witness"
    return "holds" if v.holds else "violated"


def property_summary(runs: Sequence[Run]) -> list[tuple[str, str, bool]]:
    """(property, summary, every verdict as expected) for each property, in declaration order."""
    names: list[str] = []
    for r in runs:
        names.extend(v.name for v in r.verdicts if v.name not in names)
    out = []
    checked = [r for r in runs if not r.error]
    for name in names:
        groups: dict[str, list[int]] = {}
        unexpected = set()
        for r in checked:
            v = r.verdict(name)
            word = verdict_word(v)
            groups.setdefault(word, []).append(r.index)
            if v is not None and v.holds is not None and v.holds != v.expect_holds:
                unexpected.add(word)
        if len(groups) == 1:
            word = next(iter(groups))
            text = f"{word} in all {len(checked)}" + ("  !" if word in unexpected else "")
        else:
            parts = []
            for word, idx in groups.items():
                mark = "!" if word in unexpected else ""
                parts.append(f"{mark}{word} in {len(idx)}: " + " ".join(f"#{i}" for i in _cut(idx)))
            text = "; ".join(parts)
        out.append((name, text, not unexpected and "undecided" not in groups))
    return out


def _cut(idx: list[int], most: int = 12) -> list[int | str]:
    return list(idx) if len(idx) <= most else [*idx[:most], "..."]  # type: ignore[list-item]


def format_sweep(spec: str, plan: SweepPlan, runs: Sequence[Run], wall: float, jobs: int) -> str:
    space = plan.space
    n = len(plan.rows)
    varying = [i for i, vals in enumerate(space.values) if len(vals) > 1]
    lines = [f"{spec}: sweep over {plan.description}, {n} configuration{'s' if n != 1 else ''}"]
    total, valid = space.total(), space.valid_total()
    where = f"  of {total:,} in the full product"
    if space.constraints:
        where += (f", {valid:,} valid under {len(space.constraints)} constraint"
                  f"{'s' if len(space.constraints) != 1 else ''} ({', '.join(label(c) for c in space.constraints)});"
                  f" {total - valid:,} invalid skipped")
    lines.append(where)
    fixed = [f"{space.names[i]}={show(vals[0])}" for i, vals in enumerate(space.values) if len(vals) == 1]
    if fixed:
        lines.append("  fixed: " + ", ".join(fixed))
    states = sum(r.states for r in runs)
    cpu = sum(r.seconds for r in runs)
    lines.append(f"  {states:,} states in all; {cpu:.1f} s of search; {wall:.1f} s wall on {jobs} process"
                 f"{'es' if jobs != 1 else ''} (configurations chosen in {plan.build_seconds:.2f} s)")
    lines.append("")
    summary = property_summary(runs)
    width = max([len(name) for name, _, _ in summary] + [8])
    lines.append(f"  {'property':<{width}}  verdict over the configurations")
    for name, text, _ in summary:
        lines.append(f"  {name:<{width}}  {text}")
    lines.append("")
    lines.extend(_table(plan, runs, varying))
    bad = [r for r in runs if r.exit != 0]
    lines.append("")
    lines.append(f"{len(runs)} run{'s' if len(runs) != 1 else ''}: {sum(1 for r in bad if r.exit == 1)} with an "
                 f"unexpected verdict, {sum(1 for r in bad if r.exit == 3)} incomplete, "
                 f"{sum(1 for r in bad if r.exit == 2)} refused")
    return "\n".join(lines)


def _table(plan: SweepPlan, runs: Sequence[Run], varying: list[int]) -> list[str]:
    space = plan.space
    several = len({r.system for r in runs}) > 1
    head = ["#"] + (["system"] if several else []) + [space.names[i] for i in varying] + ["states", "time", "result"]
    rows = []
    for r in runs:
        row = [str(r.index)] + ([r.system] if several else [])
        row += [show(r.params[space.names[i]]) for i in varying]
        row += [f"{r.states:,}", f"{r.seconds:.1f} s", _result(r)]
        rows.append(row)
    widths = [max(len(x[c]) for x in [head] + rows) for c in range(len(head))]
    out = []
    for row in [head] + rows:
        cells = [x.rjust(w) if c == 0 or head[c] in ("states", "time") else x.ljust(w)
                 for c, (x, w) in enumerate(zip(row, widths))]
        out.append(("  " + "  ".join(cells)).rstrip())
    return out


def _result(r: Run) -> str:
    if r.error:
        return f"refused: {r.error}"
    bad = [v.name for v in r.verdicts if v.holds is not None and v.holds != v.expect_holds]
    if bad:
        return "UNEXPECTED: " + ", ".join(bad)
    if not r.complete or any(v.holds is None for v in r.verdicts):
        return "incomplete"
    return "ok"


def exit_code(runs: Sequence[Run]) -> int:
    codes = [r.exit for r in runs]
    code = combine(codes)
    return 2 if code == 0 and 2 in codes else code


def sweep_json(spec: str, plan: SweepPlan, runs: Sequence[Run], wall: float, jobs: int) -> dict[str, Any]:
    space = plan.space
    return {
        "spec": spec, "exit": exit_code(runs),
        "sweep": {"strength": plan.strength or None, "kind": "full" if plan.strength == 0 else "covering-array",
                  "configurations": len(plan.rows), "full_product": space.total(), "valid": space.valid_total(),
                  "axes": {n: list(v) for n, v in zip(space.names, space.values)},
                  "constraints": [{"name": c.name, "text": c.text, "span": str(c.span)} for c in space.constraints],
                  "build_seconds": round(plan.build_seconds, 6), "wall_seconds": round(wall, 3), "jobs": jobs},
        "properties": {name: {"summary": text, "as_expected": ok} for name, text, ok in property_summary(runs)},
        "runs": [{"index": r.index, "system": r.system, "params": r.params, "states": r.states,
                  "transitions": r.transitions, "seconds": round(r.seconds, 6), "complete": r.complete,
                  "exit": r.exit, "error": r.error or None,
                  "verdicts": {v.name: verdict_word(v) for v in r.verdicts},
                  "result": r.json} for r in runs],
    }
