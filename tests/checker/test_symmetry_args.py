"""Symmetry reduction ignores code that is dead for an array because of its machine arguments.

One machine serves several arrays with different arguments (like spec/pod/container.lfsm:
one ``Container`` for ``init[]``, ``side[]`` and ``app[]``); ``self.index`` or a reference
to one element used only under another role must not keep an array from being reduced, and
the reduced search must still count and judge exactly like the unreduced one.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from lifecycle_fsm import compile_source
from lifecycle_fsm.checker import check_model
from lifecycle_fsm.checker.analysis import symmetric_arrays
from lifecycle_fsm.checker.result import CheckResult
from lifecycle_fsm.diagnostics import LfsmError
from lifecycle_fsm.instantiate import instantiate
from lifecycle_fsm.model import Model

# Workers of role Chain start one after the other (self.index, chain[self.index - 1]);
# workers of role Main start in any order. MAIN_TURN is the start condition of Main.
SPEC = """
type Role = Chain | Main
param n_main: 2..3 = 3
machine Worker(role: Role = Main) {
  var runs: 0..2 = 0
  input go, again
  fair input finish
  initial state Idle
  state Busy
  state Done
  let chained = role == Chain
  let my_turn = if chained then (self.index == 0 or chain[self.index - 1] in Done)
                else MAIN_TURN
  Idle -> Busy on go when my_turn
  Busy -> Done on finish do runs = if runs < 2 then runs + 1 else 2
  Done -> Idle on again when runs < 2
}
system S {
  instance chain[2]: Worker(role = Chain)
  instance main[n_main]: Worker(role = Main)
  property some_all_done: reachable all w in main: w in Done
  property never_all_done: invariant not (all w in main: w in Done and w.runs == 2)
  property bounded: invariant (count w in main: w in Busy) <= n_main
  property dl: deadlock free
  property busy_ends: (any w in main: w in Busy) ~> (any w in main: w in Done)
  property all_end expect violated: eventually all w in main: w in Done
}
"""


def model(main_turn: str = "true") -> Model:
    return compile_source(SPEC.replace("MAIN_TURN", main_turn), "sym_args.lfsm")


def verdicts(r: CheckResult) -> list[tuple[str, bool | None, int]]:
    # (a liveness counterexample is a lasso that may differ between the two searches)
    return [(p.name, p.holds, len(p.trace.steps) if p.trace and p.kind != "leads_to" else -1)
            for p in r.properties]


def same_as_unreduced(m: Model) -> CheckResult:
    on = check_model(m, symmetry=True)
    off = check_model(m, symmetry=False)
    assert off.symmetry == ()
    assert on.full_states == off.states == off.full_states
    assert verdicts(on) == verdicts(off)
    return on


def test_index_under_another_role_does_not_break_the_array() -> None:
    on = same_as_unreduced(model())
    assert on.symmetry == ("main",)
    assert on.states < on.full_states
    assert on.symmetry_notes == ("chain: not reduced: sym_args.lfsm:14:3: uses self.index",)
    # Done is not final: the run ends in a deadlock once every worker has run twice
    assert [(p.name, p.holds) for p in on.properties] == [
        ("some_all_done", True), ("never_all_done", False), ("bounded", True), ("dl", False),
        ("busy_ends", True), ("all_end", False), ("model_errors", True)]


def test_index_live_for_the_array_breaks_it() -> None:
    on = same_as_unreduced(model("self.index == 0 or main[self.index - 1] in Done"))
    assert on.symmetry == ()
    assert on.symmetry_notes == (
        "chain: not reduced: sym_args.lfsm:14:3: uses self.index",
        "main: not reduced: sym_args.lfsm:14:3: uses self.index",
    )


@pytest.mark.parametrize("main_turn", [
    "not chained or self.index == 0",  # or: decided by its static left operand
    "chained and self.index == 0 or true",  # and
    "(chained implies self.index == 0) and true",  # implies
    "if n_main > 5 then self.index == 0 else true",  # a parameter decides
])
def test_short_circuits_and_parameters_are_folded(main_turn: str) -> None:
    on = same_as_unreduced(model(main_turn))
    assert on.symmetry == ("main",)


@pytest.mark.parametrize("main_turn", [
    "runs == 0 or self.index == 0",  # a variable is not static
    "(count w in main: true) > 5 or self.index == 0",  # nor are the members of an array
    "self.index > 5 or true",  # nor is the index (the index use is evaluated)
])
def test_what_is_not_static_is_walked(main_turn: str) -> None:
    on = check_model(model(main_turn), symmetry=True)
    assert "main" not in on.symmetry
    assert "main: not reduced: sym_args.lfsm:14:3: uses self.index" in on.symmetry_notes


def test_dead_branch_refers_to_another_array() -> None:
    # only the (absent) Chain role reads an element of 'other': 'other' stays reduced
    text = """
