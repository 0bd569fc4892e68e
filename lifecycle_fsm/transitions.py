"""Transitions and guard conflicts: sources, targets, triggers, effects, and overlapping guards.

A transition leaves declared states for a declared state on an event the machine
may be triggered by (not a signal it emits); its effects assign each variable at
most once, reset clocks, emit the machine's own signals and send events a
receiver declares. Declaration order is never a priority, so two transitions on
one event that can be enabled in one state of one instance are an error
(overlap.py decides, conflicts.py picks the pairs to ask about).
"""

from __future__ import annotations

from . import ast as A
from . import model as ir
from .conflicts import constraints, first_conflicts
from .context import Context
from .diagnostics import Note
from .messages import say
from .overlap import OVERLAP_LIMIT, Verdict, guards_overlap
from .scope import Scope
from .source import Span
from .symbols import MachineInfo


def check_transitions(ctx: Context, m: MachineInfo, scope: Scope) -> None:
    """Every transition of ``m`` as composed in ``scope``'s system, then the guards of each event."""
    by_event: dict[str, list[tuple[A.Transition, ir.Expr | None]]] = {}
    for t in m.ast.transitions:
        guard_ir = check_transition(ctx, m, t, scope)
        if t.event.text in m.events:
            by_event.setdefault(t.event.text, []).append((t, guard_ir))
    for event, ts in by_event.items():
        check_overlaps(ctx, m, event, ts)


def check_transition(ctx: Context, m: MachineInfo, t: A.Transition, scope: Scope) -> ir.Expr | None:
    """Check ``t``; return its guard's IR (``true`` when it has none; None when the guard has an error)."""
    report = ctx.report
    for src in t.sources:
        if src.text not in m.states:
            report.undefined("undefined-state", "state", src, list(m.states))
    if t.target.text not in m.states:
        report.undefined("undefined-state", "state", t.target, list(m.states))
    ev = m.events.get(t.event.text)
    if ev is None:
        report.undefined("undefined-event", "event", t.event, list(m.events))
    elif ev.kind == "signal":
        report.error("wrong-event-kind", say("trigger-is-signal", name=ev.name.text), t.event.span,
                     Note(say("declared-as", name=ev.name.text, kind=ev.kind), ev.name.span))
    guard_ir: ir.Expr | None = ir.Lit(True, ir.BoolT())
    if t.guard is not None:
        res = ctx.exprs.expect_bool(t.guard, scope, say("guard"))
        guard_ir = res[0] if res else None
    assigned: dict[str, Span] = {}
    for eff in t.effects:
        if isinstance(eff, A.Assign):
            _assign(ctx, m, eff, scope, assigned)
        elif isinstance(eff, A.Reset):
            if eff.clock.text not in m.clocks:
                if eff.clock.text in m.vars:
                    report.error("not-a-clock", say("not-a-clock", name=eff.clock.text), eff.clock.span)
                else:
                    report.undefined("undefined-name", "clock", eff.clock, list(m.clocks))
        elif isinstance(eff, A.Emit):
            _emit(ctx, m, eff)
        else:
            _send(ctx, ev, eff, scope)
    return guard_ir


def _assign(ctx: Context, m: MachineInfo, eff: A.Assign, scope: Scope, assigned: dict[str, Span]) -> None:
    report = ctx.report
    name = eff.target.text
    if name in m.vars:
        if name in assigned:
            report.error("duplicate-assignment", say("duplicate-assignment", name=name), eff.target.span,
                         Note(say("first-assigned-here", name=name), assigned[name]))
        assigned[name] = eff.target.span
        vt = m.vars[name][1]
        if vt is not None:
            ctx.exprs.expect_type(eff.value, vt, scope, say("assignment", name=name))
    elif name in m.clocks:
        report.error("not-assignable", say("assign-clock", name=name), eff.target.span)
    elif name in m.params or name in ctx.tables.params or name in ctx.tables.consts or name in m.lets:
        report.error("not-assignable", say("not-assignable", name=name), eff.target.span)
    else:
        report.undefined("undefined-name", "variable", eff.target, list(m.vars))


def _emit(ctx: Context, m: MachineInfo, eff: A.Emit) -> None:
    sig = m.events.get(eff.signal.text)
    if sig is None:
        ctx.report.undefined("undefined-event", "signal", eff.signal,
                             [e for e, d in m.events.items() if d.kind == "signal"])
    elif sig.kind != "signal":
        ctx.report.error("wrong-event-kind", say("emit-not-signal", name=sig.name.text, kind=sig.kind), eff.signal.span,
                         Note(say("declared-as", name=sig.name.text, kind=sig.kind), sig.name.span))


