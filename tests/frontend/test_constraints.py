"""Parameter constraints (`require`): a binding that violates one is refused, sweeps skip it.

The spec is tests/cases/ok/constraints.lfsm (valid at its defaults); its error cases
(defaults that violate a constraint, a constraint that reads a clock) are under
tests/cases/errors/. Rendered diagnostics are compared whole with golden files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from frontend_support import TESTS, check_golden, run_cli

from lifecycle_fsm import LfsmError, load_spec
from lifecycle_fsm.constraints import params_of, violated
from lifecycle_fsm.params import bind_params

OK = TESTS / "cases" / "ok"
GOLDEN = Path(__file__).parent / "golden" / "constraints"


def test_lowered_constraints() -> None:
    m = load_spec(OK / "constraints.lfsm")
    assert [(c.name, c.text) for c in m.constraints] == [
        ("sleep_within_grace", "hook != Sleep or sleep_for <= grace"),
        ("no_hooks_on_init", "init implies hook == Hook.NoHook"),
        (None, "(if hook == Sleep then sleep_for else 0) + FLOOR <= 4"),
    ]
    assert [params_of(c.expr) for c in m.constraints] == [["hook", "sleep_for", "grace"], ["init", "hook"],
                                                         ["hook", "sleep_for"]]
    assert [c.span.line for c in m.constraints] == [11, 13, 14]


def test_binding_that_violates_a_constraint_is_refused() -> None:
    m = load_spec(OK / "constraints.lfsm")
    with pytest.raises(LfsmError) as e:
        bind_params(m, {"sleep_for": 3, "grace": 1})
    assert [(d.code, d.span.line if d.span else 0) for d in e.value.diagnostics] == [("constraint-violated", 11)]
    assert e.value.diagnostics[0].message == ("the parameters violate constraint 'sleep_within_grace' "
                                              "(hook = Sleep, sleep_for = 3, grace = 1)")
    values = bind_params(m, {"sleep_for": 3, "grace": 1}, constraints=False)
    assert [c.name for c in violated(m, values)] == ["sleep_within_grace"]
    assert violated(m, bind_params(m, {"sleep_for": 3, "grace": 3})) == []


def test_cli_refuses_an_invalid_define(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(OK)
    result = run_cli(["check", "constraints.lfsm", "-D", "init=true", "-D", "sleep_for=3"], capsys)
    assert result.status == 2 and result.out == ""
    check_golden(result.err, GOLDEN / "constraint-violated.expected",
                 "tests/frontend/test_constraints.py::test_cli_refuses_an_invalid_define")


def test_all_params_skips_invalid_bindings(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(OK)
    result = run_cli(["check", "constraints.lfsm", "--all-params", "-D", "grace=1"], capsys)
    assert result.status == 0, result.err
    # hook x sleep_for x init = 3 x 4 x 2 = 24 bindings at grace 1; valid: init false with NoHook (4),
    # Exec (4) or Sleep for sleep_for <= 1 (2); init true with NoHook (4): 14
    assert result.out.splitlines()[0] == ("--all-params: 14 runs (hook x sleep_for x init; 1 system; "
                                          "10 invalid combinations skipped (parameter constraints))")
    assert result.out.count("system Stop (") == 14
    assert result.out.splitlines()[-1] == "14 runs: 0 with an unexpected verdict, 0 incomplete"
