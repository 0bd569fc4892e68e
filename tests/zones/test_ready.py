"""``not-symbolic``: why a spec cannot be checked with ``--time symbolic``, with positions.

Each blocked spec under tests/zones/specs has its expected rendering (``.expected``, refreshed
with UPDATE_GOLDEN=1); ready specs there are checked against the tick engine by
test_symbolic_check.py. The pod model stores no clock value (docs/pod-symbolic-plan.md): it is
ready.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lifecycle_fsm import load_spec
from lifecycle_fsm.cli import main
from lifecycle_fsm.instantiate import instantiate
from lifecycle_fsm.zones.ready import blockers

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
BLOCKED = ["copied_clock", "invariant_lower"]


def check(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(ROOT)
    code = main(["check", *argv])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("name", BLOCKED)
def test_blocked_spec_is_explained(name: str, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    code, err = check([f"tests/zones/specs/{name}.lfsm", "--time", "symbolic"], capsys, monkeypatch)
    assert code == 2
    expected = HERE / "specs" / f"{name}.expected"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(err, encoding="utf-8")
    assert err == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", BLOCKED)
def test_blocked_spec_still_checks_with_ticks(name: str, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    code, _ = check([f"tests/zones/specs/{name}.lfsm"], capsys, monkeypatch)
    assert code == 0


@pytest.mark.parametrize("params", [{}, {"n_side": 2, "n_init": 0, "liveness": True, "post": "Sleep", "sleep_for": 1}],
                         ids=["defaults", "two-sidecars-probes-sleep"])
def test_pod_model_is_symbolic_ready(params: dict[str, object]) -> None:
    """No clock value is stored and no invariant bounds a clock from below (docs/pod-symbolic-plan.md)."""
    model = load_spec(ROOT / "spec/pod.lfsm")
    assert blockers(instantiate(model, params, None)) == []


def test_check_time_symbolic_on_a_ready_spec(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code = main(["check", "tests/zones/specs/urgent_params.lfsm", "--time", "symbolic"])
    out = capsys.readouterr().out
    assert code == 0
    assert "states: 49 discrete states reachable" in out
    assert "symbolic time: 49 discrete states" in out
    assert "violated (expected)        no_deadlock" in out


def test_symbolic_decides_every_kind(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code = main(["check", "tests/cases/ok/states_and_time.lfsm", "--time", "symbolic"])
    out = capsys.readouterr().out
    assert code == 0
    assert "holds                      kill_after_timeout\n" in out  # ordering: its monitor is discrete state
    assert "holds                      terminates\n" in out  # leads-to: decided on the zones
    assert "unknown" not in out


def test_sweep_refuses_symbolic_time(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, err = check(["tests/zones/specs/urgent_params.lfsm", "--time", "symbolic", "--sweep", "pairs"],
                      capsys, monkeypatch)
    assert code == 2
    assert "--sweep runs the tick engine only" in err and "[bad-option]" in err
