"""Results for people (text) and for programs (JSON), and the exit status they imply.

Verdict words: ``holds``; ``VIOLATED`` (unexpected); ``violated (expected)`` for a property
declared ``expect violated`` that is violated, which counts as success; ``HOLDS (expected
violated)``, which counts as failure; ``unknown`` when the search was incomplete and found
no violation.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from ..colour import PLAIN, Painter, verdict
from ..source import Span
from .result import CheckResult, PropertyResult, Step, Trace

EXIT_OK, EXIT_VIOLATED, EXIT_INCOMPLETE = 0, 1, 3


def verdict_word(p: PropertyResult) -> str:
    if p.holds is None:
        return "unknown"
    if p.holds:
        return "holds" if p.expect_holds else "HOLDS (expected violated)"
    return "violated (expected)" if not p.expect_holds else "VIOLATED"


def exit_status(r: CheckResult) -> int:
    """1 if a property has an unexpected verdict (unless the user interrupted), 3 if incomplete, else 0."""
    if r.stop_reason == "interrupted":
        return EXIT_INCOMPLETE
    if any(p.as_expected is False for p in r.properties):
        return EXIT_VIOLATED
    if not r.complete or any(p.holds is None for p in r.properties):
        return EXIT_INCOMPLETE
    return EXIT_OK


def combine(codes: list[int]) -> int:
    if EXIT_VIOLATED in codes:
        return EXIT_VIOLATED
    if EXIT_INCOMPLETE in codes:
        return EXIT_INCOMPLETE
    return EXIT_OK


def _span(s: Span | None) -> str:
    return str(s) if s is not None and s.line > 0 else ""


BIG = 10**21  # counts from here on are printed as 1.23e+45: symmetry makes astronomically large ones exact


def _count(n: float) -> str:
    """``1,234`` for a count, ``1.23e+4567`` for one too large to read (ints of any size: no float overflow)."""
    if n < BIG:
        return f"{n:,.0f}"
    exp = math.floor(math.log10(n))
    mantissa = 10 ** (math.log10(n) - exp)
    if mantissa >= 9.995:  # rounding would print 10.00
        mantissa, exp = 1.0, exp + 1
    return f"{mantissa:.2f}e+{exp}"


def _json_count(n: int) -> int | str:
    """An exact int where JSON readers (and Python's int-to-text limit) cope, else ``1.23e+4567``."""
    return n if n.bit_length() <= 1000 else _count(n)


def format_step(i: int, s: Step) -> list[str]:
    changes = " ".join(f"{k}={v}" for k, v in s.changes)
    head = f"    {i:>4}  t={s.time:<3} {s.label:<26} {_span(s.span):<22} {changes}".rstrip()
    lines = [head]
    if s.receipts:
        lines.append("                 received: " + ", ".join(
            f"{r.instance}.{r.event}" + (f" ({_span(r.span)})" if _span(r.span) else "") for r in s.receipts))
    if s.signals:
        lines.append("                 signals: " + ", ".join(f"{i}.{sig}" for i, sig in s.signals))
    return lines


def format_trace(t: Trace, kind: str | None = None) -> list[str]:
    n = len(t.steps)
    kind = kind or ("lasso" if t.loop_start is not None else "counterexample")
    lines = [f"    {kind}, {n} step{'s' if n != 1 else ''}:"]
    lines.append("    init  " + " ".join(f"{k}={v}" for k, v in t.initial if k.endswith(".state")))
    for i, s in enumerate(t.steps, 1):
        if t.loop_start is not None and i - 1 == t.loop_start:
            lines.append("    ---- loop: the steps below repeat forever ----")
        lines.extend(format_step(i, s))
    if t.loop_start is not None and t.loop_start == n:
        lines.append("    ---- then no step is taken any more: the run stays in this state forever ----")
    return lines


@dataclass(frozen=True, slots=True)
class TextOptions:
    """How much the text report shows: witnesses of holding properties on request; with ``quiet``
    only the verdicts that are not as expected (and why a run was incomplete), nothing if all is well."""

    witnesses: bool = False
    quiet: bool = False
    paint: Painter = PLAIN


def format_result(r: CheckResult, spec: str, opts: TextOptions = TextOptions()) -> str:
    """One line per property (counterexamples under violations), then the statistics."""
    params = ", ".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in r.params.items())
    shown = [p for p in r.properties if not opts.quiet or p.as_expected is not True]
    if opts.quiet and not shown and r.complete:
        return ""
    out = [f"{spec}: system {r.system}" + (f" ({params})" if params else "")]
    width = max([len(p.name) for p in r.properties] + [10])
    for p in shown:
        cites = f"[{', '.join(p.cites)}]" if p.cites else ""
        line = f"  {verdict(opts.paint, verdict_word(p), 26)} {p.name:<{width}} {cites}".rstrip()
        if p.message:
            line += f"  {p.message}"
        out.append(line)
        if p.trace is not None and (not p.holds or opts.witnesses):
            out.extend(format_trace(p.trace, "witness" if p.holds else None))
    stats = format_stats(r)
    out.extend(stats[-1:] if opts.quiet and not r.complete else [] if opts.quiet else stats)
    return "\n".join(out)


