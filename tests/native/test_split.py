"""A module compiled as two translation units in parallel (cprint.CModule.units, build.Pending):
the same answers as the module compiled as one, and every way the build can fail ends as it does
for one unit (a one-line notice and the Python engine, nothing left in the cache)."""

from __future__ import annotations

import dataclasses
import signal
import time
from pathlib import Path

import pytest
from native_harness import fake_compiler as harness_fake_compiler
from native_harness import full_cache, read_only_cache

from lifecycle_fsm.checker import CheckResult
from lifecycle_fsm.checker.api import check_model
from lifecycle_fsm.checker.build import build_plan
from lifecycle_fsm.checker.search import bfs
from lifecycle_fsm.messages import say
from lifecycle_fsm.native import build, run
from lifecycle_fsm.native.build import NativeUnavailable, load_module, start_module
from lifecycle_fsm.native.cprint import STEP, CModule, print_module
from lifecycle_fsm.native.engine import NativeModule, NativeSearch
from lifecycle_fsm.native.run import NativeEngine
from lifecycle_fsm.pipeline import bind, load

ROOT = Path(__file__).resolve().parents[2]
SMALL_POD = ("n_init=0", "n_side=0", "post=NoHook", "pre=NoHook", "policy=Never", "grace=1", "override=-1")
CASES = [
    ("spec/pod.lfsm", SMALL_POD, True),
    ("spec/pod.lfsm", (*SMALL_POD, "n_apps=2", "liveness=true"), False),
    ("spec/pod.lfsm", ("n_init=1", "n_side=1", "post=NoHook", "pre=Sleep", "grace=1", "override=0"), True),
    ("tests/native/specs/crew.lfsm", (), True),  # an array reduced by symmetry: lf_succ canonicalises
    ("tests/native/specs/crew.lfsm", (), False),
    ("spec/examples/lifecycle-demo.lfsm", (), True),
    ("tests/cases/violations/deadlock.lfsm", (), True),
    ("tests/cases/violations/errors.lfsm", (), True),
    ("tests/cases/violations/liveness.lfsm", (), True),
    ("tests/cases/violations/order.lfsm", (), True),
    ("tests/cases/violations/stable_reachable.lfsm", (), True),
]
TIMING = ("seconds", "peak_memory_bytes", "bytes_per_state")


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", str(d))
    return d


def cmodule(spec: str, defines: tuple[str, ...] = ()) -> CModule:
    model = load(ROOT / spec)
    return print_module(build_plan(model, bind(model, list(defines)), system=model.systems[0].name))


def built(cache: Path) -> list[str]:
    """What the native build left in the cache: objects, index entries, build directories (not the
    parser's tables nor the model's pickle)."""
    if not cache.exists():
        return []
    return sorted(p.name for p in cache.iterdir() if not p.name.startswith(("model-", "grammar-")))


def comparable(r: CheckResult) -> dict[str, object]:
    return {f.name: getattr(r, f.name) for f in dataclasses.fields(r) if f.name not in TIMING}


def units_built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many units each module the native engine starts has (run.start_module wrapped)."""
    seen: list[int] = []
    real = run.start_module

    def start(source: object, **kw: object) -> object:
        seen.append(1 if isinstance(source, str) else len(source))  # type: ignore[arg-type]
        return real(source, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "start_module", start)
    return seen


def test_cases_exist() -> None:
    for spec, _, _ in CASES:
        assert (ROOT / spec).exists(), spec


@pytest.mark.parametrize(("spec", "defines", "symmetry"), CASES,
                         ids=[f"{s}{''.join(' -D ' + d for d in ds)}{'' if y else ' --no-symmetry'}"
                              for s, ds, y in CASES])
def test_split_and_one_unit_agree(spec: str, defines: tuple[str, ...], symmetry: bool,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts, depth, verdicts, messages and traces: the same from either build (and the Python engine's)."""
    model = load(ROOT / spec)
    values = bind(model, list(defines))
    seen = units_built(monkeypatch)
    results = []
    for above in (10**12, 0):  # one unit, then the split forced
        monkeypatch.setattr(build, "SPLIT_ABOVE", above)
        notes: list[str] = []
        results.append(check_model(model, values, symmetry=symmetry, search=NativeEngine(notes.append)))
        assert notes == []
    assert seen == [1, 2]
    one, two = results
    assert comparable(one) == comparable(two)
    py = check_model(model, values, symmetry=symmetry, search=bfs)
    assert comparable(py) == comparable(two)


