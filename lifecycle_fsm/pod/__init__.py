"""`lifefsm pod`: Kubernetes manifests in, each pod's lifecycle configuration and findings out.

The stages, one module each:

    reader.read_manifests(paths)      files -> text (UTF-8, bounded)      reader.py
      yamlnodes.compose(text)         text -> documents of positioned nodes (ruamel.yaml events)
      mapping.map_document(doc)       objects -> PodConfig (containers.py: containers, hooks, probes;
                                      decode.py: typed reads; commands.py: exec commands)
    analysis.analyse(pod, model)      PodConfig -> Analysis: startup order, configuration findings
                                      (findings.py), and the seam for the model check (timelines and
                                      model findings, results.py declares their rules)
    report / details / jsonout / sarif  Analysis -> text, --details, --json, --sarif
    command.run(args)                 the CLI subcommand

docs/pod.md describes the command, the findings and the output formats.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analysis import Analysis, ModelCheck, analyse
    from .config import PodConfig
    from .reader import Manifests, read_manifests, read_text

# imported on first use: the CLI names its options (options.py) without loading the YAML reader
_WHERE = {"Analysis": "analysis", "ModelCheck": "analysis", "analyse": "analysis", "PodConfig": "config",
          "Manifests": "reader", "read_manifests": "reader", "read_text": "reader"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Analysis", "Manifests", "ModelCheck", "PodConfig", "analyse", "read_manifests", "read_text"]
