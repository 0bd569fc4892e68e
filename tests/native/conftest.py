"""The native runtime's tests build modules into one cache directory per session (each module is
compiled once), and are skipped, saying why, where no working C compiler is found."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lifecycle_fsm.native.build import NativeUnavailable, find_compiler


@pytest.fixture(scope="session", autouse=True)
def native_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
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