type Role = Chain | Main
machine Other {
  input flip
  initial state A
  state B
  A -> B on flip
  B -> A on flip
}
machine Worker(role: Role = Main) {
  input go
  initial state Idle
  state Busy
  Idle -> Busy on go when if role == Chain then other[0] in B else true
  Busy -> Idle on go when role == Chain and other[self.index] in A
}
system S {
  instance other[2]: Other
  instance main[2]: Worker
  property dl: deadlock free
}
"""
    on = same_as_unreduced(compile_source(text, "other.lfsm"))
    assert on.symmetry == ("other", "main")


def test_effects_of_a_dead_transition_are_ignored() -> None:
    # a transition that only a Chain worker can take sends to one element of 'main' by index
    extra = """  receive poke
  Busy -> Busy on poke
  Done -> Done on go when chained do send poke to main[self.index]
"""
    text = SPEC.replace("MAIN_TURN", "true").replace("}\nsystem S {", extra + "}\nsystem S {")
    # no Chain worker: nobody takes it
    on = same_as_unreduced(compile_source(text.replace("instance chain[2]", "instance chain[0]"), "dead.lfsm"))
    assert on.symmetry == ("main",)
    assert on.symmetry_notes == ()
    # one Chain worker takes it: 'main' is named by index
    on = same_as_unreduced(compile_source(text.replace("instance chain[2]", "instance chain[1]"), "dead.lfsm"))
    assert on.symmetry == ()
    assert on.symmetry_notes == ("main: not reduced: dead.lfsm:19:38: sends to one element by index",)


def test_empty_array_runs_no_code() -> None:
    # the Chain role reads one element of 'main': only when some Chain worker exists
    text = SPEC.replace("MAIN_TURN", "true").replace("chain[self.index - 1] in Done", "main[self.index] in Done")
    on = same_as_unreduced(compile_source(text.replace("instance chain[2]", "instance chain[0]"), "e.lfsm"))
    assert on.symmetry == ("main",)
    assert on.symmetry_notes == ()
    on = check_model(compile_source(text, "e.lfsm"))
    assert on.symmetry == ()
    assert on.symmetry_notes == ("chain: not reduced: e.lfsm:14:3: uses self.index",
                                 "main: not reduced: e.lfsm:14:3: refers to one element by index")


def test_arguments_cannot_depend_on_the_element() -> None:
    # machine arguments may use parameters and constants only: every element of an array
    # gets the same values (so pruning per declaration is exact)
    text = SPEC.replace("MAIN_TURN", "true").replace("Worker(role = Main)",
                                                     "Worker(role = if chain[0].index == 0 then Main else Chain)")
    with pytest.raises(LfsmError) as err:
        compile_source(text, "bad.lfsm")
    assert [d.code for d in err.value.diagnostics] == ["not-constant"]


def test_elements_with_different_arguments_are_not_pruned() -> None:
    # not producible from a spec (see above); the analysis must still not prune with the
    # arguments of one element when the elements of a declaration disagree
    system = instantiate(model())
    fixed = {name: tuple(replace(i, args=(("role", "Chain"),)) if name == "main" and i.index == 1 else i
                         for i in members) for name, members in system.groups.items()}
    assert symmetric_arrays(system)[0] == ["main"]
    ok, notes = symmetric_arrays(system, fixed)
    assert ok == []
    assert "main: not reduced: sym_args.lfsm:14:3: uses self.index" in notes
