"""`lifefsm check --engine`: the native engine prints what the Python engine prints (all but the
timing figures), exits the same, stops the same (--max-states, an interruption), and falls back
to the Python engine with one line on stderr when it cannot run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lifecycle_fsm.checker.api import check_model
from lifecycle_fsm.checker.search import bfs
from lifecycle_fsm.native.run import NativeEngine
from lifecycle_fsm.pipeline import bind, load

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "spec" / "examples" / "lifecycle-demo.lfsm"
TIMING = re.compile(r"time: .*$", re.M)
TIMING_KEYS = {"seconds", "peak_memory_bytes", "bytes_per_state", "states_per_second"}


def lifefsm(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lifecycle_fsm", *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def untimed(x: object) -> object:
    if isinstance(x, dict):
        return {k: untimed(v) for k, v in x.items() if k not in TIMING_KEYS}
    if isinstance(x, list):
        return [untimed(v) for v in x]
    return x


def test_same_report_and_json(tmp_path: Path) -> None:
    runs = {}
    for engine in ("python", "native"):
        out = lifefsm("check", str(DEMO), "--engine", engine, "--witnesses", "--json", str(tmp_path / f"{engine}.json"))
        assert out.returncode == 0, out.stderr
        assert out.stderr == ""  # no fallback notice
        runs[engine] = (TIMING.sub("", out.stdout), json.loads((tmp_path / f"{engine}.json").read_text()))
    assert runs["python"][0] == runs["native"][0]
    assert untimed(runs["python"][1]) == untimed(runs["native"][1])


def test_max_states_exits_3_with_the_same_partial_result() -> None:
    outs = [lifefsm("check", str(DEMO), "--engine", e, "--max-states", "200") for e in ("python", "native")]
    assert [o.returncode for o in outs] == [3, 3]
    assert TIMING.sub("", outs[0].stdout) == TIMING.sub("", outs[1].stdout)
    assert "INCOMPLETE" in outs[1].stdout


def test_no_compiler_one_line_and_the_python_engine() -> None:
    out = lifefsm("check", str(DEMO), env={"CC": "/bin/false", "LIFEFSM_ENGINE": "auto"})
    assert out.returncode == 0
    notes = out.stderr.splitlines()
    assert len(notes) == 1 and notes[0].startswith("note: the C compiler '/bin/false' does not work")
    assert "Traceback" not in out.stderr and "states: 1,977 reachable" in out.stdout


def test_a_hostile_engine_variable_counts_as_auto() -> None:
    # $LIFEFSM_ENGINE is read, never echoed: any value but auto/native/python means auto
    out = lifefsm("check", str(DEMO), env={"CC": "/bin/false", "LIFEFSM_ENGINE": "native\x1b[2J; rm -rf ~"})
    assert out.returncode == 0
    notes = out.stderr.splitlines()
    assert len(notes) == 1 and notes[0].startswith("note: the C compiler '/bin/false' does not work")
    assert "rm -rf" not in out.stderr + out.stdout and "states: 1,977 reachable" in out.stdout


def test_a_hostile_compiler_name_is_shown_escaped(tmp_path: Path) -> None:
    # the notice quotes $CC (and the compiler's words): unprintable characters come out escaped
    cc = tmp_path / "fal\x1b[2Jse"
    cc.symlink_to("/bin/false")
    out = lifefsm("check", str(DEMO), env={"CC": str(cc), "LIFEFSM_ENGINE": "auto"})
    assert out.returncode == 0
    notes = out.stderr.splitlines()
    assert len(notes) == 1 and "\x1b" not in out.stderr
    assert notes[0].startswith(f"note: the C compiler '{tmp_path}/fal\\x1b[2Jse' does not work")


def test_too_wide_one_line_and_the_python_engine() -> None:
    out = lifefsm("check", str(Path(__file__).parent / "specs" / "wide.lfsm"), "--engine", "native")
    assert out.returncode == 0
    assert out.stderr.count("\n") == 1 and "too wide for the native checker" in out.stderr


def test_interrupted_search_keeps_what_it_learned() -> None:
    """A stop request (Ctrl-C sets it) ends the native search at its next slice: incomplete, exit 3."""
    model = load(DEMO)
    values = bind(model, [])
    notes: list[str] = []
    r = check_model(model, values, should_stop=lambda: True, search=NativeEngine(notes.append, slice_seconds=0.0))
    assert notes == [] and not r.complete and r.stop_reason == "interrupted"
    assert r.stored_states >= 1 and all(p.holds is not True or p.kind == "reachable" for p in r.properties)
    full = check_model(model, values, search=bfs)
    assert full.complete and full.stored_states >= r.stored_states


def test_auto_does_not_compile_what_the_python_engine_finishes_quickly(tmp_path: Path) -> None:
    env = {"LIFEFSM_ENGINE": "auto", "LIFEFSM_CACHE_DIR": str(tmp_path)}
    auto = lifefsm("check", str(DEMO), env=env)
    python = lifefsm("check", str(DEMO), "--engine", "python")
    assert auto.returncode == python.returncode == 0 and auto.stderr == ""
    assert TIMING.sub("", auto.stdout) == TIMING.sub("", python.stdout)
    assert not list(tmp_path.glob("native-*.so"))  # 3,013 states: within the probe, nothing compiled


def test_auto_compiles_a_model_beyond_the_probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", str(tmp_path))  # a fresh cache: the module is not compiled yet
    model = load(ROOT / "spec" / "pod.lfsm")
    values = bind(model, ["n_init=0", "n_side=0", "post=NoHook", "pre=NoHook", "policy=Never", "grace=1",
                          "override=-1", "n_apps=2"])
    notes: list[str] = []
    engine = NativeEngine(notes.append, probe=100)
    outs: list[object] = []

    def search(*args: object, **kw: object) -> object:
        outs.append(engine(*args, **kw))  # type: ignore[arg-type]
        return outs[-1]

    r = check_model(model, values, symmetry=False, search=search)  # type: ignore[arg-type]
    assert notes == [] and r.complete and type(outs[0]).__name__ == "NativeOutcome"
    assert r.states > 100 and len(list(tmp_path.glob("native-*.so"))) == 1


def test_a_module_that_cannot_be_built_is_said_after_the_probe(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # start() fails before the probe (too wide, no build directory, ...): the probe still runs, and
    # only when it does not decide the model is the reason told, once, and the Python engine answers
    from lifecycle_fsm.native.build import NativeUnavailable

    monkeypatch.setenv("LIFEFSM_CACHE_DIR", str(tmp_path))
    model = load(ROOT / "spec" / "pod.lfsm")
    values = bind(model, ["n_init=0", "n_side=0", "post=NoHook", "pre=NoHook", "policy=Never", "grace=1",
                          "override=-1"])

    def refuse(*_: object) -> object:
        raise NativeUnavailable("cannot build it here")

    for probe, told in ((100, ["cannot build it here"]), (1_000_000, [])):
        notes: list[str] = []
        engine = NativeEngine(notes.append, probe=probe)
        monkeypatch.setattr(engine, "start", refuse)
        r = check_model(model, values, search=engine)  # type: ignore[arg-type]
        assert notes == told
        py = check_model(model, values, search=bfs)
        assert (r.complete, r.states, r.transitions, r.depth) == (py.complete, py.states, py.transitions, py.depth)
        assert [(p.name, p.holds) for p in r.properties] == [(p.name, p.holds) for p in py.properties]


@pytest.mark.parametrize("spec", ["spec/caveats.lfsm", "spec/pod.lfsm"])
def test_any_thread_count_prints_the_same(spec: str, tmp_path: Path) -> None:
    """The parallel search ends with the one-thread search's store (native/csrc/lf_par.c): at
    --threads 1, 2, 0 (every CPU) and by default (every CPU), `check` prints the same bytes and
    writes the same JSON, counterexamples and witnesses included, all but the timing figures. The
    caveats run natively (--engine native: its systems are small enough for the Python probe);
    the pod at its defaults (2 million stored states) as a user runs it (--engine auto)."""
    runs = {}
    engine = ("--engine", "native" if "caveats" in spec else "auto")
    for threads in (("--threads", "1"), ("--threads", "2"), ("--threads", "0"), ()):
        path = tmp_path / f"{'-'.join(threads) or 'default'}.json"
        out = lifefsm("check", str(ROOT / spec), *engine, *threads, "--witnesses", "--json", str(path))
        assert out.returncode == 0, out.stderr
        assert out.stderr == ""
        runs[threads] = (TIMING.sub("", out.stdout), untimed(json.loads(path.read_text())))
    assert "counterexample" in runs[()][0] if "caveats" in spec else "witness, " in runs[()][0]
    for threads, run in runs.items():
        assert run == runs[("--threads", "1")], threads


def test_default_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """No --threads: every CPU the process may use (its affinity), but one with --max-states; an explicit
    N is N (the runtime still searches a state limit with one thread)."""
    from lifecycle_fsm.commands.check import search_threads

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 2, 5}, raising=False)
    assert [search_threads(None), search_threads(0), search_threads(None, 1000)] == [3, 3, 1]
    assert [search_threads(1), search_threads(2, 1000), search_threads(64)] == [1, 2, 64]


@pytest.mark.parametrize(("threads", "words"), [("-1", "--threads must be 0"), ("65", "to 64, got 65")])
def test_bad_threads_exit_2(threads: str, words: str) -> None:
    out = lifefsm("check", str(DEMO), "--threads", threads)
    assert out.returncode == 2 and words in out.stderr and "[bad-option]" in out.stderr
    assert "Traceback" not in out.stderr


def test_threads_and_sweep_refused() -> None:
    out = lifefsm("check", str(DEMO), "--sweep", "--threads", "2")
    assert out.returncode == 2 and "[bad-option]" in out.stderr and "Traceback" not in out.stderr
