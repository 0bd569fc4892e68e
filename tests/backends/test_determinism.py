"""Output is byte-identical across runs, whatever the hash seed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import HERE, OK_CASES

SPECS = [HERE / "specs" / "minipod.lfsm", HERE / "specs" / "hostile.lfsm"] + [
    p for p in OK_CASES if p.stem in ("pod", "two_systems", "quantifiers")]


def compile_all(root: Path, seed: str) -> dict[str, bytes]:
    (root / "spec").mkdir(parents=True)
    env = dict(os.environ, PYTHONHASHSEED=seed)
    for spec in SPECS:
        shutil.copy(spec, root / "spec" / spec.name)
        out = subprocess.run([sys.executable, "-m", "lifecycle_fsm", "compile", f"spec/{spec.name}",
                              "--renderer", "graphviz-pure"], cwd=root, env=env, capture_output=True, timeout=300)
        assert out.returncode == 0, out.stderr
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_runs_with_different_hash_seeds_write_identical_bytes(tmp_path: Path) -> None:
    a = compile_all(tmp_path / "a", "1")
    b = compile_all(tmp_path / "b", "4242")
    assert len(a) > 40
    assert sorted(a) == sorted(b)
    differing = [name for name in a if a[name] != b[name]]
    assert not differing
