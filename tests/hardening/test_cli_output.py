"""What `lifefsm check` prints (issue 11): the compact report, --quiet, colour, and --all-params
counted before it runs anything."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lifecycle_fsm import compile_source
from lifecycle_fsm.checker.command import combinations, count_runs, sweep_axes
from lifecycle_fsm.cli import main

ROOT = Path(__file__).resolve().parents[2]
PROPERTIES = ROOT / "tests" / "cases" / "ok" / "properties.lfsm"  # holds, expected violations, a witness
ANSI = re.compile(r"\x1b\[[0-9;]*m")

SWEEP = """\
param n: 0..3 = 1
param flag: bool = false
param huge: 0..1180591620717411303423 = 0
machine M { var x: 0..3 = 0  input go  initial state A  A -> A on go when x < n do x = x + 1 }
"""


def untimed(text: str) -> str:
    return re.sub(r"time: [^\n]*", "time: ...", text)


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The installed entry point as a user runs it: output piped, a clean colour environment."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run([sys.executable, "-m", "lifecycle_fsm", *args], capture_output=True, text=True,
                          timeout=300, env={**base, **(env or {})}, cwd=cwd)


# ---- 11. one line per property; counterexamples always, witnesses on request -----------------


def test_the_default_report_is_one_line_per_property(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(PROPERTIES), "--color", "never"]) == 0
    out = capsys.readouterr().out.split("\n")
    assert not any("witness," in line for line in out)  # 'witness, N steps:' traces are not shown
    assert "  holds                      all_end             [G1]  witness: 4 steps" in out
    # expected violations keep their counterexample under their line
    i = out.index("  violated (expected)        can_end  the invariant fails for app[0] in the state after step 2")
    assert out[i + 1] == "    counterexample, 2 steps:"


def test_witnesses_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(PROPERTIES), "--witnesses"]) == 0
    out = capsys.readouterr().out
    assert "    witness, 4 steps:" in out
    assert main(["check", str(PROPERTIES), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "    witness, 4 steps:" in out and "memory bound: " in out


def test_quiet_prints_nothing_when_all_is_well_and_only_the_wrong_otherwise(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(PROPERTIES), "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    bad = tmp_path / "p.lfsm"
    bad.write_text(PROPERTIES.read_text(encoding="utf-8").replace("can_end expect violated", "can_end"),
                   encoding="utf-8")
    assert main(["--quiet", "check", str(bad)]) == 1
    out = capsys.readouterr().out.split("\n")
    assert out[0] == f"{bad}: system Pod"
    assert out[1].startswith("  VIOLATED                   can_end")
    assert out[2] == "    counterexample, 2 steps:"
    assert not any(line.startswith("  holds") or line.startswith("  states:") for line in out)


# ---- 10. colour: never piped unless asked, never in JSON -------------------------------------


@pytest.mark.parametrize(("args", "env", "coloured"), [
    ([], {}, False),  # piped
    (["--color", "always"], {}, True),
    (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (["--color", "always"], {"NO_COLOR": "1"}, True),  # the option wins over the environment
])
def test_colour_follows_the_option_then_the_environment(tmp_path: Path, args: list[str], env: dict[str, str],
                                                       coloured: bool) -> None:
    out = run_cli("check", str(PROPERTIES), *args, "--json", str(tmp_path / "r.json"), env=env)
    assert out.returncode == 0, out.stderr
    assert bool(ANSI.search(out.stdout)) is coloured
    if coloured:
        assert "\x1b[32mholds\x1b[0m" in out.stdout  # the word is painted, not its padding
        assert untimed(ANSI.sub("", out.stdout)) == untimed(run_cli("check", str(PROPERTIES)).stdout)
    assert not ANSI.search((tmp_path / "r.json").read_text(encoding="utf-8"))


def test_diagnostics_are_coloured_on_request_only(tmp_path: Path) -> None:
    spec = tmp_path / "bad.lfsm"
    spec.write_text("machine A { initial state X  X -> Y on go }\n", encoding="utf-8")
    plain = run_cli("check", str(spec))
    assert plain.returncode == 2 and not ANSI.search(plain.stderr) and "error:" in plain.stderr
    painted = run_cli("--color", "always", "check", str(spec))
    assert painted.returncode == 2
    assert "\x1b[1m\x1b[31merror\x1b[0m" in painted.stderr and "\x1b[1m\x1b[32m^" in painted.stderr
    assert ANSI.sub("", painted.stderr) == plain.stderr  # a layer of colour, nothing else changed


# ---- 6. --all-params: lazily, counted first, bounded ------------------------------------------


def test_combinations_are_enumerated_lazily_in_product_order() -> None:
    model = compile_source(SWEEP.replace("1180591620717411303423", "2"), "s.lfsm")
    axes = sweep_axes(model, [], sweep=True)
    expected = [dict(zip(["n", "flag", "huge"], c)) for c in itertools.product(range(4), [False, True], range(3))]
    assert list(combinations(axes)) == expected and count_runs(axes, 1) == 24
    assert list(combinations(sweep_axes(model, ["n=2"], sweep=True)))[0] == {"n": 2, "flag": False, "huge": 0}


def test_a_huge_sweep_is_counted_and_refused_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "s.lfsm"
    spec.write_text(SWEEP, encoding="utf-8")
    assert main(["check", str(spec), "--all-params", "--json", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert ("error: --all-params would check 9,444,732,965,739,290,427,392 runs, more than --max-runs 1,000; "
            "fix some parameters with -D NAME=VALUE, choose a --system, or raise --max-runs  [too-many-runs]") in err
    assert not (tmp_path / "r.json").exists()


def test_a_sweep_prints_its_count_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "s.lfsm"
    spec.write_text(SWEEP, encoding="utf-8")
    assert main(["check", str(spec), "--all-params", "-D", "huge=5", "--json", str(tmp_path / "r.json")]) == 0
    out = capsys.readouterr().out.split("\n")
    assert out[0] == "--all-params: 8 runs (n x flag; 1 system)"
    assert out[-2] == "8 runs: 0 with an unexpected verdict, 0 incomplete"
    runs = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["runs"]
    assert [r["params"] for r in runs][:3] == [{"n": 0, "flag": False, "huge": 5}, {"n": 0, "flag": True, "huge": 5},
                                               {"n": 1, "flag": False, "huge": 5}]
    assert main(["check", str(spec), "--all-params", "-D", "huge=5", "--max-runs", "7"]) == 2
    assert "[too-many-runs]" in capsys.readouterr().err
    assert main(["check", str(spec), "--all-params", "--max-runs", "0"]) == 2
    assert "--max-runs must be at least 1, got 0  [bad-option]" in capsys.readouterr().err
