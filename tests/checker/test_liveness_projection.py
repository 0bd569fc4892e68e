"""Liveness is judged on model states: the ordering monitors kept in the searched state are projected out.

A spec with ordering properties (their monitors multiply the stored states) and leads-to
properties (fair and unfair, holding and violated) must give the same liveness verdicts,
and lassos of the same shape (length, loop start), as checking the leads-to properties
alone (no monitors at all). Every lasso is also replayed with the reference interpreter
and checked to be a real run that stays outside the goal and repeats fairly.
"""

from __future__ import annotations

import dataclasses

import pytest
from randspec import random_spec

from lifecycle_fsm import compile_source
from lifecycle_fsm.checker import check_model
from lifecycle_fsm.checker.build import build_plan
from lifecycle_fsm.checker.interp import Outcome, holds, successors
from lifecycle_fsm.checker.result import CheckResult, PropertyResult, Step
from lifecycle_fsm.model import Model

# Two systems over the same kind of worker: in Sym, w[] is reduced by symmetry (liveness
# properties are system-wide); in Inst, the worker's own liveness properties keep it concrete.
# Every ordering property puts a monitor in a worker's block (per instance or per binder
# element), so masking the monitors off changes the order of the blocks.
WORKER = """
machine {name} {{
  var n: 0..2 = 0
  clock t
  internal work, finish
  input poke
  unfair internal spin
  signal Started
  initial state Idle
  state Busy
  final state Done
  Idle -> Busy on work when ctl in Run do emit Started, reset t
  Busy -> Busy on spin do n = (n + 1) % 3
  Busy -> Idle on poke
  Busy -> Done on finish when t >= 1
  property spun_before_finish expect violated: finish only after spin
  property started_first: Started precedes finish reset on poke
{extra}}}
"""

INSTANCE_LIVENESS = """  property ends expect violated: eventually self in Done
  property ends_unfair expect violated: unfair eventually self in Done
  property busy_leaves: self in Busy ~> self in {Idle, Done}
  property busy_leaves_unfair expect violated: unfair self in Busy ~> self in {Idle, Done}
"""

SPEC = """
machine Ctl {
  internal boot
  input halt
  initial urgent state Boot
  state Run
  final state Halted
  Boot -> Run on boot
  Run -> Halted on halt
}
""" + WORKER.format(name="SymWorker", extra="") + WORKER.format(name="Worker", extra=INSTANCE_LIVENESS) + """
system Sym {
  instance ctl: Ctl
  instance w[3]: SymWorker
  property no_poke_after_spin expect violated: for x in w: never x.poke after x.spin reset on x.work
  property halt_only_after_boot: ctl.halt only after ctl.boot
  property boots: unfair ctl in Boot ~> ctl in Run
  property halts expect violated: eventually ctl in Halted
  property all_done expect violated: ctl in Run ~> (all x in w: x in Done)
  property some_busy_leaves: (any x in w: x in Busy) ~> (any x in w: x in {Idle, Done})
  property some_busy_stays expect violated: unfair (any x in w: x in Busy) ~> (all x in w: x in {Idle, Done})
}

system Inst {
  instance ctl: Ctl
  instance w[2]: Worker
  property no_poke_after_spin expect violated: for x in w: never x.poke after x.spin reset on x.work
  property boots: unfair ctl in Boot ~> ctl in Run
  property halts expect violated: eventually ctl in Halted
}
"""

Shape = dict[str, tuple[bool | None, int, int | None]]


def shape(r: CheckResult) -> Shape:
    return {p.name: (p.holds, len(p.trace.steps) if p.trace else -1, p.trace.loop_start if p.trace else None)
            for p in r.properties if p.kind == "leads_to"}


def leads_to(r: CheckResult) -> list[str]:
    return [p.name for p in r.properties if p.kind == "leads_to"]


def compare(model: Model, system: str | None, symmetry: bool) -> CheckResult:
    full = check_model(model, system=system, symmetry=symmetry)
    only = check_model(model, system=system, symmetry=symmetry, properties=leads_to(full))
    assert only.stored_states == only.states
    assert shape(full) == shape(only)
    for p in full.properties:
        if p.kind == "leads_to" and p.holds is False:
            check_lasso(model, system, p)
    return full


