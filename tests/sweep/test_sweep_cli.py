"""`lifefsm check --sweep`: configurations chosen, constraints skipped, the summary, JSON, exit status."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_support import lifefsm

OK = Path(__file__).resolve().parents[1] / "cases" / "ok"

# 'bounded' fails exactly when limit < 2 (the counter reaches 2 whatever the limit)
VIOLATED = """
param limit: 0..3 = 2
param fast: bool = false
machine Count {
  var n: 0..3 = 0
  input inc
  initial state S
  S -> S on inc when n < 2 do n = n + 1
  property bounded: invariant n <= limit
}
"""


def test_pairwise_sweep_with_constraints(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    monkeypatch.chdir(OK)
    out_json = tmp_path / "s.json"
    status, out, err = lifefsm(["check", "constraints.lfsm", "--sweep", "pairwise", "-j", "2", "--json",
                                str(out_json)], capsys)
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("constraints.lfsm: sweep over a 2-way covering array (IPOG), ")
    assert lines[1] == ("  of 96 in the full product, 58 valid under 3 constraints (sleep_within_grace, "
                        "no_hooks_on_init, (if hook == Sleep then sleep_for else 0) + FLOOR <= 4); 38 invalid skipped")
    assert "  sleep_is_short  holds in all" in out
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["exit"] == 0 and data["sweep"]["strength"] == 2 and data["sweep"]["valid"] == 58
    assert data["sweep"]["configurations"] == len(data["runs"]) >= 16  # 4 sleep_for x 4 grace values
    assert all(r["exit"] == 0 and r["result"]["properties"] for r in data["runs"])
    pairs = {(r["params"]["sleep_for"], r["params"]["grace"]) for r in data["runs"]}
    assert pairs == {(s, g) for s in range(4) for g in range(4)}  # every pair, valid with hook != Sleep


def test_violations_are_summarised_and_exit_1(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.lfsm").write_text(VIOLATED, encoding="utf-8")
    status, out, _ = lifefsm(["check", "c.lfsm", "--sweep", "full", "-j", "1"], capsys)
    assert status == 1
    assert "  bounded       !violated in 4: #1 #2 #3 #4; holds in 4: #5 #6 #7 #8\n" in out
    # the time column varies with the machine's load: match it by shape
    assert re.search(r"\n  1  0      false       3 +\d+\.\d s  UNEXPECTED: bounded\n", out)
    assert out.splitlines()[-1] == "8 runs: 4 with an unexpected verdict, 0 incomplete, 0 refused"
    status, out, _ = lifefsm(["check", "c.lfsm", "--sweep", "-D", "limit=2..3", "-j", "1"], capsys)
    assert status == 0
    assert "full product of the parameter values, 4 configurations" in out


@pytest.mark.parametrize("argv, message", [
    (["--sweep", "5way"], "error: --sweep expects pairwise, 3wise, full, auto or a strength N >= 1, got '5way'"),
    (["--sweep", "-D", "limit=5..6"], "<command line>: error: parameter 'limit' = 5 is outside its range 0..3"),
    (["--sweep", "-j", "0"], "error: --jobs must be at least 1, got 0"),
    (["--sweep", "--all-params"], "error: --sweep and --all-params cannot be combined"),
])
def test_bad_sweep_options(argv: list[str], message: str, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.lfsm").write_text(VIOLATED, encoding="utf-8")
    status, out, err = lifefsm(["check", "c.lfsm", *argv], capsys)
    assert status == 2 and out == ""
    assert err.startswith(message), err


WIDE = """
param seconds: 0..3600 = 30
param hook: bool = false
machine M {
  initial state S
  property fine: invariant seconds >= 0
}
"""


def test_a_full_sweep_too_large_is_refused_before_any_check(capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # a parameter left free over 0..3600 makes 3,601 configurations of each of the others: said at once,
    # with the free parameters named, instead of hours of checks (as a pinned-but-one pod once did in CI)
    monkeypatch.chdir(tmp_path)
    Path("w.lfsm").write_text(WIDE, encoding="utf-8")
    status, out, err = lifefsm(["check", "w.lfsm", "--sweep", "full", "-j", "1"], capsys)
    assert status == 2 and out == ""
    assert err.startswith("error: --sweep full would check 7,202 configurations, more than 1,000 (free parameters: "
                          "seconds (3,601 values), hook (2 values)); fix some with -D NAME=VALUE"), err
    assert "or use --sweep pairwise, or raise --max-runs  [too-many-runs]\n" in err and "Traceback" not in err
    status, _, err = lifefsm(["check", "w.lfsm", "--sweep", "full", "-D", "seconds=0..500", "-j", "1"], capsys)
    assert status == 2 and "would check 1,002 configurations, more than 1,000" in err
    status, _, err = lifefsm(["check", "w.lfsm", "--sweep", "full", "-D", "seconds=0..4", "--max-runs", "9"], capsys)
    assert status == 2 and "would check 10 configurations, more than 9" in err
    status, out, err = lifefsm(["check", "w.lfsm", "--sweep", "full", "-D", "seconds=0..4", "--max-runs", "10",
                                "-j", "1"], capsys)
    assert status == 0 and "full product of the parameter values, 10 configurations" in out, err
    # mutate has no --max-runs: the same refusal, without that hint
    status, _, err = lifefsm(["mutate", "w.lfsm", "--sweep", "full", "--equivalent", "/dev/null"], capsys)
    assert status == 2 and "would check 7,202 configurations" in err and "--max-runs" not in err, err


def test_require_restricts_the_sweep(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                     tmp_path: Path) -> None:
    """--require adds a constraint for this sweep only: counted and named in the header like the
    spec's own; the defaults need not satisfy it (grace = 2 here); every configuration does."""
    monkeypatch.chdir(OK)
    out_json = tmp_path / "s.json"
    status, out, err = lifefsm(["check", "constraints.lfsm", "--sweep", "full", "-j", "1", "--require",
                                "short: sleep_for + grace <= 1", "--require", "not init", "--json", str(out_json)],
                               capsys)
    assert status == 0, err
    assert out.splitlines()[1] == ("  of 96 in the full product, 8 valid under 5 constraints (sleep_within_grace, "
                                   "no_hooks_on_init, (if hook == Sleep then sleep_for else 0) + FLOOR <= 4, short, "
                                   "not init); 88 invalid skipped")
    data = json.loads(out_json.read_text(encoding="utf-8"))
    params = [r["params"] for r in data["runs"]]
    assert len(params) == 8 and all(p["sleep_for"] + p["grace"] <= 1 and not p["init"] for p in params)
    assert [c["text"] for c in data["sweep"]["constraints"]][3:] == ["sleep_for + grace <= 1", "not init"]
    assert [c["span"].split(":")[0] for c in data["sweep"]["constraints"]][3:] == ["<--require 1>", "<--require 2>"]


