"""The explored state graph in compact arrays, strongly connected components, fair cycles.

Liveness needs the edges, which the safety search does not keep. The graph's nodes are the
model states the search reached (the ordering monitors projected out, see
``checker/liveness.py``); a node's successors are generated the first time an analysis needs
them and kept: ``first[v]`` to ``last[v]`` index ``targets`` (node indices; -1 for a move
that hits a model error, kept because the move is still enabled) and ``emoves`` (the move
ids). Nodes no check ever looks into are never expanded. Tarjan's algorithm runs
iteratively (no recursion limit) over the subgraph a predicate selects, and finds on the way
which nodes can reach a component a check calls good (``reach_good``).
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass


class Graph:
    """Nodes ``states`` (``index`` maps a state to its node); edges generated on demand by ``succ``."""

    __slots__ = ("states", "index", "succ", "first", "last", "targets", "emoves")

    def __init__(self, states: list[int], index: dict[int, int], succ: Callable[[int], list[tuple[int, int]]]):
        self.states = states
        self.index = index
        self.succ = succ
        self.first = array("q", [-1]) * len(states)  # -1: successors not generated yet
        self.last = array("q", [0]) * len(states)
        self.targets = array("i")
        self.emoves = array("H")

    def expand(self, v: int) -> None:
        """Generate and keep the successors of node ``v``."""
        out = self.succ(self.states[v])
        index = self.index
        self.first[v] = len(self.targets)
        self.targets.extend([index[n] if n >= 0 else -1 for _, n in out])
        self.emoves.extend([m for m, _ in out])
        self.last[v] = len(self.targets)

    def edges(self, v: int) -> list[tuple[int, int]]:
        """(move, target) for every step from node ``v`` (target -1: the move hits a model error)."""
        if self.first[v] < 0:
            self.expand(v)
        a, b = self.first[v], self.last[v]
        return list(zip(self.emoves[a:b], self.targets[a:b]))


def reach_good(g: Graph, inside: bytes | bytearray, roots: list[int], good: Callable[[list[int], int, bool], bool],
               comp: array) -> tuple[bytearray, bytearray]:  # type: ignore[type-arg]
    """Which nodes of the subgraph on ``inside`` nodes, reachable from ``roots``, can reach a good component.

    Tarjan's algorithm, iterative, sinks first. ``good(scc, cid, stutter)`` judges component
    number ``cid`` when it has an edge inside it (``stutter`` False), or when it is a single
    node without any step to a state (``stutter`` True: only moves that hit a model error, or
    none); any other component is not good. ``comp`` (all -1 on entry) receives each visited
    node's component number; when ``good`` is called, it is set for the component's nodes
    and for those of every component found before, and every node of the component has its
    successors generated. Returns ``doomed`` (1: a good component is reachable from the node
    inside the subgraph) and ``fairs`` (1: the node is in a good component).
    """
    n = len(g.states)
    index = array("i", [-1]) * n
    low = array("i", [0]) * n
    flags = bytearray(n)  # 1: a step to some state; 2: a step to itself; 4: a step to a doomed earlier component
    doomed = bytearray(n)
    fairs = bytearray(n)
    onstack = bytearray(n)
    stack: list[int] = []
    counter = 0
    cid = 0
    first, last, targets, expand = g.first, g.last, g.targets, g.expand
    for root in roots:
        if index[root] != -1 or not inside[root]:
            continue
        work: list[tuple[int, int]] = []
        w = root  # the node to visit next (-1: none, go on with the top of ``work``)
        while True:
            if w >= 0:
                index[w] = low[w] = counter
                counter += 1
                stack.append(w)
                onstack[w] = 1
                if first[w] < 0:
                    expand(w)
                work.append((w, first[w]))
            if not work:
                break
            v, ei = work[-1]
            end = last[v]
            while ei < end:
                w = targets[ei]
                ei += 1
                if w < 0:
                    continue
                flags[v] |= 1
                if not inside[w]:
                    continue
                if index[w] == -1:
                    work[-1] = (v, ei)
                    break
                if onstack[w]:
                    if index[w] < low[v]:
                        low[v] = index[w]
                    if w == v:
                        flags[v] |= 2
                elif doomed[w]:
                    flags[v] |= 4
            else:
                w = -1
                work.pop()
                if low[v] == index[v]:
                    if stack[-1] == v:
                        stack.pop()
                        onstack[v] = 0
                        comp[v] = cid
                        f = flags[v]
                        ok = good([v], cid, False) if f & 2 else (not f and good([v], cid, True))
                        if ok or f & 4:
                            doomed[v] = 1
                            fairs[v] = ok
                    else:
                        scc = []
                        d = 0
                        while True:
                            x = stack.pop()
                            onstack[x] = 0
                            comp[x] = cid
                            d |= flags[x]
                            scc.append(x)
                            if x == v:
                                break
                        ok = good(scc, cid, False)
                        if ok or d & 4:
                            for x in scc:
                                doomed[x] = 1
                                fairs[x] = ok
                    cid += 1
                if work:
                    u = work[-1][0]
                    if onstack[v]:
                        if low[v] < low[u]:
                            low[u] = low[v]
                    elif doomed[v]:
                        flags[u] |= 4
    return doomed, fairs


def bfs_path(start: int, goal: Callable[[int], bool], nexts: Callable[[int], Iterable[tuple[int, int]]],
             allowed: Callable[[int], bool]) -> list[tuple[int, int]] | None:
    """Shortest list of (move, node) from ``start`` to a node satisfying ``goal`` (at least one step)."""
    parent: dict[int, tuple[int, int]] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        v = queue.popleft()
        for move, w in nexts(v):
            if w < 0 or not allowed(w):
                continue
            if goal(w):
                path = [(move, w)]
                x = v
                while x != start:
                    pm, pv = parent[x]
                    path.append((pm, x))
                    x = pv
                path.reverse()
                return path
            if w not in seen:
                seen.add(w)
                parent[w] = (move, v)
                queue.append(w)
    return None


@dataclass(slots=True)
class Local:
    """A small concrete graph explored from one state, for building a fair cycle."""

    edges: dict[int, list[tuple[int, int]]]  # node -> (move, successor or -1)


def explore_local(start: int, succ: Callable[[int], list[tuple[int, int]]], region: Callable[[int], bool],
                  limit: int = 2_000_000) -> Local | None:
    edges: dict[int, list[tuple[int, int]]] = {}
    queue = deque([start])
    while queue:
        v = queue.popleft()
        if v in edges:
            continue
        out = succ(v)
        edges[v] = out
        if len(edges) > limit:
            return None
        for _, w in out:
            if w >= 0 and w not in edges and region(w):
                queue.append(w)
    return Local(edges)


def fair_cycle(start: int, local: Local, region: Callable[[int], bool], unit_of: Callable[[int], int],
               fair: bool) -> list[tuple[int, int]] | None:
    """A cycle from ``start`` back to it inside its SCC that is weakly fair (if ``fair``); [] means stuttering.

    Returns None when the SCC of ``start`` admits no fair cycle.
    """
    inside = {v for v in local.edges if region(v)}
    rev: dict[int, list[int]] = {}
    for v in inside:
        for _, w in local.edges[v]:
            if w >= 0 and w in inside:
                rev.setdefault(w, []).append(v)
    scc = {start}
    queue = deque([start])
    while queue:
        v = queue.popleft()
        for u in rev.get(v, []):
            if u not in scc:
                scc.add(u)
                queue.append(u)
    real = [(m, w) for m, w in local.edges[start] if w >= 0]
    if len(scc) == 1 and all(w != start for _, w in real):
        if real:
            return None
        enabled = {unit_of(m) for m, _ in local.edges[start]} - {-1}
        return [] if not fair or not enabled else None
    def nexts(v: int) -> Iterator[tuple[int, int]]:
        return iter(local.edges[v])
    witnesses: list[tuple[str, int, int]] = []  # ('node', v, 0) or ('edge', v, move)
    if fair:
        units: set[int] = set()
        for v in sorted(scc):
            units |= {unit_of(m) for m, _ in local.edges[v]}
        units.discard(-1)
        for u in sorted(units):
            off = next((v for v in sorted(scc) if all(unit_of(m) != u for m, _ in local.edges[v])), None)
            if off is not None:
                witnesses.append(("node", off, 0))
                continue
            took = next(((v, m) for v in sorted(scc) for m, w in local.edges[v] if unit_of(m) == u and w in scc),
                        None)
            if took is None:
                return None
            witnesses.append(("edge", took[0], took[1]))
    path: list[tuple[int, int]] = []
    cur = start
    for kind, v, move in witnesses:
        if cur != v:
            seg = bfs_path(cur, _equals(v), nexts, scc.__contains__)
            assert seg is not None
            path += seg
            cur = v
        if kind == "edge":
            w = next(w for m, w in local.edges[v] if m == move)
            path.append((move, w))
            cur = w
    if cur != start or not path:
        seg = bfs_path(cur, _equals(start), nexts, scc.__contains__)
        assert seg is not None
        path += seg
    return path


def _equals(v: int) -> Callable[[int], bool]:
    return lambda x: x == v
