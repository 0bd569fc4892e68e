"""What a step does when an event or a signal occurs: the ordering monitors it updates, the only-when checks.

An ordering property's monitor (props.Monitor) is a field of the state: a bit (``only after``,
``never ... after``: the recorded event has occurred) or a counter (``precedes``: pending first
events, up to PRECEDES_CAP, beyond which the monitor gives up). An occurrence is judged against
the monitor as it is at that point of the step, in the order the step makes events occur (as
interp._monitors does); an ``only when`` condition is judged on the state before the step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .exprs import Val, const
from .plan import Move
from .program import Add, Event, If, Pass, Set, Stmt, Successor, Switch, Try, atom
from .props import PRECEDES_CAP, Occ, by_occurrence

if TYPE_CHECKING:
    from .moves import MoveGen


def occur(self: MoveGen, occ: Occ, mv: Move) -> None:
    """The step makes ``occ`` occur: update the monitors it concerns, judge the only-when checks it triggers."""
    mons, whens = by_occurrence(self.plan.checks).get(occ, ((), ()))
    for m in (self.plan.checks.monitors[i] for i in mons):
        k = self.fields.k(m.gid, "mon", m.key)
        check = m.pid in self.live.pids
        if m.kind == "precedes":
            precedes(self, k, occ, m.checked, m.reset, m.record, check, m.pid, mv)
            continue
        if occ in m.checked and check:
            cur = self.value(k)
            bad = 0 if m.kind == "only_after" else 1
            if cur.is_const:
                if cur.const == bad:
                    self.violation(self.w, m.pid, mv.id)
            else:
                arm: list[Stmt] = []
                self.w.append(Switch(cur.node, [(bad, arm)]))
                self.violation(arm, m.pid, mv.id)
        if occ in m.reset:
            self.assign(k, const(0))
        if occ in m.record:
            self.assign(k, const(1))
    for i in whens:
        c = self.plan.checks.whens[i]
        if c.pid in self.live.pids and self.fields.symbolic:
            # symbolic successors: the condition is judged by the runtime on the step's pre-zone
            # (native/zprint.py), without splitting the zone the step goes on from
            self.violations_here = True
            self.w.append(Event("zwhen", (i, c.pid, mv.id)))
            continue
        if c.pid in self.live.pids:
            comp = self.pre_compiler(c.bind, None)
            cond = comp.compile(c.cond)
            if cond.is_const:
                if not cond.const:
                    self.violation(self.w, c.pid, mv.id)
                continue
            arm = []
            check_it = If([(comp.negate(cond.node), arm)])
            self.violation(arm, c.pid, mv.id)
            if cond.safe:
                self.w.append(check_it)
                continue
            # the property's own try: its model error never stops the step (docs/semantics.md), but
            # is forgotten (``undo``) if the step then hits one of its own: the step does not happen
            self.violations_here = True
            self.w.append(Try([check_it], [Event("property_error", (c.pid, mv.id))]))

def precedes(self: MoveGen, k: int, occ: Occ, checked: frozenset[Occ], reset: frozenset[Occ], record: frozenset[Occ],
             check: bool, pid: int, mv: Move) -> None:
    cur = self.value(k)
    w = self.w
    work = atom("work", k)
    if occ in checked:
        if cur.is_const:
            v = int(cur.const)  # type: ignore[arg-type]
            if v == 0 and check:
                self.violation(w, pid, mv.id)
            elif 0 < v <= PRECEDES_CAP:
                self.assign(k, const(v - 1))
        else:
            self.materialize([k])
            zero: list[Stmt] = []
            if check:
                self.violation(zero, pid, mv.id)
            else:
                zero.append(Pass())
            w.append(If([(self.nodes.make("==", work, const(0).node), zero),
                         (self.nodes.make("<=", work, const(PRECEDES_CAP).node), [Add(k, -1)] + in_n(self, k, -1))]))
    if occ in reset:
        self.assign(k, const(0))
    if occ in record:
        cur = self.value(k)
        if cur.is_const:
            v = int(cur.const)  # type: ignore[arg-type]
            if v < PRECEDES_CAP:
                self.assign(k, const(v + 1))
            elif v == PRECEDES_CAP:
                self.assign(k, const(v + 1))
                overflow(self, self.w, pid, mv.id)
        else:
            self.materialize([k])
            full: list[Stmt] = [Set(k, const(PRECEDES_CAP + 1).node)] + in_n(self, k, 1)
            overflow(self, full, pid, mv.id)
            w.append(If([(self.nodes.make("<", work, const(PRECEDES_CAP).node), [Add(k, 1)] + in_n(self, k, 1)),
                         (self.nodes.make("==", work, const(PRECEDES_CAP).node), full)]))


def in_n(self: MoveGen, k: int, delta: int) -> list[Stmt]:
    """The successor ``n`` already holds work value ``k`` (a receiver's branch put it there): an
    in-place change of the work value must change ``n`` too, which the step's final comparison of
    values (the same work value before and after) cannot see."""
    work = self.fields.work(k)
    if self.base != "n" or self.held(k).node is not work.node:
        return []
    f = self.fields.list[k]
    return [Successor("n", [(f, Val(work.node, None, f.lo, f.hi, True, (work.node, delta)), work)])]

def overflow(self: MoveGen, w: list[Stmt], pid: int, move: int) -> None:
    """The monitor gives up; like a violation, forgotten (``undo``) if the step then hits a model error."""
    if pid in self.live.overflow:
        self.violations_here = True
        w.append(Event("overflow", (pid, move)))


__all__ = ["occur"]
