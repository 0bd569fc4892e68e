"""Source files and spans: where a piece of text came from, for diagnostics.

A Span records 1-based line and column of its first and last character plus
0-based character offsets, so that it can be rendered with a caret line under
the source text without re-reading the file. Texts are LF-ended: reading.py turns
CRLF and lone CR into LF before anything counts lines, so lark's positions, the
lines shown here and the offsets of undecodable bytes all agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open region [start, end) of one source file."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int = 0
    end: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    @staticmethod
    def point(file: str, line: int, column: int, offset: int = 0) -> Span:
        return Span(file, line, column, line, column + 1, offset, offset + 1)


NO_SPAN = Span("<builtin>", 0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The text of one spec file, with the name used in diagnostics."""

    name: str
    text: str
    _lines: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def line_text(self, line: int) -> str:
        lines = self._lines or tuple(self.text.split("\n"))
        if not self._lines:
            object.__setattr__(self, "_lines", lines)
        if 1 <= line <= len(lines):
            return lines[line - 1].rstrip("\r")
        return ""


def written(texts: dict[str, str], span: Span) -> str:
    """The source text of ``span``, comments dropped and whitespace collapsed ('' if unknown).

    Diagrams and generated docstrings show guards, effects, invariants and properties as
    written: the IR has every definition inlined, which can turn `can_start` into a page.
    """
    text = texts.get(span.file)
    if text is None or not 0 <= span.start < span.end <= len(text):
        return ""
    return " ".join(re.sub(r"/\*.*?\*/|//[^\n]*", " ", text[span.start:span.end], flags=re.S).split())
