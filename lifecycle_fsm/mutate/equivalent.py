"""The committed list of equivalent mutants: mutants no property can kill because the model means the same.

One mutant a line, its id then the reason (at least one word)::

    # spec/pod.equivalent: mutants of spec/pod.lfsm that change nothing observable
    drop-effect@pod/container.lfsm:181:46  'long' is reset again before it is read (Exited -> Running)

Blank lines and lines starting with '#' are ignored. An id that is not a mutant of the
spec (the spec changed and the positions moved) is an error, so the list cannot go stale
silently; so is an id marked twice (one of the two lines was meant for another mutant, whose
id moved onto this one).
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic, LfsmError
from ..messages import say
from ..source import Span
from .files import read_text_if_present


def read_equivalents(path: Path, known: set[str]) -> dict[str, str]:
    """id -> reason, from ``path`` (missing: none are marked); every bad line is reported."""
    text = read_text_if_present(path)
    if text is None:
        return {}
    name = str(path)
    out: dict[str, str] = {}
    first: dict[str, int] = {}  # id -> the line that marked it
    diags: list[Diagnostic] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        start = offset + len(line) - len(line.lstrip())
        offset += len(line) + 1
        if not stripped or stripped.startswith("#"):
            continue
        ident, _, reason = stripped.partition(" ")
        col = len(line) - len(line.lstrip()) + 1
        span = Span(name, number, col, number, col + len(ident), start, start + len(ident))
        if not reason.strip():
            diags.append(Diagnostic("bad-equivalents", say("sweep.equivalents-line", text=stripped), span))
        elif ident not in known:
            diags.append(Diagnostic("unknown-mutant", say("sweep.equivalents-unknown", ident=ident), span))
        elif ident in first:
            diags.append(Diagnostic("bad-equivalents", say("sweep.equivalents-twice", ident=ident,
                                                           line=first[ident]), span))
        else:
            first[ident] = number
            out[ident] = reason.strip()
    if diags:
        raise LfsmError(diags, {name: text})
    return out
