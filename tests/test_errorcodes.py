"""The registry of diagnostic codes (lifecycle_fsm/errorcodes.py): complete, each code shown by a test.

Every code declared has an error case (tests/cases/errors/<code>.lfsm with its
.expected) or names the test that shows it (``tested_by``), and the named place
exists and shows the code. The tests enumerate the registry; they do not scan
lifefsm's sources for strings. No code is used without being declared: a
Diagnostic refuses an undeclared code when it is made (so every test that
reports one checks it), and every code in a golden output is declared. The
tests at the end show the codes no other test reaches.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from lifecycle_fsm.cli import main
from lifecycle_fsm.diagnostics import Diagnostic, render_all
from lifecycle_fsm.errorcodes import AREAS, CODES, table
from lifecycle_fsm.pod.results import RULES

ROOT = Path(__file__).parent.parent
CASES = ROOT / "tests" / "cases" / "errors"
DOC = ROOT / "docs" / "errors.md"
GOLDEN_SUFFIXES = (".expected", ".err", ".golden")
SHOWN = re.compile(r"  \[([a-z0-9-]+)\]$", re.M)  # how a rendered diagnostic ends


def _mentions(text: str, code: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text) is not None


def test_the_registry_holds_every_area() -> None:
    assert len(CODES) >= 110
    assert {c.area for c in CODES.values()} == set(AREAS)
    assert all(c.code == c.code.lower() and " " not in c.code and c.description for c in CODES.values())


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_a_case_or_a_documented_test(code: str) -> None:
    entry = CODES[code]
    if not entry.tested_by:
        case, expected = CASES / f"{code}.lfsm", CASES / f"{code}.expected"
        assert case.exists() and expected.exists(), (
            f"'{code}' needs an error case tests/cases/errors/{code}.lfsm (with .expected) or a tested_by")
        assert f"  [{code}]" in expected.read_text(encoding="utf-8").splitlines()[0]
        return
    file, _, test = entry.tested_by.partition("::")
    path = ROOT / file
    assert path.is_file(), f"'{code}': tested_by names {file}, which does not exist"
    text = path.read_text(encoding="utf-8")
    if test:
        funcs = {f.name: f for f in ast.walk(ast.parse(text)) if isinstance(f, ast.FunctionDef)}
        assert test in funcs, f"'{code}': {file} has no test '{test}'"
        text = ast.get_source_segment(text, funcs[test]) or ""
    assert _mentions(text, code), f"'{code}': {entry.tested_by} does not show it"


def _goldens() -> Iterator[Path]:
    for path in (ROOT / "tests").rglob("*"):
        if path.suffix in GOLDEN_SUFFIXES and path.is_file():
            yield path


def test_every_code_in_a_golden_output_is_registered() -> None:
    seen: dict[str, str] = {}
    for path in _goldens():
        for code in SHOWN.findall(path.read_text(encoding="utf-8", errors="replace")):
            seen.setdefault(code, str(path.relative_to(ROOT)))
    assert len(seen) >= 80
    unknown = {code: where for code, where in seen.items() if code not in CODES}
    assert not unknown, f"codes shown by goldens but not declared in errorcodes.py: {unknown}"


def test_a_diagnostic_refuses_an_undeclared_code() -> None:
    Diagnostic("undefined-state", "fine", None)
    with pytest.raises(ValueError, match="not declared"):
        Diagnostic("undefined-stat", "a typo in lifefsm itself", None)


# ---- the pod rules ------------------------------------------------------------------------


def test_every_pod_rule_is_a_finding_code_and_back() -> None:
    assert set(RULES) == {c.code for c in CODES.values() if c.area == "findings"}


# ---- docs/errors.md ---------------------------------------------------------------------------

BEGIN, END = "<!-- begin: generated from lifecycle_fsm/errorcodes.py -->\n", "<!-- end -->\n"


def test_docs_list_every_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    wanted = head + BEGIN + table() + END + tail
    if os.environ.get("UPDATE_GOLDEN") == "1":
        DOC.write_text(wanted, encoding="utf-8")
    assert rest, f"{DOC.name} lacks the marker {BEGIN.strip()}"
    assert text == wanted, "docs/errors.md differs from the registry; UPDATE_GOLDEN=1 rewrites its table"


# ---- the codes no other test shows -------------------------------------------------------------


def _run(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    status = main(list(argv))
    return status, capsys.readouterr().err


def test_bad_array_size(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "pool.lfsm"
    spec.write_text("param spare: -2..2 = 1\nmachine W {\n  input go\n  initial state Idle\n  Idle -> Idle on go\n}\n"
                    "system Pool {\n  instance w[spare]: W\n}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command in (["check"], ["diagram", "--system", "Pool", "-o", "pool.dot"]):  # the back ends say it alike
        status, err = _run([*command, "pool.lfsm", "-D", "spare=-1"], capsys)
        assert status == 2
        assert err.splitlines()[0] == ("pool.lfsm:8:3: error: instance array 'w' has size -1; a size must be an "
                                       "integer >= 0  [bad-array-size]")
    assert not (tmp_path / "pool.dot").exists()


def test_model_error_in_the_back_ends(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An array size that divides by zero at the bound values is the checker's model-error in compile too."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model-error.lfsm").write_bytes((CASES / "model-error.lfsm").read_bytes())
    expected = (CASES / "model-error.expected").read_text(encoding="utf-8")
    status, err = _run(["compile", "model-error.lfsm", "--out", "out"], capsys)
    assert (status, err) == (2, expected)
    assert not (tmp_path / "out").exists()


def test_bad_initial_value_in_the_back_ends(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """compile draws the state graph on the runtime: an initial value out of range is a diagnostic there too."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad-initial-value.lfsm").write_bytes((CASES / "bad-initial-value.lfsm").read_bytes())
    status, err = _run(["compile", "bad-initial-value.lfsm", "--out", "out"], capsys)
    assert (status, err.splitlines()[0]) == (2, "bad-initial-value.lfsm:2:1: error: the initial state of system "
                                             "'Counter' cannot be built at these parameter values: Counter: n = 5 "
                                             "is outside its range 0..3  [bad-initial-value]")
    assert not (tmp_path / "out").exists()


