"""The native zone tests' fixture: each module builds its C modules into a cache directory of its
own, and is skipped, saying why, where no working C compiler is found."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lifecycle_fsm.native.build import NativeUnavailable, find_compiler


@pytest.fixture(scope="module")
def native_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    try:
        find_compiler()
    except NativeUnavailable as e:
        pytest.skip(f"the native symbolic search needs a C compiler: {e}")
    cache = tmp_path_factory.mktemp("native-zones")
    mp = pytest.MonkeyPatch()
    mp.setenv("LIFEFSM_CACHE_DIR", str(cache))
    yield cache
    mp.undo()
