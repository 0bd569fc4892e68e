"""The embedding API (lifecycle_fsm.runtime) and the runnable example in docs/embedding.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lifecycle_fsm import LfsmError, runtime
from lifecycle_fsm.runtime import LfsmSystem

from .conftest import HERE, ROOT, do, enabled

DOC = ROOT / "docs" / "embedding.md"
MINIPOD = HERE / "specs" / "minipod.lfsm"


def test_the_documented_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    exec(compile(blocks[0], str(DOC), "exec"), {"__name__": "embedding_example"})
    out = capsys.readouterr().out
    assert "not enabled" in out and "'app[1]': {'state': 'Terminated', 't': 10}" in out


def test_load_binds_parameters_from_a_dict_or_defines() -> None:
    a = runtime.load(MINIPOD, {"n_apps": 3})
    b = runtime.load(MINIPOD, ["n_apps=3", "policy=Never"])
    assert isinstance(a, LfsmSystem) and len(a.app) == 3 and len(b.app) == 3  # type: ignore[attr-defined]
    b.trigger("app[2]", "exit_fail")  # policy Never: straight to Terminated
    assert b.state["app[2]"] == "Terminated"
    a.trigger("app[2]", "exit_fail")
    assert a.state["app[2]"] == "Restarting"


def test_bad_parameters_and_names_are_reported() -> None:
    with pytest.raises(LfsmError) as info:
        runtime.load(MINIPOD, {"n_apps": 9})
    assert [d.code for d in info.value.diagnostics] == ["parameter-out-of-range"]
    with pytest.raises(LfsmError) as unknown:
        runtime.load(MINIPOD, system="Nope")
    assert [d.code for d in unknown.value.diagnostics] == ["unknown-system"]
    assert "no system named 'Nope'" in unknown.value.diagnostics[0].message
    with pytest.raises(LfsmError):
        runtime.load(HERE / "specs" / "does-not-exist.lfsm")


def test_the_real_clock_is_the_default() -> None:
    pod = runtime.load(MINIPOD)
    assert isinstance(pod.clock, runtime.MonotonicClock)
    assert pod.advance() == []  # no time has passed, nothing internal is enabled


def test_every_enabled_move_is_takeable_and_every_other_is_refused() -> None:
    def deleting() -> runtime.LfsmSystem:
        pod = runtime.load(MINIPOD, ["n_apps=1"])
        pod.kubelet.delete()  # type: ignore[attr-defined]
        return pod

    pod = deleting()
    moves = enabled(pod)
    assert moves
    for move in moves:
        do(deleting(), move)  # raises if refused
    for inst in pod:
        for ev, kind in inst._lf_kinds.items():
            if kind in ("input", "internal") and (str(inst), ev) not in moves:
                with pytest.raises(runtime.NotEnabled):
                    inst.trigger(ev)


def test_instances_are_transitions_models() -> None:
    pod = runtime.load(MINIPOD)
    app = pod["app[0]"]
    assert type(app)._lf_machine.events["kill"].transitions["Running"][0].dest == "Stopping"
    assert type(app)._lf_machine.auto_transitions is False
    assert Path(runtime.__file__).parent.name == "runtime" and type(app).__module__ == "lifecycle_fsm.runtime"
