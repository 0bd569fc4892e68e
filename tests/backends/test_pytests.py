"""The generated pytest suites pass, and fail when the machine or an expectation is wrong."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ALL_SPECS, HERE, OK_CASES

pytest.importorskip("lifecycle_fsm.checker", reason="the model checker (lifecycle_fsm.checker) is not installed")

MINIPOD = HERE / "specs" / "minipod.lfsm"


def compile_into(tmp: Path, specs: list[Path], targets: str) -> None:
    """Copy specs into tmp/spec/ and run `lifefsm compile spec/<name>` from tmp, as a user would."""
    (tmp / "spec").mkdir(exist_ok=True)
    for spec in specs:
        shutil.copy(spec, tmp / "spec" / spec.name)
    lib = OK_CASES[0].parent / "lib"
    if lib.is_dir() and not (tmp / "spec" / "lib").exists():
        shutil.copytree(lib, tmp / "spec" / "lib")
    for spec in specs:
        out = subprocess.run([sys.executable, "-m", "lifecycle_fsm", "compile", f"spec/{spec.name}",
                              "--target", targets], cwd=tmp, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr


def run_pytest(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "codegen", *args],
                          cwd=tmp, capture_output=True, text=True, timeout=600)


def test_generated_suites_pass_for_every_spec_case(tmp_path: Path) -> None:
    compile_into(tmp_path, ALL_SPECS, "python,tests")
    out = run_pytest(tmp_path)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert " passed" in out.stdout and "skipped" not in out.stdout


def test_counterexamples_replay_on_the_generated_machine(tmp_path: Path) -> None:
    compile_into(tmp_path, [MINIPOD], "python,tests,replay")
    replay = tmp_path / "codegen" / "minipod" / "test_minipod_replay_pod.py"
    assert "def test_replay__Pod__no_kill_after_delete" in replay.read_text(encoding="utf-8")
    out = run_pytest(tmp_path)
    assert out.returncode == 0, out.stdout[-4000:]
    assert re.search(r"(?<!\d)9 passed", out.stdout) and "failed" not in out.stdout  # 6 properties, built-ins,
    # conformance, the replay


def test_conformance_catches_a_machine_that_differs_from_the_model(tmp_path: Path) -> None:
    compile_into(tmp_path, [MINIPOD], "python,tests")
    module = tmp_path / "codegen" / "minipod" / "pod.py"
    text = module.read_text(encoding="utf-8")
    broken = text.replace("return self.restarts < 2 and not", "return self.restarts < 1 and not")
    assert broken != text
    module.write_text(broken, encoding="utf-8")
    out = run_pytest(tmp_path)
    assert out.returncode == 1
    assert "FAILED codegen/minipod/test_minipod.py::test_Pod__conformance" in out.stdout, out.stdout[-3000:]


def test_a_wrong_expectation_fails_with_the_counterexample(tmp_path: Path) -> None:
    text = MINIPOD.read_text(encoding="utf-8").replace("no_kill_after_delete expect violated:",
                                                      "no_kill_after_delete:")
    spec = tmp_path / "src" / "minipod.lfsm"
    spec.parent.mkdir()
    spec.write_text(text, encoding="utf-8")
    compile_into(tmp_path, [spec], "python,tests")
    out = run_pytest(tmp_path, "-k", "no_kill_after_delete")
    assert out.returncode == 1
    assert "Pod.no_kill_after_delete is violated but the spec expects it to hold" in out.stdout
    assert "app[0].expire !app[0].SIGKILL" in out.stdout
