"""Back ends: pure functions from the IR to generated files.

``emit(model, options) -> list[GeneratedFile]`` for each target; only the CLI
(backends/cli.py) writes files, atomically. Every back end is deterministic:
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

from dataclasses import dataclass

from .. import model as ir


@dataclass(frozen=True, slots=True)
class GeneratedFile:
    """One output file: a path relative to the output root, its complete text, and the target that made it.

    ``target`` is what ``compile``'s manifest records (backends/manifest.py): a target name,
    or names joined by ``+`` for a file that exists only when all of them run.
    """

    path: str
    text: str
    target: str = ""


@dataclass(frozen=True, slots=True)
class Options:
    """What every back end may need to know besides the model; one frozen object, passed whole."""

    params: tuple[tuple[str, ir.Value], ...] = ()  # bound parameter values (defaults + -D)
    spec_path: str = ""  # the spec as given on the command line (for generated tests)
    out_root: str = "."  # where codegen/ and diagrams/ go (generated tests locate the spec from it)
    renderer: str = "auto"  # svg/png: auto | dot | graphviz-pure
    state_graph_limit: int = 32  # draw the reachable state graph only up to this many states (readable)
    detail: str = "names"  # machine diagrams: names | guards | full (backends/chart.py)


TARGETS = ("python", "tests", "dot", "svg", "mermaid")
OPTIONAL_TARGETS = ("replay", "promela")

__all__ = ["GeneratedFile", "Options", "TARGETS", "OPTIONAL_TARGETS"]
