"""The whole suite runs ``lifefsm check`` on the Python engine (``LIFEFSM_ENGINE``), so that it does
not compile a native module for every spec and option it tries; the native engine is tested
against it where it is chosen explicitly (tests/native: test_engines_agree.py, test_cli_engine.py)."""

from __future__ import annotations

import os

os.environ.setdefault("LIFEFSM_ENGINE", "python")
