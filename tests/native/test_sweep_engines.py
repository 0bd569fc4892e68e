"""`check --sweep` and `mutate` on both engines (issue 13 and 15): the same table (states and
verdicts of every configuration) and the same fates of the mutants; the native runs really ran
natively (no fallback note); `check --sweep SPEC` takes the path for the spec, not the level."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from lifecycle_fsm.cli import _sweep_spec_first

ROOT = Path(__file__).resolve().parents[2]
OK = ROOT / "tests" / "cases" / "ok"
MUTATE = ROOT / "tests" / "cases" / "mutate"

# 'bounded' fails exactly when limit < 2; 'ends' (leads-to) is judged by the native liveness
LIMITS = """
param limit: 0..3 = 2
param fast: bool = false
machine Count {
  var n: 0..3 = 0
  clock t
  input inc
  internal done
  initial state S { invariant t <= 2 }
  final state End
  S -> S on inc when n < 2 do n = n + 1, reset t
  S -> End on done when t >= 1 or fast
  property bounded: invariant n <= limit
  property ends: self in S ~> self in End
}
"""
TIME = re.compile(r"\d+(\.\d+)? s\b|\d+(\.\d+)?s\b")


def lifefsm(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lifecycle_fsm", *args], capture_output=True, text=True,
                          timeout=600, cwd=cwd)


def table(run: dict[str, Any]) -> tuple[Any, ...]:
    res = run["result"]
    return (run["index"], run["exit"], res["statistics"]["states"], res["statistics"]["stored_states"],
            tuple((p["name"], p["verdict"]) for p in res["properties"]))


def test_sweep_gives_the_same_table_on_both_engines(tmp_path: Path) -> None:
    (tmp_path / "limits.lfsm").write_text(LIMITS, encoding="utf-8")
    got = {}
    for engine in ("python", "native"):
        out = lifefsm("check", "--sweep", "limits.lfsm", "--engine", engine, "-j", "2", "--json", f"{engine}.json",
                      cwd=tmp_path)
        assert out.returncode == 1, out.stderr  # 'bounded' is violated where limit < 2
        assert out.stderr == ""  # no fallback note
        data = json.loads((tmp_path / f"{engine}.json").read_text(encoding="utf-8"))
        assert data["sweep"]["configurations"] == 8  # auto: the full product of 4 x 2
        got[engine] = ([table(r) for r in data["runs"]], TIME.sub("", out.stdout))
    assert got["python"] == got["native"]
    verdicts = {r[0]: dict(r[4]) for r in got["native"][0]}
    assert sorted(verdicts[i]["bounded"] for i in verdicts) == ["VIOLATED"] * 4 + ["holds"] * 4
    assert all(v["ends"] == "holds" for v in verdicts.values())


def test_mutate_gives_the_same_fates_on_both_engines(tmp_path: Path) -> None:
    fates = {}
    for engine in ("python", "native"):
        out = lifefsm("mutate", "stop.lfsm", "--engine", engine, "-j", "2", "--json", str(tmp_path / f"{engine}.json"),
                      cwd=MUTATE)
        assert out.returncode == 0, out.stderr
        assert out.stderr == ""
        data = json.loads((tmp_path / f"{engine}.json").read_text(encoding="utf-8"))
        fates[engine] = {m["id"]: (m["status"], m.get("configuration"), m.get("changes")) for m in data["mutants"]}
    assert fates["python"] == fates["native"]
    assert sum(1 for s, _, _ in fates["native"].values() if s == "killed") == 12


def test_sweep_with_the_spec_right_after_the_flag(tmp_path: Path) -> None:
    """`check --sweep SPEC` is `check --sweep auto SPEC`; a level is still a level."""
    (tmp_path / "limits.lfsm").write_text(LIMITS, encoding="utf-8")
    first = lifefsm("check", "--sweep", "limits.lfsm", "--engine", "python", "-j", "1", cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    assert first.stdout.startswith("limits.lfsm: sweep over the full product of the parameter values, 8 configurations")
    assert _sweep_spec_first(["check", "--sweep", "a.lfsm", "-j", "2"]) == ["check", "--sweep", "auto", "a.lfsm",
                                                                              "-j", "2"]
    assert _sweep_spec_first(["--color", "never", "check", "--sweep", str(tmp_path / "limits.lfsm")])[3:] == [
        "--sweep", "auto", str(tmp_path / "limits.lfsm")]
    for kept in (["check", "--sweep", "pairwise", "a.lfsm"], ["check", "--sweep", "3", "a.lfsm"],
                 ["check", "a.lfsm", "--sweep"], ["check", "a.lfsm", "--sweep", "-j", "2"],
                 ["check", "--sweep", "nonsense", "a.lfsm"], ["mutate", "a.lfsm", "--sweep", "b.lfsm"]):
        assert _sweep_spec_first(kept) == kept
