"""Semantic checks: every rule a parsed spec must satisfy, all errors of a run at once.

The checker walks the AST once, builds the symbol tables of symbols.py, and
elaborates every expression into typed IR (so lower.py never re-judges). It
never stops at the first problem: each rule appends a Diagnostic and the walk
goes on with the best guess (an unknown name gets no type and its parents stay
quiet, so one typo yields one message).

Scoping: inside a machine, a name is looked up among (1) quantifier and
property binders, (2) the machine's variables, clocks, parameters and lets,
(3) the instances and lets of the system the machine is composed into,
(4) spec parameters, constants and enum members. A machine used by several
systems is checked once per system, and a machine used by none is checked on
its own; duplicate messages are dropped.
"""

from __future__ import annotations

import re

from . import ast as A
from . import messages as M
from . import model as ir
from .checkbase import DefaultsContext, Scope
from .conflicts import constraints, first_conflicts
from .constraints import check_requires
from .diagnostics import Diagnostic, Note
from .evaluate import EvalError, evaluate
from .overlap import OVERLAP_LIMIT, Verdict, guards_overlap
from .source import Span
from .structure import StructureChecks
from .symbols import MachineInfo, ParamInfo, SystemInfo

CITATION = re.compile(r"G[1-9][0-9]*")


class Checker(StructureChecks):
    """One check run over the items of a spec (imports already merged)."""

    constraints: list[tuple[A.Require, ir.Expr]]  # the `require`s without errors (constraints.py)

    # ---- driver -------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        self.collect_globals()
        self.constraints = check_requires(self)
        for m in self.machines.values():
            self.collect_machine(m)
        for s in self.systems.values():
            self.collect_system(s)
        used: set[str] = set()
        for s in self.systems.values():
            for inst in s.ast.instances:
                used.add(inst.machine.text)
        for m in self.machines.values():
            self.check_structure(m)
        readings: dict[str, list[tuple[SystemInfo, list[tuple[Span, ir.Expr]]]]] = {}
        for s in self.systems.values():
            for name in sorted({i.machine.text for i in s.ast.instances} & set(self.machines)):
                reading = self.check_machine_body(self.machines[name], s)
                if reading is not None:
                    readings.setdefault(name, []).append((s, reading))
            self.check_system(s)
        for name, m in self.machines.items():
            if name not in used:
                self.check_machine_body(m, None)
                if not self.systems:
                    self.check_implicit_instance(m)
        for name, seen in readings.items():
            self.check_same_reading(self.machines[name], seen)
        return self.diags

    def check_implicit_instance(self, m: MachineInfo) -> None:
        """Without a system, each machine gets one instance with default arguments: they must exist."""
        for pname, (p, _) in m.params.items():
            if p.default is None:
                self.error("missing-argument", M.implicit_instance_needs_default(pname, m.name), p.name.span)

    def check_same_reading(self, m: MachineInfo, seen: list[tuple[SystemInfo, list[tuple[Span, ir.Expr]]]]) -> None:
        """A machine is lowered once, so it must mean the same in every system that composes it.

        Names in a machine may resolve to the system's definitions (inlined) and
        instances; if two systems give them different meanings, the shared IR
        would silently be right for one system only.
        """
        first_system, first = seen[0]
        for system, reading in seen[1:]:
            for (span, a), (_, b) in zip(first, reading):
                if a != b:
                    self.error("system-dependent-machine",
                               M.system_dependent_machine(m.name, first_system.name, system.name), span,
                               Note(M.system_dependent_hint()))
                    return

    # ---- globals -------------------------------------------------------------------

    def collect_globals(self) -> None:
        table: dict[str, Span] = {}
        for it in self.items:
            if isinstance(it, (A.Param, A.Const, A.TypeDecl, A.Machine, A.System)):
                if not self.declare(table, it.name, M.kind_of(it)):
                    continue
                self.reserved(it.name, on_model=False)
                if isinstance(it, A.Param):
                    self.params[it.name.text] = ParamInfo(it)
                elif isinstance(it, A.Const):
                    self.consts[it.name.text] = (it, None, None)
                elif isinstance(it, A.TypeDecl):
                    self.define_enum(it.name.text, it.body)
                elif isinstance(it, A.Machine):
                    self.machines[it.name.text] = MachineInfo(it)
                else:
                    self.systems[it.name.text] = SystemInfo(it)
        for name in list(self.consts):
            self.const_value(name)
        for p in self.params.values():
            p.type = self.resolve_type(p.ast.type, p.ast.name.text)
            default = self.const_eval(p.ast.default, allow_params=False)
            if p.type is not None and default is not None \
                    and self.check_value(default, p.type, p.ast.default.span, M.param_default(p.ast.name.text)):
                p.default = default

    # ---- machines: bodies (in the context of a system) ----------------------------------

    def check_machine_body(self, m: MachineInfo, system: SystemInfo | None) -> list[tuple[Span, ir.Expr]] | None:
        """Check a machine's expressions as composed into ``system``; return how it read, if without errors.

        The reading is every value expression written inside the machine, in order,
        with its IR (definitions of the system inlined).
        """
        scope = Scope(machine=m, system=system)
        errors_before = len(self.diags)
        self.trace = []
        try:
            self._check_machine_body(m, scope)
            reading = self.trace
        finally:
            self.trace = None
        if len(self.diags) != errors_before:
            return None
        inside = m.ast.span
        return [(span, e) for span, e in reading
                if span.file == inside.file and inside.start <= span.start < inside.end]

    def _check_machine_body(self, m: MachineInfo, scope: Scope) -> None:
        for p, pt in m.params.values():
            if p.default is not None and pt is not None:
                res = self.expect_type(p.default, pt, scope, M.param_default(p.name.text))
                if res is not None and not self.is_constant(res[0], allow_params=True):
                    self.error("not-constant", M.mparam_default_not_constant(p.name.text), p.default.span)
        for v, vt in m.vars.values():
            if vt is not None:
                self.expect_type(v.init, vt, scope, M.initial_value(v.name.text))
        for let in m.lets.values():
            self.inline_let(let, scope)
        for name in m.order:
            for inv in m.states[name].invariants:
                self.expect_bool(inv, scope, M.state_invariant(name))
        by_event: dict[str, list[tuple[A.Transition, ir.Expr | None]]] = {}
        for t in m.ast.transitions:
            guard_ir = self.check_transition(m, t, scope)
            if t.event.text in m.events:
                by_event.setdefault(t.event.text, []).append((t, guard_ir))
        for event, ts in by_event.items():
            self.check_overlaps(m, event, ts, scope)
        for prop in m.ast.properties:
            self.check_property(prop, scope)

    def check_transition(self, m: MachineInfo, t: A.Transition, scope: Scope) -> ir.Expr | None:
        for src in t.sources:
            if src.text not in m.states:
                self.undefined("undefined-state", "state", src, list(m.states))
        if t.target.text not in m.states:
            self.undefined("undefined-state", "state", t.target, list(m.states))
        ev = m.events.get(t.event.text)
        if ev is None:
            self.undefined("undefined-event", "event", t.event, list(m.events))
        elif ev.kind == "signal":
            self.error("wrong-event-kind", M.trigger_is_signal(ev.name.text), t.event.span,
                       Note(M.declared_as(ev.name.text, ev.kind), ev.name.span))
        guard_ir: ir.Expr | None = None
        if t.guard is not None:
            res = self.expect_bool(t.guard, scope, M.guard())
            guard_ir = res[0] if res else None
        assigned: dict[str, Span] = {}
        for eff in t.effects:
            self.check_effect(m, t, ev, eff, scope, assigned)
        return guard_ir if t.guard is not None else ir.Lit(True, ir.BoolT())

    def check_effect(self, m: MachineInfo, t: A.Transition, ev: A.EventDecl | None, eff: A.Effect,
                     scope: Scope, assigned: dict[str, Span]) -> None:
        if isinstance(eff, A.Assign):
            name = eff.target.text
            if name in m.vars:
                if name in assigned:
                    self.error("duplicate-assignment", M.duplicate_assignment(name), eff.target.span,
                               Note(M.first_assigned_here(name), assigned[name]))
                assigned[name] = eff.target.span
                vt = m.vars[name][1]
                if vt is not None:
                    self.expect_type(eff.value, vt, scope, M.assignment(name))
            elif name in m.clocks:
                self.error("not-assignable", M.assign_clock(name), eff.target.span)
            elif name in m.params or name in self.params or name in self.consts or name in m.lets:
                self.error("not-assignable", M.not_assignable(name), eff.target.span)
            else:
                self.undefined("undefined-name", "variable", eff.target, list(m.vars))
        elif isinstance(eff, A.Reset):
            if eff.clock.text not in m.clocks:
                if eff.clock.text in m.vars:
                    self.error("not-a-clock", M.not_a_clock(eff.clock.text), eff.clock.span)
                else:
                    self.undefined("undefined-name", "clock", eff.clock, list(m.clocks))
        elif isinstance(eff, A.Emit):
            sig = m.events.get(eff.signal.text)
            if sig is None:
                self.undefined("undefined-event", "signal", eff.signal,
                               [e for e, d in m.events.items() if d.kind == "signal"])
            elif sig.kind != "signal":
                self.error("wrong-event-kind", M.emit_not_signal(sig.name.text, sig.kind), eff.signal.span,
                           Note(M.declared_as(sig.name.text, sig.kind), sig.name.span))
        else:
            self.check_send(m, ev, eff, scope)

    def check_send(self, m: MachineInfo, ev: A.EventDecl | None, eff: A.Send, scope: Scope) -> None:
        if ev is not None and ev.kind == "receive":
            self.error("send-in-receiver", M.send_in_receiver(ev.name.text), eff.span,
                       Note(M.declared_as(ev.name.text, ev.kind), ev.name.span))
        tgt = eff.target
        if tgt.kind == "self":
            self.error("invalid-send-target", M.send_to_self(), tgt.span)
            return
        system = scope.system
        assert tgt.name is not None
        if system is None:
            self.error("undefined-name", M.send_without_system(tgt.name.text), tgt.name.span)
            return
        inst = system.instances.get(tgt.name.text)
        if inst is None:
            self.undefined("undefined-name", "instance", tgt.name, list(system.instances))
            return
        is_array = inst.size is not None
        if tgt.kind == "one" and is_array:
            self.error("invalid-send-target", M.send_to_array(tgt.name.text), tgt.span)
        if tgt.kind in ("index", "all") and not is_array:
            self.error("invalid-send-target", M.send_index_single(tgt.name.text), tgt.span)
        if tgt.kind == "index" and tgt.index is not None:
            self.expect_type(tgt.index, ir.IntT(), scope, M.array_index())
        target_m = self.machines.get(inst.machine.text)
        if target_m is None:
            return
        rev = target_m.events.get(eff.event.text)
        if rev is None:
            self.undefined("undefined-event", f"event of machine '{target_m.name}'", eff.event,
                           [e for e, d in target_m.events.items() if d.kind == "receive"])
        elif rev.kind != "receive":
            self.error("wrong-event-kind", M.send_not_receive(rev.name.text, target_m.name, rev.kind), eff.event.span,
                       Note(M.declared_as(rev.name.text, rev.kind), rev.name.span))

    def check_overlaps(self, m: MachineInfo, event: str, ts: list[tuple[A.Transition, ir.Expr | None]],
                       scope: Scope) -> None:
        """No two transitions on ``event`` may be enabled together in one state of one instance.

        A transition written twice is reported as a duplicate and compared no further;
        conflicts.py picks the pairs to compare, so this stays near-linear in the
        number of transitions, with at most one message per transition.
        """
        first: dict[A.Transition, A.Transition] = {}
        unique: list[tuple[A.Transition, ir.Expr | None]] = []
        for t, g in ts:
            earlier = first.setdefault(t, t)  # equality ignores spans: same sources, guard, effects, target
            if earlier is not t:
                self.error("duplicate-transition", M.duplicate_transition(), t.span,
                           Note(M.first_written_here(), earlier.span))
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
            verdict = guards_overlap(g1, g2, self.machines)
            return None if verdict.overlap is False else verdict

        for i, j, verdict in first_conflicts(leafsets, facts, conflict):
            t2, t1 = unique[i][0], unique[j][0]
            here, there = _guard_span(t2), _guard_span(t1)
            if verdict.overlap is None:
                self.error("guard-overlap-undecided", M.overlap_undecided(event, OVERLAP_LIMIT), here,
                           Note(M.other_transition(), there))
                continue
            where = min(leafsets[i] & leafsets[j], key=position.__getitem__)
            notes = [Note(M.other_transition(), there)]
            if verdict.witness:
                notes.append(Note(M.overlap_witness(verdict.witness)))
            notes.append(Note(M.overlap_hint()))
            self.error("overlapping-guards", M.overlapping_guards(event, where), here, *notes)

    # ---- systems ------------------------------------------------------------------

    def collect_system(self, s: SystemInfo) -> None:
        table: dict[str, Span] = {}
        for inst in s.ast.instances:
            if self.declare(table, inst.name, "instance"):
                self.reserved(inst.name, on_model=True)
                s.instances[inst.name.text] = inst
        for let in s.ast.lets:
            if self.declare(table, let.name, "definition"):
                self.reserved(let.name, on_model=True)
                s.lets[let.name.text] = let
        prop_table: dict[str, Span] = {}
        for p in s.ast.properties:
            self.declare(prop_table, p.name, "property")

    def check_system(self, s: SystemInfo) -> None:
        scope = Scope(system=s)
        if not s.ast.instances:
            self.error("empty-system", M.empty_system(s.name), s.ast.name.span)
        for inst in s.ast.instances:
            m = self.machines.get(inst.machine.text)
            if m is None:
                self.undefined("undefined-machine", "machine", inst.machine, list(self.machines))
            if inst.size is not None:
                res = self.expect_type(inst.size, ir.IntT(), scope, M.array_size(inst.name.text))
                if res is not None and not self.is_constant(res[0], allow_params=True):
                    self.error("not-constant", M.size_not_constant(), inst.size.span)
                elif res is not None:
                    try:
                        n = evaluate(res[0], DefaultsContext(self))
                        if isinstance(n, int) and n < 0:
                            self.error("value-out-of-range", M.negative_size(n), inst.size.span)
                    except EvalError:
                        pass
            if m is None:
                continue
            given: dict[str, Span] = {}
            for arg in inst.args:
                self.declare(given, arg.name, "argument")
                declared = m.params.get(arg.name.text)
                if declared is None:
                    self.undefined("unknown-argument", f"parameter of machine '{m.name}'", arg.name, list(m.params))
                    continue
                ptype = declared[1]
                res = self.expect_type(arg.value, ptype, scope, M.argument(arg.name.text)) if ptype else None
                if res is not None and not self.is_constant(res[0], allow_params=True):
                    self.error("not-constant", M.argument_not_constant(arg.name.text), arg.value.span)
            for pname, (p, _) in m.params.items():
                if p.default is None and pname not in given:
                    self.error("missing-argument", M.missing_argument(pname, m.name), inst.machine.span,
                               Note(M.declared_here(pname), p.name.span))
        for let in s.lets.values():
            self.inline_let(let, scope)
        for prop in s.ast.properties:
            self.check_property(prop, scope)

    # ---- properties -----------------------------------------------------------------

    def check_property(self, p: A.Property, scope: Scope) -> None:
        for c in p.citations:
            if not CITATION.fullmatch(c.text):
                self.error("bad-citation", M.bad_citation(c.text), c.span)
        b = p.body
        if isinstance(b, (A.InvariantProp, A.ReachableProp, A.StableProp)):
            self.expect_bool(b.expr, scope, M.invariant_expr())
        elif isinstance(b, A.DeadlockProp):
            pass
        elif isinstance(b, A.LeadsToProp):
            if b.lhs is not None:
                self.expect_bool(b.lhs, scope, M.leads_to_side())
            self.expect_bool(b.rhs, scope, M.leads_to_side())
        else:
            inner = self.bind_binder(b.binder, scope)
            if inner is None:
                return
            if isinstance(b, A.OrderProp):
                for ref in b.first + b.second + b.reset:
                    self.elab_event(ref, inner)
            else:
                for ref in b.events:
                    self.elab_event(ref, inner)
                self.expect_bool(b.cond, inner, M.only_when_condition())


def check(items: list[A.Item]) -> tuple[Checker, list[Diagnostic]]:
    c = Checker(items)
    return c, c.run()


def _guard_span(t: A.Transition) -> Span:
    """Where a transition's condition is written: its guard, or its event when it has none."""
    return t.guard.span if t.guard is not None else t.event.span
