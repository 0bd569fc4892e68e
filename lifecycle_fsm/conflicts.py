"""Choosing which pairs of transitions to compare for overlapping guards, in near-linear time.

Comparing every pair of transitions on one event is quadratic: a thousand copies of
one line gave half a million messages in half a minute. Three facts keep the work
near-linear without missing an overlap:

* only transitions whose source states share a leaf can be enabled together, so
  transitions are grouped by their set of source leaves and a group is compared with
  the groups it shares a leaf with (never with the rest);
* a guard that fixes an atom to a literal (``phase == Running``, ``ready``,
  ``not ready``) cannot hold together with a guard that fixes the same atom to
  another literal: the atom fixed most often splits each group into buckets, and a
  transition is compared only with its own bucket and with the transitions that do
  not fix that atom; guards whose literal bounds on one integer atom leave no common
  value (``n < 3`` and ``n >= 3``) are told apart without enumerating anything;
* each transition is reported once, against the first earlier transition it
  conflicts with, so the messages grow with the transitions, not with their pairs.

What is left quadratic, though only in that cheap test of bounds, is a family of many
transitions from one state on one event told apart by ranges (``x < 1``,
``x >= 1 and x < 2``, ...): a thousand of them take about a second.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from . import model as ir
from .overlap import atom_key, conjuncts

V = TypeVar("V")
_ANY = ("any value",)  # the bucket of transitions that do not fix the splitting atom


@dataclass
class Constraints:
    """What a guard's top-level conjuncts say about single atoms.

    ``points``: atoms fixed to one literal (``phase == Running``, ``ready``, ``not ready``,
    ``n == 2``); ``ranges``: integer atoms bounded by literals (``n < 3``, ``2 <= n``),
    as inclusive (low, high) with None for no bound.
    """

    points: dict[int, ir.Value] = field(default_factory=dict)
    ranges: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)

    def bound(self, key: int, lo: int | None, hi: int | None) -> None:
        old_lo, old_hi = self.ranges.get(key, (None, None))
        self.ranges[key] = (lo if old_lo is None else old_lo if lo is None else max(lo, old_lo),
                            hi if old_hi is None else old_hi if hi is None else min(hi, old_hi))


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}


def constraints(guard: ir.Expr | None, ids: dict[object, int]) -> Constraints:
    """The single-atom facts of ``guard`` (see Constraints); what is not understood is left out.

    Atoms are keyed by small integers from ``ids`` (shared by the guards compared):
    hashing an IR expression again for every pair cost more than the rest of the test.
    """
    out = Constraints()
    if guard is None:
        return out
    for c in conjuncts(guard):
        if isinstance(c, ir.Bin) and c.op in _FLIP:
            for atom, op, other in ((c.left, c.op, c.right), (c.right, _FLIP[c.op], c.left)):
                expr_key = atom_key(atom)
                if expr_key is None or isinstance(atom, ir.InStateE) or not isinstance(other, ir.Lit):
                    continue
                key = ids.setdefault(expr_key, len(ids))
                v = other.value
                if op == "==":
                    out.points.setdefault(key, v)
                if isinstance(v, bool) or not isinstance(v, int):
                    continue
                lo, hi = {"==": (v, v), "<": (None, v - 1), "<=": (None, v), ">": (v + 1, None),
                          ">=": (v, None)}[op]
                out.bound(key, lo, hi)
            continue
        negated = isinstance(c, ir.Not)
        atom = c.operand if isinstance(c, ir.Not) else c
        if isinstance(atom, (ir.VarRef, ir.ParamRef, ir.MParamRef)) and isinstance(atom.type, ir.BoolT):
            out.points.setdefault(ids.setdefault(atom, len(ids)), not negated)
    return out


def first_conflicts(leafsets: Sequence[frozenset[str]], facts: Sequence[Constraints],
                    conflict: Callable[[int, int], V | None]) -> Iterator[tuple[int, int, V]]:
    """For each transition ``i``, the first earlier ``j`` (in order) with ``conflict(j, i)`` not None.

    ``leafsets[i]`` are the leaves transition ``i`` leaves from and ``facts[i]`` what its
    guard says of single atoms (``constraints``); pairs that share no leaf or whose
    facts exclude each other are never passed to ``conflict``. Yields ``(i, j, verdict)``.
    """
    counts = Counter(k for f in facts for k in f.points)
    split = counts.most_common(1)[0][0] if counts else None
    group_ids: dict[frozenset[str], int] = {}
    group = [group_ids.setdefault(ls, len(group_ids)) for ls in leafsets]
    sharing: dict[str, set[int]] = defaultdict(set)  # leaf -> groups leaving from it
    for ls, g in group_ids.items():
        for leaf in ls:
            sharing[leaf].add(g)
    neighbours: list[set[int]] = [set() for _ in group_ids]
    for gs in sharing.values():
        for g in gs:
            neighbours[g] |= gs
    bucket: dict[tuple[int, Hashable], list[int]] = defaultdict(list)  # (group, split value) -> earlier i
    members: dict[int, list[int]] = defaultdict(list)  # group -> earlier i
    for i in range(len(leafsets)):
        value = facts[i].points.get(split, _ANY) if split is not None else _ANY
        sources: list[list[int]] = []
        for h in neighbours[group[i]]:
            if value is _ANY:
                sources.append(members[h])
            else:
                sources += [bucket[(h, value)], bucket[(h, _ANY)]]
        for j in heapq.merge(*sources):
            if _excluded(facts[i], facts[j]):
                continue
            verdict = conflict(j, i)
            if verdict is not None:
                yield i, j, verdict
                break
        bucket[(group[i], value)].append(i)
        members[group[i]].append(i)


def _excluded(a: Constraints, b: Constraints) -> bool:
    """Do two guards' facts contradict each other (so the guards cannot hold together)?"""
    p, q = (a.points, b.points) if len(a.points) <= len(b.points) else (b.points, a.points)
    if any(k in q and q[k] != v for k, v in p.items()):
        return True
    r, t = (a.ranges, b.ranges) if len(a.ranges) <= len(b.ranges) else (b.ranges, a.ranges)
    for k, (lo, hi) in r.items():
        other = t.get(k)
        if other is not None and ((lo is not None and other[1] is not None and lo > other[1])
                                  or (hi is not None and other[0] is not None and other[0] > hi)):
            return True
    return False
