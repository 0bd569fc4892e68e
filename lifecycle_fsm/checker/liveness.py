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

The graph is over model states only. The search stores a state per combination of model
state and ordering-monitor values, but monitors never enable, disable or change a step, so
the graph of stored states is the model graph times a deterministic monitor automaton: a
fair run staying in not-Q exists from a stored state exactly when one exists from its model
state. The monitor fields are masked off (and the state made canonical again: per-instance
monitors sit in their instance's block), duplicates merged, and the successors come from a
plan without monitors (``model_plan``), whose steps leave those fields at 0. Nodes are
numbered in the order the search first reached each model state, so the first violating
node is the model state of the first violating stored state, and the search's parent links
from the first stored state of each node (``rep``) give a shortest stem.
"""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress

from .build import Plan
from .codegen import load, load_predicate
from .graph import Graph, bfs_path, explore_local, fair_cycle, reach_good
from .moves import Live
from .props import LiveCheck
from .symmetry import array_offsets, canon_perm

_FAILS = bytes([1] + [0] * 255)  # predicate result -> 1 where it is 0 (false), for bytes.translate


@dataclass(frozen=True, slots=True)
class Lasso:
    """A violation found on the graph: the stem's end, the path on to a fair component, the component."""

    root: int  # the first node (search order) satisfying P and not Q from which not Q can last forever
    path: list[int]  # nodes after ``root``, inside not Q, to a state of the fair component ([] if root is in it)
    component: frozenset[int]  # the model states of that component
    fair: bool
    label: str  # the instance the property was checked for ('' for a system property)


@dataclass(slots=True)
class Verdict:
    holds: bool | None
    lasso: Lasso | None = None
    message: str = ""
    error_node: int | None = None  # the first node (search order) where P or Q hits a model error


def model_plan(plan: Plan) -> Plan:
    """``plan`` without ordering monitors and only-when checks: its steps leave monitor fields at 0."""
    if not plan.checks.monitors and not plan.checks.whens:
        return plan
    return dataclasses.replace(plan, checks=dataclasses.replace(plan.checks, monitors=(), whens=()))


def fair_units(plan: Plan) -> dict[tuple[int, str], int]:
    """(instance, fair event) -> its weak-fairness unit, numbered from 1 in move order (the tick is 0);
    the native module's move table carries the same numbers (native/ctables.py)."""
    units: dict[tuple[int, str], int] = {}
    for mv in plan.moves[1:]:
        assert mv.transition is not None
        ev = plan.instances[mv.gid].machine.event(mv.transition.event)
        if ev.fair:
            units.setdefault((mv.gid, ev.name), len(units) + 1)
    return units


class LivenessChecker:
    """Builds the graph of model states once, then judges each leads-to check on it."""

    def __init__(self, plan: Plan, layers: list[list[int]], symmetric: bool, canon: Callable[[int], int]):
        self.plan = model_plan(plan)
        self.symmetric = symmetric and bool(plan.symmetric)
        self.canon = canon
        mask = plan.layout.model_mask
        self.rep: array | None = None  # type: ignore[type-arg]  # node -> index of its first stored state
        if mask == (1 << plan.layout.total_bits) - 1:
            states = [s for layer in layers for s in layer]
            index = {s: i for i, s in enumerate(states)}
        else:
            states, index, self.rep = project(layers, mask, canon if self.symmetric else None)
        succ = load(self.plan, Live(), "succ", self.symmetric)
        self.graph = Graph(states, index, succ)
        self._raw_succ = None if self.symmetric else succ
        self.unit_ids = fair_units(plan)  # more from symmetric_units: events without a move

    @property
    def raw_succ(self) -> Callable[[int], list[tuple[int, int]]]:
        """Successors as they are (not made canonical), from a state with the monitor fields at 0."""
        if self._raw_succ is None:
            self._raw_succ = load(self.plan, Live(), "succ", False)
        return self._raw_succ

    def state(self, node: int) -> int:
        """The model state of graph node ``node``."""
        return self.graph.states[node]

    def stored_index(self, node: int) -> int:
        """The index (search order) of the first stored state whose model state is ``node``."""
        return node if self.rep is None else self.rep[node]

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

    def check(self, c: LiveCheck) -> Verdict:
        """Judge one check on the graph (a violation's stem is rebuilt by the caller from ``root``)."""
        g = self.graph
        states = g.states
        n = len(states)
        vals = bytes(map(load_predicate(self.plan, c.rhs, c.bind), states))
        lvals = bytes(map(load_predicate(self.plan, c.lhs, c.bind), states)) if c.lhs is not None else b""
        errors = [i for i in (vals.find(2), lvals.find(2)) if i >= 0]
        if errors:  # undecided: the property means nothing where it cannot be evaluated
            return Verdict(None, error_node=min(errors))
        bad = vals.translate(_FAILS)
        if c.lhs is None:
            roots = [0] if bad[0] else []
        else:
            roots = [i for i in compress(range(n), bad) if lvals[i] == 1]
        if not roots:
            return Verdict(True)
        unit = self.units(c.fair)
        sym = self.symmetric_units() if c.fair else set()
        comp = array("i", [-1]) * n
        first, last, emoves = g.first, g.last, g.emoves

        def good(scc: list[int], cid: int, stutter: bool) -> bool:
            if stutter:  # no step at all: fair when no fair unit is enabled (moves hitting an error are)
                v = scc[0]
                return all(unit[m] == -1 for m in emoves[first[v]:last[v]])
            return self.fair_scc(scc, comp, cid, unit, sym, c.fair)

        doomed, fairs = reach_good(g, bad, roots, good, comp)
        s0 = next((r for r in roots if doomed[r]), None)
        if s0 is None:
            return Verdict(True)
        path: list[int] = []
        end = s0
        if not fairs[s0]:
            found = bfs_path(s0, lambda x: fairs[x] == 1, g.edges, lambda x: doomed[x] == 1)
            assert found is not None
            path = [v for _, v in found]
            end = path[-1]
        target = comp[end]
        members = frozenset(states[v] for v in compress(range(n), [k == target for k in comp]))
        return Verdict(False, Lasso(s0, path, members, c.fair, c.bind.label))

    def fair_scc(self, scc: list[int], comp: array, cid: int, unit: list[int],  # type: ignore[type-arg]
                 sym_units: set[int], fair: bool) -> bool:
        """Whether a component with an edge inside it has a weakly fair cycle (any cycle if not ``fair``)."""
        if not fair:
            return True
        g = self.graph
        first, last, targets, emoves = g.first, g.last, g.targets, g.emoves
        internal = [(v, emoves[e], targets[e]) for v in scc for e in range(first[v], last[v])
                    if targets[e] >= 0 and comp[targets[e]] == cid]
        everywhere: set[int] | None = None
        for v in scc:
            here = {unit[m] for m in emoves[first[v]:last[v]]}
            here.discard(-1)
            here -= sym_units
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


def project(layers: list[list[int]], mask: int, canon: Callable[[int], int] | None,
            ) -> tuple[list[int], dict[int, int], array]:  # type: ignore[type-arg]
    """The distinct model states of the stored states (``mask`` keeps the model bits), in search order,
    their indices, and for each the index of the first stored state projecting to it."""
    states: list[int] = []
    index: dict[int, int] = {}
    rep = array("q")
    i = 0
    for layer in layers:
        for s in layer:
            m = canon(s & mask) if canon is not None else s & mask
            if m not in index:
                index[m] = len(states)
                states.append(m)
                rep.append(i)
            i += 1
    return states, index, rep
