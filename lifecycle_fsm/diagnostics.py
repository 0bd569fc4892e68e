"""Diagnostics as data, and their rendering in the style of mypy.

A Diagnostic carries a severity, a stable kebab-case code, a message, the span
it is about and notes with spans of their own. Nothing here decides *what* is
wrong (that is check.py and parse.py); the wording of every message lives in
messages.py so it can be reviewed as a whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .limits import MAX_SHOWN_PER_CODE
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
    """The only exception the front end raises for bad input: it carries diagnostics.

    ``sources`` maps file names to the texts the diagnostics point into, so that
    they can be rendered with source lines without reading the files again.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic], sources: Mapping[str, str] | None = None):
        self.diagnostics = tuple(sorted_unique(diagnostics))
        self.sources: dict[str, str] = dict(sources or {})
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
    """Terminal cells of printable ``text``: combining marks take none, wide characters two.

    wcwidth measures by grapheme cluster from tables of the current Unicode version
    (emoji sequences, variation selectors, Hangul jamo), which a rule over Python's
    unicodedata gets wrong; imported here, on the rendering path only.
    """
    import wcwidth

    width = wcwidth.wcswidth(text)
    return width if width >= 0 else sum(max(wcwidth.wcwidth(ch), 0) for ch in text)


def _printable(text: str) -> str:
    """``text`` with control and other invisible characters escaped (\\x1b, \\u200b).

    Messages and file names quote user text; raw, an escape sequence would act on
    the terminal and a newline would forge a diagnostic line.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class _Lines:
    """The lines of each source text, split once per rendering (files can have thousands of diagnostics)."""

    def __init__(self, sources: Mapping[str, str]):
        self.sources = sources
        self.cache: dict[str, list[str]] = {}

    def get(self, file: str, line: int) -> str | None:
        if file not in self.cache:
            text = self.sources.get(file)
            if text is None:
                return None
            self.cache[file] = text.split("\n")
        lines = self.cache[file]
        return lines[line - 1].rstrip("\r") if 1 <= line <= len(lines) else None


def _caret_lines(span: Span, lines: _Lines) -> list[str]:
    """The source line of ``span`` and a caret line under it.

    Columns count characters of the raw line. Lines longer than 120 characters
    are cut to a window around the span first; then tabs are expanded (to 4),
    control and invisible characters shown as '?', and wide characters counted
    as two cells, so that the caret stays under the text.
    """
    if span.line <= 0:
        return []
    raw = lines.get(span.file, span.line)
    if raw is None:
        return []
    col = min(max(span.column, 1), len(raw) + 1)
    end = span.end_column if span.end_line == span.line else len(raw) + 1
    end = min(max(end, col + 1), len(raw) + 2)
    left = right = ""
    lo = 0
    if len(raw) > 120:
        lo = col - 1 - 40 if col > 61 else 0
        left = "..." if lo else ""
        right = "..." if lo + 110 < len(raw) else ""
        raw = raw[lo: lo + 110]
    raw = "".join(c if c.isprintable() or c == "\t" else "?" for c in raw)
    shown = left + raw.expandtabs(4) + right
    start_x = len(left) + len(raw[: col - 1 - lo].expandtabs(4))
    end_x = max(len(left) + len(raw[: end - 1 - lo].expandtabs(4)), start_x + 1)
    pad = " " * _display_width(shown[:start_x])
    width = max(min(_display_width(shown[start_x:end_x]), 80), 1)
    return ["    " + shown, "    " + pad + "^" + "~" * (width - 1)]


def render(diag: Diagnostic, sources: Mapping[str, str] | _Lines) -> str:
    """Render one diagnostic: `file:line:col: severity: message  [code]`, source, caret, notes."""
    lines = sources if isinstance(sources, _Lines) else _Lines(sources)
    out: list[str] = []
    where = f"{_printable(str(diag.span))}: " if diag.span is not None and diag.span.line > 0 else (
        f"{_printable(diag.span.file)}: " if diag.span is not None else "")
    out.append(f"{where}{diag.severity}: {_printable(diag.message)}  [{diag.code}]")
    if diag.span is not None:
        out.extend(_caret_lines(diag.span, lines))
    for note in diag.notes:
        if note.span is not None and note.span.line > 0:
            out.append(f"{_printable(str(note.span))}: note: {_printable(note.message)}")
            out.extend(_caret_lines(note.span, lines))
        else:
            prefix = f"{_printable(diag.span.file)}: " if diag.span is not None else ""
            out.append(f"{prefix}note: {_printable(note.message)}")
    return "\n".join(out)


def render_all(diags: Iterable[Diagnostic], sources: Mapping[str, str]) -> str:
    """Render every diagnostic, sorted, duplicates dropped, at most MAX_SHOWN_PER_CODE of each code.

    A thousand copies of one mistake are one mistake: past the cap, one note per code
    counts the diagnostics not shown; the closing count includes them.
    """
    ds = sorted_unique(diags)
    lines = _Lines(sources)
    per_code: Counter[str] = Counter()
    shown: list[Diagnostic] = []
    for d in ds:
        per_code[d.code] += 1
        if per_code[d.code] <= MAX_SHOWN_PER_CODE:
            shown.append(d)
    text = "\n".join(render(d, lines) for d in shown)
    for code, n in per_code.items():
        if n > MAX_SHOWN_PER_CODE:
            hidden = n - MAX_SHOWN_PER_CODE
            severity = next(d.severity for d in ds if d.code == code)
            text += f"\nnote: {hidden:,} more {severity}{'s' if hidden != 1 else ''} [{code}] not shown"
    errors = sum(1 for d in ds if d.severity == "error")
    # '<command line>' and '<string>' are not files
    files = len({d.span.file for d in ds if d.span is not None and not d.span.file.startswith("<")})
    if errors:
        text += f"\nFound {errors:,} error{'s' if errors != 1 else ''}"
        if files:
            text += f" in {files} file{'s' if files != 1 else ''}"
    return text
