"""`lifefsm check` as a user runs it: verdicts, exit statuses, limits, JSON, bad options."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

COUNTER = """
param k: 0..9 = 5
machine Counter {
  var c: 0..9 = 0
  input inc, dec
  initial state Counting
  Counting -> Counting on inc when c < k do c = c + 1
  Counting -> Counting on dec when c > 0 do c = c - 1
  property bounded [G1]: invariant c <= k
  property small expect violated: invariant c < 3
}
"""


def lifefsm(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lifecycle_fsm", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "c.lfsm").write_text(COUNTER, encoding="utf-8")
    return tmp_path


def test_expected_verdicts_exit_0_and_show_the_counterexample(project: Path) -> None:
    out = lifefsm("check", "c.lfsm", cwd=project)
    assert out.returncode == 0, out.stderr
    assert "violated (expected)        small" in out.stdout and "counterexample, 3 steps:" in out.stdout
    assert "c.lfsm:7:3" in out.stdout  # each step names the transition's source position
    assert "states: 6 reachable" in out.stdout


def test_an_unexpected_violation_exits_1(project: Path) -> None:
    (project / "c.lfsm").write_text(COUNTER.replace(" expect violated", ""), encoding="utf-8")
    out = lifefsm("check", "c.lfsm", "-D", "k=2", cwd=project)
    assert out.returncode == 0, out.stdout  # at k = 2 the counter never reaches 3
    out = lifefsm("check", "c.lfsm", cwd=project)
    assert out.returncode == 1 and "VIOLATED                   small" in out.stdout


def test_a_state_limit_never_claims_a_verdict_and_exits_3(project: Path) -> None:
    out = lifefsm("check", "c.lfsm", "--max-states", "3", cwd=project)
    assert out.returncode == 3
    assert "unknown                    bounded" in out.stdout and "INCOMPLETE" in out.stdout
    assert "holds " not in out.stdout


def test_all_params_checks_every_value(project: Path) -> None:
    out = lifefsm("check", "c.lfsm", "--all-params", "--property", "bounded", cwd=project)
    assert out.returncode == 0, out.stdout
    assert out.stdout.count("system Counter (k=") == 10 and "10 runs: 0 with an unexpected verdict" in out.stdout


def test_json_has_the_whole_result(project: Path) -> None:
    out = lifefsm("check", "c.lfsm", "--json", "r.json", cwd=project)
    assert out.returncode == 0
    data = json.loads((project / "r.json").read_text(encoding="utf-8"))
    run = data["runs"][0]
    assert data["exit"] == 0 and run["params"] == {"k": 5} and run["complete"] is True
    assert run["statistics"]["states"] == 6 and run["statistics"]["depth"] == 5
    props = {p["name"]: p for p in run["properties"]}
    assert props["bounded"]["cites"] == ["G1"] and props["bounded"]["holds"] is True
    assert props["small"]["holds"] is False and len(props["small"]["trace"]["steps"]) == 3


@pytest.mark.parametrize("args, code", [
    (["-D", "nope=1"], "[unknown-parameter]"),
    (["-D", "k=99"], "[parameter-out-of-range]"),
    (["-D", "k"], "[bad-option]"),
    (["--max-states", "0"], "[bad-option]"),
    (["--system", "Nope"], "[unknown-system]"),
    (["--property", "nope"], "[unknown-property]"),
])
def test_bad_options_exit_2_with_a_message(project: Path, args: list[str], code: str) -> None:
    out = lifefsm("check", "c.lfsm", *args, "--json", "r.json", cwd=project)
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert code in out.stderr and "Traceback" not in out.stderr
    assert not (project / "r.json").exists()


EMPTY_ARRAY = """
param n: 0..2 = 0
machine T {
  input flip
  initial state A
  state B
  A -> B on flip
  B -> A on flip
}
machine K {
  input go
  var seen: 0..2 = count x in t: x.index >= 0
  initial state Idle
  Idle -> Idle on go
}
system S {
  instance k: K
  instance t[n]: T
  PROPERTY
}
"""


def test_an_array_of_size_zero_is_checked(tmp_path: Path) -> None:
    (tmp_path / "e.lfsm").write_text(EMPTY_ARRAY.replace("PROPERTY", "property seen_none: invariant k.seen == 0"),
                                     encoding="utf-8")
    out = lifefsm("check", "e.lfsm", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "holds                      seen_none" in out.stdout and "states: 1 reachable" in out.stdout
    out = lifefsm("check", "e.lfsm", "-D", "n=2", cwd=tmp_path)
    assert out.returncode == 1 and "VIOLATED                   seen_none" in out.stdout


def test_an_event_of_an_element_an_empty_array_lacks_is_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "e.lfsm").write_text(EMPTY_ARRAY.replace("PROPERTY", "property p: never k.go after t[0].flip"),
                                     encoding="utf-8")
    out = lifefsm("check", "e.lfsm", cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "'t' has 0 element(s)  [event-index-out-of-range]" in out.stderr
    out = lifefsm("check", "e.lfsm", "-D", "n=1", cwd=tmp_path)  # k.go can follow t[0].flip
    assert out.returncode == 1 and "VIOLATED                   p" in out.stdout
