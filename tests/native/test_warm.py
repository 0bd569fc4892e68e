"""A warm `lifefsm check`: the module found from its inputs without printing the C (native/index.py),
the model read from the cache without parsing (modelcache.py), and a small search that allocates
little (the first arena chunk grows, lf_store.h). Every cached answer equals the uncached one."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from lifecycle_fsm import modelcache
from lifecycle_fsm.checker.api import check_model
from lifecycle_fsm.checker.search import bfs
from lifecycle_fsm.diagnostics import LfsmError
from lifecycle_fsm.loader import load_spec
from lifecycle_fsm.native import run
from lifecycle_fsm.native.run import NativeEngine
from lifecycle_fsm.pipeline import bind, load

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "spec" / "examples" / "lifecycle-demo.lfsm"
RING = Path(__file__).parent / "specs" / "ring.lfsm"  # no imports: copied elsewhere, it still loads


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", str(d))
    return d


def summary(r: object) -> object:
    return [(p.name, p.holds, p.message, None if p.trace is None else len(p.trace.steps))
            for p in r.properties], r.states, r.transitions, r.depth  # type: ignore[attr-defined]


def counting_printer(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    printed: list[object] = []
    real = run.print_module

    def printer(plan: object) -> object:
        printed.append(plan)
        return real(plan)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "print_module", printer)
    return printed


def test_a_keyed_model_is_found_without_printing_the_c(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    printed = counting_printer(monkeypatch)
    model = load(DEMO)
    values = bind(model, [])
    first = check_model(model, values, search=NativeEngine(print, keyed=model))
    assert len(printed) == 1 and len(list(cache.glob("native-in-*.json"))) == 1
    again = check_model(model, values, search=NativeEngine(print, keyed=model))
    assert len(printed) == 1  # the index named the object: nothing printed
    (entry,) = cache.glob("native-in-*.json")
    assert json.loads(entry.read_text())["stored"] == first.stored_states  # the next table's size
    assert summary(again) == summary(first) == summary(check_model(model, values, search=bfs))
    check_model(model, values, properties=[first.properties[0].name], search=NativeEngine(print, keyed=model))
    assert len(printed) == 2  # other inputs, another module


def test_a_model_not_keyed_is_printed(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    printed = counting_printer(monkeypatch)
    model = load(DEMO)
    values = bind(model, [])
    check_model(model, values, search=NativeEngine(print, keyed=model))
    check_model(model, values, search=NativeEngine(print))  # e.g. a mutant: its sources do not say what it is
    check_model(model, values, search=NativeEngine(print, keyed=load_spec(DEMO)))  # another object
    assert len(printed) == 3


def test_a_corrupt_index_entry_is_a_miss(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = load(DEMO)
    values = bind(model, [])
    first = check_model(model, values, search=NativeEngine(print, keyed=model))
    for entry in cache.glob("native-in-*.json"):
        entry.write_text('{"object": "../../elsewhere.so", "preds": [], "property_errors": false}')
    printed = counting_printer(monkeypatch)
    again = check_model(model, values, search=NativeEngine(print, keyed=model))
    assert len(printed) == 1 and summary(again) == summary(first)


def test_the_model_cache_follows_the_files(cache: Path, tmp_path: Path) -> None:
    spec = tmp_path / "m.lfsm"
    spec.write_text(RING.read_text())
    first = load(spec)
    assert len(list(cache.glob("model-*.pickle"))) == 1
    again = load(spec)
    assert again is not first and again == first and again.sources == first.sources
    spec.write_text(RING.read_text() + "\n// edited\n")
    edited = load(spec)
    assert edited.sources != first.sources and edited.sources[0][1].endswith("// edited\n")


def test_a_corrupt_model_entry_is_a_miss(cache: Path, tmp_path: Path) -> None:
    first = load(DEMO)
    for entry in cache.glob("model-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert load(DEMO) == first


def test_no_cache_directory_loads_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", "")
    assert modelcache.load(DEMO, load_spec) == load_spec(DEMO)


def test_a_small_search_allocates_little() -> None:
    """The first chunk of the arena grows with the search (a full chunk is 2^18 records)."""
    model = load(DEMO)
    r = check_model(model, bind(model, []), measure_memory=True, search=NativeEngine(print))
    assert r.stored_states < 10_000 and r.bytes_per_state * r.stored_states < 1 << 20


def test_a_prefetch_fills_the_cache_and_load_takes_it(cache: Path, tmp_path: Path) -> None:
    """`lifefsm pod` loads the reference model in a child process while it reads the manifests (modelcache.prefetch):
    the child stores the entry, and the parent's load then reads it instead of parsing."""
    spec = tmp_path / "m.lfsm"
    spec.write_text(RING.read_text())
    loading = modelcache.prefetch(spec, load_spec)
    assert loading is not None
    loading.wait()
    loading.wait()  # once reaped, never waited for again (the id may be another process's by then)
    assert loading.pid is None
    assert len(list(cache.glob("model-*.pickle"))) == 1
    assert modelcache.prefetch(spec, load_spec) is None  # in the cache already: nothing to start

    def no_parsing(path: object) -> object:
        raise AssertionError("parsed again")

    assert modelcache.load(spec, no_parsing) == load_spec(spec)  # type: ignore[arg-type]


def test_a_prefetch_of_bad_input_stores_nothing_and_load_reports_it(cache: Path, tmp_path: Path) -> None:
    spec = tmp_path / "bad.lfsm"
    spec.write_text("machine M {\n  state A\n  on go: A -> Nowhere\n}\n")
    loading = modelcache.prefetch(spec, load_spec)
    assert loading is not None
    loading.wait()
    assert not list(cache.glob("model-*.pickle"))
    with pytest.raises(LfsmError):
        load(spec)


def test_no_prefetch_without_a_cache_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", "")
    assert modelcache.prefetch(DEMO, load_spec) is None


def test_a_child_that_never_ends_is_stopped() -> None:
    """join gives up on a child stuck (a lock held by another thread at the fork): it is killed and reaped."""
    pid = os.fork()
    if pid == 0:  # the stuck child
        time.sleep(60)
        os._exit(0)
    started = time.monotonic()
    modelcache.join(pid, patience=0.2)
    assert time.monotonic() - started < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped
