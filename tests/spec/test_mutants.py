"""Every mutant of tests/spec/mutants.py is killed: its property is violated, with a counterexample."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mutants import MUTANTS, Mutant

from lifecycle_fsm import load_spec
from lifecycle_fsm.checker import check_model
from lifecycle_fsm.checker.search import bfs
from lifecycle_fsm.native.build import NativeUnavailable, find_compiler
from lifecycle_fsm.native.run import NativeEngine

SPEC = Path(__file__).resolve().parents[2] / "spec"
# every guarantee docs/guarantees.md says a hand mutant covers
REQUIRED = {"G2", "G12", "G15", "G16", "G18", "G19", "G20", "G21", "G22", "G24", "G27", "G29", "G33", "G34", "G42",
            "G43", "G44", "G45", "G46", "G48", "G49", "G50", "G51", "G52", "G53", "G54", "G55", "G56"}


def test_the_required_guarantees_have_mutants() -> None:
    assert {m.gid for m in MUTANTS} >= REQUIRED
    assert len(MUTANTS) >= 37  # the count README.md gives


def mutate(m: Mutant, root: Path) -> Path:
    shutil.copytree(SPEC, root / "spec")
    for rel, old, new in m.edits:
        path = root / "spec" / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{m.gid} {m.name}: the text to replace occurs {text.count(old)} times in {rel}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return root / "spec" / "pod.lfsm"


def engine_for(m: Mutant, notices: list[str]) -> object:
    """The Python engine, or for a mutant whose configuration needs it the native one (kept equal
    to the Python engine by tests/native/test_engines_agree.py), skipped without a C compiler."""
    if m.engine == "python":
        return bfs
    try:
        find_compiler()
    except NativeUnavailable as e:
        pytest.skip(f"this mutant's configuration needs the native engine, which needs a C compiler: {e}")
    return NativeEngine(notices.append)


@pytest.mark.parametrize("m", MUTANTS, ids=[f"{m.gid}-{m.prop}" for m in MUTANTS])
def test_mutant_is_killed(m: Mutant, tmp_path: Path) -> None:
    notices: list[str] = []
    search = engine_for(m, notices)
    original = check_model(load_spec(SPEC / "pod.lfsm"), m.config, properties=[m.prop], search=search)  # type: ignore[arg-type]
    assert [p.holds for p in original.properties if p.name == m.prop] == [True], "the original must satisfy it"
    result = check_model(load_spec(mutate(m, tmp_path)), m.config, properties=[m.prop], search=search)  # type: ignore[arg-type]
    assert notices == [], notices  # the engine asked for really ran
    assert original.complete and result.complete
    verdict = next(p for p in result.properties if p.name == m.prop)
    assert verdict.holds is False, f"mutant survived: {m.name} ({m.gid}); {verdict.message}"
    if verdict.kind != "reachable":  # a witness that is gone has no trace to show
        assert verdict.trace is not None, "a violation comes with a counterexample"
        # (an invariant may fail in the initial state: a counterexample of 0 steps)
        assert verdict.trace.steps or verdict.kind == "invariant", "a violation after a step shows that step"
