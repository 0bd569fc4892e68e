"""Hand-written modules (tests/native/models) and their specs (tests/native/specs), built and run.

Each module is the successor code of its spec written by hand, in the layout and move
numbering of checker/plan.py, so that the native runtime and the Python engine search the
same graph and must give the same counts, first violations, witnesses and traces.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from lifecycle_fsm.checker.build import Plan, build_plan
from lifecycle_fsm.native.build import load_module
from lifecycle_fsm.native.engine import NativeModule
from lifecycle_fsm.pipeline import load_spec

HERE = Path(__file__).parent
MODELS = HERE / "models"
SPECS = HERE / "specs"


def ring_defines(n: int) -> dict[str, str]:
    moves = ["{0, -1, -1, -1}"] + [f"{{-1, 0, {i}, -1}}, {{-1, 0, {i}, -1}}" for i in range(n)]
    return {"N": str(n), "RING_OFFS": "{" + ", ".join(map(str, range(n))) + "}",
            "RING_MOVES": "{" + ", ".join(moves) + "}"}


def wave_defines(n: int, h: int) -> dict[str, str]:
    moves = ["{0, -1, -1, -1}"] + ["{-1, -1, -1, -1}"] * (2 * n)
    return {"N": str(n), "H": str(h), "WAVE_MOVES": "{" + ", ".join(moves) + "}"}


def source(name: str, defines: dict[str, str] | None = None) -> str:
    head = "".join(f"#define {k} {v}\n" for k, v in (defines or {}).items())
    return head + (MODELS / f"{name}.c").read_text(encoding="utf-8")


def module(name: str, defines: dict[str, str] | None = None, opt: str | None = None) -> NativeModule:
    return NativeModule(load_module(source(name, defines), include=(MODELS,), opt=opt).lib)


def plan(name: str, params: dict[str, object] | None = None, symmetry: bool = True) -> Plan:
    return build_plan(load_spec(SPECS / f"{name}.lfsm"), params or {}, symmetry=symmetry)  # type: ignore[arg-type]


def fake_compiler(tmp_path: Path, body: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """$CC set to a shell script that answers --version and then runs ``body`` (its arguments in "$@")."""
    script = tmp_path / "fakecc"
    script.write_text("#!/bin/sh\ncase \"$1\" in --version) echo 'fakecc 1.0'; exit 0;; esac\n" + body + "\n")
    script.chmod(0o755)
    monkeypatch.setenv("CC", str(script))
    return str(script)


def read_only_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """No build directory can be made in the cache directory (EROFS); elsewhere as usual."""
    import tempfile

    real = tempfile.mkdtemp

    def mkdtemp(prefix: str = "", dir: str | os.PathLike[str] | None = None) -> str:  # noqa: A002
        if dir is not None:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(prefix=prefix)

    monkeypatch.setattr("tempfile.mkdtemp", mkdtemp)


def full_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The built object cannot be renamed into the cache (ENOSPC)."""

    def replace(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.replace", replace)
