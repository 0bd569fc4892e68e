"""The `lifefsm pod` command: manifests in, each pod's lifecycle facts and findings out.

Exit status: 0 when no finding is at or above ``--fail-on`` (default
warning), 1 otherwise, 2 for bad input (unreadable files, invalid YAML, a
manifest the API server could not decode) or bad options. The text report goes
to standard output unless ``--json -`` or ``--sarif -`` claims it; files given
to --json and --sarif are written atomically, and only when the input was good;
so are the pictures of ``--diagram DIR`` (commands/poddiagram.py), as one transaction.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..diagnostics import Diagnostic, LfsmError
from ..messages import say
from .analysis import Analysis, ModelCheck, analyse
from .config import PodConfig
from .jsonout import dumps, report_json
from .reader import read_manifests
from .report import render_report
from .results import Severity
from .sarif import report_sarif

EXIT_OK, EXIT_FINDINGS = 0, 1
Draw = Callable[[list[Analysis], str], int]  # (analyses, directory) -> pictures written
Prepare = Callable[[Sequence[PodConfig]], object]  # the pods read, before each is analysed


@dataclass(frozen=True, slots=True)
class PodOptions:
    """Everything `lifefsm pod` is told."""

    files: tuple[str, ...]  # manifest files ('-': standard input)
    json: str | None = None  # the report as JSON ('-': standard output)
    sarif: str | None = None  # the findings as SARIF 2.1.0 ('-': standard output)
    details: bool = False  # every value read instead of the table
    fail_on: str = "warning"  # exit 1 at a finding of this severity or a higher one
    diagram: str | None = None  # a directory: each timeline and finding run as Mermaid and SVG (commands/poddiagram.py)


def exit_status(analyses: list[Analysis], fail_on: str) -> int:
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity(fail_on).rank
    worst = max((f.severity.rank for a in analyses for f in a.findings), default=0)
    return EXIT_FINDINGS if worst >= threshold else EXIT_OK


def run(args: PodOptions, model: ModelCheck | None = None, draw: Draw | None = None,
        prepare: Prepare | None = None) -> int:
    """Run the command; ``model``: the model side of the analysis (None: configuration facts only); ``draw``:
    what writes ``--diagram DIR`` (commands/poddiagram.py; it draws with the back ends, a layer above this one);
    ``prepare``: what computes the model's answers for all pods at once before they are asked one by one
    (commands/podpool.py: on every core)."""
    if args.json == "-" and args.sarif == "-":
        raise LfsmError([Diagnostic("bad-option", say("pod.stdout-twice"), None)])
    if args.files.count("-") > 1:
        raise LfsmError([Diagnostic("bad-option", say("pod.stdin-twice"), None)])
    manifests = read_manifests(args.files)
    if model is not None and prepare is not None:
        prepare(manifests.pods)
    analyses = [analyse(pod, model) for pod in manifests.pods]
    code = exit_status(analyses, args.fail_on)
    outputs: list[tuple[str, str]] = []
    if args.json:
        outputs.append((args.json, dumps(report_json(analyses, manifests.skipped, manifests.files, args.fail_on,
                                                     code))))
    if args.sarif:
        outputs.append((args.sarif, dumps(report_sarif(analyses, manifests.files))))
    for target, text in outputs:
        if target != "-":
            _write(target, text)
    if args.diagram is not None and draw is not None:
        print(say("pod.diagrams", count=draw(analyses, args.diagram), directory=args.diagram), file=sys.stderr)
    for target, text in outputs:
        if target == "-":
            sys.stdout.write(text)
    if all(target != "-" for target, _ in outputs):
        print(render_report(analyses, manifests.skipped, manifests.sources, args.details))
    return code


def _write(path: str, text: str) -> None:
    """One output file by the rules of lifecycle_fsm.outputs (regular files only, atomic, exit 2 on failure)."""
    from ..outputs import write_output

    write_output(path, text)
