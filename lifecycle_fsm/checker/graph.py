"""The explored state graph in compact arrays, strongly connected components, fair cycles.

Liveness needs the edges, which the safety search does not keep. After the search, each
stored state's successors are generated once more and kept in CSR form: ``offsets[i]`` to
``offsets[i+1]`` index ``targets`` (state indices; -1 for a move that hits a model error,
kept because the move is still enabled) and ``emoves`` (the move ids). Tarjan's algorithm
runs iteratively (no recursion limit) over the subgraph a predicate selects.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(slots=True)
class Graph:
    states: list[int]
    index: dict[int, int]
    offsets: array  # type: ignore[type-arg]
    targets: array  # type: ignore[type-arg]
    emoves: array  # type: ignore[type-arg]

    def edges(self, v: int) -> Iterator[tuple[int, int]]:
        for e in range(self.offsets[v], self.offsets[v + 1]):
            yield self.emoves[e], self.targets[e]


def build_graph(states: list[int], succ: Callable[[int], list[tuple[int, int]]]) -> Graph:
    index = {s: i for i, s in enumerate(states)}
    offsets = array("q", [0])
    targets = array("i")
    emoves = array("H")
    for s in states:
        for move, n in succ(s):
            targets.append(index[n] if n >= 0 else -1)
            emoves.append(move)
        offsets.append(len(targets))
    return Graph(states, index, offsets, targets, emoves)


def tarjan(g: Graph, inside: bytearray, roots: list[int]) -> Iterator[list[int]]:
    """SCCs of the subgraph on nodes with ``inside[v]`` reachable from ``roots``, sinks first."""
    n = len(g.states)
    index = array("i", [-1]) * n
    low = array("i", [0]) * n
    onstack = bytearray(n)
    stack: list[int] = []
    counter = 0
    offsets, targets = g.offsets, g.targets
    for root in roots:
        if index[root] != -1 or not inside[root]:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        onstack[root] = 1
        work = [(root, offsets[root])]
        while work:
            v, ei = work[-1]
            end = offsets[v + 1]
            descended = False
            while ei < end:
                w = targets[ei]
                ei += 1
                if w < 0 or not inside[w]:
                    continue
                if index[w] == -1:
                    work[-1] = (v, ei)
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    onstack[w] = 1
                    work.append((w, offsets[w]))
                    descended = True
                    break
                if onstack[w] and index[w] < low[v]:
                    low[v] = index[w]
            if descended:
                continue
            work.pop()
            if work:
                u = work[-1][0]
                if low[v] < low[u]:
                    low[u] = low[v]
            if low[v] == index[v]:
                comp = []
                while True:
                    x = stack.pop()
                    onstack[x] = 0
                    comp.append(x)
                    if x == v:
                        break
                yield comp


def bfs_path(start: int, goal: Callable[[int], bool], nexts: Callable[[int], Iterator[tuple[int, int]]],
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