def _factor_text(r: CheckResult) -> str:
    f = r.symmetry_factor
    return f"{f:.2f}" if f < BIG else _count(r.full_states // max(1, r.states))


def format_stats(r: CheckResult) -> list[str]:
    lines = []
    if r.symmetry:
        states = (f"states: {_count(r.states)} reachable, symmetry-reduced ({', '.join(r.symmetry)}; "
                  f"{_count(r.full_states)} without reduction, x{_factor_text(r)})")
    else:
        states = f"states: {_count(r.states)} reachable"
    if r.time == "symbolic":  # discrete states and zones (its counts are its own)
        states = f"states: {_count(r.states)} discrete states reachable"
    elif r.stored_states != r.states:
        states += f"; {_count(r.stored_states)} stored with property monitors"
    lines.append("  " + states)
    lines.extend(f"  {note}" for note in r.notes)
    for note in r.symmetry_notes:
        lines.append(f"  symmetry: {note}")
    rate = r.stored_states / r.seconds if r.seconds > 0 else 0.0
    lines.append(f"  transitions: {_count(r.transitions)}; depth: {r.depth}; time: {r.seconds:.2f} s "
                 f"({_count(rate)} states/s); peak memory: {r.peak_memory_bytes / 1e6:.1f} MB")
    if not r.complete:
        why = {"max-states": "the --max-states limit was reached", "interrupted": "interrupted",
               "memory": "the memory bound was reached (--max-memory)"}.get(r.stop_reason, r.stop_reason)
        lines.append(f"  INCOMPLETE: {why}; no property is claimed to hold, violations shown are real")
    return lines


# ---- JSON --------------------------------------------------------------------------


def _step_json(s: Step) -> dict[str, Any]:
    return {"label": s.label, "instance": s.instance, "event": s.event, "span": _span(s.span) or None,
            "time": s.time, "signals": [list(x) for x in s.signals], "changes": dict(s.changes),
            "states": dict(s.states),
            "received": [{"instance": r.instance, "event": r.event, "span": _span(r.span) or None}
                         for r in s.receipts]}


def _prop_json(p: PropertyResult) -> dict[str, Any]:
    trace = None
    if p.trace is not None:
        trace = {"initial": dict(p.trace.initial), "loop_start": p.trace.loop_start,
                 "steps": [_step_json(s) for s in p.trace.steps]}
    return {"name": p.name, "owner": p.owner, "cites": list(p.cites), "kind": p.kind,
            "expect_holds": p.expect_holds, "holds": p.holds, "as_expected": p.as_expected,
            "verdict": verdict_word(p), "message": p.message, "span": _span(p.span) or None, "trace": trace}


def _json_factor(f: float) -> float | None:
    return round(f, 6) if f < BIG else None  # JSON has no infinity


def result_json(r: CheckResult) -> dict[str, Any]:
    return {
        "system": r.system, "params": dict(r.params), "complete": r.complete, "stop_reason": r.stop_reason or None,
        "exit": exit_status(r),
        "statistics": {"states": r.states, "full_states": _json_count(r.full_states), "stored_states": r.stored_states,
                       "transitions": r.transitions, "depth": r.depth, "seconds": round(r.seconds, 6),
                       "states_per_second": round(r.stored_states / r.seconds, 1) if r.seconds > 0 else None,
                       "peak_memory_bytes": r.peak_memory_bytes, "symmetry_factor": _json_factor(r.symmetry_factor),
                       "symmetry": list(r.symmetry), "symmetry_notes": list(r.symmetry_notes)},
        "properties": [_prop_json(p) for p in r.properties],
    }


def write_json_atomic(path: str, data: dict[str, Any]) -> None:
    """Write ``data`` as JSON to ``path`` (``-``: standard output) by the rules of lifecycle_fsm.outputs:
    a regular file only, replaced atomically, symbolic links followed, mode by the umask."""
    from ..outputs import write_output

    write_output(path, json.dumps(data, indent=2, sort_keys=False) + "\n")
