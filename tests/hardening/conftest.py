"""Shared pieces of the hardening tests: the small spec every back end has something to say about."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SPECS = HERE / "specs"
TINY = SPECS / "tiny.lfsm"  # a parameter, an array, a clock, a send, a signal, a let, a counterexample
ALL_TARGETS = "python,tests,dot,svg,mermaid,replay,promela"


def lifefsm(*args: str, cwd: Path, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI in a fresh interpreter (arguments may be str with surrogates: they are file names)."""
    argv: list[str | bytes] = [sys.executable, "-m", "lifecycle_fsm", *(os.fsencode(a) for a in args)]
    return subprocess.run(argv, cwd=cwd, capture_output=True, timeout=timeout, env=env)


def tree(root: Path) -> dict[str, bytes]:
    """Every regular file under ``root`` (relative path -> bytes)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink()}
