"""Hand-written modules (tests/native/models) and their specs (tests/native/specs), built and run.

Each module is the successor code of its spec written by hand, in the layout and move
numbering of checker/plan.py, so that the native runtime and the Python engine search the
same graph and must give the same counts, first violations, witnesses and traces.
"""

from __future__ import annotations

from pathlib import Path

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


def source(name: str, defines: dict[str, str] | None = None) -> str:
    head = "".join(f"#define {k} {v}\n" for k, v in (defines or {}).items())
    return head + (MODELS / f"{name}.c").read_text(encoding="utf-8")


def module(name: str, defines: dict[str, str] | None = None, opt: str | None = None) -> NativeModule:
    return NativeModule(load_module(source(name, defines), include=(MODELS,), opt=opt).lib)


def plan(name: str, params: dict[str, object] | None = None, symmetry: bool = True) -> Plan:
    return build_plan(load_spec(SPECS / f"{name}.lfsm"), params or {}, symmetry=symmetry)  # type: ignore[arg-type]
