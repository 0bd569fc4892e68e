"""Counterexamples for people: stored (possibly canonical) paths made concrete and explained.

The search stores one representative per symmetry orbit, so a stored path may jump
between permutations. Replaying it with the reference interpreter from the real initial
state, and at each step picking the concrete successor whose representative is the next
stored state, gives a real run of the model with real instance names. The interpreter also
says what each step did: receivers, signals, resets; clocks are shown as the real number of
ticks since their last reset (the search stores them saturated).
"""

from __future__ import annotations

from collections.abc import Callable

from .. import model as ir
from .build import Plan
from .interp import Outcome, World, step, successors
from .plan import from_code
from .result import Receipt, Step, Trace


def replay(plan: Plan, canon: Callable[[int], int], moves: list[int]) -> list[int]:
    """The stored states along ``moves`` from the initial state (each move relative to the stored state)."""
    states = [canon(plan.init)]
    for m in moves:
        o = step(plan, states[-1], plan.moves[m])
        assert o is not None and o.next is not None, "replay diverged from the search"
        states.append(canon(o.next))
    return states


def concretize(plan: Plan, canon: Callable[[int], int], stored: list[int], moves: list[int] | None = None,
               ) -> list[Outcome]:
    """Concrete outcomes leading from the initial state through representatives ``stored[1:]``."""
    x = plan.init
    out: list[Outcome] = []
    for i in range(1, len(stored)):
        if moves is not None:  # the stored move first: the same outcome as the filter below, one step's cost
            o = step(plan, x, plan.moves[moves[i - 1]])
            if o is not None and o.next is not None and canon(o.next) == stored[i]:
                out.append(o)
                x = o.next
                continue
        cands = [o for o in successors(plan, x) if o.next is not None and canon(o.next) == stored[i]]
        assert cands, "no concrete step matches the stored path"
        if moves is not None:
            same = [o for o in cands if o.move.id == moves[i - 1]]
            cands = same or cands
        out.append(cands[0])
        x = cands[0].next  # type: ignore[assignment]
    return out


def last_state(plan: Plan, outs: list[Outcome]) -> int:
    return outs[-1].next if outs and outs[-1].next is not None else plan.init


def show(v: ir.Value) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


class Explainer:
    """Turns concrete outcomes into Steps, tracking time and real clock values."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.time = 0
        self.clocks: dict[tuple[int, str], int] = {}
        for f in plan.layout.fields:
            if f.kind == "clock":
                self.clocks[(f.gid, f.key)] = 0

    def initial(self) -> tuple[tuple[str, str], ...]:
        return tuple(self.values(self.plan.init).items())

    def values(self, s: int) -> dict[str, str]:
        w = World(self.plan, s)
        out: dict[str, str] = {}
        order = {"leaf": 0, "var": 1, "clock": 2, "mon": 3}
        fields = sorted(enumerate(self.plan.layout.fields), key=lambda kf: (kf[1].gid < 0, kf[1].gid,
                                                                             order[kf[1].kind], kf[0]))
        for k, f in fields:
            if f.kind == "leaf":
                out[f.name] = w.leaf(f.gid)
            elif f.kind == "var":
                out[f.name] = show(from_code(w.value(k), f))
            elif f.kind == "clock":
                out[f.name] = str(self.clocks[(f.gid, f.key)])
        return out

    def explain(self, pre: int, o: Outcome) -> Step:
        plan = self.plan
        before = self.values(pre)
        if o.move.is_tick:
            self.time += 1
            for key in self.clocks:
                self.clocks[key] += 1
        for gid, c in o.resets:
            self.clocks[(gid, c)] = 0
        assert o.next is not None
        after = self.values(o.next)
        changes = tuple((k, v) for k, v in after.items() if before.get(k) != v)
        w = World(plan, o.next)
        states = tuple((i.name, w.leaf(i.gid)) for i in plan.instances)
        signals = tuple((plan.instances[g].name, sig) for g, sig in o.signals)
        receipts = tuple(Receipt(plan.instances[g].name, ev, t.span) for g, ev, t in o.receipts)
        if o.move.is_tick:
            return Step("tick", None, None, None, signals, self.time, changes, states, receipts)
        t = o.move.transition
        assert t is not None
        inst = plan.instances[o.move.gid]
        return Step(f"{inst.name}.{t.event}", inst.name, t.event, t.span, signals, self.time, changes, states,
                    receipts)


def build_trace(plan: Plan, outs: list[Outcome], loop: list[Outcome] | None = None) -> Trace:
    """A Trace from concrete outcomes (and, for a lasso, the outcomes of the cycle)."""
    ex = Explainer(plan)
    initial = ex.initial()
    steps: list[Step] = []
    x = plan.init
    for o in outs + (loop or []):
        steps.append(ex.explain(x, o))
        assert o.next is not None
        x = o.next
    return Trace(tuple(steps), len(outs) if loop is not None else None, initial)


def cycle_outcomes(plan: Plan, start: int, cycle: list[tuple[int, int]]) -> list[Outcome]:
    outs: list[Outcome] = []
    x = start
    for m, nxt in cycle:
        o = step(plan, x, plan.moves[m])
        assert o is not None and o.next == nxt, "cycle step does not replay"
        outs.append(o)
        x = nxt
    return outs
