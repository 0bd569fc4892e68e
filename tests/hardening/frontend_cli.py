"""Running `lifefsm` for the front-end hardening tests: in this process, or in a child with a timeout.

A child process is used where the bug being guarded against is a hang (a FIFO that
blocks, folding that never ends, quadratic diagnostics): its timeout turns a hang into
a failure instead of a stuck test run. Everything else runs in-process through the
front-end tests' own ``run_cli`` (tests/frontend/frontend_support.py), loaded by path because
that directory is on ``sys.path`` only when its own tests are collected.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parent.parent.parent
_spec = importlib.util.spec_from_file_location("frontend_support_by_path",
                                               ROOT / "tests" / "frontend" / "frontend_support.py")
assert _spec is not None and _spec.loader is not None
_frontend = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("frontend_support_by_path", _frontend)  # dataclasses look their module up there
_spec.loader.exec_module(_frontend)
Run: Any = _frontend.Run  # (status, out, err)


class Result:
    """What one run printed and returned, with the [codes] of its error lines in order."""

    def __init__(self, run: Any) -> None:
        self.status: int = run.status
        self.out: str = run.out
        self.err: str = run.err
        self.codes: list[str] = re.findall(r": error: .*  \[([a-z0-9-]+)\]$", run.err, re.M)


def cli(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> Result:
    """``lifefsm ARGV`` in this process."""
    return Result(_frontend.run_cli(argv, capsys))


def cli_child(argv: Sequence[str], cwd: Path, timeout: float = 120) -> Result:
    """``lifefsm ARGV`` in a child process; a hang past ``timeout`` seconds fails the test."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    try:
        done = subprocess.run([sys.executable, "-m", "lifecycle_fsm", *argv], cwd=cwd, capture_output=True,
                              text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"lifefsm {' '.join(argv)} did not finish within {timeout} s")
    return Result(Run(done.returncode, done.stdout, done.stderr))