@pytest.mark.parametrize("argv, message", [
    (["--require", "grace <= 1"], "error: --require restricts the configurations of a sweep: give it with --sweep "
                                  "or --all-params"),
    (["--sweep", "--require", "grace + nope <= 1"], "<--require 1>:1:17: error: name 'nope' is not defined"),
    (["--sweep", "--require", "grace +"], "<--require 1>:1:16: error: unexpected end of file"),
    (["--sweep", "--require", "grace"], "<--require 1>:1:9: error: "),
    (["--sweep", "--require", "true machine M {}"], "<--require 1>: error: --require expects one boolean expression "
                                                    "over the parameters ([NAME:] EXPR), got 'true machine M {}'"),
])
def test_bad_require(argv: list[str], message: str, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(OK)
    status, out, err = lifefsm(["check", "constraints.lfsm", *argv], capsys)
    assert status == 2 and out == ""
    assert err.startswith(message), err


def test_require_with_all_params(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(OK)
    status, out, err = lifefsm(["check", "constraints.lfsm", "--all-params", "--require", "grace == 0",
                                "--require", "sleep_for == 0", "--require", "not init"], capsys)
    assert status == 0, err
    assert out.splitlines()[0] == ("--all-params: 3 runs (hook x sleep_for x grace x init; 1 system; 93 invalid "
                                   "combinations skipped (parameter constraints))")
    assert out.count("sleep_for=0, grace=0, init=false)") == 3
