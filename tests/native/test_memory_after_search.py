"""The native runtime's memory bound reached after the search (counting the model states, the
liveness analysis) stops the check like a search at the bound: incomplete, stop reason "memory",
nothing claimed, exit 3; never a traceback (found with `lifefsm check spec/pod.lfsm -D n_init=3
--max-memory 500M`, which raised NativeError out of the liveness analysis)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lifecycle_fsm.checker.api import check_model
from lifecycle_fsm.native import engine
from lifecycle_fsm.native.run import NativeEngine
from lifecycle_fsm.pipeline import bind, load

ROOT = Path(__file__).resolve().parents[2]
SMALL_POD = ("n_init=0", "n_side=0", "n_apps=1", "post=NoHook", "pre=NoHook", "policy=Always", "grace=1")


def out_of_memory(*_: object) -> object:
    raise engine.NativeMemoryError("out of memory in the liveness analysis")


def test_a_bound_reached_in_the_liveness_analysis_stops_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    model = load(ROOT / "spec" / "pod.lfsm")
    values = bind(model, list(SMALL_POD))
    notices: list[str] = []
    monkeypatch.setattr(engine.NativeSearch, "live_check", out_of_memory)
    r = check_model(model, values, search=NativeEngine(notices.append))  # type: ignore[arg-type]
    assert notices == []  # the native engine ran
    assert not r.complete and r.stop_reason == "memory"
    assert all(p.holds is not True for p in r.properties if p.kind == "leads_to")
    assert any(p.holds is None and "not judged" in p.message for p in r.properties)


def test_the_cli_exits_3_without_a_traceback(tmp_path: Path) -> None:
    # the runtime's live_check reports "out of memory" (code 1) at once: the CLI's own path
    hook = tmp_path / "sitecustomize.py"
    hook.write_text(
        "from lifecycle_fsm.native import engine\n"
        "def _oom(*a):\n    raise engine.NativeMemoryError('out of memory in the liveness analysis')\n"
        "engine.NativeSearch.live_check = _oom\n", encoding="utf-8")
    defines = [x for d in SMALL_POD for x in ("-D", d)]
    p = subprocess.run([sys.executable, "-m", "lifecycle_fsm", "check", str(ROOT / "spec" / "pod.lfsm"),
                        "--engine", "native", *defines], capture_output=True, text=True, timeout=300,
                       env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"})
    assert p.returncode == 3, p.stderr
    assert "Traceback" not in p.stderr + p.stdout
    assert "stopped at the memory bound" in p.stderr
