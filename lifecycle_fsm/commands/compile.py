"""`lifefsm compile` and `lifefsm diagram`: the driver's files, and what is said about them.

``compile`` generates every artifact in memory first and writes only when all of them
succeeded, atomically (backends/files.py): bad input, an unknown target or a missing
renderer exit with status 2 and leave earlier outputs untouched. ``diagram`` writes one
picture to standard output or, atomically, to a file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import pipeline
from ..diagnostics import Diagnostic, LfsmError
from ..escape import visible
from ..messages import say
from ..outputs import STDOUT, write_output, write_stdout


def compile_command(options: pipeline.CompileOptions, quiet: bool = False) -> int:
    """Compile as ``options`` say; say what was written unless ``quiet``."""
    done = pipeline.compile(options)
    if done.written.recovered:
        print(say("compile-recovered", root=options.out), file=sys.stderr)
    files = done.files
    dirs = sorted({str(Path(options.out) / Path(f.path).parent) for f in files})
    removed = done.written.removed
    gone = f"; removed {len(removed)} stale file{'s' if len(removed) != 1 else ''}" if removed else ""
    if not quiet:
        print(f"{visible(options.spec)}: wrote {len(files)} file{'s' if len(files) != 1 else ''} to "
              f"{', '.join(visible(d) for d in dirs)}{gone}")
    return 0


def diagram_command(options: pipeline.DiagramOptions, output: str | None, quiet: bool = False) -> int:
    """Draw as ``options`` say; write to ``output`` (a file, replaced atomically; None or '-': standard output).

    ``quiet`` drops the note that says at which values a state graph is drawn."""
    drawn = pipeline.diagram(options)
    if drawn.note and not quiet:
        print(f"note: {drawn.note}", file=sys.stderr)
    if output in (None, STDOUT):
        if options.format == "png" and sys.stdout.isatty():
            raise LfsmError([Diagnostic("bad-option", say("backends.png-to-terminal"), None)])
        write_stdout(drawn.data)
    else:
        write_output(output, drawn.data)
    return 0


__all__ = ["compile_command", "diagram_command"]
