"""Leads-to and eventually, under weak fairness or none, on the explored graph.

``P ~> Q`` fails exactly when some reachable state satisfies P and not Q and, from it, a
run stays in not-Q forever while treating every fair unit fairly. Such a run ends in a
strongly connected component of the not-Q subgraph that is fair: every fair unit (a fair
event of one instance, or the tick) enabled in all of its states is taken on one of its
edges; a state with no step at all counts as a fair stutter when no fair unit is enabled
there. Weak fairness never needs the component split further: a unit enabled everywhere
in a component and never taken in it is so in every part of it too.

Under symmetry reduction one stored state stands for many, and an instance of a reduced
array changes position along edges. Its fairness is judged on the "threaded" graph of
(state, position) pairs linked along edges through the permutation that made each
successor canonical (twins, positions holding equal blocks, are merged): every class of
that graph must have its events disabled somewhere or taken. The counterexample itself
is always rebuilt as a concrete run and its fairness checked again there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .build import Plan
from .codegen import load, load_predicate
from .graph import Graph, bfs_path, build_graph, explore_local, fair_cycle, tarjan
from .props import LiveCheck
from .steps import Live
from .symmetry import array_offsets, canon_perm


@dataclass(frozen=True, slots=True)
class Lasso:
    """A violation found on the stored graph: the stem, and the fair component it ends in."""

    stem: list[int]  # graph indices from the initial state (index 0) to a state of the fair component
    component: frozenset[int]  # the stored states of that component
    fair: bool
    label: str  # the instance the property was checked for ('' for a system property)


@dataclass(slots=True)
class Verdict:
    holds: bool | None
    lasso: Lasso | None = None
    message: str = ""


class LivenessChecker:
    """Builds the graph once, then judges each leads-to check on it."""

    def __init__(self, plan: Plan, states: list[int], symmetric: bool, canon: Callable[[int], int]):
        self.plan = plan
        self.symmetric = symmetric and bool(plan.symmetric)
        self.canon = canon
        self.graph: Graph = build_graph(states, load(plan, Live(), "succ", symmetric))
        self.raw_succ = load(plan, Live(), "succ", False)
        self.unit_ids: dict[tuple[int, str], int] = {}
        self.model_errors = 0  # states where a liveness predicate hit a model error

    def unit_id(self, gid: int, event: str) -> int:
        return self.unit_ids.setdefault((gid, event), len(self.unit_ids) + 1)

    def units(self, fair: bool) -> list[int]:
        """Fairness unit per move id: -1 when the move is not fair; the tick is unit 0."""
        out = [0 if fair else -1]
        for mv in self.plan.moves[1:]:
            assert mv.transition is not None
            ev = self.plan.instances[mv.gid].machine.event(mv.transition.event)
            out.append(self.unit_id(mv.gid, ev.name) if fair and ev.fair else -1)
        return out

    def check(self, c: LiveCheck, stem_to: Callable[[int], list[int]]) -> Verdict:
        """Judge one check; ``stem_to(i)`` gives the graph indices of a shortest path to state i."""
        g = self.graph
        unit = self.units(c.fair)
        q = load_predicate(self.plan, c.rhs, c.bind)
        p = load_predicate(self.plan, c.lhs, c.bind) if c.lhs is not None else None
        n = len(g.states)
        bad = bytearray(n)
        for i, s in enumerate(g.states):
            v = q(s)
            self.model_errors += v == 2
            bad[i] = v == 0
        if p is None:
            roots = [0] if bad[0] else []
        else:
            roots = [i for i in range(n) if bad[i] and p(g.states[i]) == 1]
        if not roots:
            return Verdict(True)
        comp = [-1] * n
        doomed: list[bool] = []
        fair_comp: list[bool] = []
        for scc in tarjan(g, bad, roots):
            cid = len(doomed)
            for v in scc:
                comp[v] = cid
            ok = self.fair_scc(scc, comp, cid, unit, c.fair)
            d = ok or any(w >= 0 and bad[w] and comp[w] != cid and doomed[comp[w]]
                          for v in scc for _, w in g.edges(v))
            doomed.append(d)
            fair_comp.append(ok)
        starts = [r for r in roots if comp[r] >= 0 and doomed[comp[r]]]
        if not starts:
            return Verdict(True)
        s0 = min(starts)
        seg: list[tuple[int, int]] = []
        if not fair_comp[comp[s0]]:
            found = bfs_path(s0, lambda x: comp[x] >= 0 and fair_comp[comp[x]], g.edges,
                             lambda x: bool(bad[x]) and comp[x] >= 0 and doomed[comp[x]])
            assert found is not None
            seg = found
        stem = stem_to(s0) + [v for _, v in seg]
        target = comp[stem[-1]]
        members = frozenset(g.states[v] for v in range(n) if comp[v] == target)
        return Verdict(False, Lasso(stem, members, c.fair, c.bind.label))

    def fair_scc(self, scc: list[int], comp: list[int], cid: int, unit: list[int], fair: bool) -> bool:
        g = self.graph
        internal = [(v, m, w) for v in scc for m, w in g.edges(v) if w >= 0 and comp[w] == cid]
        if not internal:
            if len(scc) > 1 or any(w >= 0 for _, w in g.edges(scc[0])):
                return False
            return all(unit[m] == -1 for m, _ in g.edges(scc[0]))
        if not fair:
            return True
        sym_units = self.symmetric_units()
        everywhere: set[int] | None = None
        for v in scc:
            here = {unit[m] for m, _ in g.edges(v)} - {-1} - sym_units
            everywhere = here if everywhere is None else everywhere & here
            if not everywhere:
                break
        taken = {unit[m] for _, m, _ in internal}
        if everywhere and not everywhere <= taken:
            return False
        return not sym_units or self.threads_fair(scc, internal)

    def symmetric_units(self) -> set[int]:
        if not self.symmetric:
            return set()
        out: set[int] = set()
        arrays = self.plan.arrays()
        for name in self.plan.symmetric:
            for inst in arrays[name]:
                out |= {self.unit_id(inst.gid, e.name) for e in inst.machine.events
                        if e.kind in ("input", "internal")}
        return out

    def threads_fair(self, scc: list[int], internal: list[tuple[int, int, int]]) -> bool:
        """Weak fairness of each instance of each reduced array, followed through permutations."""
        g, plan = self.graph, self.plan
        arrays = plan.arrays()
        in_scc = set(scc)
        for ai, (name, offs, mask) in enumerate(array_offsets(plan)):
            members = arrays[name]
            npos = len(members)
            parent: dict[tuple[int, int], tuple[int, int]] = {(v, p): (v, p) for v in scc for p in range(npos)}

            def find(x: tuple[int, int], parent: dict[tuple[int, int], tuple[int, int]] = parent) -> tuple[int, int]:
                while parent[x] != x:
                    parent[x] = parent[parent[x]]
                    x = parent[x]
                return x

            for v in scc:
                s = g.states[v]
                blocks = [(s >> o) & mask for o in offs]
                for a in range(npos):
                    for b in range(a + 1, npos):
                        if blocks[a] == blocks[b]:
                            parent[find((v, a))] = find((v, b))
                for _, raw in self.raw_succ(s):
                    if raw < 0:
                        continue
                    c, perms = canon_perm(plan, raw)
                    w = g.index.get(c)
                    if w is None or w not in in_scc:
                        continue
                    for a in range(npos):
                        ra, rb = find((v, a)), find((w, perms[ai][a]))
                        if ra != rb:
                            parent[ra] = rb
            events = [e.name for e in members[0].machine.events if e.kind in ("input", "internal") and e.fair]
            need: set[tuple[tuple[int, int], str]] = set()
            sat: set[tuple[tuple[int, int], str]] = set()
            for v in scc:
                enabled = set()
                for m, _ in g.edges(v):
                    t = plan.moves[m].transition
                    if t is not None:
                        enabled.add((plan.moves[m].gid, t.event))
                for a in range(npos):
                    root = find((v, a))
                    for e in events:
                        need.add((root, e))
                        if (members[a].gid, e) not in enabled:
                            sat.add((root, e))
            for v, m, _ in internal:
                mv = plan.moves[m]
                if mv.transition is None:
                    continue
                for a in range(npos):
                    if members[a].gid == mv.gid:
                        sat.add((find((v, a)), mv.transition.event))
            if need - sat:
                return False
        return True

    def cycle(self, lasso: Lasso, concrete: int) -> list[tuple[int, int]] | None:
        """A concrete fair cycle from ``concrete`` inside the lasso's component ([] = stays forever)."""
        canon, component = self.canon, lasso.component

        def region(x: int) -> bool:
            return canon(x) in component

        local = explore_local(concrete, self.raw_succ, region)
        if local is None:
            return None
        unit = self.units(lasso.fair)
        return fair_cycle(concrete, local, region, lambda m: unit[m], lasso.fair)
