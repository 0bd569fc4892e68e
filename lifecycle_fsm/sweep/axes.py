"""``--all-params``: every combination of the declared parameter values, enumerated lazily.

One axis per parameter: its ``-D`` value or default (one value), or, when sweeping, every
value of its type. Combinations come in ``itertools.product`` order (the last parameter
varies fastest) without ever being listed, so that a run can refuse a product too large
(``--max-runs``) before it starts.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .. import model as ir
from ..params import bind_params

MAX_RUNS = 1000  # --all-params and --sweep full refuse more runs than this unless --max-runs says otherwise


@dataclass(frozen=True, slots=True)
class Axis:
    """The values one parameter takes in a sweep (a ``range`` for integers: never a list of them)."""

    name: str
    size: int  # len(values), which a range of more than 2**63 values cannot tell
    values: Sequence[ir.Value]


def sweep_axes(model: ir.Model, defines: Sequence[str], sweep: bool) -> list[Axis]:
    """One axis per parameter: its -D value or default (one value), or with ``sweep`` every value."""
    fixed = bind_params(model, defines, constraints=not sweep)
    given = {d.partition("=")[0].strip() for d in defines}
    axes: list[Axis] = []
    for p in model.params:
        if not sweep or p.name in given:
            axes.append(Axis(p.name, 1, (fixed[p.name],)))
        elif isinstance(p.type, ir.BoolT):
            axes.append(Axis(p.name, 2, (False, True)))
        elif isinstance(p.type, ir.EnumT):
            axes.append(Axis(p.name, len(p.type.members), p.type.members))
        else:
            assert isinstance(p.type, ir.IntT) and p.type.lo is not None and p.type.hi is not None
            axes.append(Axis(p.name, p.type.hi - p.type.lo + 1, range(p.type.lo, p.type.hi + 1)))
    return axes


def combinations(axes: list[Axis]) -> Iterator[dict[str, ir.Value]]:
    """Every binding, lazily, in itertools.product order (the last parameter varies fastest)."""
    index = [0] * len(axes)
    while True:
        yield {a.name: a.values[i] for a, i in zip(axes, index)}
        j = len(axes) - 1
        while j >= 0:
            index[j] += 1
            if index[j] < axes[j].size:
                break
            index[j] = 0
            j -= 1
        if j < 0:
            return


def skipped(model: ir.Model, defines: Sequence[str]) -> int:
    """How many combinations --all-params skips as invalid under the spec's constraints."""
    if not model.constraints:
        return 0
    from .space import build_space

    space = build_space(model, defines)
    return space.total() - space.valid_total()


def count_runs(axes: list[Axis], systems: int) -> int:
    return math.prod(a.size for a in axes) * systems


__all__ = ["Axis", "combinations", "count_runs", "skipped", "sweep_axes"]
