"""SARIF 2.1.0 output of `lifefsm pod` (--sarif), for code-scanning annotations.

One run; the driver lists every rule of results.RULES (configuration and model
rules alike, so rule indices stay stable when the model findings arrive), each
with its default level and its guarantees as tags. Each finding is a result at
the manifest position of its field; notes become related locations; a run
that shows the finding becomes a code flow whose thread-flow locations carry
the timeline rows. Severity maps to SARIF levels error, warning and note.
Artifact URIs are the paths as given, relative ones resolved against the
working directory by the consumer (a repository root in CI).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..source import Span
from .analysis import Analysis
from .report import bounds
from .results import RULES, Finding, Severity

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def uri(file: str) -> str:
    """A relative (or file:) URI reference for a path as given on the command line."""
    if file == "<stdin>":
        return "stdin"
    p = PurePath(file)
    text = p.as_posix()
    if p.is_absolute():
        return "file://" + quote(text)
    return quote(text)


def _region(span: Span) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(span.line, 1), "startColumn": max(span.column, 1)}
    if span.end_line >= span.line and span.end_line > 0:
        region["endLine"] = span.end_line
        region["endColumn"] = max(span.end_column, 1)
    return region


def _physical(span: Span) -> dict[str, Any]:
    return {"artifactLocation": {"uri": uri(span.file)}, "region": _region(span)}


def _rule_name(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("-"))


def rules() -> list[dict[str, Any]]:
    return [{"id": r.code, "name": _rule_name(r.code), "shortDescription": {"text": r.summary},
             "help": {"text": f"docs/pod.md, section '{r.code}'"},
             "defaultConfiguration": {"level": LEVEL[r.severity]},
             "properties": {"tags": ["kubernetes", "lifecycle", *r.guarantees], "source": r.source}}
            for r in RULES.values()]


def _result(f: Finding, pod: str, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code, "ruleIndex": index[f.code], "level": LEVEL[f.severity], "message": {"text": f.message},
        "locations": [{"physicalLocation": _physical(f.location),
                       "logicalLocations": [{"fullyQualifiedName": pod + (f"/{f.container}" if f.container else ""),
                                             "kind": "object"}]}],
        "properties": {"guarantees": list(f.guarantees), "source": f.source},
    }
    related = [{"id": i, "physicalLocation": _physical(n.span), "message": {"text": n.message}}
               for i, n in enumerate(f.notes) if n.span is not None and n.span.line > 0]
    if related:
        result["relatedLocations"] = related
    if f.trace:
        result["codeFlows"] = [{"threadFlows": [{"locations": [
            {"location": {"physicalLocation": _physical(f.location),
                          "message": {"text": f"at {bounds(s.at)}: {s.container or 'pod'}: {s.event}"}}}
            for s in f.trace]}]}]
    return result


def report_sarif(analyses: Sequence[Analysis], files: Sequence[str]) -> dict[str, Any]:
    index = {code: i for i, code in enumerate(RULES)}
    results = [_result(f, f"{a.pod.kind}/{a.pod.name}", index) for a in analyses for f in a.findings]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "lifefsm", "version": __version__, "rules": rules()}},
            "artifacts": [{"location": {"uri": uri(f)}} for f in files],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