def test_units_hold_each_step_function_once() -> None:
    cmod = cmodule("spec/pod.lfsm", SMALL_POD)
    assert cmod.units(cmod.step_bytes()) == (cmod.source,)  # not above the threshold: one unit
    first, second = cmod.units(cmod.step_bytes() - 1)
    assert first.startswith("#define LF_SPLIT 1\n") and second.startswith("#define LF_SPLIT 2\n")
    assert cmod.parts is not None
    names = [name for name, _ in cmod.parts.steps]
    for name, text in cmod.parts.steps:
        body = text[len(STEP.format(name)):]
        assert (body in first) != (body in second), name
        if body in second:
            assert f'__attribute__((visibility("hidden"))) void {name}(' in first  # declared for lf_model_expand
    assert 0 < sum(f"void {n}(" in second for n in names) < len(names)  # both units have step functions
    assert "lf_engine.c" in first and "lf_engine.c" not in second


def test_units_share_the_work() -> None:
    """The pod's default module: the second unit has about the first's step code less the runtime's
    weight (the units take gcc about as long)."""
    cmod = cmodule("spec/pod.lfsm")
    first, second = cmod.units(0)
    assert 1.5 < len(second) / len(first) < 3.0  # measured: 135 kB and 303 kB, 1.26 s and 1.21 s of gcc -O2


def test_one_cpu_builds_one_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the process may use one CPU only, two compilers would take turns on it: one unit."""
    monkeypatch.setattr(build.os, "sched_getaffinity", lambda pid: {0})
    assert build.split_above() is None
    cmod = cmodule("spec/pod.lfsm", SMALL_POD)
    assert cmod.units(build.split_above()) == (cmod.source,)
    monkeypatch.setattr(build.os, "sched_getaffinity", lambda pid: {0, 1})
    assert build.split_above() == build.SPLIT_ABOVE


def test_split_search_is_the_same(cache: Path) -> None:
    """The two objects side by side on one search: the same counts and the same first violations."""
    cmod = cmodule("spec/pod.lfsm", SMALL_POD)
    one, two = (load_module(u, opt="-O0") for u in (cmod.units(10**12), cmod.units(0)))
    assert one.path != two.path  # the key covers the split
    out = []
    for loaded in (one, two):
        with NativeSearch(NativeModule(loaded.lib), symmetry=False) as s:
            s.run()
            out.append((s.stats()[:3], s.results()))
    assert out[0] == out[1]


def split_units() -> tuple[str, ...]:
    return cmodule("tests/native/specs/crew.lfsm").units(0)


def fake_compiler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cases: str) -> str:
    """A compiler that does ``cases`` (shell case arms over its arguments), else runs the real one."""
    real = " ".join(build.find_compiler().argv)
    return harness_fake_compiler(tmp_path, f'case "$*" in\n{cases}\nesac\nexec {real} "$@"', monkeypatch)


@pytest.mark.parametrize(("cases", "key", "detail"), [
    ("*unit1.c*) echo 'unit1.c:7:1: error: boom' >&2; exit 1;;", "checker.native-compile-failed",
     {"status": 1, "first_line": "unit1.c:7:1: error: boom"}),  # the second unit fails
    ("*unit1.c*) kill -SEGV $$;;", "checker.native-compiler-crashed", {"signal": 11}),  # ... crashes
    ("*' -c '*) ;;\n*unit0.o*) echo 'ld: error: boom' >&2; exit 1;;", "checker.native-compile-failed",
     {"status": 1, "first_line": "ld: error: boom"}),  # the link fails
    ("*' -c '*) ;;\n*unit0.o*) kill -ABRT $$;;", "checker.native-compiler-crashed", {"signal": 6}),  # ... crashes
], ids=["second-unit-fails", "second-unit-crashes", "link-fails", "link-crashes"])
def test_a_failing_step_is_one_notice(cases: str, key: str, detail: dict[str, object], cache: Path,
                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cc = fake_compiler(tmp_path, monkeypatch, cases)
    with pytest.raises(NativeUnavailable) as e:
        load_module(split_units(), opt="-O0")
    assert str(e.value) == say(key, compiler=cc, **detail)
    assert built(cache) == []


@pytest.mark.parametrize("failing", [0, 1])
def test_a_failing_unit_stops_the_other(failing: int, cache: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """One unit fails while the other still compiles: told at once, the other killed."""
    slow = 1 - failing
    fake_compiler(tmp_path, monkeypatch, f"*unit{slow}.c*) exec sleep 60;;\n"
                  f"*unit{failing}.c*) echo 'unit{failing}.c:1:1: error: boom' >&2; exit 1;;")
    pending = start_module(split_units(), opt="-O0")
    t0 = time.perf_counter()
    with pytest.raises(NativeUnavailable, match=f"unit{failing}.c:1:1: error: boom"):
        pending.finish()
    assert time.perf_counter() - t0 < 30
    assert pending.procs[slow].returncode == -signal.SIGKILL
    assert built(cache) == []


def test_timeout_stops_both(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cc = fake_compiler(tmp_path, monkeypatch, "*' -c '*) exec sleep 60;;")
    monkeypatch.setattr(build, "TIMEOUT", 1.0)
    pending = start_module(split_units(), opt="-O0")
    with pytest.raises(NativeUnavailable) as e:
        pending.finish()
    assert str(e.value) == say("checker.native-compiler-timeout", compiler=cc, seconds=1.0)
    assert [p.returncode for p in pending.procs] == [-signal.SIGKILL] * 2
    assert built(cache) == []


def test_cancel_stops_both_and_leaves_nothing(cache: Path) -> None:
    pending = start_module(split_units(), opt="-O2")
    assert len(pending.procs) == 2 and pending.work is not None
    work = pending.work
    pending.cancel()
    assert all(p.returncode is not None for p in pending.procs)
    assert not work.exists() and built(cache) == []


def test_probe_that_decides_cancels_the_split_build(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--engine auto: the Python probe finishes the model while both units compile; both are stopped."""
    monkeypatch.setattr(build, "SPLIT_ABOVE", 0)
    started: list[build.Pending] = []
    real = run.start_module

    def start(source: object, **kw: object) -> build.Pending:
        started.append(real(source, **kw))  # type: ignore[arg-type]
        return started[-1]

    monkeypatch.setattr(run, "start_module", start)
    model = load(ROOT / "tests/native/specs/crew.lfsm")
    values = bind(model, [])
    notes: list[str] = []
    r = check_model(model, values, search=NativeEngine(notes.append, probe=1_000_000))
    assert notes == [] and r.complete
    (pending,) = started
    assert len(pending.procs) == 2 and all(p.returncode is not None for p in pending.procs)
    assert built(cache) == []


