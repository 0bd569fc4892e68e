"""The whole suite runs ``lifefsm check`` on the Python engine (``LIFEFSM_ENGINE``), so that it does
not compile a native module for every spec and option it tries; the native engine is tested
against it where it is chosen explicitly (tests/native: test_engines_agree.py, test_cli_engine.py).

The cache directories the tests use keep everything (``LIFEFSM_CACHE_MAX_MB``): a test that expects a module
or an answer it cached earlier must find it; the size bound has its own tests (tests/hardening/test_cache_bound.py)."""

from __future__ import annotations

import os

os.environ.setdefault("LIFEFSM_ENGINE", "python")
os.environ.setdefault("LIFEFSM_CACHE_MAX_MB", str(1 << 20))
