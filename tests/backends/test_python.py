"""The generated Python module: same behaviour as the in-process runtime, the step semantics, imports."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import six
import transitions

from lifecycle_fsm import compile_source, runtime
from lifecycle_fsm.backends.support import LfsmSystem

from .conftest import ALL_SPECS, HERE, case_id, emit_python, load_module, random_walks, spec_model, system_class

MINIPOD = HERE / "specs" / "minipod.lfsm"


def generated(spec: Path, system_index: int = 0) -> Any:
    model = spec_model(spec)
    files = emit_python(model, spec)
    mod = load_module(files[system_index].text, f"gen_{spec.stem}_{system_index}")
    return mod


@pytest.mark.parametrize("spec", ALL_SPECS, ids=case_id)
def test_generated_module_behaves_like_the_runtime(spec: Path) -> None:
    model = spec_model(spec)
    files = emit_python(model, spec)
    assert len(files) == len(model.systems)
    total = 0
    for k, (f, s) in enumerate(zip(files, model.systems)):
        mod = load_module(f.text, f"gen_{spec.stem}_{k}")
        cls = system_class(mod)
        total += random_walks(lambda cls=cls, mod=mod: cls(clock=mod.VirtualClock()),
                              lambda s=s: runtime.build(model, system=s.name, clock=runtime.VirtualClock()))
    assert total > 0


def pod() -> Any:
    mod = generated(MINIPOD)
    return mod, mod.Pod(clock=mod.VirtualClock())


def test_instances_attributes_and_lets() -> None:
    mod, p = pod()
    assert p.state == {"kubelet": "Syncing", "app[0]": "Running", "app[1]": "Running"}
    assert [str(a) for a in p.app] == ["app[0]", "app[1]"] and p.app[1].index == 1
    assert p["app[1]"] is p.app[1] and p.app[0].restarts == 0 and p.app[0].prestop is True
    assert (p.phase, p.running, p.app[0].up, p.kubelet.busy) == (0, 2, True, False)
    assert p.app[0].is_Alive() and p.app[0].is_Running() and not p.app[0].is_Stopping()


def test_a_send_moves_every_receiver_in_the_same_step() -> None:
    mod, p = pod()
    assert p.kubelet.delete() is True
    assert p.state == {"kubelet": "Terminating", "app[0]": "Stopping", "app[1]": "Stopping"}
    assert p.signals == (("kubelet", "DeleteRequested"), ("app[0]", "PreStop"), ("app[0]", "SIGTERM"),
                         ("app[1]", "PreStop"), ("app[1]", "SIGTERM"))
    assert p.phase == 1 and p.kubelet.deleting is True


def test_events_that_are_not_enabled_raise_and_change_nothing() -> None:
    mod, p = pod()
    before = p.snapshot()
    with pytest.raises(mod.NotEnabled, match="expire"):
        p.app[0].expire()  # no transition from Running
    p.app[0].exit_fail()
    p.app[0].restart()
    p.app[0].exit_fail()
    p.app[0].restart()
    assert p.app[0].restarts == 2
    with pytest.raises(mod.NotEnabled):
        p.trigger("app[0]", "kill")  # receive events are only delivered by a send
    with pytest.raises(mod.UnknownName):
        p.trigger("app[7]", "exit_ok")
    with pytest.raises(mod.UnknownName):
        p.trigger("app[0]", "explode")
    assert not p.app[1].may_expire() and p.app[1].may_exit_fail()
    assert isinstance(mod.NotEnabled("x"), transitions.MachineError)
    assert before != p.snapshot()


def test_time_is_blocked_by_urgent_states_and_invariants() -> None:
    mod, p = pod()
    p.app[0].exit_fail()  # Restarting is urgent
    assert not p.may_tick()
    with pytest.raises(mod.TimeBlocked, match="urgent"):
        p.tick()
    p.app[0].restart()
    p.kubelet.delete()
    p.tick()
    p.tick()
    assert p.app[0].t == 2 and not p.may_tick()  # invariant t <= grace (2) would break
    with pytest.raises(mod.TimeBlocked, match="invariant"):
        p.tick()
    assert p.app[0].t == 2
    p.app[0].expire()
    assert p.signals == (("app[0]", "SIGKILL"),)


def test_advance_follows_the_clock_and_fires_internal_events() -> None:
    clock = runtime.VirtualClock()
    mod = generated(MINIPOD)
    p = mod.Pod(clock=clock, tick_seconds=0.5)
    p.kubelet.delete()
    assert p.advance() == []
    clock.advance(0.75)
    assert p.advance() == ["tick"]
    clock.advance(5.0)  # 5.75 s = 11 ticks, 10 due; at t = 2 the expiries fire, then time runs on
    labels = p.advance()
    assert labels[:3] == ["tick", "app[0].expire", "app[1].expire"]
    assert p.state["app[0]"] == "Terminated" and p.phase == 2
    assert labels.count("tick") == 10


def test_host_callbacks_run_after_the_step_in_order() -> None:
    mod = generated(MINIPOD)
    log: list[tuple[str, str, str]] = []
    p = mod.Pod(clock=mod.VirtualClock(), on_enter=lambda i, s: log.append(("enter", i, s)),
                on_exit=lambda i, s: log.append(("exit", i, s)),
                on_signal=lambda i, s: log.append(("signal", i, s)))
    p.kubelet.delete()
    assert log[:4] == [("exit", "kubelet", "Syncing"), ("signal", "kubelet", "DeleteRequested"),
                       ("enter", "kubelet", "Terminating"), ("exit", "app[0]", "Running")]
    assert log[4:8] == [("exit", "app[0]", "Alive"), ("signal", "app[0]", "PreStop"),
                        ("signal", "app[0]", "SIGTERM"), ("enter", "app[0]", "Stopping")]
    assert len(log) == 13  # kubelet: 3; each app: exit Running, exit Alive, two signals, enter Stopping


def test_a_callback_may_trigger_the_next_event() -> None:
    mod = generated(MINIPOD)
    holder: list[Any] = []

    def on_signal(inst: str, sig: str) -> None:
        if sig == "SIGTERM":
            holder[0][inst].exit_ok()  # the process exits as soon as it is told to

    p = mod.Pod(clock=mod.VirtualClock(), on_signal=on_signal)
    holder.append(p)
    p.kubelet.delete()
    assert p.state == {"kubelet": "Terminating", "app[0]": "Terminated", "app[1]": "Terminated"}


ERRORS = """
param n: 1..2 = 1
machine Box {
  var x: 0..2 = 0
  var d: 0..2 = 0
  input up, split, peek
  initial state A
  A -> A on up do x = x + 1
  A -> A on split do x = 6 / d
  A -> A on peek when box[x].x == 0
}
system S { instance box[n]: Box }
"""


@pytest.mark.parametrize("event, message", [("split", "division by zero"), ("peek", "out of bounds")])
def test_model_errors_stop_the_system(event: str, message: str) -> None:
    model = compile_source(ERRORS, "errors.lfsm")
    mod = load_module(emit_python(model, HERE / "errors.lfsm")[0].text, "gen_errors_" + event)
    for p in (mod.S(clock=mod.VirtualClock()), runtime.build(model, clock=runtime.VirtualClock())):
        if event == "peek":
            p.box[0].up()
        with pytest.raises(Exception, match=message) as info:
            p.trigger("box[0]", event)
        assert type(info.value).__name__ == "ModelError"
        with pytest.raises(Exception, match="stopped at a model error"):
            p.tick()


def test_assignments_outside_the_range_are_model_errors() -> None:
    model = compile_source(ERRORS, "errors.lfsm")
    mod = load_module(emit_python(model, HERE / "errors.lfsm")[0].text, "gen_errors_range")
    p = mod.S(clock=mod.VirtualClock())
    p.box[0].up()
    p.box[0].up()
    with pytest.raises(mod.ModelError, match=r"x = 3 is outside its range 0\.\.2"):
        p.box[0].up()


ALLOWED_IMPORTS = {"__future__", "threading", "time", "collections.abc", "typing", "transitions"}


@pytest.mark.parametrize("spec", ALL_SPECS, ids=case_id)
def test_generated_modules_import_only_transitions_and_the_standard_library(spec: Path) -> None:
    for f in emit_python(spec_model(spec), spec):
        tree = ast.parse(f.text)
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{f.path}: relative import"
                found.add(str(node.module))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("exec", "eval", "__import__", "compile", "open"), f.path
        assert found <= ALLOWED_IMPORTS, f"{f.path} imports {found - ALLOWED_IMPORTS}"


def test_generated_module_runs_with_only_transitions_on_the_path(tmp_path: Path) -> None:
    """A fresh interpreter without site-packages: only the module, transitions and six are importable."""
    model = spec_model(MINIPOD)
    f = emit_python(model, MINIPOD)[0]
    (tmp_path / "gen").mkdir()
    (tmp_path / "gen" / "pod.py").write_text(f.text, encoding="utf-8")
    deps = tmp_path / "deps"
    shutil.copytree(Path(transitions.__file__).parent, deps / "transitions")
    shutil.copy(six.__file__, deps / "six.py")
    script = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "import pod\n"
        "p = pod.Pod(clock=pod.VirtualClock()); p.kubelet.delete(); p.tick()\n"
        "assert p.phase == 1, p.state\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('lifecycle_fsm', 'lark', 'graphviz')]\n"
        "assert not bad, bad\n"
        "print('ok', p.state['app[1]'])\n"
    )
    out = subprocess.run([sys.executable, "-I", "-S", "-c", script, str(tmp_path / "gen"), str(deps)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok Stopping"


def test_generated_module_passes_mypy_strict(tmp_path: Path) -> None:
    mypy = shutil.which("mypy") or str(Path(sys.executable).parent / "mypy")
    if not Path(mypy).exists():
        pytest.skip("mypy is not installed")
    f = emit_python(spec_model(MINIPOD), MINIPOD)[0]
    (tmp_path / "pod.py").write_text(f.text, encoding="utf-8")
    out = subprocess.run([mypy, "--strict", "--ignore-missing-imports", "--no-incremental",
                          "--cache-dir", str(tmp_path / ".mypy"), str(tmp_path / "pod.py")],
                         capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_support_engine_is_the_one_the_runtime_uses() -> None:
    model = spec_model(MINIPOD)
    assert isinstance(runtime.build(model), LfsmSystem)
