"""The machine-readable report of `lifefsm pod` (--json), described by schema/pod-report.schema.json.

docs/pod.md documents every field. Numbers are seconds; a time or duration
without an upper bound has ``null`` there; a handler that never returns has
``neverReturns: true``. Locations are 1-based line and column (characters).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

from ..source import Span
from ..version import __version__
from .analysis import Analysis, Timeline
from .config import Container, Duration, Field, Handler, Probe
from .mapping import Skipped
from .report import counts
from .results import Bounds, Finding

SCHEMA_VERSION = 1


def location(span: Span) -> dict[str, Any]:
    return {"file": span.file, "line": span.line, "column": span.column, "endLine": span.end_line,
            "endColumn": span.end_column}


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def _duration(d: Duration) -> dict[str, Any]:
    never = d.never_returns
    return {"min": None if never else _number(d.lo), "max": None if never or d.hi is None else _number(d.hi),
            "known": d.known, "neverReturns": never, "text": d.describe()}


def _field(f: Field[int] | Field[str] | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return {"value": f.value, "default": f.defaulted, "location": location(f.span)}


def _handler(h: Handler | None) -> dict[str, Any] | None:
    if h is None:
        return None
    a = h.analysis
    return {
        "kind": h.kind.value, "location": location(h.span),
        "command": list(h.command.value) if h.command is not None else None,
        "seconds": h.seconds.value if h.seconds is not None else None,
        "target": h.target or None,
        "duration": _duration(h.duration), "durationSource": h.how,
        "stopsMainProcess": a.stops_main if a is not None else None,
        "waitsForExit": bool(a and a.waits_for_exit), "failsAlways": bool(a and a.fails),
    }


def _probe(p: Probe) -> dict[str, Any]:
    return {"kind": p.kind, "handler": p.handler.value, "location": location(p.span),
            "periodSeconds": p.period.value if p.period else 10,
            "failureThreshold": p.failure_threshold.value if p.failure_threshold else 3,
            "initialDelaySeconds": p.initial_delay.value if p.initial_delay else 0,
            "timeoutSeconds": p.timeout.value if p.timeout else 1,
            "terminationGracePeriodSeconds": p.termination_grace.value if p.termination_grace else None}


def _container(c: Container) -> dict[str, Any]:
    return {"name": c.name.value, "role": c.role.value, "position": c.position, "list": c.list_name,
            "location": location(c.span),
            "restartPolicy": c.restart_policy.value if c.restart_policy else None,
            "postStart": _handler(c.post_start), "preStop": _handler(c.pre_stop),
            "stopSignal": c.stop_signal.value if c.stop_signal else None,
            "probes": [_probe(p) for p in c.probes]}


def _bounds(b: Bounds) -> dict[str, Any]:
    return {"best": _number(b.best), "worst": None if b.worst is None else _number(b.worst)}


def finding_json(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "severity": f.severity.value, "guarantees": list(f.guarantees),
            "location": location(f.location), "message": f.message, "source": f.source, "container": f.container,
            "notes": [{"message": n.message, "location": location(n.span) if n.span else None} for n in f.notes],
            "trace": None if f.trace is None else [
                {**_bounds(s.at), "container": s.container, "event": s.event} for s in f.trace]}


def _timeline(t: Timeline) -> dict[str, Any]:
    return {"scenario": t.scenario.value, "trigger": t.trigger, "firstToStop": list(t.first_to_stop),
            "fitsInGrace": t.fits_in_grace,
            "entries": [{"container": e.container, "event": e.event.value, **_bounds(e.at), "occurs": e.occurs.value}
                        for e in t.entries]}


def pod_json(a: Analysis) -> dict[str, Any]:
    pod = a.pod
    computed = a.timeline_status.startswith("computed")
    return {
        "name": pod.name, "kind": pod.kind, "apiVersion": pod.api_version, "namespace": pod.namespace,
        "source": {**location(pod.source), "document": pod.document}, "specPath": pod.spec_path,
        "terminationGracePeriodSeconds": _field(pod.grace), "restartPolicy": _field(pod.restart_policy),
        "shareProcessNamespace": pod.share_process_namespace,
        "containers": [_container(c) for c in pod.containers],
        "startup": [{"position": s.position, "container": s.container, "role": s.role.value, "after": s.after,
                     "gate": s.gate} for s in a.startup],
        "timeline": {"status": "computed" if computed else "not-computed",
                     "reason": None if a.timeline_status == "computed" else a.timeline_status,
                     "scenarios": [_timeline(t) for t in a.timelines]},
        "findings": [finding_json(f) for f in a.findings],
        "uncheckedModelRules": list(a.unchecked),
    }


def report_json(analyses: Sequence[Analysis], skipped: Sequence[Skipped], files: Sequence[str], fail_on: str,
                exit_code: int) -> dict[str, Any]:
    c = counts(analyses)
    return {
        "schemaVersion": SCHEMA_VERSION, "tool": {"name": "lifefsm", "version": __version__},
        "files": list(files), "failOn": fail_on, "exit": exit_code,
        "summary": {"pods": len(analyses), "skipped": len(skipped), **c},
        "pods": [pod_json(a) for a in analyses],
        "skipped": [{"location": location(s.span), "kind": s.kind or None, "name": s.name or None,
                     "message": s.message} for s in skipped],
    }


def schema() -> dict[str, Any]:
    """The JSON Schema of the report (shipped with the package)."""
    text = resources.files(__package__).joinpath("schema/pod-report.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
