"""Diagnostics as data, and their rendering in the style of mypy.

A Diagnostic carries a severity, a stable kebab-case code, a message, the span
it is about and notes with spans of their own. Nothing here decides *what* is
wrong (that is check.py and parse.py); the wording of every message lives in
messages.py so it can be reviewed as a whole.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .source import Span


@dataclass(frozen=True, slots=True)
class Note:
    message: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    span: Span | None
    notes: tuple[Note, ...] = ()
    severity: str = "error"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        s = self.span
        if s is None:
            return ("", 0, 0, self.code, self.message)
        return (s.file, s.line, s.column, self.code, self.message)


class LfsmError(Exception):
    """The only exception the front end raises for bad input: it carries diagnostics."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(sorted_unique(diagnostics))
        super().__init__("; ".join(d.message for d in self.diagnostics))


def sorted_unique(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by position and drop exact duplicates (a machine checked in two systems)."""
    seen: set[Diagnostic] = set()
    out: list[Diagnostic] = []
    for d in sorted(diags, key=Diagnostic.sort_key):
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _caret_lines(span: Span, sources: Mapping[str, str]) -> list[str]:
    text = sources.get(span.file)
    if text is None or span.line <= 0:
        return []
    lines = text.split("\n")
    if span.line > len(lines):
        return []
    raw = lines[span.line - 1].rstrip("\r").expandtabs(4)
    # Long lines (minified or generated input) are cut around the span.
    col = max(span.column, 1)
    prefix = raw[: col - 1]
    offset = 0
    if len(raw) > 120 and col > 60:
        offset = col - 40
        prefix = raw[offset : col - 1]
        raw = "..." + raw[offset : offset + 110]
        prefix = "..." + prefix
    elif len(raw) > 120:
        raw = raw[:117] + "..."
    if span.end_line == span.line:
        width = max(span.end_column - span.column, 1)
    else:
        width = max(len(raw) - len(prefix), 1)
    width = min(width, 80)
    pad = " " * _display_width(prefix)
    return ["    " + raw, "    " + pad + "^" + "~" * (width - 1)]


def render(diag: Diagnostic, sources: Mapping[str, str]) -> str:
    """Render one diagnostic: `file:line:col: severity: message  [code]`, source, caret, notes."""
    out: list[str] = []
    where = f"{diag.span}: " if diag.span is not None and diag.span.line > 0 else (
        f"{diag.span.file}: " if diag.span is not None else "")
    out.append(f"{where}{diag.severity}: {diag.message}  [{diag.code}]")
    if diag.span is not None:
        out.extend(_caret_lines(diag.span, sources))
    for note in diag.notes:
        if note.span is not None and note.span.line > 0:
            out.append(f"{note.span}: note: {note.message}")
            out.extend(_caret_lines(note.span, sources))
        else:
            prefix = f"{diag.span.file}: " if diag.span is not None else ""
            out.append(f"{prefix}note: {note.message}")
    return "\n".join(out)


def render_all(diags: Iterable[Diagnostic], sources: Mapping[str, str]) -> str:
    ds = sorted_unique(diags)
    text = "\n".join(render(d, sources) for d in ds)
    errors = sum(1 for d in ds if d.severity == "error")
    files = len({d.span.file for d in ds if d.span is not None}) or 1
    if errors:
        text += f"\nFound {errors} error{'s' if errors != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    return text
