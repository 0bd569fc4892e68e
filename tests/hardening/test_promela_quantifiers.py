"""Promela export of quantifiers over big instance arrays (issue 11).

Each ``any``/``all`` is unrolled into one term per instance, so a system of n instances
each testing a quantifier over all of them has a model of n^2 terms: that size is the
export's (SPIN has no quantifiers). Building it used to cost n^3 (the growing text was
copied and scanned again for every term: n=500 took 431 s). ``_fold`` joins a run of
terms once; it must give exactly the text the pairwise ``_logic`` fold gives, for any mix
of terms that are constant, that can fail (division, indices) or neither. Its speed is
measured by hand (see the commit), never asserted here.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lifecycle_fsm.backends.promela_expr import ExprEmitter, Val

TERM = st.one_of(
    st.builds(lambda i: Val(f"(v[{i}] == 1)"), st.integers(0, 9)),  # a plain term
    st.builds(lambda c: Val("1" if c else "0", c), st.booleans()),  # a constant
    st.builds(lambda i: Val(f"(10 / v[{i}] > 1)", None, f"(v[{i}] != 0)"), st.integers(0, 9)),  # may fail
    st.builds(lambda i: Val("1", None, f"(0 <= i{i})"), st.integers(0, 3)),  # constant code that may fail
)


def _pairwise(em: Any, op: str, acc: Val, parts: list[Val]) -> Val:
    for p in parts:
        acc = em._logic(op, acc, p)
    return acc


@settings(max_examples=400, deadline=None, derandomize=True)
@given(op=st.sampled_from(["and", "or"]), parts=st.lists(TERM, max_size=12))
def test_the_joined_fold_is_the_pairwise_fold(op: str, parts: list[Val]) -> None:
    em: Any = ExprEmitter(layout=None)  # type: ignore[arg-type]  # literals of bool need no layout
    start = em.lit(op == "and", None)
    assert em._fold(op, start, parts) == _pairwise(em, op, start, parts)
