"""The native engine against the Python engine (the oracle), through ``check_model``.

Every spec in spec/ (the pod at small configurations: its default takes the Python engine
~25 s), spec/examples/, the checkable test cases (tests/cases/ok, tests/cases/violations) and
the native tests' own specs, every system, symmetry reduction on and off: the same state,
transition and stored-state counts, depth, completeness, and per property the same verdict,
message and trace (both engines search in the same order, so the traces are the same ones,
rebuilt by replay with their source positions). ``--max-states`` stops both at the same place.
The native engine must really run (no fallback notice) except where a case says why not.
The parallel search must give exactly the same results, traces included, at two and three
threads, on specs with hundreds of states a layer (the threads share wide layers out).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from lifecycle_fsm.checker import CheckResult
from lifecycle_fsm.checker.api import check_model
from lifecycle_fsm.checker.build import build_plan
from lifecycle_fsm.checker.search import bfs
from lifecycle_fsm.instantiate import systems_named
from lifecycle_fsm.native.run import NativeEngine
from lifecycle_fsm.pipeline import bind, load

ROOT = Path(__file__).resolve().parents[2]
SMALL_POD = ("n_init=0", "n_side=0", "post=NoHook", "pre=NoHook", "policy=Never", "grace=1", "override=-1")
SPECS: list[tuple[str, tuple[str, ...]]] = [
    *((str(p.relative_to(ROOT)), ()) for p in sorted((ROOT / "spec").glob("*.lfsm")) if p.name != "pod.lfsm"),
    *((str(p.relative_to(ROOT)), ()) for p in sorted((ROOT / "spec" / "examples").glob("*.lfsm"))),
    *((str(p.relative_to(ROOT)), ()) for d in ("ok", "violations")
      for p in sorted((ROOT / "tests" / "cases" / d).glob("*.lfsm"))),
    *((str(p.relative_to(ROOT)), ()) for p in sorted((Path(__file__).parent / "specs").glob("*.lfsm"))),
    ("spec/pod.lfsm", SMALL_POD),
    ("spec/pod.lfsm", (*SMALL_POD, "n_apps=2", "liveness=true")),
    ("spec/pod.lfsm", ("n_init=1", "n_side=1", "post=NoHook", "pre=Sleep", "grace=1", "override=0")),
]
FALLBACK = {"tests/native/specs/wide.lfsm": "too wide for the native checker"}  # spec -> why Python runs it
TIMING = ("seconds", "peak_memory_bytes", "bytes_per_state")


def comparable(r: CheckResult) -> dict[str, object]:
    d = {f.name: getattr(r, f.name) for f in dataclasses.fields(r) if f.name not in TIMING}
    return d


def run_both(spec: str, defines: tuple[str, ...], symmetry: bool, threads: int = 1, **options: object) -> list[str]:
    model = load(ROOT / spec)
    values = bind(model, list(defines))
    notices: list[str] = []
    engine = NativeEngine(notices.append, threads=threads)
    for system in systems_named(model, None):
        py = check_model(model, values, system=system, symmetry=symmetry, search=bfs, **options)  # type: ignore[arg-type]
        nat = check_model(model, values, system=system, symmetry=symmetry, search=engine, **options)  # type: ignore[arg-type]
        a, b = comparable(py), comparable(nat)
        for key in a:
            if key != "properties":
                assert a[key] == b[key], (system, key)
        for p, q in zip(py.properties, nat.properties, strict=True):
            assert p == q, (system, p.name)
    return notices


def cases() -> list[object]:
    out = []
    for spec, defines in SPECS:
        for symmetry in (True, False):
            label = f"{spec}{''.join(' -D ' + d for d in defines)}{'' if symmetry else ' --no-symmetry'}"
            out.append(pytest.param(spec, defines, symmetry, id=label))
    return out


@pytest.mark.parametrize(("spec", "defines", "symmetry"), cases())
def test_same_results(spec: str, defines: tuple[str, ...], symmetry: bool) -> None:
    if not symmetry:
        model = load(ROOT / spec)
        values = bind(model, list(defines))
        if not any(build_plan(model, values, system=s).symmetric for s in systems_named(model, None)):
            pytest.skip("no array is reduced by symmetry: the same runs as with symmetry")
    notices = run_both(spec, defines, symmetry)
    if spec in FALLBACK:
        assert len(notices) == 1 and FALLBACK[spec] in notices[0]
    else:
        assert notices == []


@pytest.mark.parametrize("limit", [1, 50, 2000])
def test_same_partial_results(limit: int) -> None:
    assert run_both("spec/pod.lfsm", SMALL_POD, True, max_states=limit) == []


WIDE = [
    ("tests/native/specs/grid.lfsm", ()),  # up to 4,000 states a layer
    ("tests/native/specs/grid.lfsm", ("n=6",)),  # 262,144 stored states, up to 27,000 a layer
    ("spec/caveats.lfsm", ()),
    ("spec/pod.lfsm", SMALL_POD),
    ("spec/pod.lfsm", (*SMALL_POD, "n_apps=2")),
]


@pytest.mark.parametrize("threads", [2, 3])
@pytest.mark.parametrize(("spec", "defines"), WIDE, ids=[" ".join((s, *d)) for s, d in WIDE])
def test_same_results_at_any_thread_count(spec: str, defines: tuple[str, ...], threads: int) -> None:
    assert run_both(spec, defines, True, threads=threads) == []
