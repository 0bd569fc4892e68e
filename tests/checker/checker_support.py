"""Helpers for the checker tests: compile spec text, explore with the reference interpreter."""

from __future__ import annotations

from collections import deque

from lifecycle_fsm import compile_source
from lifecycle_fsm.checker.build import Plan, build_plan
from lifecycle_fsm.checker.codegen import load
from lifecycle_fsm.checker.interp import successors
from lifecycle_fsm.checker.moves import Live
from lifecycle_fsm.model import Model, Value


def spec(text: str, name: str = "test.lfsm") -> Model:
    return compile_source(text, name)


def plan_of(text: str, params: dict[str, Value] | None = None, **kw: object) -> Plan:
    return build_plan(spec(text), params, **kw)  # type: ignore[arg-type]


def reference_states(plan: Plan, limit: int | None = None) -> set[int]:
    """Reachable packed states (monitors included), by the reference interpreter, no symmetry:
    all of them, or the first ``limit`` in breadth-first order."""
    seen = {plan.init}
    queue = deque([plan.init])
    while queue and (limit is None or len(seen) < limit):
        s = queue.popleft()
        for o in successors(plan, s):
            if o.next is not None and o.next not in seen:
                seen.add(o.next)
                queue.append(o.next)
    return seen


def compare_engines(plan: Plan, limit: int | None = None) -> int:
    """Assert that generated and interpreted successors agree on every reachable state (or on the
    first ``limit`` found breadth-first: the interpreter takes ~0.3 ms a state); return the count."""
    succ = load(plan, Live(), "succ", False)
    states = reference_states(plan, limit)
    for s in sorted(states):
        ref = sorted((o.move.id, o.next if o.next is not None else -1) for o in successors(plan, s))
        gen = sorted(succ(s))
        assert gen == ref, f"state {s}: generated {gen} != reference {ref}"
    return len(states)
