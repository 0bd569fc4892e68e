"""What the tests of `lifefsm mutate` share: the case specs and running the CLI in this process."""

from __future__ import annotations

from pathlib import Path

import pytest

from lifecycle_fsm.cli import main

CASES = Path(__file__).resolve().parents[1] / "cases" / "mutate"
ROOT = Path(__file__).resolve().parents[2]


def lifefsm(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        status = main(argv)
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 2
    out = capsys.readouterr()
    return status, out.out, out.err
