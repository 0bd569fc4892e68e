"""Concrete runs for symbolic counterexamples: integer delays along a path of discrete moves.

The zone graph gives a path of discrete moves to a node where a property fails on some part
of the zone. For a closed automaton the integer points of every reachable zone are reachable
with integer time (docs/semantics.md, "Symbolic time"), so a run of the tick semantics with
the same discrete moves, ticks in between, reaches a state where the property fails. It is
found by a breadth-first search over (moves done, tick state) with the reference interpreter
(``checker/interp.py``): the earliest such run, in ticks. It is a run of the tick engine by
construction, so the trace is built and explained exactly as the tick engine's are.

Its cost grows with the delays along one path (the states of one run, clocks saturated at
their caps), not with the reachable state space.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from ..checker.build import Plan
from ..checker.interp import Outcome, all_final, step, successors, tick


def concrete_run(plan: Plan, moves: list[int], goal: Callable[[int], bool]) -> list[Outcome] | None:
    """The outcomes of a shortest-in-ticks run that takes ``moves`` in order (ticks between and after
    them) and ends in a state satisfying ``goal``; None if there is none."""
    start = (0, plan.init)
    parent: dict[tuple[int, int], tuple[tuple[int, int], Outcome] | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        i, x = node
        if i == len(moves) and goal(x):
            outs: list[Outcome] = []
            back = parent[node]
            while back is not None:
                node, done = back
                outs.append(done)
                back = parent[node]
            return outs[::-1]
        nexts: list[tuple[tuple[int, int], Outcome]] = []
        t = tick(plan, x)
        if t is not None and t.next is not None and t.next != x:
            nexts.append(((i, t.next), t))
        if i < len(moves):
            o = step(plan, x, plan.moves[moves[i]])
            if o is not None and o.next is not None:
                nexts.append(((i + 1, o.next), o))
        for key, out in nexts:
            if key not in parent:
                parent[key] = (node, out)
                queue.append(key)
    return None


def is_deadlock(plan: Plan, x: int) -> bool:
    """docs/semantics.md's deadlock at the tick state ``x``."""
    outs = successors(plan, x)
    moving = [o for o in outs if not o.move.is_tick or (o.next is not None and o.next != x) or o.error]
    return not moving and not all_final(plan, x)


def erring(plan: Plan, move: int) -> Callable[[int], bool]:
    """The goal "``move`` hits a model error here"."""
    def goal(x: int) -> bool:
        o = step(plan, x, plan.moves[move])
        return o is not None and o.error is not None
    return goal


__all__ = ["concrete_run", "erring", "is_deadlock"]
