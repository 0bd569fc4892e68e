"""Back ends: pure functions from instantiated systems to generated files.

``emit(model, options, targets) -> list[GeneratedFile]`` (backends/emit.py) runs the targets of
the registry (backends/targets.py); only the driver (lifecycle_fsm/pipeline.py) writes files,
atomically. Every back end is deterministic:
the same model and options give byte-identical text on every run (no set is
ever iterated while emitting), which the golden tests and the committed
``codegen/`` and ``diagrams/`` trees rely on.

Output layout (paths relative to the output root, default the current directory):

* ``codegen/<pkg>/__init__.py``, ``codegen/<pkg>/<system>.py`` (python target),
  ``codegen/<pkg>/test_<pkg>.py`` (tests target), ``test_<pkg>_replay_<system>.py`` (replay,
  opt-in: runs the checker; with dot/svg/mermaid also ``<System>.<owner>.<property>.trace.dot``
  and ``.svg``, ``.mmd``);
* ``codegen/<pkg>/<system>.pml`` (promela, opt-in): the system at the bound parameters as a
  SPIN model (backends/promela.py);
* ``diagrams/<pkg>/<Machine>.dot`` per machine (at ``Options.detail``), ``<System>.system.dot``
  and ``<System>.properties.md`` per explicit system, ``<System>.states.dot`` (reachable state
  graph, small configurations only), ``<name>.dot`` per timeline (a system property
  ``timeline_<name>``: a run of the model, backends/runs.py), the same names with ``.svg``
  (svg target) and ``.mmd`` (mermaid target; machines and runs).

``<pkg>`` is the spec file's stem made a Python identifier (``pod-v2`` -> ``pod_v2``).
"""

from __future__ import annotations

from .generated import GeneratedFile, Options


def __getattr__(name: str) -> object:
    """``TARGETS`` (the default targets) and ``OPTIONAL_TARGETS``, read from the registry (backends/targets.py)."""
    if name in ("TARGETS", "OPTIONAL_TARGETS"):
        from . import targets

        return getattr(targets, name)
    raise AttributeError(name)


__all__ = ["GeneratedFile", "Options", "TARGETS", "OPTIONAL_TARGETS"]