TWO_DOORS = """\
machine Door {
  input open
  initial state Shut
  state Open
  Shut -> Open on open
}
machine door {
  input open
  initial state Shut
  state Open
  Shut -> Open on open
}
"""


def test_output_name_clash(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "doors.lfsm").write_text(TWO_DOORS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, err = _run(["compile", "doors.lfsm", "--out", "out"], capsys)
    assert (status, err.splitlines()[0]) == (2, "doors.lfsm:1:1: error: generated files 'diagrams/doors/Door.dot' "
                                            "and 'diagrams/doors/door.dot' differ only in letter case; rename one "
                                            "of the two machines or systems  [output-name-clash]")
    assert not (tmp_path / "out").exists()


COUNTER = """\
machine Counter {
  var n: 0..6000 = 0
  input bump
  initial state Counting
  Counting -> Counting on bump when n < 6000 do n = n + 1
}
"""


def test_state_graph_too_large(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "counter.lfsm").write_text(COUNTER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, err = _run(["diagram", "counter.lfsm", "--states", "Counter", "-o", "counter.dot"], capsys)
    assert status == 2 and err.splitlines()[0].endswith("choose smaller values with -D  [state-graph-too-large]")
    assert not (tmp_path / "counter.dot").exists()


def test_unknown_name(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "counter.lfsm").write_text(COUNTER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, err = _run(["diagram", "counter.lfsm", "--machine", "Countr", "-o", "x.dot"], capsys)
    assert (status, err.splitlines()[0]) == (2, "error: no machine named 'Countr'; machines: Counter  [unknown-name]")


def test_os_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """An OSError on a named file that no part of lifefsm reported itself still ends as a diagnostic."""
    def refuse(path: str, *rest: object) -> None:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr("lifecycle_fsm.pipeline.load", refuse)
    status, err = _run(["check", str(tmp_path / "spec.lfsm")], capsys)
    assert status == 2 and err.splitlines()[0].endswith("  [os-error]") and "Traceback" not in err


def test_model_rules_reach_the_outputs() -> None:
    """Rules that only a model check emits (grace-zero-prestop, init-failure-fails-pod, ...) render, once a
    check finds them, with their code and default severity."""
    from lifecycle_fsm.pod.report import finding_diagnostic
    from lifecycle_fsm.pod.results import Finding
    from lifecycle_fsm.source import Span

    model_rules = {code: rule for code, rule in RULES.items() if rule.source == "model"}
    assert {"grace-zero-prestop", "init-failure-fails-pod"} <= set(model_rules)
    for code, rule in model_rules.items():
        where = Span("p.yaml", 1, 1, 1, 2)
        d = finding_diagnostic(Finding(code, rule.severity, rule.guarantees, where, "found", "model"))
        rendered = render_all([d], {"p.yaml": "kind: Pod\n"})
        assert rendered.splitlines()[0] == f"p.yaml:1:1: {rule.severity.value}: found  [{code}]"
