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
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Union

from . import ast as A
from . import messages as M
from . import model as ir
from .diagnostics import Diagnostic, Note
from .evaluate import EvalError, apply_binary, evaluate
from .source import Span
from .symbols import ArrayType, InstType, MachineInfo, ParamInfo, SystemInfo, reserved_reason, suggest

Ty = Union[ir.Type, InstType, ArrayType]
Elab = tuple[ir.Expr, ir.Type] | None
CITATION = re.compile(r"G[1-9][0-9]*")
OVERLAP_LIMIT = 200_000  # assignments enumerated to decide whether two guards overlap


@dataclass
class Scope:
    machine: MachineInfo | None = None
    system: SystemInfo | None = None
    bound: dict[str, InstType] = field(default_factory=dict)
    self_inst: ir.Inst = field(default_factory=ir.SelfInst)
    lets_in_progress: tuple[str, ...] = ()

    def bind(self, var: str, t: InstType) -> Scope:
        b = dict(self.bound)
        b[var] = t
        return Scope(self.machine, self.system, b, self.self_inst, self.lets_in_progress)


class Checker:
    def __init__(self, items: list[A.Item]):
        self.items = items
        self.diags: list[Diagnostic] = []
        self.params: dict[str, ParamInfo] = {}
        self.consts: dict[str, tuple[A.Const, ir.Value | None, ir.Type | None]] = {}
        self.enums: dict[str, ir.EnumT] = {}
        self.enum_spans: dict[str, Span] = {}
        self.members: dict[str, list[ir.EnumT]] = {}
        self.machines: dict[str, MachineInfo] = {}
        self.systems: dict[str, SystemInfo] = {}
        self.decl_spans: dict[str, Span] = {}
        self.const_in_progress: set[str] = set()

    # ---- reporting -----------------------------------------------------------------

    def error(self, code: str, message: str, span: Span | None, *notes: Note) -> None:
        self.diags.append(Diagnostic(code, message, span, tuple(notes)))

    def undefined(self, code: str, what: str, name: A.Name, candidates: list[str]) -> None:
        hint = suggest(name.text, candidates)
        notes = (Note(M.did_you_mean(hint)),) if hint else ()
        self.error(code, M.undefined(what, name.text), name.span, *notes)

    def reserved(self, name: A.Name, on_model: bool) -> None:
        why = reserved_reason(name.text, on_model)
        if why is not None:
            self.error("reserved-name", M.reserved_name(name.text, why), name.span)

    def declare(self, table: dict[str, Span], name: A.Name, what: str) -> bool:
        first = table.get(name.text)
        if first is not None:
            self.error("duplicate-definition", M.duplicate(what, name.text), name.span,
                       Note(M.first_defined_here(name.text), first))
            return False
        table[name.text] = name.span
        return True

    # ---- driver -------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        self.collect_globals()
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
        for s in self.systems.values():
            for name in sorted({i.machine.text for i in s.ast.instances} & set(self.machines)):
                self.check_machine_body(self.machines[name], s)
            self.check_system(s)
        for name, m in self.machines.items():
            if name not in used:
                self.check_machine_body(m, None)
        return self.diags

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
                    self.define_enum(it.name.text, it.body, it.name.span)
                elif isinstance(it, A.Machine):
                    self.machines[it.name.text] = MachineInfo(it)
                else:
                    self.systems[it.name.text] = SystemInfo(it)
        self.decl_spans = table
        for name in list(self.consts):
            self.const_value(name)
        for p in self.params.values():
            p.type = self.resolve_type(p.ast.type, p.ast.name.text)
            default = self.const_eval(p.ast.default, allow_params=False)
            if p.type is not None and default is not None:
                if self.check_value(default, p.type, p.ast.default.span, M.param_default(p.ast.name.text)):
                    p.default = default

    def define_enum(self, name: str, body: A.EnumType, span: Span) -> ir.EnumT:
        seen: dict[str, Span] = {}
        for mem in body.members:
            self.declare(seen, mem, "enum member")
            self.reserved(mem, on_model=False)
        t = ir.EnumT(name, tuple(seen))
        self.enums[name] = t
        self.enum_spans[name] = span
        for mem in t.members:
            self.members.setdefault(mem, []).append(t)
        return t

    def const_value(self, name: str) -> tuple[ir.Value | None, ir.Type | None]:
        node, value, t = self.consts[name]
        if t is not None or name in self.const_in_progress:
            if name in self.const_in_progress and t is None:
                self.error("recursive-definition", M.recursive_definition(name), node.name.span)
                self.consts[name] = (node, None, ir.IntT())
                return None, None
            return value, t
        self.const_in_progress.add(name)
        v = self.const_eval(node.value, allow_params=False)
        self.const_in_progress.discard(name)
        ty: ir.Type = ir.BoolT() if isinstance(v, bool) else ir.IntT() if isinstance(v, int) else \
            (self.members[v][0] if isinstance(v, str) and v in self.members else ir.IntT())
        self.consts[name] = (node, v, ty)
        return v, ty

    def const_eval(self, e: A.Expr, allow_params: bool) -> ir.Value | None:
        """Fold a constant expression (literals, constants, enum members; parameters' defaults
        if ``allow_params``); report `not-constant` on anything else."""
        res = self.elab(e, Scope())
        if res is None:
            return None
        expr, _ = res
        if not self.is_constant(expr, allow_params):
            self.error("not-constant", M.not_constant(), e.span)
            return None
        try:
            return evaluate(expr, _DefaultsContext(self))
        except EvalError as err:
            self.error("invalid-constant", M.invalid_constant(str(err)), e.span)
            return None

    def is_constant(self, e: ir.Expr, allow_params: bool) -> bool:
        if isinstance(e, ir.Lit):
            return True
        if isinstance(e, ir.ParamRef):
            return allow_params
        if isinstance(e, (ir.Not, ir.Neg)):
            return self.is_constant(e.operand, allow_params)
        if isinstance(e, ir.Bin):
            return self.is_constant(e.left, allow_params) and self.is_constant(e.right, allow_params)
        if isinstance(e, ir.Cond):
            return all(self.is_constant(x, allow_params) for x in (e.cond, e.then, e.orelse))
        return False

    def resolve_type(self, t: A.TypeExpr, anon_name: str) -> ir.Type | None:
        if isinstance(t, A.BoolType):
            return ir.BoolT()
        if isinstance(t, A.EnumType):
            return self.define_enum(anon_name, t, t.span)
        if isinstance(t, A.NamedType):
            if t.name.text in self.enums:
                return self.enums[t.name.text]
            self.undefined("undefined-type", "type", t.name, list(self.enums) + ["bool"])
            return None
        lo = self.const_eval(t.lo, allow_params=False)
        hi = self.const_eval(t.hi, allow_params=False)
        if not isinstance(lo, int) or not isinstance(hi, int) or isinstance(lo, bool) or isinstance(hi, bool):
            if lo is not None and hi is not None:
                self.error("type-mismatch", M.range_bounds(), t.span)
            return None
        if lo > hi:
            self.error("empty-range", M.empty_range(lo, hi), t.span)
            return None
        return ir.IntT(lo, hi)

    def check_value(self, v: ir.Value, t: ir.Type, span: Span, what: str) -> bool:
        if isinstance(t, ir.BoolT) and not isinstance(v, bool):
            self.error("type-mismatch", M.mismatch(what, "bool", _value_type(v)), span)
            return False
        if isinstance(t, ir.IntT):
            if isinstance(v, bool) or not isinstance(v, int):
                self.error("type-mismatch", M.mismatch(what, str(t), _value_type(v)), span)
                return False
            if t.lo is not None and t.hi is not None and not t.lo <= v <= t.hi:
                self.error("value-out-of-range", M.out_of_range(what, v, t.lo, t.hi), span)
                return False
        if isinstance(t, ir.EnumT) and (not isinstance(v, str) or v not in t.members):
            self.error("type-mismatch", M.mismatch(what, str(t), _value_type(v)), span)
            return False
        return True

    # ---- machines: declarations and state structure ----------------------------------

    def collect_machine(self, m: MachineInfo) -> None:
        table: dict[str, Span] = {}
        mname = m.name
        for p in m.ast.params:
            if self.declare(table, p.name, "machine parameter"):
                self.reserved(p.name, on_model=True)
                m.params[p.name.text] = (p, self.resolve_type(p.type, f"{mname}_{p.name.text}"))
        for v in m.ast.vars:
            if self.declare(table, v.name, "variable"):
                self.reserved(v.name, on_model=True)
                m.vars[v.name.text] = (v, self.resolve_type(v.type, f"{mname}_{v.name.text}"))
        for c in m.ast.clocks:
            if self.declare(table, c.name, "clock"):
                self.reserved(c.name, on_model=True)
                m.clocks[c.name.text] = c
        for e in m.ast.events:
            if self.declare(table, e.name, "event"):
                self.reserved(e.name, on_model=True)
                m.events[e.name.text] = e
                if e.fairness is not None and e.kind in ("signal", "receive"):
                    self.error("invalid-fairness", M.invalid_fairness(e.fairness, e.kind), e.span)
        for let in m.ast.lets:
            if self.declare(table, let.name, "definition"):
                self.reserved(let.name, on_model=True)
                m.lets[let.name.text] = let
        state_table: dict[str, Span] = {}

        def walk(states: tuple[A.State, ...], parent: str | None) -> None:
            for s in states:
                if self.declare(state_table, s.name, "state"):
                    self.reserved(s.name, on_model=False)
                    if s.name.text in table:
                        self.error("duplicate-definition", M.duplicate("state", s.name.text), s.name.span,
                                   Note(M.first_defined_here(s.name.text), table[s.name.text]))
                    m.states[s.name.text] = s
                    m.parent[s.name.text] = parent
                    m.order.append(s.name.text)
                walk(s.children, s.name.text)

        walk(m.ast.states, None)
        prop_table: dict[str, Span] = {}
        for p in m.ast.properties:
            self.declare(prop_table, p.name, "property")

    def check_structure(self, m: MachineInfo) -> None:
        if not m.ast.states:
            self.error("missing-initial-state", M.no_states(m.name), m.ast.name.span)
            return
        self.check_initials(m.ast.states, m.ast.name.span, m.name)
        for name in m.order:
            s = m.states[name]
            seen: set[str] = set()
            for mod in s.modifiers:
                if mod.text in seen:
                    self.error("duplicate-modifier", M.duplicate_modifier(mod.text), mod.span)
                seen.add(mod.text)
            if s.has("final") and s.children:
                self.error("final-state-has-children", M.final_children(name), s.name.span)
            if s.children:
                self.check_initials(s.children, s.name.span, name)
        for t in m.ast.transitions:
            for src in t.sources:
                st = m.states.get(src.text)
                if st is not None and st.has("final"):
                    self.error("transition-from-final", M.transition_from_final(src.text), src.span,
                               Note(M.declared_final_here(src.text), st.name.span))
        self.check_reachable(m)

    def check_initials(self, states: tuple[A.State, ...], owner_span: Span, owner: str) -> None:
        initials = [s for s in states if s.has("initial")]
        if not initials:
            self.error("missing-initial-state", M.missing_initial(owner), owner_span,
                       Note(M.mark_initial_hint(states[0].name.text), states[0].name.span))
        for extra in initials[1:]:
            self.error("multiple-initial-states", M.multiple_initial(owner, extra.name.text), extra.name.span,
                       Note(M.first_initial_here(initials[0].name.text), initials[0].name.span))

    def check_reachable(self, m: MachineInfo) -> None:
        start = m.top_initial()
        if start is None:
            return
        edges: dict[str, set[str]] = {}
        for t in m.ast.transitions:
            if t.target.text not in m.states:
                continue
            tgt = m.initial_leaf(t.target.text)
            for src in t.sources:
                if src.text in m.states:
                    for leaf in m.leaves_under(src.text):
                        edges.setdefault(leaf, set()).add(tgt)
        seen = {m.initial_leaf(start)}
        todo = list(seen)
        while todo:
            cur = todo.pop()
            for nxt in edges.get(cur, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        for name in m.order:
            reachable = any(leaf in seen for leaf in m.leaves_under(name))
            parent = m.parent[name]
            parent_unreachable = parent is not None and not any(leaf in seen for leaf in m.leaves_under(parent))
            if not reachable and not parent_unreachable:
                self.error("unreachable-state", M.unreachable_state(name, m.name), m.states[name].name.span)

    # ---- machines: bodies (in the context of a system) ----------------------------------

    def check_machine_body(self, m: MachineInfo, system: SystemInfo | None) -> None:
        scope = Scope(machine=m, system=system)
        for p, pt in m.params.values():
            if p.default is not None and pt is not None:
                self.expect_type(p.default, pt, scope, M.param_default(p.name.text))
        for v, vt in m.vars.values():
            if vt is not None:
                self.expect_type(v.init, vt, scope, M.initial_value(v.name.text))
        for let in m.lets.values():
            self.elab(let.value, scope)
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
        for p in m.ast.properties:
            self.check_property(p, scope)

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
        leaves = {id(t): {leaf for s in t.sources if s.text in m.states for leaf in m.leaves_under(s.text)}
                  for t, _ in ts}
        for i, (t1, g1) in enumerate(ts):
            for t2, g2 in ts[i + 1:]:
                common = leaves[id(t1)] & leaves[id(t2)]
                if not common or g1 is None or g2 is None:
                    continue
                verdict = guards_overlap(g1, g2, self, m, scope.system)
                if verdict is None:
                    self.error("guard-overlap-undecided", M.overlap_undecided(event, OVERLAP_LIMIT), t2.span,
                               Note(M.other_transition(), t1.span))
                elif verdict:
                    where = sorted(common, key=m.order.index)[0]
                    self.error("overlapping-guards", M.overlapping_guards(event, where), t2.span,
                               Note(M.other_transition(), t1.span), Note(M.overlap_hint()))

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
                res = self.expect_type(inst.size, ir.IntT(), Scope(), M.array_size(inst.name.text))
                if res is not None and not self.is_constant(res[0], allow_params=True):
                    self.error("not-constant", M.size_not_constant(), inst.size.span)
                elif res is not None:
                    try:
                        n = evaluate(res[0], _DefaultsContext(self))
                        if isinstance(n, int) and n < 0:
                            self.error("value-out-of-range", M.negative_size(n), inst.size.span)
                    except EvalError:
                        pass
            if m is None:
                continue
            given: dict[str, Span] = {}
            for arg in inst.args:
                self.declare(given, arg.name, "argument")
                p = m.params.get(arg.name.text)
                if p is None:
                    self.undefined("unknown-argument", f"parameter of machine '{m.name}'", arg.name, list(m.params))
                    continue
                res = self.expect_type(arg.value, p[1], Scope(), M.argument(arg.name.text)) if p[1] else None
                if res is not None and not self.is_constant(res[0], allow_params=True):
                    self.error("not-constant", M.argument_not_constant(arg.name.text), arg.value.span)
            for pname, (p, _) in m.params.items():
                if p.default is None and pname not in given:
                    self.error("missing-argument", M.missing_argument(pname, m.name), inst.span,
                               Note(M.declared_here(pname), p.name.span))
        for let in s.lets.values():
            self.elab(let.value, scope)
        for p in s.ast.properties:
            self.check_property(p, scope)

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

    def bind_binder(self, binder: A.Binder | None, scope: Scope) -> Scope | None:
        if binder is None:
            return scope
        dom = self.instance_domain(binder.domain, scope)
        if dom is None:
            return None
        return scope.bind(binder.var.text, InstType(dom.machine, ir.BoundInst(binder.var.text)))

    def instance_domain(self, name: A.Name, scope: Scope) -> ArrayType | None:
        s = scope.system
        if s is None or name.text not in s.instances:
            cands = list(s.instances) if s else []
            self.undefined("undefined-name", "instance array", name, cands)
            return None
        inst = s.instances[name.text]
        if inst.machine.text not in self.machines:
            return None
        return ArrayType(inst.machine.text, name.text)

    def elab_event(self, ref: A.EventRef, scope: Scope) -> ir.EvRef | None:
        if ref.instance is None:
            if scope.machine is None:
                self.error("undefined-event", M.event_needs_instance(ref.event.text), ref.span)
                return None
            machine, inst = scope.machine.name, scope.self_inst
        else:
            res = self.elab_any(ref.instance, scope)
            if res is None:
                return None
            if not isinstance(res[1], InstType):
                self.error("type-mismatch", M.event_of_non_instance(), ref.instance.span)
                return None
            machine, inst = res[1].machine, res[1].inst
        m = self.machines[machine]
        if not ref.event.text or ref.event.text not in m.events:
            if not ref.event.text:
                self.error("type-mismatch", M.event_expected(), ref.span)
            else:
                self.undefined("undefined-event", f"event of machine '{machine}'", ref.event, list(m.events))
            return None
        return ir.EvRef(inst, machine, ref.event.text)

    # ---- expressions ------------------------------------------------------------------

    def expect_bool(self, e: A.Expr, scope: Scope, what: str) -> Elab:
        return self.expect_type(e, ir.BoolT(), scope, what)

    def expect_type(self, e: A.Expr, want: ir.Type, scope: Scope, what: str) -> Elab:
        res = self.elab(e, scope)
        if res is None:
            return None
        expr, got = res
        if not compatible(want, got):
            self.error("type-mismatch", M.mismatch(what, str(want), str(got)), e.span)
            return None
        if isinstance(want, ir.IntT) and want.lo is not None and want.hi is not None and isinstance(expr, ir.Lit):
            v = expr.value
            if isinstance(v, int) and not isinstance(v, bool) and not want.lo <= v <= want.hi:
                self.error("value-out-of-range", M.out_of_range(what, v, want.lo, want.hi), e.span)
                return None
        return res

    def elab(self, e: A.Expr, scope: Scope) -> Elab:
        """Elaborate an expression that denotes a value (not an instance)."""
        res = self.elab_any(e, scope)
        if res is None:
            return None
        expr, t = res
        if isinstance(t, (InstType, ArrayType)):
            self.error("type-mismatch", M.instance_as_value(), e.span)
            return None
        assert isinstance(expr, (ir.Lit, ir.ParamRef, ir.MParamRef, ir.VarRef, ir.IndexOf, ir.InStateE,
                                 ir.Not, ir.Neg, ir.Bin, ir.Cond, ir.QuantE))
        return expr, t

    def elab_any(self, e: A.Expr, scope: Scope) -> tuple[object, Ty] | None:
        if isinstance(e, A.IntLit):
            return ir.Lit(e.value, ir.IntT()), ir.IntT()
        if isinstance(e, A.BoolLit):
            return ir.Lit(e.value, ir.BoolT()), ir.BoolT()
        if isinstance(e, A.NameRef):
            return self.elab_name(e.name, scope)
        if isinstance(e, A.SelfRef):
            if scope.machine is None:
                self.error("self-outside-machine", M.self_outside_machine(), e.span)
                return None
            return None, InstType(scope.machine.name, scope.self_inst)
        if isinstance(e, A.Field):
            return self.elab_field(e, scope)
        if isinstance(e, A.Index):
            return self.elab_index(e, scope)
        if isinstance(e, A.Unary):
            if e.op == "not":
                r = self.expect_bool(e.operand, scope, M.operand_of("not"))
                return (_fold(ir.Not(r[0])), ir.BoolT()) if r else None
            r = self.expect_int(e.operand, scope, M.operand_of("-"))
            return (_fold(ir.Neg(r[0])), ir.IntT()) if r else None
        if isinstance(e, A.Binary):
            return self.elab_binary(e, scope)
        if isinstance(e, A.InState):
            return self.elab_in_state(e, scope)
        if isinstance(e, A.IfExpr):
            c = self.expect_bool(e.cond, scope, M.if_condition())
            a = self.elab(e.then, scope)
            b = self.elab(e.orelse, scope)
            if c is None or a is None or b is None:
                return None
            if not (compatible(a[1], b[1]) or compatible(b[1], a[1])):
                self.error("type-mismatch", M.if_branches(str(a[1]), str(b[1])), e.span)
                return None
            t = a[1] if not isinstance(a[1], ir.IntT) else ir.IntT()
            return _fold(ir.Cond(c[0], a[0], b[0])), t
        assert isinstance(e, A.Quant)
        dom = self.instance_domain(e.domain, scope)
        if dom is None:
            return None
        inner = scope.bind(e.var.text, InstType(dom.machine, ir.BoundInst(e.var.text)))
        want = M.quantifier_body(e.kind)
        body = self.expect_bool(e.body, inner, want)
        if body is None:
            return None
        t: ir.Type = ir.IntT() if e.kind == "count" else ir.BoolT()
        return ir.QuantE(e.kind, e.var.text, dom.array, body[0]), t

    def expect_int(self, e: A.Expr, scope: Scope, what: str) -> Elab:
        res = self.elab(e, scope)
        if res is None:
            return None
        if not isinstance(res[1], (ir.IntT, ir.ClockT)):
            self.error("type-mismatch", M.mismatch(what, "int", str(res[1])), e.span)
            return None
        return res

    def elab_binary(self, e: A.Binary, scope: Scope) -> tuple[object, Ty] | None:
        op = e.op
        if op in ("and", "or", "implies"):
            a = self.expect_bool(e.left, scope, M.operand_of(op))
            b = self.expect_bool(e.right, scope, M.operand_of(op))
            return (_fold(ir.Bin(op, a[0], b[0])), ir.BoolT()) if a and b else None
        if op in ("+", "-", "*", "/", "%"):
            a = self.expect_int(e.left, scope, M.operand_of(op))
            b = self.expect_int(e.right, scope, M.operand_of(op))
            if a is None or b is None:
                return None
            for side, r in ((e.left, a), (e.right, b)):
                if isinstance(r[1], ir.ClockT):
                    self.error("clock-arithmetic", M.clock_arithmetic(), side.span)
                    return None
            return _fold(ir.Bin(op, a[0], b[0])), ir.IntT()
        a2 = self.elab(e.left, scope)
        b2 = self.elab(e.right, scope)
        if a2 is None or b2 is None:
            return None
        ta, tb = a2[1], b2[1]
        numeric = (ir.IntT, ir.ClockT)
        if op in ("<", "<=", ">", ">="):
            if not (isinstance(ta, numeric) and isinstance(tb, numeric)):
                self.error("type-mismatch", M.ordering_operands(op, str(ta), str(tb)), e.op_span)
                return None
        elif not (isinstance(ta, numeric) and isinstance(tb, numeric)) and ta != tb:
            self.error("type-mismatch", M.equality_operands(op, str(ta), str(tb)), e.op_span)
            return None
        return _fold(ir.Bin(op, a2[0], b2[0])), ir.BoolT()

    def elab_in_state(self, e: A.InState, scope: Scope) -> tuple[object, Ty] | None:
        res = self.elab_any(e.subject, scope)
        if res is None:
            return None
        t = res[1]
        if not isinstance(t, InstType):
            self.error("type-mismatch", M.in_needs_instance(str(t)), e.subject.span)
            return None
        m = self.machines[t.machine]
        leaves: list[str] = []
        ok = True
        for s in e.states:
            if s.text not in m.states:
                self.undefined("undefined-state", f"state of machine '{m.name}'", s, list(m.states))
                ok = False
            else:
                leaves.extend(x for x in m.leaves_under(s.text) if x not in leaves)
        if not ok:
            return None
        ordered = tuple(x for x in m.order if x in leaves)
        return ir.InStateE(t.inst, m.name, ordered), ir.BoolT()

    def elab_name(self, n: A.Name, scope: Scope) -> tuple[object, Ty] | None:
        name = n.text
        if name in scope.bound:
            return None, scope.bound[name]
        m = scope.machine
        if m is not None:
            found = self.machine_member(m, name, scope.self_inst, n, scope)
            if found is not None:
                return found
        s = scope.system
        if s is not None:
            if name in s.instances:
                inst = s.instances[name]
                if inst.machine.text not in self.machines:
                    return None
                if inst.size is None:
                    return None, InstType(inst.machine.text, ir.NamedInst(name))
                return None, ArrayType(inst.machine.text, name)
            if name in s.lets:
                return self.inline_let(s.lets[name], Scope(system=s), n)
        if name in self.params:
            p = self.params[name]
            if p.type is None:
                return None
            return ir.ParamRef(name, p.type), p.type
        if name in self.consts:
            v, t = self.const_value(name)
            if v is None or t is None:
                return None
            return ir.Lit(v, t), t
        if name in self.members:
            enums = self.members[name]
            if len(enums) > 1:
                self.error("ambiguous-name", M.ambiguous_member(name, [t.name for t in enums]), n.span)
                return None
            return ir.Lit(name, enums[0]), enums[0]
        if name in self.enums:
            self.error("type-mismatch", M.type_as_value(name), n.span)
            return None
        cands = list(self.params) + list(self.consts) + list(self.members)
        if m is not None:
            cands += list(m.vars) + list(m.clocks) + list(m.params) + list(m.lets)
            if name in m.states:
                self.error("undefined-name", M.state_as_value(name), n.span)
                return None
            if name in m.events:
                self.error("undefined-name", M.event_as_value(name), n.span)
                return None
        if s is not None:
            cands += list(s.instances) + list(s.lets)
        cands += list(scope.bound)
        self.undefined("undefined-name", "name", n, cands)
        return None

    def machine_member(self, m: MachineInfo, name: str, inst: ir.Inst, n: A.Name,
                       scope: Scope) -> tuple[object, Ty] | None:
        if name in m.vars:
            vt = m.vars[name][1]
            return (ir.VarRef(inst, name, vt), vt) if vt is not None else (None, ir.IntT())
        if name in m.clocks:
            return ir.VarRef(inst, name, ir.ClockT()), ir.ClockT()
        if name in m.params:
            pt = m.params[name][1]
            return (ir.MParamRef(inst, name, pt), pt) if pt is not None else (None, ir.IntT())
        if name in m.lets:
            inner = Scope(machine=m, system=scope.system, self_inst=inst, lets_in_progress=scope.lets_in_progress)
            return self.inline_let(m.lets[name], inner, n)
        return None

    def inline_let(self, let: A.Let, scope: Scope, use: A.Name) -> tuple[object, Ty] | None:
        key = let.name.text
        if key in scope.lets_in_progress:
            self.error("recursive-definition", M.recursive_definition(key), let.name.span)
            return None
        inner = Scope(scope.machine, scope.system, {}, scope.self_inst, scope.lets_in_progress + (key,))
        res = self.elab(let.value, inner)
        return res

    def elab_field(self, e: A.Field, scope: Scope) -> tuple[object, Ty] | None:
        if isinstance(e.obj, A.NameRef) and e.obj.name.text in self.enums and e.obj.name.text not in scope.bound:
            t = self.enums[e.obj.name.text]
            if e.name.text not in t.members:
                self.undefined("undefined-name", f"member of '{t.name}'", e.name, list(t.members))
                return None
            return ir.Lit(e.name.text, t), t
        res = self.elab_any(e.obj, scope)
        if res is None:
            return None
        t = res[1]
        if not isinstance(t, InstType):
            self.error("type-mismatch", M.field_of_non_instance(e.name.text, str(t)), e.obj.span)
            return None
        if e.name.text == "index":
            return ir.IndexOf(t.inst), ir.IntT()
        m = self.machines[t.machine]
        found = self.machine_member(m, e.name.text, t.inst, e.name, scope)
        if found is None:
            cands = list(m.vars) + list(m.clocks) + list(m.params) + list(m.lets) + ["index"]
            self.undefined("undefined-name", f"field of machine '{m.name}'", e.name, cands)
        return found

    def elab_index(self, e: A.Index, scope: Scope) -> tuple[object, Ty] | None:
        res = self.elab_any(e.obj, scope)
        idx = self.expect_type(e.index, ir.IntT(), scope, M.array_index())
        if res is None or idx is None:
            return None
        t = res[1]
        if not isinstance(t, ArrayType):
            self.error("type-mismatch", M.index_non_array(str(t) if not isinstance(t, InstType) else t.machine),
                       e.obj.span)
            return None
        return None, InstType(t.machine, ir.ElemInst(t.array, idx[0]))


# ---- helpers ----------------------------------------------------------------------


def compatible(want: ir.Type | InstType | ArrayType, got: ir.Type | InstType | ArrayType) -> bool:
    if isinstance(want, ir.IntT):
        return isinstance(got, (ir.IntT, ir.ClockT))
    if isinstance(want, ir.ClockT):
        return isinstance(got, (ir.IntT, ir.ClockT))
    return want == got


def _value_type(v: ir.Value) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    return f"'{v}'"


def _fold(e: ir.Expr) -> ir.Expr:
    """Fold operators over literals, so that constants stay literals (range checks see them)."""
    try:
        if isinstance(e, ir.Not) and isinstance(e.operand, ir.Lit):
            return ir.Lit(not e.operand.value, ir.BoolT())
        if isinstance(e, ir.Neg) and isinstance(e.operand, ir.Lit) and isinstance(e.operand.value, int):
            return ir.Lit(-e.operand.value, ir.IntT())
        if isinstance(e, ir.Bin) and isinstance(e.left, ir.Lit) and isinstance(e.right, ir.Lit):
            if e.op in ("and", "or", "implies"):
                lv, rv = bool(e.left.value), bool(e.right.value)
                v = (lv and rv) if e.op == "and" else (lv or rv) if e.op == "or" else (not lv or rv)
                return ir.Lit(v, ir.BoolT())
            v2 = apply_binary(e.op, e.left.value, e.right.value)
            return ir.Lit(v2, ir.BoolT() if isinstance(v2, bool) else ir.IntT())
        if isinstance(e, ir.Cond) and isinstance(e.cond, ir.Lit):
            return e.then if e.cond.value else e.orelse
    except EvalError:
        return e
    return e


class _DefaultsContext:
    """Evaluates constant expressions, with parameters at their defaults."""

    def __init__(self, checker: Checker):
        self.checker = checker

    def param(self, name: str) -> ir.Value:
        v = self.checker.params[name].default
        if v is None:
            raise EvalError(f"parameter '{name}' has no valid default")
        return v

    def resolve(self, inst: ir.Inst, bound: dict[str, object]) -> object:
        raise EvalError("not a constant")

    def var(self, inst: object, name: str) -> ir.Value:
        raise EvalError("not a constant")

    mparam = var

    def state(self, inst: object) -> str:
        raise EvalError("not a constant")

    def index(self, inst: object) -> int:
        raise EvalError("not a constant")

    def members(self, array: str) -> list[object]:
        raise EvalError("not a constant")


# ---- guard overlap ------------------------------------------------------------------


def guards_overlap(g1: ir.Expr, g2: ir.Expr, checker: Checker, m: MachineInfo,
                   system: SystemInfo | None) -> bool | None:
    """Can both guards hold in one state? Decided by enumerating the atoms they read.

    Atoms are the variables, clocks, parameters and instance states the guards
    mention; quantified and array-element sub-expressions are treated as free
    boolean or integer atoms, which can only over-report an overlap, never miss
    one. Returns None when the enumeration would exceed OVERLAP_LIMIT.
    """
    atoms: dict[object, list[ir.Value]] = {}
    consts: set[int] = {0}
    for g in (g1, g2):
        _collect_consts(g, consts)
    for g in (g1, g2):
        _collect_atoms(g, atoms, checker, consts)
    keys = list(atoms)
    total = 1
    for k in keys:
        total *= max(len(atoms[k]), 1)
        if total > OVERLAP_LIMIT:
            return None
    for combo in product(*(atoms[k] for k in keys)):
        env = dict(zip(keys, combo))
        try:
            if _eval_atoms(g1, env) and _eval_atoms(g2, env):
                return True
        except EvalError:
            continue
    return False


def _domain(t: ir.Type, consts: set[int]) -> list[ir.Value]:
    if isinstance(t, ir.BoolT):
        return [False, True]
    if isinstance(t, ir.EnumT):
        return list(t.members)
    if isinstance(t, ir.IntT) and t.lo is not None and t.hi is not None:
        return list(range(t.lo, t.hi + 1))
    # clocks and unbounded integers: the thresholds they are compared with, and neighbours
    vals = sorted({v + d for v in consts for d in (-1, 0, 1)} | {0})
    if isinstance(t, ir.ClockT):
        vals = [v for v in vals if v >= 0]
    return vals


def _atom_key(e: ir.Expr) -> object | None:
    if isinstance(e, (ir.ParamRef, ir.MParamRef, ir.VarRef, ir.IndexOf, ir.QuantE)):
        return e
    if isinstance(e, ir.InStateE):
        return ("state", e.inst, e.machine)
    return None


def _collect_consts(e: ir.Expr, out: set[int]) -> None:
    if isinstance(e, ir.Lit) and isinstance(e.value, int) and not isinstance(e.value, bool):
        out.add(e.value)
    for c in _children(e):
        _collect_consts(c, out)


def _collect_atoms(e: ir.Expr, atoms: dict[object, list[ir.Value]], checker: Checker, consts: set[int]) -> None:
    key = _atom_key(e)
    if key is not None:
        if key in atoms:
            return
        if isinstance(e, ir.InStateE):
            atoms[key] = list(checker.machines[e.machine].leaves())
        elif isinstance(e, ir.QuantE):
            atoms[key] = list(range(0, 4)) if e.kind == "count" else [False, True]
        elif isinstance(e, ir.IndexOf):
            atoms[key] = list(range(0, 4))
        else:
            assert isinstance(e, (ir.ParamRef, ir.MParamRef, ir.VarRef))
            atoms[key] = _domain(e.type, consts)
        return
    for c in _children(e):
        _collect_atoms(c, atoms, checker, consts)


def _children(e: ir.Expr) -> Iterator[ir.Expr]:
    if isinstance(e, (ir.Not, ir.Neg)):
        yield e.operand
    elif isinstance(e, ir.Bin):
        yield e.left
        yield e.right
    elif isinstance(e, ir.Cond):
        yield e.cond
        yield e.then
        yield e.orelse


def _eval_atoms(e: ir.Expr, env: dict[object, ir.Value]) -> ir.Value:
    key = _atom_key(e)
    if key is not None:
        v = env[key]
        if isinstance(e, ir.InStateE):
            return v in e.states
        return v
    if isinstance(e, ir.Lit):
        return e.value
    if isinstance(e, ir.Not):
        return not _eval_atoms(e.operand, env)
    if isinstance(e, ir.Neg):
        v = _eval_atoms(e.operand, env)
        assert isinstance(v, int)
        return -v
    if isinstance(e, ir.Cond):
        return _eval_atoms(e.then if _eval_atoms(e.cond, env) else e.orelse, env)
    assert isinstance(e, ir.Bin)
    if e.op == "and":
        return bool(_eval_atoms(e.left, env)) and bool(_eval_atoms(e.right, env))
    if e.op == "or":
        return bool(_eval_atoms(e.left, env)) or bool(_eval_atoms(e.right, env))
    if e.op == "implies":
        return (not _eval_atoms(e.left, env)) or bool(_eval_atoms(e.right, env))
    return apply_binary(e.op, _eval_atoms(e.left, env), _eval_atoms(e.right, env))


def check(items: list[A.Item]) -> tuple[Checker, list[Diagnostic]]:
    c = Checker(items)
    return c, c.run()
