"""The configuration space of a spec: one axis of values per parameter, and its valid part.

Axes come from the declared types (bool: false, true; an enum: its members; a range: lo..hi),
restricted by `-D` options: ``-D name=v`` fixes a parameter, ``-D name=a,b`` keeps the values
listed and ``-D name=lo..hi`` keeps a sub-range (sweeps only).

Validity under the `require` constraints is decided per *group*: the constraints that share
a parameter, transitively, form a group, and a group's valid value combinations are
enumerated once (they are small: a constraint reads a few parameters). A partial row can be
completed into a valid configuration exactly when, for every group, some valid combination
agrees with the values already chosen, since groups share no parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product
from math import prod

from .. import model as ir
from ..constraints import params_of, satisfied
from ..diagnostics import Diagnostic, LfsmError
from ..messages import say
from ..params import COMMAND_LINE, bind_params, parse_value
from ..source import Span
from .covering import Partial

GROUP_LIMIT = 1_000_000  # value combinations of one constraint group enumerated at most


@dataclass
class Space:
    names: list[str]
    values: list[list[ir.Value]]
    constraints: tuple[ir.ConstraintDef, ...]
    _groups: list[tuple[list[int], set[tuple[int, ...]]]] | None = None  # positions, valid (see ``groups``)
    _memo: dict[tuple[int, tuple[int | None, ...]], bool] = field(default_factory=dict)

    @property
    def groups(self) -> list[tuple[list[int], set[tuple[int, ...]]]]:
        """Constraints sharing parameters, merged, each with its valid combinations: enumerated when first
        needed (sampling, counting), so that a listed set of rows over wide axes never enumerates them."""
        if self._groups is None:
            self._groups = _groups(self)
        return self._groups

    @property
    def sizes(self) -> list[int]:
        return [len(v) for v in self.values]

    def total(self) -> int:
        """Configurations in the full product of the axes, valid or not."""
        return prod(self.sizes)

    def valid_total(self) -> int:
        """Valid configurations in the full product (counted by group, never enumerated)."""
        grouped = {p for positions, _ in self.groups for p in positions}
        free = prod(s for i, s in enumerate(self.sizes) if i not in grouped)
        return free * prod(len(valid) for _, valid in self.groups)

    def allowed(self, row: Partial) -> bool:
        """Whether the partial row (value indices, None: open) can be completed into a valid configuration."""
        if None not in row:  # a whole row: its constraints, evaluated
            values = {n: vals[i] for n, vals, i in zip(self.names, self.values, row)}  # type: ignore[index]
            return all(satisfied(c, values) for c in self.constraints)
        for g, (positions, valid) in enumerate(self.groups):
            key = tuple(row[p] for p in positions)
            memo = self._memo.get((g, key))
            if memo is None:
                if None not in key:
                    memo = key in valid
                else:
                    memo = any(all(k is None or k == v for k, v in zip(key, combo)) for combo in valid)
                self._memo[(g, key)] = memo
            if not memo:
                return False
        return True

    def binding(self, row: Sequence[int]) -> dict[str, ir.Value]:
        return {n: vals[i] for n, vals, i in zip(self.names, self.values, row)}


def build_space(model: ir.Model, defines: Sequence[str]) -> Space:
    """The axes of ``model``'s parameters under the `-D` restrictions, with the constraint groups."""
    fixed: list[str] = []
    restrict: dict[str, list[ir.Value]] = {}
    diags: list[Diagnostic] = []
    types = {p.name: p.type for p in model.params}
    for position, text in enumerate(defines, start=1):
        name, _, raw = (x.strip() for x in text.partition("="))
        if name in types and ("," in raw or ".." in raw):
            try:
                restrict[name] = _values(name, raw, types[name], position)
            except LfsmError as e:
                diags.extend(e.diagnostics)
        else:
            fixed.append(text)
    try:
        base = bind_params(model, fixed, constraints=False)
    except LfsmError as e:
        diags.extend(e.diagnostics)
        base = {}
    if diags:
        raise LfsmError(diags)
    given = {d.partition("=")[0].strip() for d in fixed}
    names, values = [], []
    for p in model.params:
        names.append(p.name)
        if p.name in restrict:
            values.append(restrict[p.name])
        elif p.name in given:
            values.append([base[p.name]])
        else:
            values.append(domain(p.type))
    return Space(names, values, model.constraints)


def domain(t: ir.Type) -> list[ir.Value]:
    if isinstance(t, ir.BoolT):
        return [False, True]
    if isinstance(t, ir.EnumT):
        return list(t.members)
    assert isinstance(t, ir.IntT) and t.lo is not None and t.hi is not None
    return list(range(t.lo, t.hi + 1))


def _values(name: str, raw: str, t: ir.Type, position: int) -> list[ir.Value]:
    """The values of ``-D name=a,b`` or ``-D name=lo..hi`` (each checked against the type), in domain order."""
    if ".." in raw and isinstance(t, ir.IntT):
        lo_text, _, hi_text = raw.partition("..")
        lo, hi = parse_value(name, lo_text.strip(), t, position), parse_value(name, hi_text.strip(), t, position)
        assert isinstance(lo, int) and isinstance(hi, int)
        wanted: list[ir.Value] = list(range(lo, hi + 1))
    else:
        wanted = [parse_value(name, x.strip(), t, position) for x in raw.split(",")]
    chosen = [v for v in domain(t) if v in wanted]
    if not chosen:
        raise LfsmError([Diagnostic("bad-option", say("sweep.empty-axis", name=name, raw=raw),
                                    Span(COMMAND_LINE, 0, position, 0, position))])
    return chosen


def _groups(space: Space) -> list[tuple[list[int], set[tuple[int, ...]]]]:
    """Constraints sharing parameters, merged; each group's valid combinations of value indices."""
    index = {n: i for i, n in enumerate(space.names)}
    parts: list[tuple[set[int], list[ir.ConstraintDef]]] = []
    for c in space.constraints:
        reads = {index[p] for p in params_of(c.expr)}
        joined = [part for part in parts if part[0] & reads]
        for part in joined:
            parts.remove(part)
        merged = reads.union(*(p[0] for p in joined))
        parts.append((merged, [x for p in joined for x in p[1]] + [c]))
    out: list[tuple[list[int], set[tuple[int, ...]]]] = []
    for positions_set, cs in sorted(parts, key=lambda p: sorted(p[0])):
        positions = sorted(positions_set)
        if prod(len(space.values[p]) for p in positions) > GROUP_LIMIT:
            names = ", ".join(repr(space.names[p]) for p in positions)
            raise LfsmError([Diagnostic("bad-option", say("sweep.group-too-large", names=names, limit=GROUP_LIMIT),
                                        None)])
        valid: set[tuple[int, ...]] = set()
        for combo in product(*(range(len(space.values[p])) for p in positions)):
            values = {space.names[p]: space.values[p][i] for p, i in zip(positions, combo)}
            if all(satisfied(c, values) for c in cs):
                valid.add(combo)
        out.append((positions, valid))
    return out
