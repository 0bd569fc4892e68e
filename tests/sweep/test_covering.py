"""Covering arrays: every t-tuple of values that some valid row has appears in a row; rows are valid.

The coverage property is checked from scratch by ``uncovered`` (all t-subsets of the
parameters, all value combinations) and, independently here, by brute force over the
full product for the constrained cases.
"""

from __future__ import annotations

from itertools import combinations, product
from pathlib import Path

import pytest

from lifecycle_fsm import load_spec
from lifecycle_fsm.sweep.covering import Partial, covering_array, full_product, uncovered
from lifecycle_fsm.sweep.space import build_space

ROOT = Path(__file__).resolve().parents[2]
OK = ROOT / "tests" / "cases" / "ok"


def anything(row: Partial) -> bool:
    return True


def no_two_maxima(sizes: list[int]):  # type: ignore[no-untyped-def]
    """A constraint: parameters 0 and 1 are not both at their last value (as a partial-row test)."""
    def allowed(row: Partial) -> bool:
        return not (row[0] == sizes[0] - 1 and row[1] == sizes[1] - 1)
    return allowed


SHAPES = [[2, 2, 2], [3, 3, 3, 3], [2] * 10, [6, 5, 4, 4, 4, 3, 3, 2, 2, 2, 2, 2, 2], [5, 1, 3, 2, 4], [4, 4]]


@pytest.mark.parametrize("t", [1, 2, 3])
@pytest.mark.parametrize("sizes", SHAPES, ids=["x".join(map(str, s)) for s in SHAPES])
def test_every_t_tuple_is_covered(sizes: list[int], t: int) -> None:
    rows = covering_array(sizes, t, anything)
    assert uncovered(rows, sizes, t, anything) == []
    assert all(len(r) == len(sizes) and all(0 <= v < s for v, s in zip(r, sizes)) for r in rows)
    assert rows == covering_array(sizes, t, anything)  # deterministic
    if t < len(sizes):
        biggest = sorted(sizes, reverse=True)[:t]
        assert len(rows) >= biggest[0] * (biggest[1] if t > 1 else 1) * (biggest[2] if t > 2 else 1)


@pytest.mark.parametrize("t", [2, 3])
@pytest.mark.parametrize("sizes", SHAPES[:3], ids=["x".join(map(str, s)) for s in SHAPES[:3]])
def test_constraints_rows_valid_and_every_valid_tuple_covered(sizes: list[int], t: int) -> None:
    allowed = no_two_maxima(sizes)
    rows = covering_array(sizes, t, allowed)
    assert all(allowed(r) for r in rows)
    valid = [r for r in product(*(range(s) for s in sizes)) if allowed(r)]
    for positions in combinations(range(len(sizes)), min(t, len(sizes))):
        wanted = {tuple(r[p] for p in positions) for r in valid}
        got = {tuple(r[p] for p in positions) for r in rows}
        assert wanted == got, positions  # covered, and nothing invalid


def test_strength_at_least_the_parameters_is_the_product() -> None:
    assert covering_array([2, 3], 2, anything) == full_product([2, 3], anything) == list(product(range(2), range(3)))
    assert len(covering_array([2, 2, 2], 5, no_two_maxima([2, 2, 2]))) == 6


def test_sizes_for_the_pod_parameters() -> None:
    """The arrays `check spec/pod.lfsm --sweep` uses for the parameters of today's spec (their domains
    sizes: 6 5 4 4 4 4 3 3 2 2 2 2 2); the lower bounds are the product of the 2 or 3 largest domains."""
    sizes = [6, 5, 4, 4, 4, 4, 3, 3, 2, 2, 2, 2, 2]
    assert len(covering_array(sizes, 1, anything)) == 6
    assert len(covering_array(sizes, 2, anything)) == 32  # >= 30
    assert len(covering_array(sizes, 3, anything)) == 162  # >= 120


def test_space_of_a_spec_with_constraints() -> None:
    space = build_space(load_spec(OK / "constraints.lfsm"), [])
    assert space.names == ["hook", "sleep_for", "grace", "init"]
    assert space.total() == 3 * 4 * 4 * 2
    valid = [r for r in full_product(space.sizes, space.allowed)]
    assert space.valid_total() == len(valid) == 58
    rows = covering_array(space.sizes, 2, space.allowed)
    assert uncovered(rows, space.sizes, 2, space.allowed) == []
    # (hook Sleep, init true) is in no valid configuration, so no row has it
    assert not any(space.binding(r)["hook"] == "Sleep" and space.binding(r)["init"] for r in rows)
    restricted = build_space(load_spec(OK / "constraints.lfsm"), ["grace=1..2", "hook=Sleep,NoHook", "init=false"])
    assert restricted.values == [["NoHook", "Sleep"], [0, 1, 2, 3], [1, 2], [False]]
