"""`lifefsm compile` and `lifefsm diagram`: layout, targets, atomic writes, exit codes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lifecycle_fsm.backends.manifest import MANIFEST
from lifecycle_fsm.cli import main

from .conftest import HERE

MINIPOD = HERE / "specs" / "minipod.lfsm"


def lifefsm(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "lifecycle_fsm", *args], cwd=cwd, capture_output=True,
                          timeout=300, env=env)


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "spec").mkdir()
    shutil.copy(MINIPOD, tmp_path / "spec" / "minipod.lfsm")
    return tmp_path


def test_compile_writes_the_documented_layout(project: Path) -> None:
    out = lifefsm("compile", "spec/minipod.lfsm", cwd=project)
    assert out.returncode == 0, out.stderr
    assert b"wrote 14 files" in out.stdout
    names = sorted(tree(project))
    assert names == sorted([
        "spec/minipod.lfsm",
        "codegen/minipod/__init__.py", "codegen/minipod/pod.py", "codegen/minipod/test_minipod.py",
        *[f"diagrams/minipod/{n}.{ext}" for n in ("App", "Kubelet", "Pod.system", "Pod.states")
          for ext in ("dot", "svg")],
        "diagrams/minipod/App.mmd", "diagrams/minipod/Kubelet.mmd", "diagrams/minipod/Pod.properties.md",
        f"codegen/minipod/{MANIFEST}", f"diagrams/minipod/{MANIFEST}",
    ])
    svg = (project / "diagrams/minipod/App.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "Stopping" in svg


def test_targets_and_out_directory(project: Path, tmp_path: Path) -> None:
    out = lifefsm("compile", "spec/minipod.lfsm", "--target", "dot,mermaid", "--out", "build", "-D", "n_apps=1",
                  cwd=project)
    assert out.returncode == 0, out.stderr
    names = sorted(tree(project / "build"))
    assert all(n.startswith("diagrams/minipod/") and n.endswith((".dot", ".mmd", ".md", MANIFEST))
               for n in names), names
    overview = (project / "build/diagrams/minipod/Pod.system.dot").read_text(encoding="utf-8")
    assert "app[1]: App" in overview and "n_apps = 1" in overview


@pytest.mark.parametrize("args, message", [
    (["compile", "spec/missing.lfsm"], b"[file-not-found]"),
    (["compile", "spec/minipod.lfsm", "--target", "python,pyton"], b"unknown target 'pyton'"),
    (["compile", "spec/minipod.lfsm", "-D", "n_apps=7"], b"[parameter-out-of-range]"),
    (["compile", "spec/minipod.lfsm", "-D", "nope=1"], b"[unknown-parameter]"),
    (["diagram", "spec/minipod.lfsm", "--machine", "Nope"], b"no machine named 'Nope'"),
    (["diagram", "spec/minipod.lfsm", "--format", "mermaid"], b"Mermaid output is available for machines"),
    (["compile", "spec/minipod.lfsm", "--detail", "some"], b"invalid choice: 'some'"),
])
def test_bad_input_exits_2_and_writes_nothing(project: Path, args: list[str], message: bytes) -> None:
    out = lifefsm(*args, cwd=project)
    assert out.returncode == 2, out.stderr
    assert message in out.stderr and b"Traceback" not in out.stderr
    assert sorted(tree(project)) == ["spec/minipod.lfsm"]


def test_a_spec_error_leaves_earlier_outputs_untouched(project: Path) -> None:
    assert lifefsm("compile", "spec/minipod.lfsm", cwd=project).returncode == 0
    before = tree(project)
    spec = project / "spec/minipod.lfsm"
    spec.write_text(spec.read_text(encoding="utf-8").replace("Running -> Terminated on exit_ok",
                                                               "Running -> Terminatd on exit_ok"), encoding="utf-8")
    out = lifefsm("compile", "spec/minipod.lfsm", cwd=project)
    assert out.returncode == 2 and b"Terminatd" in out.stderr
    after = tree(project)
    del before["spec/minipod.lfsm"], after["spec/minipod.lfsm"]
    assert after == before


def test_a_missing_renderer_leaves_earlier_outputs_untouched(project: Path) -> None:
    assert lifefsm("compile", "spec/minipod.lfsm", cwd=project).returncode == 0
    before = tree(project)
    env = dict(os.environ, PATH=str(project))  # no `dot` here
    out = lifefsm("compile", "spec/minipod.lfsm", "--renderer", "dot", "-D", "grace=3", cwd=project, env=env)
    assert out.returncode == 2 and b"[render-failed]" in out.stderr and b"'dot' is not on PATH" in out.stderr
    assert tree(project) == before


@pytest.mark.parametrize("fmt, head", [("dot", b"digraph"), ("mermaid", b"---\ntitle: machine App"),
                                       ("svg", b"<?xml"), ("png", b"\x89PNG")])
def test_diagram_formats(project: Path, fmt: str, head: bytes) -> None:
    out = lifefsm("diagram", "spec/minipod.lfsm", "--machine", "App", "--format", fmt, "-o", f"app.{fmt}",
                  cwd=project)
    assert out.returncode == 0, out.stderr
    assert (project / f"app.{fmt}").read_bytes().startswith(head)


def test_diagram_defaults_to_the_system_overview_on_stdout(project: Path) -> None:
    out = lifefsm("diagram", "spec/minipod.lfsm", "--format", "dot", cwd=project)
    assert out.returncode == 0 and out.stdout.startswith(b'digraph "Pod"') and b"box3d" in out.stdout
    states = lifefsm("diagram", "spec/minipod.lfsm", "--states", "Pod", "--format", "dot", "-D", "n_apps=1",
                     cwd=project)
    assert states.returncode == 0 and b"reachable states" in states.stdout


def test_detail_levels_are_one_flag_away(project: Path) -> None:
    texts = {}
    for level in ("names", "guards", "full"):
        out = lifefsm("diagram", "spec/minipod.lfsm", "--machine", "App", "--format", "dot", "--detail", level,
                      cwd=project)
        assert out.returncode == 0, out.stderr
        texts[level] = out.stdout.decode()
    assert '"s_Running" -> "s_Terminated" [label="exit_ok, exit_fail"];' in texts["names"]
    assert "exit_fail [policy == Never or restarts >= 2" in texts["guards"]
    assert "restarts = restarts + 1" in texts["full"] and "restarts = restarts + 1" not in texts["guards"]
    compiled = lifefsm("compile", "spec/minipod.lfsm", "--target", "dot", "--detail", "full", cwd=project)
    assert compiled.returncode == 0, compiled.stderr
    assert (project / "diagrams/minipod/App.dot").read_text(encoding="utf-8") == texts["full"]


def test_state_graphs_say_which_parameter_values_they_use(project: Path) -> None:
    given = lifefsm("diagram", "spec/minipod.lfsm", "--states", "Pod", "--format", "dot", "-D", "n_apps=1",
                    cwd=project)
    assert b"at n_apps = 1, grace = 2, policy = OnFailure\\n(the parameter values given)" in given.stdout
    assert lifefsm("compile", "spec/minipod.lfsm", "--target", "dot", cwd=project).returncode == 0
    drawn = (project / "diagrams/minipod/Pod.states.dot").read_text(encoding="utf-8")
    assert ("at n_apps = 1, grace = 0, policy = OnFailure\\n(every integer parameter at its smallest value: the "
            "values given have more than 32 states)") in drawn


def test_compile_draws_the_timelines_of_a_spec(project: Path) -> None:
    spec = project / "spec/minipod.lfsm"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("  property no_deadlock: deadlock free\n", "  property no_deadlock: deadlock free\n"
                                 "  property timeline_delete: reachable kubelet in Gone\n"), encoding="utf-8")
    out = lifefsm("compile", "spec/minipod.lfsm", "--target", "dot,svg,mermaid", cwd=project)
    assert out.returncode == 0, out.stderr
    mmd = (project / "diagrams/minipod/delete.mmd").read_text(encoding="utf-8")
    assert mmd.startswith("---\ntitle: Pod.timeline_delete (witness)\n---\nsequenceDiagram\n")
    assert "  p0->>p0: delete\n" in mmd and "  p0->>p1: kill\n" in mmd
    assert (project / "diagrams/minipod/delete.svg").read_text(encoding="utf-8").startswith("<?xml")
    spec.write_text(text.replace("  property no_deadlock: deadlock free\n", "  property no_deadlock: deadlock free\n"
                                 "  property timeline_never: reachable kubelet in Gone and kubelet in Syncing\n"),
                    encoding="utf-8")
    bad = lifefsm("compile", "spec/minipod.lfsm", cwd=project)
    assert bad.returncode == 2 and b"[timeline-without-run]" in bad.stderr and b"timeline_never" in bad.stderr


def test_check_draws_counterexamples_and_witnesses(project: Path) -> None:
    out = lifefsm("check", "spec/minipod.lfsm", "--trace-diagram", "runs", cwd=project)
    assert out.returncode == 0, out.stderr
    # the manifest: a later run replaces only these files (backends/manifest.py)
    assert sorted(tree(project / "runs")) == [MANIFEST, "Pod.no_kill_after_delete.mmd", "Pod.no_kill_after_delete.svg"]
    mmd = (project / "runs/Pod.no_kill_after_delete.mmd").read_text(encoding="utf-8")
    assert mmd.startswith("---\ntitle: Pod.no_kill_after_delete (expected violation)\n---\n")
    assert "p0->>p0: delete" in mmd and "SIGKILL" in mmd


def test_in_process_main_maps_errors_to_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", str(tmp_path / "none.lfsm"), "--out", str(tmp_path)]) == 2
    assert "[file-not-found]" in capsys.readouterr().err


def test_promela_target_writes_the_spin_model_at_the_given_parameters(project: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from lifecycle_fsm import load_spec
    from lifecycle_fsm.backends.promela import emit_promela

    out = lifefsm("compile", "spec/minipod.lfsm", "--target", "promela", "-D", "n_apps=1", cwd=project)
    assert out.returncode == 0, out.stderr
    assert sorted(tree(project)) == [f"codegen/minipod/{MANIFEST}", "codegen/minipod/pod.pml", "spec/minipod.lfsm"]
    monkeypatch.chdir(project)  # the model names its spec as given on the command line
    model = load_spec("spec/minipod.lfsm")
    expected = emit_promela(model, {"n_apps": 1}, "Pod")
    assert (project / "codegen/minipod/pod.pml").read_text(encoding="utf-8") == expected
    assert expected != emit_promela(model, {}, "Pod")  # the -D value reached the model


def test_a_system_promela_cannot_express_exits_2_and_writes_nothing(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from lifecycle_fsm.backends import targets
    from lifecycle_fsm.backends.promela_layout import PromelaError

    def refuse(*args: object) -> str:
        raise PromelaError("clock 't' is compared (<) with an expression without a known upper bound")

    monkeypatch.setattr(targets, "emit_layout", refuse)
    spec = str(project / "spec/minipod.lfsm")
    assert main(["compile", spec, "--target", "python,promela", "--out", str(project)]) == 2
    err = capsys.readouterr().err
    assert "[promela-unsupported]" in err and "system 'Pod' cannot be written as Promela" in err
    assert sorted(tree(project)) == ["spec/minipod.lfsm"]


def test_the_target_names_the_cli_lists_are_the_registry_s() -> None:
    # backends/targetnames.py repeats the names so that `lifefsm check` need not import the back ends
    from lifecycle_fsm.backends import targetnames, targets

    assert (targetnames.TARGETS, targetnames.OPTIONAL_TARGETS) == (targets.TARGETS, targets.OPTIONAL_TARGETS)
