"""`-D NAME=VALUE`: integers are ASCII decimal with an optional sign, booleans and enum members exact.

Python's int() also takes other scripts' digits ('٣'), underscores ('1_0') and
surrounding Unicode spaces; a parameter value is a token of the spec's own
language, so only what the spec itself could write is accepted.
"""

from __future__ import annotations

import pytest

from lifecycle_fsm import LfsmError, compile_source
from lifecycle_fsm.params import bind_params

SPEC = compile_source("param n: -5..20 = 3\nparam enabled: bool = true\nparam mode: Fast | Slow = Fast\n"
                      "machine M { initial state A }\n", "params.lfsm")


def _refused(define: str) -> tuple[str, str]:
    with pytest.raises(LfsmError) as e:
        bind_params(SPEC, [define])
    [d] = e.value.diagnostics
    return d.code, d.message


@pytest.mark.parametrize("text,value", [("7", 7), ("+7", 7), ("-5", -5), ("007", 7), ("-0", 0), (" 12 ", 12)])
def test_ascii_decimal_integers_are_accepted(text: str, value: int) -> None:
    assert bind_params(SPEC, [f"n={text}"])["n"] == value


@pytest.mark.parametrize("text", ["\u0663", "1_0", "\uff13", "0x10", "1e1", "1.0", "", "+", "--1", "+-1", "\u22123",
                                  "\u00b2", "1\u00a0", "\u20071", "١٠"])
def test_other_spellings_of_numbers_are_refused(text: str) -> None:
    code, message = _refused(f"n={text}")
    assert code == "bad-parameter-value"
    assert message == f"parameter 'n' must be a decimal integer in -5..20, got '{text.strip(' ')}'"


def test_an_integer_of_10000_digits_is_out_of_range_without_a_traceback() -> None:
    code, message = _refused("n=" + "9" * 10_000)
    assert code == "parameter-out-of-range"
    assert message == "parameter 'n' = a number of 10,000 digits is outside its range -5..20"


@pytest.mark.parametrize("text", ["True", "1", "yes", "TRUE", "t\u0072ue\u200b"])
def test_booleans_are_exactly_true_or_false(text: str) -> None:
    assert _refused(f"enabled={text}")[0] == "bad-parameter-value"


@pytest.mark.parametrize("text", ["fast", "Fast ", "Slow\u200b"])
def test_enum_members_are_exact(text: str) -> None:
    if text == "Fast ":
        assert bind_params(SPEC, [f"mode={text}"])["mode"] == "Fast"  # spaces around '=' values are trimmed
        return
    assert _refused(f"mode={text}")[0] == "bad-parameter-value"


def test_values_given_as_a_mapping_are_checked_the_same_way() -> None:
    assert bind_params(SPEC, {"n": 4, "enabled": False, "mode": "Slow"}) == {"n": 4, "enabled": False, "mode": "Slow"}
    with pytest.raises(LfsmError):
        bind_params(SPEC, {"n": True})
