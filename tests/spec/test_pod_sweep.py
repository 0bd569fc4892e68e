"""spec/pod.lfsm, spec/caveats.lfsm and the examples hold at their defaults and at every
configuration of tests/spec/configurations.py (each verdict as expected, search complete)."""

from __future__ import annotations

from pathlib import Path

import pytest
from configurations import CONFIGS

from lifecycle_fsm import load_spec
from lifecycle_fsm.checker import check_model
from lifecycle_fsm.checker.result import CheckResult

SPEC = Path(__file__).resolve().parents[2] / "spec"
FILES = [SPEC / "pod.lfsm", SPEC / "caveats.lfsm", *sorted((SPEC / "examples").glob("*.lfsm"))]


def unexpected(r: CheckResult) -> list[tuple[str, bool | None, str]]:
    return [(p.name, p.holds, p.message) for p in r.properties if p.holds is None or p.holds != p.expect_holds]


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(SPEC).as_posix() for p in FILES])
def test_defaults_hold(path: Path) -> None:
    model = load_spec(path)
    for system in model.systems:
        r = check_model(model, system=system.name)
        assert r.complete and not unexpected(r), (system.name, unexpected(r))


def test_caveats_are_shown_with_counterexamples() -> None:
    model = load_spec(SPEC / "caveats.lfsm")
    shown = {p.name: p for s in model.systems for p in check_model(model, system=s.name).properties
             if not p.expect_holds}
    assert {"g17_started_container_eventually_runs", "g38_poststart_may_never_run", "g35_prestop_may_run_twice"} \
        <= set(shown)
    for p in shown.values():
        assert p.holds is False and p.trace is not None and p.trace.steps, p.name


@pytest.mark.parametrize("name", list(CONFIGS))
def test_configuration_holds(name: str) -> None:
    model = load_spec(SPEC / "pod.lfsm")
    r = check_model(model, CONFIGS[name])
    assert r.complete and not unexpected(r), unexpected(r)


def test_configurations_cover_every_axis() -> None:
    seen: dict[str, set[object]] = {}
    for cfg in CONFIGS.values():
        for k, v in cfg.items():
            seen.setdefault(k, set()).add(v)
    assert seen["n_init"] == {0, 1, 2} and seen["n_side"] == {0, 1} and seen["n_apps"] == {1, 2, 3}
    assert seen["policy"] == {"Always", "OnFailure", "Never"}
    assert seen["grace"] == {0, 1, 2, 3}
    kinds = {"NoHook", "Exec", "HttpGet", "Sleep"}
    assert seen["post"] >= kinds and seen["pre"] >= kinds
    assert -1 in seen["override"] and len(seen["override"] - {-1}) >= 3
    for flag in ("liveness", "startup", "readiness", "start_errors"):
        assert True in seen[flag], flag
