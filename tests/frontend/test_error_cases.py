"""Every spec under tests/cases/errors/ is refused with exactly the diagnostics beside it.

Each ``NAME.lfsm`` has a ``NAME.expected`` holding the whole stderr of
``lifefsm check NAME.lfsm`` (mypy test-data style): the full messages, carets
and notes, not just "it failed". The CLI runs in-process with the cases
directory as working directory, so file names in the output are stable.
Files under ``lib/`` are imported by the cases and are not cases themselves.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import TESTS, check_golden, run_cli

ERRORS = TESTS / "cases" / "errors"
CASES = sorted(ERRORS.glob("*.lfsm"))
SOURCES = Path(__file__).parent.parent.parent / "lifecycle_fsm"
EMITTERS = ("parse.py", "reading.py", "syntax_errors.py", "check.py", "checkbase.py", "constants.py", "elaborate.py",
            "structure.py", "pipeline.py", "params.py", "constraints.py")
REPORTERS = {"Diagnostic", "error", "undefined"}  # Diagnostic(...), self.error(...), self.undefined(...)


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


def _codes_of(arg: ast.expr, assigned: dict[str, list[ast.expr]]) -> set[str] | None:
    """The codes a first argument can take: a literal, 'a if c else b', or a local set from those."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return {arg.value}
    if isinstance(arg, ast.IfExp):
        a, b = _codes_of(arg.body, assigned), _codes_of(arg.orelse, assigned)
        return a | b if a is not None and b is not None else None
    if isinstance(arg, ast.Name) and arg.id in assigned:
        out: set[str] = set()
        for value in assigned[arg.id]:
            got = _codes_of(value, {})
            if got is None:
                return None
            out |= got
        return out
    return None


def emitted_codes() -> set[str]:
    """Every diagnostic code the front end can emit, read from its source with the ast module.

    A call to Diagnostic(...), self.error(...) or self.undefined(...) whose code the
    scanner cannot read is a failure: a code must not escape this test.
    """
    codes: set[str] = set()
    unreadable: list[str] = []
    for name in EMITTERS:
        tree = ast.parse((SOURCES / name).read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            passed_through = {a.arg for a in func.args.args} if func.name in REPORTERS else set()
            assigned: dict[str, list[ast.expr]] = {}
            for node in ast.walk(func):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    assigned.setdefault(node.targets[0].id, []).append(node.value)
            for node in ast.walk(func):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                f = node.func
                is_method = isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self"
                callee = f.attr if is_method and isinstance(f, ast.Attribute) else \
                    f.id if isinstance(f, ast.Name) else None
                if callee not in REPORTERS:
                    continue
                first = node.args[0]
                if isinstance(first, ast.Name) and first.id in passed_through:
                    continue  # a reporter handing its own 'code' parameter on
                got = _codes_of(first, assigned)
                if got is None:
                    unreadable.append(f"{name}:{node.lineno}")
                else:
                    codes |= got
    assert not unreadable, f"diagnostic codes the scanner cannot read (write them as literals): {unreadable}"
    return codes


def golden_codes() -> dict[str, list[str]]:
    """Code -> golden files (error cases and generated bad inputs) whose text shows it."""
    found: dict[str, list[str]] = {}
    goldens = list(ERRORS.glob("*.expected")) + list((Path(__file__).parent / "golden").rglob("*.expected"))
    for path in sorted(goldens):
        for code in re.findall(r"  \[([a-z0-9-]+)\]$", path.read_text(encoding="utf-8"), re.M):
            found.setdefault(code, []).append(path.name)
    return found


def test_scanner_sees_the_codes() -> None:
    codes = emitted_codes()
    assert {"syntax-error", "undefined-state", "overlapping-guards", "file-not-found", "bad-option"} <= codes
    assert len(codes) >= 50


def test_every_code_has_a_case() -> None:
    missing = sorted(emitted_codes() - set(golden_codes()))
    assert not missing, f"diagnostic codes without a case in tests/cases/errors/ (or golden/): {missing}"
