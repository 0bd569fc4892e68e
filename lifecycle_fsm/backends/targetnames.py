"""The names of ``lifefsm compile``'s targets, without importing the back ends.

The CLI (``--target``'s help) and the pipeline (``CompileOptions``' default) need them when they
are imported, and a check (``lifefsm check``) should not pay for importing every back end to
learn them. tests/backends/test_cli.py checks that backends/targets.py's registry says the same.
"""

from __future__ import annotations

TARGETS = ("python", "tests", "dot", "svg", "mermaid")  # the default targets, in the registry's order
OPTIONAL_TARGETS = ("replay", "promela")  # the others

__all__ = ["OPTIONAL_TARGETS", "TARGETS"]
