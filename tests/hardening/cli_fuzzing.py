"""Fuzzing the command line: specs from the grammar, mutated cases, random valid systems, each
run through ``lifecycle_fsm.cli.main`` for ``check`` and ``compile``, and the CLI's promises
asserted for every outcome (issue 11):

* no exception escapes ``main`` (argparse's SystemExit is its exit status);
* the exit status is 0, 1, 2 or 3;
* every exit 2 carries a ``[code]`` on stderr, and no traceback is printed;
* ``check --json`` writes valid JSON whose ``exit`` is the exit status (exit 2: no file);
* every Python file ``compile`` generates is valid Python.

Shared by tests/hardening/test_fuzz_cli.py (hypothesis, a bounded number of cases in CI) and
benchmarks/fuzz_cli.py (random cases for a given duration). The searches are bounded by
``--max-states`` and ``--max-memory``, each case by a hard alarm.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
import shutil
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from lifecycle_fsm.cli import main

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
CASES = sorted((TESTS / "cases" / "ok").glob("*.lfsm")) + sorted((TESTS / "cases" / "violations").glob("*.lfsm")) \
    + sorted((TESTS / "cases" / "errors").glob("*.lfsm")) + sorted((ROOT / "spec").glob("*.lfsm"))
CODE = re.compile(r"\[[a-z0-9][a-z0-9-]*\]")
CHECK_ARGS = ("--max-states", "400", "--max-memory", "600M", "--color", "never")
HARD_LIMIT_S = 30  # per command; a hang is a broken promise, not a stuck run


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


# the front end's grammar-based generator and byte mutator (tests/frontend/test_fuzz.py), and the
# checker's random valid systems (tests/checker/randspec.py): reused, not copied
frontend_fuzz = _load("lifefsm_frontend_fuzz", TESTS / "frontend" / "test_fuzz.py")
randspec = _load("lifefsm_randspec", TESTS / "checker" / "randspec.py")


@dataclass
class Outcome:
    """What one case did: each command's status, and every promise it broke."""

    statuses: dict[str, int] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)


def run_main(argv: list[str]) -> tuple[int | None, str, str, str]:
    """(status, stdout, stderr, escaped exception or '') of ``lifefsm ARGV`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    status: int | None = None
    escaped = ""
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            with frontend_fuzz.hard_limit(HARD_LIMIT_S):  # SIGALRM raises HangError in this thread
                status = main(argv)
        except SystemExit as e:
            status = e.code if isinstance(e.code, int) else 2
        except frontend_fuzz.HangError:
            escaped = f"hang: still running after {HARD_LIMIT_S} s"
        except Exception:  # a broken promise: report it, keep fuzzing
            escaped = traceback.format_exc(limit=-6)
    return status, out.getvalue(), err.getvalue(), escaped


def common(name: str, status: int | None, err: str, escaped: str, result: Outcome) -> None:
    if escaped:
        result.broken.append(f"{name}: exception escaped: {escaped}")
        return
    assert status is not None
    result.statuses[name] = status
    if status not in (0, 1, 2, 3):
        result.broken.append(f"{name}: exit status {status}")
    if status == 2 and not CODE.search(err):
        result.broken.append(f"{name}: exit 2 without a [code]: {err[-500:]!r}")
    if "Traceback (most recent call last)" in err:
        result.broken.append(f"{name}: a traceback on stderr: {err[-1500:]}")


def run_case(data: bytes, work: Path, name: str = "case.lfsm") -> Outcome:
    """Write ``data`` as a spec in ``work`` (beside a copy of the cases' lib/) and run check and compile."""
    result = Outcome()
    if not (work / "lib").exists():
        shutil.copytree(TESTS / "cases" / "ok" / "lib", work / "lib")
    spec = work / name
    spec.write_bytes(data)
    report = work / "r.json"
    report.unlink(missing_ok=True)
    status, _, err, escaped = run_main(["check", str(spec), "--json", str(report), *CHECK_ARGS])
    common("check", status, err, escaped, result)
    if status in (0, 1, 3):
        try:
            written = json.loads(report.read_text(encoding="utf-8"))
            if written.get("exit") != status:
                result.broken.append(f"check: JSON exit {written.get('exit')} but status {status}")
        except (OSError, ValueError) as e:
            result.broken.append(f"check: no valid JSON after exit {status}: {e}")
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    status, _, err, escaped = run_main(["compile", str(spec), "--out", str(out),
                                        "--target", "python,tests,dot,mermaid"])
    common("compile", status, err, escaped, result)
    for py in sorted(out.rglob("*.py")) if out.exists() else []:
        try:
            compile(py.read_bytes(), str(py), "exec")
        except (SyntaxError, ValueError) as e:
            result.broken.append(f"compile: generated {py.name} is not valid Python: {e}")
    return result


# ---- where cases come from -----------------------------------------------------------------


def grammar_case(seed: int, depth: int) -> bytes:
    import random

    return frontend_fuzz.generate(random.Random(seed), depth).encode()


def mutated_case(source: int, steps: list[tuple[str, float, object]]) -> bytes:
    return bytes(frontend_fuzz.mutate(sources()[source % len(sources())], steps))


def system_case(seed: int, n: int, steps: list[tuple[str, float, object]]) -> bytes:
    return bytes(frontend_fuzz.mutate(randspec.random_spec(seed, n).encode(), steps))


_SOURCES: list[bytes] = []


def sources() -> list[bytes]:
    if not _SOURCES:
        _SOURCES.extend(p.read_bytes() for p in CASES)
    return _SOURCES


MUTATION = frontend_fuzz.mutation  # the hypothesis strategy of one byte mutation
