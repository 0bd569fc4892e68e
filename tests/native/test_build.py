"""Building, caching and loading modules (native/build.py), and every way that can fail.

A failure is a NativeUnavailable whose text is the one-line notice the user sees before the
Python engine takes over; a cache directory that cannot be written is only a notice (the
module is then compiled for this run alone).
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from native_harness import MODELS, fake_compiler, full_cache, module, read_only_cache, ring_defines, source

from lifecycle_fsm.messages import say
from lifecycle_fsm.native import build
from lifecycle_fsm.native.build import NativeUnavailable, find_compiler, load_module
from lifecycle_fsm.native.engine import NativeModule, NativeSearch, layout_problem

RING3 = source("ring", ring_defines(3))


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", str(d))
    return d


def ring3_works(lib_module: NativeModule) -> None:
    with NativeSearch(lib_module, symmetry=False) as s:
        s.run()
        assert s.stats()[:3] == (8, 24, 3)


def test_compiled_once_then_cached(cache: Path) -> None:
    first = load_module(RING3, include=(MODELS,))
    assert not first.cached and first.seconds > 0 and first.path is not None and first.notes == []
    assert first.path.parent == cache and first.path.name.startswith("native-")
    again = load_module(RING3, include=(MODELS,))
    assert again.cached and again.seconds == 0 and again.path == first.path
    assert sorted(p.name for p in cache.iterdir()) == [first.path.name]  # no build directory left behind
    ring3_works(NativeModule(again.lib))


def test_key_covers_source_flags_and_compiler(cache: Path) -> None:
    a = load_module(RING3, include=(MODELS,), opt="-O0")
    b = load_module(RING3, include=(MODELS,), opt="-O1")
    c = load_module(RING3 + "\n", include=(MODELS,), opt="-O0")
    assert len({a.path, b.path, c.path}) == 3 and not b.cached and not c.cached


def test_tampered_object_is_rebuilt(cache: Path) -> None:
    """An object in the cache that does not load (built by another process, then damaged) is rebuilt."""
    text = RING3 + "\n/* tampered */\n"
    (path,) = build_elsewhere(cache, text, 1)
    Path(path).write_bytes(b"not an ELF object")
    again = load_module(text, include=(MODELS,), opt="-O0")
    assert not again.cached and again.path == Path(path)
    ring3_works(NativeModule(again.lib))


def test_shared_cache_directory_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory others may write is refused (a planted object would run as this user)."""
    d = tmp_path / "shared"
    d.mkdir()
    d.chmod(0o777)
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", str(d))
    got = load_module(RING3, include=(MODELS,), opt="-O0")
    assert got.path is None and list(d.iterdir()) == []
    ring3_works(NativeModule(got.lib))


