"""The committed codegen/ and diagrams/ are exactly what `lifefsm compile` makes of spec/ today.

Regenerate them with (from the repository root, for each spec):

    lifefsm compile spec/pod.lfsm

SVGs are compared byte for byte when this machine has the renderer that drew the
committed ones; otherwise (Graphviz `dot` versus graphviz-pure) the SVG must at
least name the SHA-256 of the committed, current DOT text it was drawn from.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lifecycle_fsm.backends import TARGETS
from lifecycle_fsm.backends.emit import emit, package_name
from lifecycle_fsm.backends.manifest import fresh_manifests
from lifecycle_fsm.backends.render import renderer_version, svg_renderer, svg_source_digest
from lifecycle_fsm.backends.runs import timeline_traces

from .conftest import ROOT, options_for, spec_model

SPECS = sorted((ROOT / "spec").glob("*.lfsm")) + sorted((ROOT / "spec" / "examples").glob("*.lfsm"))


def test_spec_packages_do_not_collide() -> None:
    names = [package_name(str(s)) for s in SPECS]
    assert len(names) == len(set(names)), names


@pytest.mark.parametrize("spec", SPECS or [None], ids=[str(s.relative_to(ROOT)) for s in SPECS] or ["none"])
def test_committed_generated_tests_pass(spec: Path | None, tmp_path: Path) -> None:
    if spec is None:
        pytest.skip("no spec/*.lfsm or spec/examples/*.lfsm yet")
    pytest.importorskip("lifecycle_fsm.checker", reason="the model checker is not installed")
    pkg = ROOT / "codegen" / package_name(str(spec))
    if not pkg.is_dir():
        pytest.fail(f"codegen/{pkg.name}/ is missing; regenerate with: lifefsm compile {spec.relative_to(ROOT)}")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # leave no __pycache__ in the committed tree
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(pkg)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=1800, env=env)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


@pytest.mark.parametrize("spec", SPECS or [None], ids=[str(s.relative_to(ROOT)) for s in SPECS] or ["none"])
def test_committed_outputs_are_up_to_date(spec: Path | None) -> None:
    if spec is None:
        pytest.skip("no spec/*.lfsm or spec/examples/*.lfsm yet")
    rel = spec.relative_to(ROOT)
    fix = f"regenerate with: lifefsm compile {rel}"
    model = spec_model(spec)
    timelines = timeline_traces(model, {p.name: p.default for p in model.params})  # what compile draws
    files = emit(model, options_for(spec), TARGETS, timelines=timelines)
    files += fresh_manifests(files)  # compile's list of what it generated (backends/manifest.py)
    pkg = package_name(str(spec))
    here_renderer = renderer_version("auto")
    produced = {f.path: f.text for f in files}
    for d in (f"codegen/{pkg}", f"diagrams/{pkg}"):
        committed = {str(p.relative_to(ROOT).as_posix()) for p in (ROOT / d).rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts}
        assert committed, f"{d}/ is missing; {fix}"
        extra = sorted(committed - set(produced))
        assert not extra, f"stale files {extra}; {fix}"
    for path, text in produced.items():
        target = ROOT / path
        assert target.is_file(), f"{path} is missing; {fix}"
        have = target.read_text(encoding="utf-8")
        if path.endswith(".svg") and svg_renderer(have) != here_renderer:
            dot = produced[path[:-4] + ".dot"]
            assert svg_source_digest(have) == hashlib.sha256(dot.encode("utf-8")).hexdigest(), \
                f"{path} was not drawn from the current {path[:-4]}.dot; {fix}"
            continue
        assert have == text, f"{path} differs from what the spec generates; {fix}"