def check_lasso(model: Model, system: str | None, p: PropertyResult) -> None:
    """Replay the lasso concretely: a P-and-not-Q state, not Q from there on, a weakly fair repetition."""
    plan = build_plan(model, system=system, symmetry=False, monitors=False)
    trace = p.trace
    assert trace is not None and trace.loop_start is not None

    def taking(x: int, st: Step) -> Outcome:
        """The concrete step ``st`` from state ``x``."""
        for o in successors(plan, x):
            t = o.move.transition
            if o.next is not None and (t is None if st.instance is None else
                                       t is not None and t.span == st.span
                                       and plan.instances[o.move.gid].name == st.instance):
                return o
        raise AssertionError(f"{p.name}: step {st.label} does not replay")

    xs = [plan.init]
    steps: list[Outcome] = []
    for st in trace.steps:
        steps.append(taking(xs[-1], st))
        xs.append(steps[-1].next)  # type: ignore[arg-type]
    checks = [c for c in plan.checks.live if plan.checks.props[c.pid].name == p.name]
    label = p.message.split(" for ", 1)[1].split(" ", 1)[0] if " for " in p.message else ""
    c = next(c for c in checks if c.bind.label == label)
    loop = trace.loop_start
    assert any(all(not holds(plan, x, c.rhs, c.bind) for x in xs[i:])
               for i in range(loop + 1) if (i == 0 if c.lhs is None else holds(plan, xs[i], c.lhs, c.bind))), p.name

    def unit(o: Outcome) -> tuple[int, str] | None:
        """The fair unit a move belongs to (the tick is (-1, '')), None if it is not fair."""
        mv = o.move
        if mv.transition is None:
            return (-1, "") if c.fair else None
        ev = plan.instances[mv.gid].machine.event(mv.transition.event)
        return (mv.gid, ev.name) if c.fair and ev.fair else None

    if loop == len(trace.steps):  # stutters: no step at all, and no fair unit enabled
        outs = successors(plan, xs[-1])
        assert all(o.next is None for o in outs), p.name
        assert all(unit(o) is None for o in outs), p.name
        return
    assert xs[-1] == xs[loop], f"{p.name}: the loop does not return to its start"
    enabled_everywhere: set[tuple[int, str] | None] | None = None
    for x in xs[loop:-1]:
        here = {unit(o) for o in successors(plan, x)} - {None}
        enabled_everywhere = here if enabled_everywhere is None else enabled_everywhere & here
    taken = {unit(o) for o in steps[loop:]}
    assert enabled_everywhere is not None and enabled_everywhere <= taken, f"{p.name}: the loop is not fair"


MODEL = compile_source(SPEC, "projection.lfsm")


@pytest.mark.parametrize("symmetry", [True, False])
@pytest.mark.parametrize("system", ["Sym", "Inst"])
def test_monitors_change_no_liveness_verdict_or_lasso(system: str, symmetry: bool) -> None:
    r = compare(MODEL, system, symmetry)
    assert r.stored_states > r.states  # the monitors were in the searched state
    assert r.symmetry == (("w",) if symmetry and system == "Sym" else ())
    assert [(p.name, p.message) for p in r.properties if p.holds != p.expect_holds] == []
    unfair = {"ends_unfair", "busy_leaves_unfair", "boots", "some_busy_stays"}
    kinds = {(p.name in unfair, p.holds) for p in r.properties if p.kind == "leads_to"}
    assert kinds == {(False, False), (False, True), (True, False), (True, True)}, kinds


def test_a_broken_lasso_is_caught() -> None:
    r = check_model(MODEL, system="Inst", symmetry=False)
    p = next(p for p in r.properties if p.name == "ends")
    assert p.trace is not None and p.trace.loop_start is not None and len(p.trace.steps) > p.trace.loop_start + 1
    check_lasso(MODEL, "Inst", p)
    cut = dataclasses.replace(p, trace=dataclasses.replace(p.trace, steps=p.trace.steps[:-1]))
    with pytest.raises(AssertionError, match="does not return"):
        check_lasso(MODEL, "Inst", cut)


# random specs with ordering monitors and liveness (see randspec.py), several with violations
@pytest.mark.parametrize("seed", [0, 5, 8, 13, 17, 20, 25, 27])
def test_random_specs(seed: int) -> None:
    model = compile_source(random_spec(seed, 2), f"random{seed}.lfsm")
    for symmetry in (True, False):
        r = compare(model, None, symmetry)
        assert r.stored_states > r.states
