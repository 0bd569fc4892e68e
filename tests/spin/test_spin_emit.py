"""The Promela back end without SPIN: caps as lifefsm computes them, deterministic text, the entry point.

These run everywhere (no spin or gcc needed); test_spin_differential.py runs the
emitted models.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from spin_cases import HERE, ROOT, Case, collect

from lifecycle_fsm import load_spec
from lifecycle_fsm.backends.promela import emit_promela
from lifecycle_fsm.backends.promela_layout import build_layout
from lifecycle_fsm.cli import main
from lifecycle_fsm.instantiate import instantiate

CASES = [c for c in collect() if not c.error]
POD = ROOT / "tests" / "cases" / "ok" / "pod.lfsm"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_clock_caps_are_the_checkers(case: Case) -> None:
    """Equal state counts need equal caps: SPIN's clocks saturate where the checker's clock fields do."""
    from lifecycle_fsm.checker.build import build_plan

    model = load_spec(case.path)
    params = dict(case.params)
    layout = build_layout(instantiate(model, params, case.system))
    plan = build_plan(model, params, system=case.system, symmetry=False, properties=[])
    fields = {(plan.instances[f.gid].machine.name, f.key): f.hi for f in plan.layout.fields if f.kind == "clock"}
    assert {key: cap for key, cap in layout.caps if key in fields} == fields


def _globals_outside_order(text: str) -> list[str]:
    """Non-hidden global declarations (state vector contents) of the default variant."""
    out: list[str] = []
    depth = 0
    skipping: list[bool] = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("#ifdef") or s.startswith("#ifndef"):
            skipping.append(s in ("#ifdef ORDER", "#ifdef LIVE"))
            continue
        if s == "#else" and skipping:
            skipping[-1] = not skipping[-1]
            continue
        if s == "#endif" and skipping:
            skipping.pop()
            continue
        if any(skipping):
            continue
        depth += s.count("{") - s.count("}") if not s.startswith("/*") else 0
        if depth == 0 and re.match(r"^(bit|bool|byte|short|int)\s", s):
            out.append(s)
    return out


def test_state_vector_holds_exactly_leaves_vars_and_clocks() -> None:
    model = load_spec(POD)
    text = emit_promela(model, {"n_apps": 2})
    decls = _globals_outside_order(text)
    names = [re.match(r"^\w+\s+(\w+)", d).group(1) for d in decls]  # type: ignore[union-attr]
    assert names == ["kubelet_st", "kubelet_deleting", "init_st", "app_st", "app_restarts", "app_t"]


def test_output_is_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "lifecycle_fsm", "compile", str(POD), "--target", "promela",
                        "-D", "n_apps=2", "--out", str(tmp_path / seed)], check=True, env=env, cwd=tmp_path)
        outs.append((tmp_path / seed / "codegen" / "pod" / "pod.pml").read_bytes())
    assert outs[0] == outs[1]


def test_compile_target_writes_a_file_and_reports_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    assert main(["compile", str(POD), "--target", "promela", "-D", "grace=3", "--out", str(tmp_path)]) == 0
    text = (tmp_path / "codegen" / "pod" / "pod.pml").read_text(encoding="utf-8")
    assert "parameters: grace=3, n_apps=2, n_init=1, policy=Never" in text
    assert "active proctype lf_system()" in text
    bad = tmp_path / "bad"
    assert main(["compile", str(POD), "--target", "promela", "-D", "grace=9", "--out", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "grace" in err and "Traceback" not in err
    assert not bad.exists()
    assert main(["compile", str(tmp_path / "missing.lfsm"), "--target", "promela", "--out", str(bad)]) == 2


def test_negative_ranges_are_stored_shifted() -> None:
    model = load_spec(HERE / "specs" / "arrays_params.lfsm")
    text = emit_promela(model, {"n": 3})
    # v: -3..3 = self.index - 1 stores -1, 0, 1 as 2, 3, 4 (Promela initialisers are non-negative)
    assert "byte cells_v[3] = {2, 3, 4};" in text
    assert "(cells_v[0] - 3)" in text
