"""Running the back ends: a model and options in, the complete list of generated files out.

Every system is instantiated at the options' parameter values (``lifecycle_fsm.instantiate``),
then each target of the registry (``backends/targets.py``) that was asked for emits its files,
in the registry's order. Pure apart from rendering SVG through an external program; nothing
is written here.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import model as ir
from ..instantiate import instantiate
from ..source import Span
from .generated import GeneratedFile, Options
from .names import clash_check, module_names, package_name
from .targets import REGISTRY, TARGETS, Job, Run


def emit(model: ir.Model, options: Options, targets: Sequence[str] = TARGETS, traces: Sequence[Run] = (),
         timelines: Sequence[Run] = ()) -> list[GeneratedFile]:
    """Every file of ``targets`` for ``model``.

    ``traces``: (system, property, trace) for the replay target; ``timelines``: (system,
    property, trace) of the spec's timelines (backends/runs.py), drawn by the picture targets.
    """
    known = [t.name for t in REGISTRY]
    unknown = [t for t in targets if t not in known]
    if unknown:
        raise ValueError(f"unknown targets: {', '.join(unknown)}")
    params = dict(options.params) if options.params else {p.name: p.default for p in model.params}
    systems = tuple(instantiate(model, params, s.name) for s in model.systems)
    job = Job(model, systems, options, tuple(t for t in known if t in targets),
              package_name(options.spec_path or model.file), module_names(model), traces, timelines, params)
    files: list[GeneratedFile] = []
    for t in REGISTRY:
        if t.name in job.targets:
            files += t.emit(job)
    span = model.systems[0].span if model.systems else Span(model.file, 0, 0, 0, 0)
    clash_check([f.path for f in files], span)
    return files


__all__ = ["emit", "package_name"]
