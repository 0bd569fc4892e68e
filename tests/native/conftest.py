"""The native runtime's tests build modules into one cache directory per session (each module is
compiled once; under pytest-xdist the workers of one run share it, as processes share a user's cache),
and are skipped, saying why, where no working C compiler is found."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from lifecycle_fsm.native.build import NativeUnavailable, find_compiler


@pytest.fixture(scope="session", autouse=True)
def native_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # the workers' base directories share a parent (one per run): one cache for the run
        cache = tmp_path_factory.getbasetemp().parent / "native-cache"
        cache.mkdir(mode=0o700, exist_ok=True)  # private, as mktemp's: a cache others may write is refused
    else:
        cache = tmp_path_factory.mktemp("native-cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("LIFEFSM_CACHE_DIR", str(cache))
    yield cache
    mp.undo()


@pytest.fixture(scope="session", autouse=True)
def compiler() -> None:
    try:
        find_compiler()
    except NativeUnavailable as e:
        pytest.skip(f"native runtime tests need a C compiler: {e}")
