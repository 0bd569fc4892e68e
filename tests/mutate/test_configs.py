"""`lifefsm mutate --configs FILE` and SPEC.mutate: a listed set of configurations (mutate/configs.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_support import ROOT, lifefsm

from lifecycle_fsm import load_spec
from lifecycle_fsm.diagnostics import LfsmError
from lifecycle_fsm.mutate.configs import read_configs
from lifecycle_fsm.mutate.equivalent import read_equivalents
from lifecycle_fsm.mutate.operators import mutants_of

CASES = ROOT / "tests" / "cases" / "mutate"


def configs(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "c.configs"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_checks_its_configurations_in_order(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(CASES)
    listed = configs(tmp_path, "# two configurations\n\ngrace=2   # the longer grace\n  grace=1\n")
    status, out, err = lifefsm(["mutate", "stop.lfsm", "--configs", str(listed), "-j", "1",
                                "--json", str(tmp_path / "m.json")], capsys)
    assert status == 0, err
    assert out.startswith(f"stop.lfsm: mutation testing, 19 mutants over the configurations listed in {listed}, "
                          "2 configurations\n")
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data["sweep"] == {"strength": None, "listed": str(listed), "configurations": [{"grace": 2}, {"grace": 1}]}
    # the same fates as the automatic sweep (the full product of grace 1..2), whose report is stop.expected
    assert data["counts"] == {"killed": 12, "survived": 1, "undecided": 0, "equivalent": 2,
                              "rejected": 4, "observer": 0}


def test_spec_dot_mutate_is_the_default(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    for name in ("stop.lfsm", "stop.equivalent"):
        shutil.copy(CASES / name, tmp_path / name)
    (tmp_path / "stop.mutate").write_text("grace=1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, out, err = lifefsm(["mutate", "stop.lfsm", "-j", "1"], capsys)
    assert status == 0, err
    assert "over the configurations listed in stop.mutate, 1 configuration\n" in out
    # -D or --sweep asks for a sweep: the file is not read
    status, out, err = lifefsm(["mutate", "stop.lfsm", "-j", "1", "--sweep", "full"], capsys)
    assert status == 0, err
    assert "over the full product of the parameter values, 2 configurations\n" in out
    status, out, err = lifefsm(["mutate", "stop.lfsm", "-j", "1", "-D", "grace=2"], capsys)
    assert status == 0, err
    assert "over the full product of the parameter values, 1 configuration\n" in out


def test_configs_with_d_or_sweep_is_refused(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    monkeypatch.chdir(CASES)
    listed = configs(tmp_path, "grace=1\n")
    for extra in (["-D", "grace=2"], ["--sweep", "full"]):
        status, out, err = lifefsm(["mutate", "stop.lfsm", "--configs", str(listed), *extra], capsys)
        assert status == 2 and out == ""
        assert err.startswith("error: --configs lists whole configurations") and "[bad-option]" in err


@pytest.mark.parametrize(("text", "where", "message", "code"), [
    ("grace=1\ngrase=2\n", "2:1", "unknown parameter 'grase'; did you mean 'grace'?", "unknown-parameter"),
    ("grace=1\n  grace=two  # words\n", "2:3", "parameter 'grace' must be a decimal integer in 1..2, got 'two'",
     "bad-parameter-value"),
    ("grace=3\n", "1:1", "parameter 'grace' = 3 is outside its range 1..2", "parameter-out-of-range"),
    ("grace=1 grace\n", "1:9", "expected NAME=VALUE, got 'grace'", "bad-configs-line"),
    ("grace=1 grace=2\n", "1:9", "'grace' is given twice on this line", "bad-configs-line"),
    ("grace=1\n# again\ngrace=1\n", "3:1", "the same configuration as line 1", "bad-configs-line"),
    ("# nothing but comments\n\n", "1:1", "the file lists no configuration", "no-configurations"),
    ("", "1:1", "the file lists no configuration", "no-configurations"),
])
@pytest.mark.parametrize("extra", [[], ["--list"]], ids=["check", "list"])
def test_a_bad_line_is_reported_at_its_place(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path, text: str, where: str, message: str, code: str,
                                             extra: list[str]) -> None:
    monkeypatch.chdir(CASES)
    listed = configs(tmp_path, text)
    status, out, err = lifefsm(["mutate", "stop.lfsm", "--configs", str(listed), *extra], capsys)
    assert status == 2 and out == ""
    assert err.startswith(f"{listed}:{where}: error: {message}"), err
    assert f"  [{code}]" in err.splitlines()[0]
    assert "Traceback" not in err


def test_every_bad_line_is_reported(tmp_path: Path) -> None:
    model = load_spec(CASES / "stop.lfsm")
    with pytest.raises(LfsmError) as e:
        read_configs(model, configs(tmp_path, "grace=0\ngrace=1\nsize=1 grace=1\n"))
    assert [(d.code, d.span.line, d.span.column) for d in e.value.diagnostics if d.span] == [
        ("parameter-out-of-range", 1, 1), ("unknown-parameter", 3, 1)]


def test_a_configuration_a_require_refuses(tmp_path: Path) -> None:
    model = load_spec(ROOT / "spec" / "pod.lfsm")
    with pytest.raises(LfsmError) as e:
        read_configs(model, configs(tmp_path, "n_init=0\n pre=Sleep sleep_for=3 grace=1  # longer than the grace\n"))
    [d] = e.value.diagnostics
    assert d.code == "constraint-violated" and d.span is not None and (d.span.line, d.span.column) == (2, 2)
    assert "sleep_within_grace" in d.message


def test_the_pod_list_is_valid_and_small_pods_only() -> None:
    model = load_spec(ROOT / "spec" / "pod.lfsm")
    plan = read_configs(model, ROOT / "spec" / "pod.mutate")
    assert len(plan.rows) >= 21
    sizes = [sum(int(r[k]) for k in ("n_init", "n_side", "n_apps", "n_eph")) for r in plan.rows]
    # one line has four containers (stop 40: a sidecar due between two apps' first starts needs an init
    # container before them); every other line at most three
    assert max(sizes) <= 4 and sizes.count(4) <= 1


def test_the_pod_equivalents_name_current_mutants() -> None:
    """spec/pod.equivalent follows the spec's edits: a line moved in spec/pod/ moves the ids it names. The
    reader `lifefsm mutate` uses (mutate/equivalent.py) refuses an id that names no mutant or is marked twice
    (stop 40 found 18 stale ids, and two that had moved onto other mutants; `--list` does not read the file)."""
    model = load_spec(ROOT / "spec" / "pod.lfsm")
    known = {m.id for m in mutants_of(model.sources, ROOT / "spec")}
    marked = read_equivalents(ROOT / "spec" / "pod.equivalent", known)  # LfsmError on a stale or doubled id
    assert len(marked) > 100


def test_ids_file(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(CASES)
    ids = tmp_path / "ids"
    ids.write_text("# two\ndrop-emit@stop.lfsm:19:76 swap-emits@stop.lfsm:18:46\n", encoding="utf-8")
    status, out, err = lifefsm(["mutate", "stop.lfsm", "--ids", str(ids), "-j", "1", "--json",
                                str(tmp_path / "m.json")], capsys)
    assert status == 0, err
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert {m["id"]: m["status"] for m in data["mutants"]} == {
        "swap-emits@stop.lfsm:18:46": "killed", "drop-emit@stop.lfsm:19:76": "survived"}
    ids.write_text("drop-emit@stop.lfsm:1:1\n", encoding="utf-8")
    status, out, err = lifefsm(["mutate", "stop.lfsm", "--ids", str(ids)], capsys)
    assert status == 2 and "'drop-emit@stop.lfsm:1:1' is not a mutant of this spec" in err
    assert "[unknown-mutant]" in err


@pytest.mark.parametrize("option", ["--configs", "--ids"])
@pytest.mark.parametrize("kind", ["directory", "not UTF-8", "missing"])
def test_an_unreadable_file_is_one_error(option: str, kind: str, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(CASES)
    path = tmp_path / "given"
    if kind == "directory":
        path.mkdir()
    elif kind == "not UTF-8":
        path.write_bytes(b"\xff\xfe\x00grace=1\n")
    status, out, err = lifefsm(["mutate", "stop.lfsm", option, str(path), "-j", "1"], capsys)
    assert status == 2 and out == ""
    assert err.startswith(f"error: cannot read '{path}': ") and err.splitlines()[0].endswith("[file-not-readable]")
    assert "Traceback" not in err
