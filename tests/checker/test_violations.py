"""Every spec under tests/cases/violations/ is checked and its whole report compared with a golden file.

The report holds each verdict, each counterexample step by step (transition, source
position, changed values, time in ticks, receivers, signals) and the state counts; only
the line with timings and memory is left out. ``UPDATE_GOLDEN=1`` rewrites the goldens.
Each case is also checked without symmetry reduction: the verdicts and the lengths of the
counterexamples must not change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lifecycle_fsm import compile_source
from lifecycle_fsm.checker import check_model
from lifecycle_fsm.checker.report import TextOptions, format_result

CASES = Path(__file__).parent.parent / "cases" / "violations"
SPECS = sorted(CASES.glob("*.lfsm"))


def report(path: Path, symmetry: bool = True) -> tuple[str, list[tuple[str, bool | None, int]]]:
    model = compile_source(path.read_text(encoding="utf-8"), path.name)
    texts = []
    verdicts = []
    for system in model.systems:
        r = check_model(model, system=system.name, symmetry=symmetry)
        text = format_result(r, path.name, TextOptions(witnesses=True))  # the goldens show witnesses too
        lines = [ln for ln in text.splitlines() if not ln.startswith("  transitions:")]
        texts.append("\n".join(lines))
        verdicts += [(p.name, p.holds, len(p.trace.steps) if p.trace else -1) for p in r.properties]
    return "\n".join(texts) + "\n", verdicts


def test_there_are_cases() -> None:
    assert len(SPECS) >= 10


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_report_matches_golden(path: Path) -> None:
    text, _ = report(path)
    golden = path.with_suffix(".expected")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    if not golden.exists():
        pytest.fail(f"missing {golden.name}: run UPDATE_GOLDEN=1 python -m pytest {__file__}")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_symmetry_changes_no_verdict(path: Path) -> None:
    assert report(path, True)[1] == report(path, False)[1]


@pytest.mark.parametrize("path", [p for p in SPECS if p.stem.endswith("_ok")], ids=lambda p: p.stem)
def test_correct_variants_hold(path: Path) -> None:
    model = compile_source(path.read_text(encoding="utf-8"), path.name)
    for system in model.systems:
        r = check_model(model, system=system.name)
        assert r.ok, [(p.name, p.holds, p.message) for p in r.properties]


@pytest.mark.parametrize("path", [p for p in SPECS if not p.stem.endswith("_ok")], ids=lambda p: p.stem)
def test_violating_cases_violate(path: Path) -> None:
    model = compile_source(path.read_text(encoding="utf-8"), path.name)
    verdicts = [p.holds for s in model.systems for p in check_model(model, system=s.name).properties]
    assert False in verdicts
