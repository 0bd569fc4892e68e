"""What CLI tests share: the repository root and running ``lifefsm`` in this process (tests/mutate, tests/sweep)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lifecycle_fsm.cli import main

ROOT = Path(__file__).resolve().parents[1]


def lifefsm(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit status, standard output and standard error of ``lifefsm ARGV``."""
    capsys.readouterr()
    try:
        status = main(argv)
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 2
    out = capsys.readouterr()
    return status, out.out, out.err
