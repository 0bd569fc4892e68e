"""The overlapping-guards rule: exact on what it enumerates, never misses an overlap, stays small."""

from __future__ import annotations

import pytest

from lifecycle_fsm import LfsmError, compile_source


def codes(machine_body: str, extra: str = "") -> list[str]:
    text = f"{extra}\nmachine M {{\n{machine_body}\n}}\n"
    try:
        compile_source(text, "o.lfsm")
    except LfsmError as e:
        return [d.code for d in e.diagnostics]
    return []


HEAD = ("var x: 0..100000000 = 0\nvar z: 0..100000000 = 0\nvar y: 0..3 = 0\nvar b: bool = false\nclock t\n"
        "input go\ninitial state A\n")


@pytest.mark.parametrize(("g1", "g2", "overlap"), [
    ("x < 5", "x > 7", False),  # a huge range, compared with literals only
    ("x < 5", "x > 3", True),
    ("x <= 5", "x >= 5", True),
    ("x == 5", "x != 5", False),
    ("x + y > 3", "x + y < 3", False),  # arithmetic: every value of both would be 4e8 combinations...
    ("y < 2 and b", "y >= 2 or not b", False),
    ("y < 2 and b", "y >= 1", True),
    ("t >= 3", "t < 3", False),
    ("t > 2", "t < 4", True),
    ("if b then y > 1 else y < 1", "y == 1", False),
    ("if b then y > 1 else y < 1", "y == 3 and b", True),
    # a conditional compared with a literal: each branch is compared with it, so two huge ranges
    # keep their small literal domains (the pod model's `kill_grace > 0` at grace 0..3600)
    ("(if b then x else z) > 5", "not ((if b then x else z) > 5)", False),
    ("(if b then x else z) > 5 and b", "x == 6", True),
    ("(if b then x else z) > 5 and not b", "z < 5", False),
    ("(if b then x else z) > 5 and not b", "z == 6 and x == 0", True),
    ("(if b then x else z + 1) > 5", "x + z < 3", False),  # arithmetic over two huge ranges: still undecided
])
def test_decisions(g1: str, g2: str, overlap: bool) -> None:
    found = codes(HEAD + f"A -> A on go when {g1}\nA -> A on go when {g2}")
    if "x + y" in g1 or "x + z" in g2:
        assert found == ["guard-overlap-undecided"]
    else:
        assert found == (["overlapping-guards"] if overlap else [])


def test_clock_compared_with_a_parameter_is_enumerated_up_to_its_bound() -> None:
    # t reaches 2 only; with grace in 1..3 the guards overlap at t = 2, grace = 1
    body = "clock t\ninput go\ninitial state A\nA -> A on go when t > grace and t < 3\nA -> A on go when t >= 2"
    assert codes(body, "param grace: 1..3 = 3") == ["overlapping-guards"]
    body = "clock t\ninput go\ninitial state A\nA -> A on go when t > grace + 4\nA -> A on go when t <= 5"
    assert codes(body, "param grace: 1..3 = 3") == []


def test_count_compared_with_large_literal_is_not_capped() -> None:
    body = ("input go\ninitial state A\nA -> A on go when (count c in arr: c in A) == 7\n"
            "A -> A on go when (count c in arr: c in A) > 6")
    text = f"param n: 1..9 = 8\nmachine M {{\n{body}\n}}\nsystem S {{ instance arr[n]: M }}\n"
    with pytest.raises(LfsmError) as info:
        compile_source(text, "o.lfsm")
    assert [d.code for d in info.value.diagnostics] == ["overlapping-guards"]


def test_guards_on_different_states_or_events_never_overlap() -> None:
    body = "var y: 0..3 = 0\ninput go, other\ninitial state A\nstate B\nA -> B on go\nB -> A on go\nA -> A on other"
    assert codes(body) == []


def test_a_missing_guard_is_true() -> None:
    assert codes("input go\ninitial state A\nstate B\nA -> A on go\nA -> B on go") == ["overlapping-guards"]


def test_witness_is_reported() -> None:
    text = ("machine M {\nvar y: 0..3 = 0\ninput go\ninitial state A\n"
            "A -> A on go when y > 1\nA -> A on go when y < 3\n}")
    with pytest.raises(LfsmError) as info:
        compile_source(text, "o.lfsm")
    (d,) = info.value.diagnostics
    assert [n.message for n in d.notes][1] == "both guards hold when y = 2"


# Guards too wide to enumerate as a whole: the conjuncts fall into groups that share no atom, and
# the narrow conjuncts alone may already exclude each other (the pod model's two stops of a dead
# process, `... and (my_turn or kill_c >= budget) and reason == ByProbe` against `... != ByProbe`,
# once `budget` holds up to 3,600 seconds).
@pytest.mark.parametrize(("g1", "g2", "found"), [
    # one group (b links them), too wide; the conjuncts over y alone exclude each other
    ("(b or x + z > 3) and y == 2", "(b or x + z > 3) and y != 2", []),
    # separate groups: the wide one is undecided, the narrow one cannot hold, so no overlap
    ("x + z > 3 and y == 2", "x + z < 9 and y == 1", []),
    # separate groups, each decidable: they overlap only if every group can hold
    ("x > 5 and y == 2", "x < 9 and y != 1", ["overlapping-guards"]),
    ("x > 5 and y == 2", "x < 3 and y == 2", []),
    # the narrow conjuncts can hold together and the wide ones are not enumerated: undecided
    ("(b or x + z > 3) and y == 2", "(b or x + z < 3) and y >= 2", ["guard-overlap-undecided"]),
])
def test_wide_guards_decided_by_their_narrow_parts(g1: str, g2: str, found: list[str]) -> None:
    assert codes(HEAD + f"A -> A on go when {g1}\nA -> A on go when {g2}") == found
