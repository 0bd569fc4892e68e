"""Helpers for the front-end tests: run the CLI in-process, compare with golden text files."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from lifecycle_fsm.cli import main

TESTS = Path(__file__).parent.parent
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str


def run_cli(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> Run:
    """``lifefsm ARGV`` in this process; argparse exits are turned into a status like the console script."""
    capsys.readouterr()
    try:
        status = main(list(argv))
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 2
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err)


def check_golden(actual: str, golden: Path, test_id: str) -> None:
    """Compare with the golden file; UPDATE_GOLDEN=1 rewrites it; a missing one fails with the command."""
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    if not golden.exists():
        rel = golden.relative_to(TESTS.parent)
        pytest.fail(f"missing golden file {rel}; create it with:\n"
                    f"    UPDATE_GOLDEN=1 python -m pytest {test_id}\n"
                    f"then read it and check that it says what a user should see.\n--- actual ---\n{actual}")
    expected = golden.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {golden.name} (UPDATE_GOLDEN=1 rewrites it)"
