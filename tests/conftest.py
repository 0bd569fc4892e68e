"""The whole suite runs ``lifefsm check`` on the Python engine (``LIFEFSM_ENGINE``), so that it does
not compile a native module for every spec and option it tries; the native engine is tested
against it where it is chosen explicitly (tests/native: test_engines_agree.py, test_cli_engine.py).

The cache directories the tests use keep everything (``LIFEFSM_CACHE_MAX_MB``): a test that expects a module
or an answer it cached earlier must find it; the size bound has its own tests (tests/hardening/test_cache_bound.py).

The README runs the suite on every CPU (pytest-xdist, ``-n auto --dist worksteal``); the slowest tests are
collected first, so that none of them starts last and keeps the run going on one CPU after the others
are done."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("LIFEFSM_ENGINE", "python")
os.environ.setdefault("LIFEFSM_CACHE_MAX_MB", str(1 << 20))

# the tests of a minute or more (on 2 CPUs, 2026-12-07: the SPIN cross-check of the pod, the CI sweeps,
# the pod's tick/symbolic differentials, its generated tests, configurations and mutants)
SLOW_FIRST = (
    "tests/spin/test_spin_differential.py::test_spin_agrees_with_lifefsm",
    "tests/sweep/test_pod_ci_sweep.py::test_ci_sweep",
    "tests/zones/test_pod_symbolic.py",
    "tests/backends/test_committed.py",
    "tests/spec/test_pod_sweep.py",
    "tests/spec/test_mutants.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next((k for k, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix)), len(SLOW_FIRST))

    items.sort(key=rank)  # stable: within a group, and the rest, in the order collected
