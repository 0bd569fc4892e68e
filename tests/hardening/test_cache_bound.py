"""The user's cache directory stays under its size bound (cachedir.py): the least recently used entries go
first, only lifefsm's own entries, only after a command that added to it; a hit counts as a use."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from lifecycle_fsm import cachedir
from lifecycle_fsm.cli import main

ROOT = Path(__file__).resolve().parents[2]


def entry(base: Path, name: str, size: int, age: float) -> Path:
    p = base / name
    p.write_bytes(b"x" * size)
    t = time.time() - age
    os.utime(p, (t, t))
    return p


def test_the_least_recently_used_go_first_and_only_entries(tmp_path: Path) -> None:
    old = entry(tmp_path, "model-old.pickle", 400, 300)
    mid = entry(tmp_path, "native-mid.so", 400, 200)
    new = entry(tmp_path, "podtimeline-new.json", 400, 100)
    temp = entry(tmp_path, ".podrule-123.json", 4000, 1000)  # being written by another process
    (tmp_path / "mermaid-11.4.1").mkdir()  # not an entry (a directory CI keeps there)
    entry(tmp_path / "mermaid-11.4.1", "mermaid.min.js", 4000, 1000)
    assert cachedir.trim(tmp_path, 900) == 1
    assert not old.exists() and mid.exists() and new.exists() and temp.exists()
    cachedir.touch(mid)  # a hit: now the most recent
    assert cachedir.trim(tmp_path, 500) == 1
    assert mid.exists() and not new.exists()
    assert (tmp_path / "mermaid-11.4.1" / "mermaid.min.js").exists()
    assert cachedir.trim(tmp_path, 10_000) == 0
    outside = entry(tmp_path / "mermaid-11.4.1", "precious", 10, 5000)
    (tmp_path / "native-link.so").symlink_to(outside)  # a link planted in the cache: neither it nor its target goes
    assert cachedir.trim(tmp_path, 0) == 1  # only mid, the last entry
    assert (tmp_path / "native-link.so").is_symlink() and outside.exists()


def test_a_command_that_adds_to_the_cache_trims_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("LIFEFSM_CACHE_MAX_MB", "1")
    stale = entry(tmp_path, "native-stale.so", 2 << 20, 3600)  # over the bound alone
    monkeypatch.chdir(ROOT)
    assert main(["check", "tests/cases/ok/machine_params.lfsm", "--engine", "python"]) == 0
    assert not stale.exists()  # the check cached its model: the directory was trimmed
    assert any(p.name.startswith("model-") for p in tmp_path.iterdir())
    capsys.readouterr()


def test_a_command_that_only_reads_does_not_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", str(tmp_path))
    big = entry(tmp_path, "native-big.so", 2 << 20, 3600)
    t = time.time() - 3600
    os.utime(tmp_path, (t, t))
    scanned: list[Path] = []
    monkeypatch.setattr(cachedir, "trim", lambda base, limit: scanned.append(base) or 0)
    cachedir.trim_if_grown(time.time())
    assert scanned == [] and big.exists()
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", "")  # caching off: nothing to trim either
    cachedir.trim_if_grown(0.0)
    assert scanned == []
    missing = tmp_path / "never-used"
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", str(missing))  # a command that never used the cache makes no directory
    cachedir.trim_if_grown(0.0)
    assert scanned == [] and not missing.exists()


@pytest.mark.parametrize("raw", ["0", "-5", "lots", "1.5", ""])
def test_a_bad_bound_is_said_and_the_default_kept(raw: str, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LIFEFSM_CACHE_MAX_MB", raw)
    assert cachedir.cache_limit() == cachedir.DEFAULT_MAX_MB << 20
    assert "LIFEFSM_CACHE_MAX_MB" in capsys.readouterr().err
    monkeypatch.setenv("LIFEFSM_CACHE_MAX_MB", " 64 ")
    assert cachedir.cache_limit() == 64 << 20
