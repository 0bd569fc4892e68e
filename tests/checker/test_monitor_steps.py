"""Two faults of the tick engine's ordering monitors, found by the symbolic differential
(tests/zones/test_symbolic_random.py, seeds 574 and 688), each reduced to a small spec.

1. A precedes monitor changed by a receiver whose reaction is only known at run time (the
   receiver's leaf decides): the step had already put the monitor's value into the successor,
   and the receiver's in-place change of it was lost, so every such step left one more event
   pending than the reference interpreter (and the monitor gave up after three).
2. A precedes monitor that overflows in a step that then hits a model error: the step does not
   happen (docs/semantics.md), but the overflow was kept, so the property was reported
   undecided where it holds.
3. The same for an only-when condition whose evaluation hits a model error in a step that then
   hits one of its own: the property's error was kept, and building its counterexample (the step
   does not replay) failed with an AssertionError.
"""

from __future__ import annotations

from checker_support import compare_engines

from lifecycle_fsm import compile_source
from lifecycle_fsm.checker import check_model
from lifecycle_fsm.checker.build import build_plan

RECEIVER = """
machine M {
  input a, b
  signal S
  initial state A
  state C
  A -> C on a do emit S, send poke to w[1]
  C -> A on b
}
machine W {
  receive poke
  initial state P
  state Q
  P -> Q on poke
  Q -> P on poke
}
system Sys {
  instance m: M
  instance w[2]: W
  property p: m.S precedes w[1].poke
}
"""

OVERFLOW_THEN_ERROR = """
machine M {
  var n: 0..3 = 0
  input a, b
  signal S
  initial state A
  final state F
  A -> A on a do emit S, n = n + 1
  A -> F on b when n == 3
}
system Sys {
  instance m: M
  property p: m.S precedes m.b
}
"""


def verdicts(text: str) -> dict[str, bool | None]:
    return {p.name: p.holds for p in check_model(compile_source(text, "t.lfsm"), symmetry=False).properties}


def test_a_receivers_branch_keeps_the_monitors_change() -> None:
    model = compile_source(RECEIVER, "receiver.lfsm")
    compare_engines(build_plan(model, symmetry=False))  # the generated step against the interpreter
    assert verdicts(RECEIVER) == {"p": True, "model_errors": True}


def test_an_overflow_in_a_step_that_errs_is_undone() -> None:
    assert verdicts(OVERFLOW_THEN_ERROR) == {"p": True, "model_errors": False}


WHEN_THEN_ERROR = """
machine M {
  var n: 0..3 = 0
  input a
  initial state A
  A -> A on a do n = n + 1
}
machine W {
  input z
  initial state P
  state Q
  P -> Q on z
}
system Sys {
  instance m: M
  instance w[2]: W
  property p: m.a only when m.n == 0 or w[m.n - 1] in P or w[m.n - 1] in Q
}
"""


def test_a_conditions_error_in_a_step_that_errs_is_undone() -> None:
    """w[m.n - 1] is out of bounds only at n = 3, where the step's n = n + 1 leaves 0..3."""
    assert verdicts(WHEN_THEN_ERROR) == {"p": True, "model_errors": False}
