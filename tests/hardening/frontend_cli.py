"""Running `lifefsm` for the front-end hardening tests: in this process, or in a child with a timeout.

A child process is used where the bug being guarded against is a hang (a FIFO that
blocks, folding that never ends, quadratic diagnostics): its timeout turns a hang into
a failure instead of a stuck test run. Everything else runs in-process, which is faster.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from lifecycle_fsm.cli import main

ROOT = Path(__file__).parent.parent.parent


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str

    @property
    def codes(self) -> list[str]:
        """The [codes] of the error lines, in order."""
        return re.findall(r": error: .*  \[([a-z0-9-]+)\]$", self.err, re.M)


def cli(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> Run:
    """``lifefsm ARGV`` in this process (argparse exits become a status, like the console script)."""
    capsys.readouterr()
    try:
        status = main(list(argv))
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 2
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err)


def cli_child(argv: Sequence[str], cwd: Path, timeout: float = 120) -> Run:
    """``lifefsm ARGV`` in a child process; a hang past ``timeout`` seconds fails the test."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    try:
        done = subprocess.run([sys.executable, "-m", "lifecycle_fsm", *argv], cwd=cwd, capture_output=True,
                              text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"lifefsm {' '.join(argv)} did not finish within {timeout} s")
    return Run(done.returncode, done.stdout, done.stderr)
