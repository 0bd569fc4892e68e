"""spec/pod.lfsm, spec/caveats.lfsm and the examples hold at their defaults and at every
configuration of tests/spec/configurations.py (each verdict as expected, search complete)."""

from __future__ import annotations

from pathlib import Path

import pytest
from configurations import CONFIGS

from lifecycle_fsm import load_spec
from lifecycle_fsm.checker import check_model
from lifecycle_fsm.checker.report import format_result
from lifecycle_fsm.checker.result import CheckResult

SPEC = Path(__file__).resolve().parents[2] / "spec"
README = SPEC.parent / "README.md"
FILES = [SPEC / "pod.lfsm", SPEC / "caveats.lfsm", *sorted((SPEC / "examples").glob("*.lfsm"))]


def unexpected(r: CheckResult) -> list[tuple[str, bool | None, str]]:
    return [(p.name, p.holds, p.message) for p in r.properties if p.holds is None or p.holds != p.expect_holds]


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(SPEC).as_posix() for p in FILES])
def test_defaults_hold(path: Path) -> None:
    model = load_spec(path)
    for system in model.systems:
        r = check_model(model, system=system.name)
        assert r.complete and not unexpected(r), (system.name, unexpected(r))
        if path.name == "pod.lfsm":
            readme_sample_is_true(format_result(r, "spec/pod.lfsm").split("\n"), len(r.properties))


def readme_sample_is_true(out: list[str], properties: int) -> None:
    """README's "What `lifefsm check spec/pod.lfsm` says": its lines are the output's, in order
    ("..." skips lines; a line ending in "..." or "...)" is a prefix), and the output is compact."""
    text = README.read_text(encoding="utf-8")
    block = text.split("## What `lifefsm check spec/pod.lfsm` says", 1)[1].split("```")[1].strip("\n").split("\n")
    at = 0
    for line in block:
        if line.strip() == "...":
            continue
        prefix = line.removesuffix("...)").removesuffix("...")
        while at < len(out) and not (out[at] == line or (prefix != line and out[at].startswith(prefix))):
            at += 1
        assert at < len(out), f"README line not in the output (or out of order): {line!r}"
        at += 1
    # compact: the header, one line per property, two lines of statistics; more lines only for the run
    # under an expected violation (a witness of what Kubernetes allows, e.g. g3_exit_0_after_term)
    verdicts = [k for k, line in enumerate(out) if line.startswith("  ") and not line.startswith("   ")
                and not line.startswith(("  states:", "  transitions:"))]
    assert len(verdicts) == properties
    assert out[-2].startswith("  states:") and out[-1].startswith("  transitions:")
    for k in range(1, len(out) - 2):
        if k not in verdicts:
            owner = max(v for v in verdicts if v < k)
            assert out[owner].startswith("  violated (expected)"), (out[owner], out[k])


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
    assert seen["n_init"] == {0, 1, 2} and seen["n_side"] == {0, 1, 2} and seen["n_apps"] == {1, 2, 3}
    assert seen["policy"] == {"Always", "OnFailure", "Never"}
    assert seen["grace"] == {0, 1, 2, 3}
    kinds = {"NoHook", "Exec", "HttpGet", "Sleep"}
    assert seen["post"] >= kinds and seen["pre"] >= kinds
    assert -1 in seen["override"] and len(seen["override"] - {-1}) >= 3
    assert 1 in seen["n_eph"] and 1 in seen["n_ep"]
    for flag in ("liveness", "startup", "readiness", "start_errors", "sandbox_loss"):
        assert True in seen[flag], flag
