"""Property verdicts shared by the tick check (api.py) and the symbolic check (zones/check.py).

One wording for each kind of verdict, whichever engine found it: the result record, the label
of a move, a violation in a state (invariant, deadlock), a reachable property's witness or its
absence.
"""

from __future__ import annotations

from .build import Plan
from .interp import Outcome, failing_invariants
from .props import PRECEDES_CAP, PropInfo
from .result import PropertyResult, Trace
from .traces import build_trace

INCOMPLETE_WITNESS = "no witness in the part explored; the search was incomplete"


def verdict(p: PropInfo, holds: bool | None, trace: Trace | None, message: str) -> PropertyResult:
    """The result of property ``p``: holds (True), violated (False) or undecided (None)."""
    if holds is not None and holds != p.expect_holds and not message:
        message = "expected a violation, but the property holds" if holds else message
    return PropertyResult(p.name, p.owner, p.cites, p.kind, p.expect_holds, holds, trace, message, p.span)


def move_label(plan: Plan, move: int) -> str:
    """``tick`` or ``instance.event (file:line:col)`` for a move of the plan."""
    mv = plan.moves[move]
    if mv.transition is None:
        return "tick"
    return f"{plan.instances[mv.gid].name}.{mv.transition.event} ({mv.transition.span})"


def state_violation(plan: Plan, p: PropInfo, outs: list[Outcome], x: int) -> PropertyResult:
    """An invariant or deadlock-freedom violated in state ``x``, reached by ``outs``."""
    trace = build_trace(plan, outs)
    if p.kind == "deadlock":
        stuck = ((", ".join(f"{n} in {leaf}" for n, leaf in trace.steps[-1].states) or "start") if trace.steps
                 else "the initial state")
        return verdict(p, False, trace, f"no step is possible and not every instance is final ({stuck})")
    label = next((f[1] for f in failing_invariants(plan, x) if f[0] == p.pid), "")
    who = f" for {label}" if label else ""
    return verdict(p, False, trace, f"the invariant fails{who} in the state after step {len(trace.steps)}")


def no_violation(p: PropInfo, complete: bool) -> PropertyResult:
    """A property no violation of which was found: it holds, or, after an incomplete search, is undecided."""
    return verdict(p, True if complete else None, None,
                   "" if complete else "no violation in the part explored; the search was incomplete")


def monitor_gave_up(p: PropInfo) -> PropertyResult:
    """A precedes property whose monitor gave up (and no violation of it was found): undecided."""
    return verdict(p, None, None, f"undecided: more than {PRECEDES_CAP} unconsumed events were pending at once, "
                                  "beyond what the monitor counts")


def no_witness(p: PropInfo, missing: list[str], complete: bool) -> PropertyResult:
    """A reachable property without a witness for the bindings labelled ``missing``."""
    if not complete:
        return verdict(p, None, None, INCOMPLETE_WITNESS)
    who = f" for {', '.join(x for x in missing if x)}" if any(missing) else ""
    return verdict(p, False, None, f"no reachable state satisfies it{who}")


def witness(p: PropInfo, trace: Trace, label: str) -> PropertyResult:
    """A reachable property with the witness ``trace`` (for the binding labelled ``label``)."""
    who = f" (for {label})" if label else ""
    steps = len(trace.steps)
    return verdict(p, True, trace, f"witness{who}: {steps} step{'s' if steps != 1 else ''}")


__all__ = ["INCOMPLETE_WITNESS", "move_label", "no_witness", "state_violation", "verdict", "witness"]
