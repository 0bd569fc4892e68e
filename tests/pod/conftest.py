"""Shared paths and helpers for the `lifefsm pod` tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lifecycle_fsm.cli import main

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
MANIFESTS = ROOT / "tests" / "data" / "manifests"
CORPUS = sorted(MANIFESTS.glob("*.yaml"))
BAD = sorted(p for p in (MANIFESTS / "bad").iterdir() if p.suffix in (".yaml", ".yml"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def rel(path: Path) -> str:
    """The path as a user at the repository root types it (goldens must not depend on the checkout)."""
    return path.relative_to(ROOT).as_posix()


def run(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """`lifefsm ARGV` from the repository root: exit status, standard output, standard error."""
    monkeypatch.chdir(ROOT)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err
