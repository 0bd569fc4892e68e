"""Machine structure: declarations of a machine and the shape of its state tree.

These rules need no system: names declared once, exactly one initial state per
sibling group, no transition out of a final state, every state reachable from
the initial one along transitions (guards ignored).
"""

from __future__ import annotations

from . import ast as A
from . import messages as M
from .constants import Constants
from .diagnostics import Note
from .source import Span
from .symbols import MachineInfo


class StructureChecks(Constants):
    """Declarations of each machine and the rules about its state tree."""

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
        for prop in m.ast.properties:
            self.declare(prop_table, prop.name, "property")

    def check_structure(self, m: MachineInfo) -> None:
        if not m.ast.states:
            self.error("missing-initial-state", M.no_states(m.name), m.ast.name.span)
            return
        self.check_initials(m.ast.states, m.ast.name.span, f"machine '{m.name}'")
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
                self.check_initials(s.children, s.name.span, f"state '{name}'")
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
        """Every state reachable along transitions (guards ignored) from the initial state.

        Skipped when a transition names an undefined state (the typo is the
        message, not the states it cuts off); extra 'initial' states are already
        reported as such.
        """
        start = m.top_initial()
        if start is None:
            return
        if any(n.text not in m.states for t in m.ast.transitions for n in (*t.sources, t.target)):
            return
        extra_initials: set[str] = set()
        for group in [m.ast.states] + [s.children for s in m.states.values() if s.children]:
            extra_initials.update(s.name.text for s in [s for s in group if s.has("initial")][1:])
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
        reachable = {name: any(leaf in seen for leaf in m.leaves_under(name)) for name in m.order}
        for name in m.order:
            parent = m.parent[name]
            parent_unreachable = parent is not None and not reachable[parent]
            if not reachable[name] and not parent_unreachable and name not in extra_initials:
                self.error("unreachable-state", M.unreachable_state(name, m.name), m.states[name].name.span)

