"""Every spec under tests/cases/errors/ is refused with exactly the diagnostics beside it.

Each ``NAME.lfsm`` has a ``NAME.expected`` holding the whole stderr of
``lifefsm check NAME.lfsm`` (mypy test-data style): the full messages, carets
and notes, not just "it failed". The CLI runs in-process with the cases
directory as working directory, so file names in the output are stable.
Files under ``lib/`` are imported by the cases and are not cases themselves.
That every diagnostic code has a case is tests/test_errorcodes.py's job: it
enumerates the registry (lifecycle_fsm/errorcodes.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from frontend_support import TESTS, check_golden, run_cli

ERRORS = TESTS / "cases" / "errors"
CASES = sorted(ERRORS.glob("*.lfsm"))


def test_there_are_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_error_case(case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ERRORS)
    before = sorted(p.name for p in ERRORS.iterdir())
    result = run_cli(["check", case.name], capsys)
    assert result.status == 2, result
    assert result.out == ""
    assert "Traceback" not in result.err
    assert sorted(p.name for p in ERRORS.iterdir()) == before  # nothing written
    check_golden(result.err, case.with_suffix(".expected"),
                 f"tests/frontend/test_error_cases.py::test_error_case[{case.stem}]")


def test_no_orphan_expected_files() -> None:
    orphans = [p.name for p in ERRORS.glob("*.expected") if not p.with_suffix(".lfsm").exists()]
    assert not orphans
