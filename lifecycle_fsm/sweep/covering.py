"""Covering arrays: few configurations that together contain every t-tuple of parameter values.

A t-way covering array over parameters with domains D1..Dn is a set of rows (one value
per parameter) such that for every t parameters and every combination of their values
some row has those values. Here rows must also be *valid*: ``allowed(partial)`` says
whether a partial row (``None`` = not chosen yet) can be completed into a valid row, and
only the t-tuples that some valid row contains are required (a tuple the constraints rule
out cannot be covered).

Construction: IPOG (Lei, Kacker, Kuhn, Okun, Lawrence, "IPOG: A General Strategy for
T-Way Software Testing", ECBS 2007), deterministic:

1. order the parameters by decreasing domain size (ties: declaration order);
2. start from every valid combination of the first t parameters;
3. for each next parameter k: *horizontal growth* gives each existing row the value of k
   that covers the most t-tuples (k and t-1 earlier parameters) not covered yet, first
   such value on ties, keeping the row completable; *vertical growth* then places each
   tuple still uncovered into the first row whose positions are free or equal and stays
   completable, else into a new row (other positions free);
4. free positions left at the end get the first value that keeps the row completable.

Every choice iterates in a fixed order, so the same input gives the same array on every
run and platform; ``uncovered`` re-checks the coverage property from scratch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations, product

Partial = tuple[int | None, ...]  # value index per parameter, None: not chosen
Allowed = Callable[[Partial], bool]


def full_product(sizes: Sequence[int], allowed: Allowed) -> list[tuple[int, ...]]:
    """Every valid row, in lexicographic order of value indices."""
    return [row for row in product(*(range(s) for s in sizes)) if allowed(row)]


def covering_array(sizes: Sequence[int], t: int, allowed: Allowed) -> list[tuple[int, ...]]:
    """A t-way covering array of valid rows (value indices), built by IPOG; the full product if t >= n."""
    n = len(sizes)
    if t < 1:
        raise ValueError("strength must be at least 1")
    if t >= n:
        return full_product(sizes, allowed)
    order = sorted(range(n), key=lambda i: (-sizes[i], i))  # position p holds parameter order[p]
    psizes = [sizes[i] for i in order]

    def ok(row: list[int | None]) -> bool:
        original: list[int | None] = [None] * n
        for p, v in enumerate(row):
            original[order[p]] = v
        return allowed(tuple(original))

    rows: list[list[int | None]] = []
    for combo in product(*(range(s) for s in psizes[:t])):
        row: list[int | None] = list(combo) + [None] * (n - t)
        if ok(row):
            rows.append(row)
    for k in range(t, n):
        missing = _required(psizes, t, k, ok)
        for row in rows:
            _grow_horizontally(row, k, psizes[k], missing, ok)
        _grow_vertically(rows, k, n, missing, ok)
    for row in rows:
        for p in range(n):
            if row[p] is None:
                row[p] = next(v for v in range(psizes[p]) if ok(row[:p] + [v] + row[p + 1:]))
    out = []
    for row in rows:
        original = [0] * n
        for p, v in enumerate(row):
            assert v is not None
            original[order[p]] = v
        out.append(tuple(original))
    return out


Missing = dict[tuple[int, ...], dict[tuple[int, ...], None]]  # positions -> ordered set of value tuples


def _required(psizes: list[int], t: int, k: int, ok: Callable[[list[int | None]], bool]) -> Missing:
    """The completable t-tuples over position k and t-1 earlier positions."""
    missing: Missing = {}
    n = len(psizes)
    for subset in combinations(range(k), t - 1):
        positions = subset + (k,)
        tuples: dict[tuple[int, ...], None] = {}
        for values in product(*(range(psizes[p]) for p in positions)):
            row: list[int | None] = [None] * n
            for p, v in zip(positions, values):
                row[p] = v
            if ok(row):
                tuples[values] = None
        missing[positions] = tuples
    return missing


def _grow_horizontally(row: list[int | None], k: int, size: int, missing: Missing,
                       ok: Callable[[list[int | None]], bool]) -> None:
    best, best_gain = None, -1
    for v in range(size):
        row[k] = v
        if not ok(row):
            continue
        gain = 0
        for positions, tuples in missing.items():
            key = tuple(row[p] for p in positions)
            if None not in key and key in tuples:
                gain += 1
        if gain > best_gain:
            best, best_gain = v, gain
    row[k] = best  # a completable row has some completable value here
    assert best is not None
    for positions, tuples in missing.items():
        key = tuple(row[p] for p in positions)
        if None not in key:
            tuples.pop(key, None)  # type: ignore[arg-type]


def _grow_vertically(rows: list[list[int | None]], k: int, n: int, missing: Missing,
                     ok: Callable[[list[int | None]], bool]) -> None:
    for positions, tuples in missing.items():
        for values in list(tuples):
            for row in rows:
                if any(row[p] is not None and row[p] != v for p, v in zip(positions, values)):
                    continue
                merged = list(row)
                for p, v in zip(positions, values):
                    merged[p] = v
                if ok(merged):
                    row[:] = merged
                    break
            else:
                new: list[int | None] = [None] * n
                for p, v in zip(positions, values):
                    new[p] = v
                rows.append(new)
        tuples.clear()


def uncovered(rows: Sequence[Sequence[int]], sizes: Sequence[int], t: int,
              allowed: Allowed) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Every completable t-tuple (positions, values) that no row contains: empty for a covering array."""
    n = len(sizes)
    t = min(t, n)
    out = []
    for positions in combinations(range(n), t):
        seen = {tuple(r[p] for p in positions) for r in rows}
        for values in product(*(range(sizes[p]) for p in positions)):
            if values in seen:
                continue
            partial: list[int | None] = [None] * n
            for p, v in zip(positions, values):
                partial[p] = v
            if allowed(tuple(partial)):
                out.append((positions, values))
    return out