def test_read_only_cache_builds_for_this_run(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read_only_cache(monkeypatch)
    got = load_module(RING3, include=(MODELS,), opt="-O0")
    assert got.path is None and not got.cached
    assert got.notes == [say("checker.native-no-cache", directory=str(cache), why="Read-only file system")]
    ring3_works(NativeModule(got.lib))


def test_full_cache_builds_for_this_run(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full_cache(monkeypatch)
    got = load_module(RING3, include=(MODELS,), opt="-O0")
    assert got.path is None and got.notes == [say("checker.native-no-cache", directory=str(cache),
                                                  why="No space left on device")]
    assert [p for p in cache.iterdir()] == []  # the build directory was cleaned up
    ring3_works(NativeModule(got.lib))


def test_nowhere_to_build(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def mkdtemp(prefix: str = "", dir: str | None = None) -> str:  # noqa: A002
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("tempfile.mkdtemp", mkdtemp)
    with pytest.raises(NativeUnavailable) as e:
        load_module(RING3, include=(MODELS,), opt="-O0")
    assert str(e.value) == say("checker.native-build-failed", why="No space left on device")


def test_no_compiler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CC", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(NativeUnavailable) as e:
        find_compiler()
    assert str(e.value) == say("checker.native-no-compiler")


def test_cc_names_a_missing_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CC", str(tmp_path / "no-such-cc"))
    with pytest.raises(NativeUnavailable) as e:
        find_compiler()
    assert str(e.value) == say("checker.native-no-compiler")


def test_compiler_fails(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cc = fake_compiler(tmp_path, "echo 'module.c:3:1: error: boom' >&2\nexit 1", monkeypatch)
    with pytest.raises(NativeUnavailable) as e:
        load_module(RING3, include=(MODELS,))
    assert str(e.value) == say("checker.native-compile-failed", compiler=cc, status=1,
                               first_line="module.c:3:1: error: boom")
    assert list(cache.iterdir()) == []


def test_compiler_crashes(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cc = fake_compiler(tmp_path, "kill -SEGV $$", monkeypatch)
    with pytest.raises(NativeUnavailable) as e:
        load_module(RING3, include=(MODELS,))
    assert str(e.value) == say("checker.native-compiler-crashed", compiler=cc, signal=11)


def test_compiler_writes_nothing(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cc = fake_compiler(tmp_path, "exit 0", monkeypatch)
    with pytest.raises(NativeUnavailable) as e:
        load_module(RING3, include=(MODELS,))
    assert str(e.value) == say("checker.native-compile-failed", compiler=cc, status=0, first_line="no output file")


def test_compiler_writes_garbage(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_compiler(tmp_path, 'for a; do out="$prev"; prev="$a"; done\n'
                  'while [ $# -gt 0 ]; do [ "$1" = -o ] && echo junk > "$2"; shift; done', monkeypatch)
    with pytest.raises(NativeUnavailable, match="cannot load the native checker"):
        load_module(RING3, include=(MODELS,))
    assert list(cache.iterdir()) == []


def test_compiler_version_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "badcc"
    script.write_text("#!/bin/sh\nexit 3\n")
    script.chmod(0o755)
    monkeypatch.setenv("CC", str(script))
    with pytest.raises(NativeUnavailable) as e:
        find_compiler()
    assert str(e.value) == say("checker.native-compiler-broken", compiler=str(script), why="--version exits 3")


def test_module_that_does_not_compile(cache: Path) -> None:
    with pytest.raises(NativeUnavailable) as e:
        load_module(RING3.replace("lf_succ(X,", "lf_succ(X X,"), include=(MODELS,), opt="-O0")
    msg = str(e.value)
    assert "failed to compile the native checker (exit 1: " in msg and "error" in msg and "\n" not in msg


def build_elsewhere(cache: Path, text: str, count: int) -> list[str]:
    """Build ``text`` in ``count`` other processes at once; the paths they loaded."""
    prog = ("import sys; from lifecycle_fsm.native.build import load_module; "
            "m = load_module(sys.stdin.read(), include=(sys.argv[1],), opt='-O0'); print(m.path)")
    procs = [subprocess.Popen([sys.executable, "-c", prog, str(MODELS)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "LIFEFSM_CACHE_DIR": str(cache)})
             for _ in range(count)]
    outs = [p.communicate(text, timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * count, outs
    return [o.strip() for o, _ in outs]


def test_concurrent_builds_share_one_object(cache: Path) -> None:
    """Four processes build the same new module into one cache at once: all load it, one file remains."""
    paths = set(build_elsewhere(cache, RING3 + "\n/* concurrent */\n", 4))
    assert len(paths) == 1 and [p.name for p in cache.iterdir()] == [Path(paths.pop()).name]


@pytest.mark.parametrize("name", ["ring", "stepper", "team", "crew"])
def test_runtime_compiles_without_warnings(name: str, tmp_path: Path) -> None:
    cc = find_compiler()
    defines = ring_defines(70) if name == "ring" else {"NN": "5"}
    (tmp_path / "m.c").write_text(source(name, defines))
    r = subprocess.run([*cc.argv, "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
                        f"-I{build.CSRC}", f"-I{MODELS}", str(tmp_path / "m.c")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_layout_limits() -> None:
    assert layout_problem(4096, 65535, [(256, 64)]) is None
    assert layout_problem(4097, 10, []) == say("checker.native-too-wide", what="4097 bits of state, at most 4096")
    assert layout_problem(64, 65536, []) == say("checker.native-too-wide", what="65536 moves, at most 65535")
    assert layout_problem(64, 10, [(257, 1)]) == say("checker.native-too-wide",
                                                     what="an array of 257 elements reduced by symmetry, at most 256")
    assert layout_problem(64, 10, [(2, 65)]) == say("checker.native-too-wide", what="65-bit element blocks, at most 64")


def test_tables_beyond_the_limits_are_refused() -> None:
    """A module whose symmetry tables the canonical form cannot sort: no search, not a crash."""
    from lifecycle_fsm.native.engine import NativeError

    text = source("ring", ring_defines(3)).replace("{{N, 1, 0, 1, ring_offs}}", "{{N, 65, 0, 1, ring_offs}}")
    m = NativeModule(load_module(text, include=(MODELS,), opt="-O0").lib)
    with pytest.raises(NativeError):
        NativeSearch(m)


def test_optimisation_level() -> None:
    assert (build.choose_opt(), build.choose_opt(10**9), build.choose_opt(1000)) == ("-O2", "-O2", "-O0")


def test_notices_are_one_line() -> None:
    for text in (say("checker.native-no-compiler"), say("checker.native-compiler-crashed", compiler="cc", signal=11),
                 say("checker.native-no-cache", directory="/x", why="y"),
                 say("checker.native-compile-failed", compiler="cc", status=1,
                     first_line="e"), say("checker.native-load-failed", why="z"), say("checker.native-too-wide",
                                                                                      what="w")):
        assert "\n" not in text and text.strip() == text


def test_module_info() -> None:
    info = module("ring", ring_defines(70)).info
    assert (info.words, info.bits, info.moves, info.props, info.reach, info.sym, info.deadlock) == \
        (2, 70, 141, 2, 1, 1, True)
    assert info.record_bytes == 9 + 6


def test_private_mode_of_cache(cache: Path) -> None:
    load_module(RING3, include=(MODELS,), opt="-O0")
    assert stat.S_IMODE(cache.stat().st_mode) & 0o022 == 0
