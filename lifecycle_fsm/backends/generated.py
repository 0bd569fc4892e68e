"""What every back end returns and reads besides the system: a generated file, and the compile's options."""

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


__all__ = ["GeneratedFile", "Options"]