def _send(ctx: Context, ev: A.EventDecl | None, eff: A.Send, scope: Scope) -> None:
    report = ctx.report
    if ev is not None and ev.kind == "receive":
        report.error("send-in-receiver", say("send-in-receiver", event=ev.name.text), eff.span,
                     Note(say("declared-as", name=ev.name.text, kind=ev.kind), ev.name.span))
    tgt = eff.target
    if tgt.kind == "self":
        report.error("invalid-send-target", say("send-to-self"), tgt.span)
        return
    system = scope.system
    assert tgt.name is not None
    if system is None:
        report.error("undefined-name", say("send-without-system", name=tgt.name.text), tgt.name.span)
        return
    inst = system.instances.get(tgt.name.text)
    if inst is None:
        report.undefined("undefined-name", "instance", tgt.name, list(system.instances))
        return
    is_array = inst.size is not None
    if tgt.kind == "one" and is_array:
        report.error("invalid-send-target", say("send-to-array", name=tgt.name.text), tgt.span)
    if tgt.kind in ("index", "all") and not is_array:
        report.error("invalid-send-target", say("send-index-single", name=tgt.name.text), tgt.span)
    if tgt.kind == "index" and tgt.index is not None:
        ctx.exprs.expect_type(tgt.index, ir.IntT(), scope, say("array-index"))
    target_m = ctx.tables.machines.get(inst.machine.text)
    if target_m is None:
        return
    rev = target_m.events.get(eff.event.text)
    if rev is None:
        report.undefined("undefined-event", f"event of machine '{target_m.name}'", eff.event,
                         [e for e, d in target_m.events.items() if d.kind == "receive"])
    elif rev.kind != "receive":
        report.error("wrong-event-kind", say("send-not-receive", name=rev.name.text, machine=target_m.name,
                                             kind=rev.kind), eff.event.span,
                     Note(say("declared-as", name=rev.name.text, kind=rev.kind), rev.name.span))


def check_overlaps(ctx: Context, m: MachineInfo, event: str, ts: list[tuple[A.Transition, ir.Expr | None]]) -> None:
    """No two transitions on ``event`` may be enabled together in one state of one instance.

    A transition written twice is reported as a duplicate and compared no further;
    conflicts.py picks the pairs to compare, so this stays near-linear in the
    number of transitions, with at most one message per transition.
    """
    report = ctx.report
    first: dict[A.Transition, A.Transition] = {}
    unique: list[tuple[A.Transition, ir.Expr | None]] = []
    for t, g in ts:
        earlier = first.setdefault(t, t)  # equality ignores spans: same sources, guard, effects, target
        if earlier is not t:
            report.error("duplicate-transition", say("duplicate-transition"), t.span,
                         Note(say("first-written-here"), earlier.span))
        else:
            unique.append((t, g))
    position = {s: i for i, s in enumerate(m.order)}
    leafsets = [frozenset(leaf for s in t.sources if s.text in m.states for leaf in m.leaves_under(s.text))
                for t, _ in unique]
    atoms: dict[object, int] = {}
    facts = [constraints(g, atoms) for _, g in unique]

    def conflict(j: int, i: int) -> Verdict | None:
        (g1, g2) = unique[j][1], unique[i][1]
        if g1 is None or g2 is None:
            return None
        verdict = guards_overlap(g1, g2, ctx.tables.machines)
        return None if verdict.overlap is False else verdict

    for i, j, verdict in first_conflicts(leafsets, facts, conflict):
        t2, t1 = unique[i][0], unique[j][0]
        here, there = _guard_span(t2), _guard_span(t1)
        if verdict.overlap is None:
            report.error("guard-overlap-undecided", say("overlap-undecided", event=event, limit=OVERLAP_LIMIT), here,
                         Note(say("other-transition"), there))
            continue
        where = min(leafsets[i] & leafsets[j], key=position.__getitem__)
        notes = [Note(say("other-transition"), there)]
        if verdict.witness:
            notes.append(Note(say("overlap-witness", values=_witness(verdict.witness))))
        notes.append(Note(say("overlap-hint")))
        report.error("overlapping-guards", say("overlapping-guards", event=event, state=where), here, *notes)


def _guard_span(t: A.Transition) -> Span:
    """Where a transition's condition is written: its guard, or its event when it has none."""
    return t.guard.span if t.guard is not None else t.event.span


def _witness(values: tuple[tuple[str, object], ...]) -> str:
    """'x = 1, y = true and the state of a is S': the values under which two guards both hold."""
    parts = [f"{name} is {v}" if name.startswith("the state of") else
             f"{name} = {str(v).lower() if isinstance(v, bool) else v}" for name, v in values]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