def test_read_only_cache_builds_both_units_for_this_run(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read_only_cache(monkeypatch)
    got = load_module(split_units(), opt="-O0")
    assert got.path is None and got.notes == [say("checker.native-no-cache", directory=str(cache),
                                                  why="Read-only file system")]
    with NativeSearch(NativeModule(got.lib)) as s:
        s.run()
        assert s.stats().stored > 0


def test_full_cache_builds_both_units_for_this_run(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full_cache(monkeypatch)
    got = load_module(split_units(), opt="-O0")
    assert got.path is None and got.notes == [say("checker.native-no-cache", directory=str(cache),
                                                  why="No space left on device")]
    assert built(cache) == []


def test_failure_in_a_check_falls_back_with_one_line(cache: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Through check_model: the link fails, one notice, the Python engine's answer."""
    monkeypatch.setattr(build, "SPLIT_ABOVE", 0)
    cc = fake_compiler(tmp_path, monkeypatch, "*' -c '*) ;;\n*unit0.o*) echo 'ld: error: boom' >&2; exit 1;;")
    model = load(ROOT / "spec/pod.lfsm")
    values = bind(model, list(SMALL_POD))
    notes: list[str] = []
    r = check_model(model, values, search=NativeEngine(notes.append))
    assert notes == [say("checker.native-compile-failed", compiler=cc, status=1, first_line="ld: error: boom")]
    assert comparable(r) == comparable(check_model(model, values, search=bfs))


def test_index_entry_names_the_split_object(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A keyed check built in two units records its object; the next check loads it without printing."""
    monkeypatch.setattr(build, "SPLIT_ABOVE", 0)
    seen = units_built(monkeypatch)
    model = load(ROOT / "spec/examples/lifecycle-demo.lfsm")
    values = bind(model, [])
    first = check_model(model, values, search=NativeEngine(print, keyed=model))
    again = check_model(model, values, search=NativeEngine(print, keyed=model))
    assert seen == [2] and len(list(cache.glob("native-in-*.json"))) == 1
    assert comparable(first) == comparable(again)
