"""Golden files for every back end (python, tests, dot, svg, mermaid) on every spec case.

The goldens live in tests/backends/golden/<case dir>/<stem>/ with the paths
`lifefsm compile` would write. Refresh them after an intended change with

    UPDATE_GOLDEN=1 python -m pytest tests/backends/test_golden.py

and review the diff. SVGs are rendered by graphviz-pure (always installed) so the
goldens do not depend on whether Graphviz is on this machine.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lifecycle_fsm.backends import TARGETS
from lifecycle_fsm.backends.emit import emit
from lifecycle_fsm.backends.render import svg_renderer, svg_source_digest

from .conftest import ALL_SPECS, HERE, case_id, options_for, spec_model

GOLDEN = HERE / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
COMMAND = "UPDATE_GOLDEN=1 python -m pytest tests/backends/test_golden.py"


def golden_dir(spec: Path) -> Path:
    return GOLDEN / spec.parent.name / spec.stem


@pytest.mark.parametrize("spec", ALL_SPECS, ids=case_id)
def test_back_end_output_matches_the_golden_files(spec: Path) -> None:
    files = emit(spec_model(spec), options_for(spec, renderer="graphviz-pure"), TARGETS)
    where = golden_dir(spec)
    if UPDATE:
        for old in (where.rglob("*") if where.is_dir() else []):
            if old.is_file() and "_replay_" not in old.name:
                old.unlink()
        for f in files:
            (where / f.path).parent.mkdir(parents=True, exist_ok=True)
            (where / f.path).write_text(f.text, encoding="utf-8", newline="\n")
    if not where.is_dir():
        pytest.fail(f"no golden files for {case_id(spec)}; create them with: {COMMAND}")
    expected = {str(p.relative_to(where).as_posix()): p for p in where.rglob("*")
                if p.is_file() and "_replay_" not in p.name}
    produced = {f.path: f.text for f in files}
    missing = sorted(set(produced) - set(expected))
    extra = sorted(set(expected) - set(produced))
    assert not missing, f"{case_id(spec)}: no golden for {missing}; create them with: {COMMAND}"
    assert not extra, f"{case_id(spec)}: golden files no longer produced: {extra}; refresh with: {COMMAND}"
    for path, text in produced.items():
        want = expected[path].read_text(encoding="utf-8")
        if path.endswith(".svg") and svg_renderer(text) != svg_renderer(want):
            # another graphviz-pure release draws differently: the SVG must still come from the same DOT
            assert svg_source_digest(text) == svg_source_digest(want), f"{case_id(spec)}: {path}: {COMMAND}"
            continue
        assert text == want, f"{case_id(spec)}: {path} differs from its golden file; if intended: {COMMAND}"



def test_replay_back_end_matches_its_golden_file() -> None:
    """Counterexample replays of the minipod spec (needs the checker to find the counterexamples)."""
    checker = pytest.importorskip("lifecycle_fsm.checker", reason="the model checker is not installed")
    spec = HERE / "specs" / "minipod.lfsm"
    model = spec_model(spec)
    result = checker.check_model(model, {}, system="Pod")
    props = {(p.owner, p.name): p for p in model.systems[0].properties}
    traces = [("Pod", props[(r.owner, r.name)], r.trace) for r in result.properties
              if r.trace is not None and (r.owner, r.name) in props]
    assert [t[1].name for t in traces] == ["no_kill_after_delete"]
    (f,) = emit(model, options_for(spec), ("replay",), traces)
    where = golden_dir(spec) / f.path
    if UPDATE:
        where.write_text(f.text, encoding="utf-8", newline="\n")
    if not where.is_file():
        pytest.fail(f"no golden file {where.relative_to(HERE)}; create it with: {COMMAND}")
    assert f.text == where.read_text(encoding="utf-8"), f"{f.path} differs from its golden file; if intended: {COMMAND}"


def test_every_target_has_goldens() -> None:
    seen = {p.suffix for p in GOLDEN.rglob("*") if p.is_file()}
    assert {".py", ".dot", ".svg", ".mmd"} <= seen
    assert any(p.name.startswith("test_") for p in GOLDEN.rglob("*.py"))
