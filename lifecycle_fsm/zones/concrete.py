"""Concrete runs for symbolic counterexamples: integer delays along a path of discrete moves.

The zone graph gives a path of discrete moves to a node where a property fails on some part
of the zone. For a closed automaton the integer points of every reachable zone are reachable
with integer time (docs/semantics.md, "Symbolic time"), so a run of the tick semantics with
the same discrete moves, ticks in between, reaches a state where the property fails. It is
found by a depth-first search over (moves done, tick state) with the reference interpreter
(``checker/interp.py``), each move as early (or, failing that, as late) as the rest of the run
allows. It is a run of the tick engine by
construction, so the trace is built and explained exactly as the tick engine's are.

Its cost grows with the delays along one path (ticks are single steps here), not with the
reachable state space; a zone-based choice of the delays (docs/design/symbolic-time.md,
section 7) would remove that too.
"""

from __future__ import annotations

from collections.abc import Callable

from ..checker.build import Plan
from ..checker.interp import Outcome, all_final, step, successors, tick


def concrete_run(plan: Plan, moves: list[int], goal: Callable[[int], bool]) -> list[Outcome] | None:
    """The outcomes of a run that takes ``moves`` in order (ticks between and after them) and ends in
    a state satisfying ``goal``; None if there is none.

    Depth-first with the states that lead nowhere remembered, first taking each move as early as
    possible, then (if that needs more than ``BUDGET`` states) as late as possible, then without
    a budget: for the usual guards (``t >= c``, goals like "late", "time is blocked") one of the
    first two finds a run after a few backtracks, so the cost follows the length of the run,
    not the number of ways to time it (which grows like cap^moves)."""
    for early, budget in ((True, BUDGET), (False, BUDGET), (True, None)):
        found = _dfs(plan, moves, goal, early, budget)
        if not isinstance(found, bool):
            return found
    return None


BUDGET = 2_000


def _dfs(plan: Plan, moves: list[int], goal: Callable[[int], bool], early: bool,
         budget: int | None) -> list[Outcome] | None | bool:
    """One depth-first attempt: the run, None if there is none, False if the budget ran out."""
    if not moves and goal(plan.init):
        return []
    dead: set[tuple[int, int]] = set()
    path: list[Outcome] = []

    def options(i: int, x: int) -> list[Outcome]:
        """What may follow (i, x), the preferred last (the stack pops from the end)."""
        out: list[Outcome] = []
        t = tick(plan, x)
        if t is not None and t.next is not None and t.next != x:
            out.append(t)
        if i < len(moves):
            o = step(plan, x, plan.moves[moves[i]])
            if o is not None and o.next is not None:
                out.insert(0 if not early else len(out), o)
        return out

    on_path: set[tuple[int, int]] = {(0, plan.init)}
    stack: list[tuple[int, int, list[Outcome]]] = [(0, plan.init, options(0, plan.init))]
    while stack:
        if budget is not None and len(dead) > budget:  # dead ends only: a long run is not a reason to stop
            return False
        i, x, todo = stack[-1]
        if not todo:
            stack.pop()
            on_path.discard((i, x))
            dead.add((i, x))
            if path:
                path.pop()
            continue
        o = todo.pop()
        assert o.next is not None
        j = i if o.move.is_tick else i + 1
        key = (j, o.next)
        if key in dead or key in on_path:
            continue
        path.append(o)
        if j == len(moves) and goal(o.next):
            return path
        on_path.add(key)
        stack.append((j, o.next, options(j, o.next)))
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
