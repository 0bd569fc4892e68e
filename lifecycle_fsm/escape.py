"""Escaping user text for generated files: one function per target language and context.

Text that comes from a user reaches generated code, comments and docstrings only
through this module. File names and paths are the dangerous part: on POSIX they
may hold any byte but NUL and ``/`` (quotes, newlines, ``*/``, ``#``, bytes that are
not UTF-8, which Python decodes to lone surrogates), and the spec's path and the
names of imported files appear in headers and in source locations. Names and
expression texts are ASCII by the grammar today; they go through the same
functions anyway, so a relaxed front-end rule cannot open a hole later.

Every function starts from ``visible``: each character that is not printable
(control characters, line and paragraph separators, format characters such as
bidirectional overrides, lone surrogates) is written as an escape sequence, so the
result is one printable line. A byte that was not UTF-8 is shown as ``\\xNN``. A
backslash stays as it is (a path ``C:\\x`` reads as written), so the escapes are for
reading, not for decoding. Each context then neutralises what ends it:

=====================  ==============================================================
``py_str``             a Python string literal (``repr``): quotes and every escape
``py_comment``         text after ``#``: one line, nothing can end the comment early
``py_doc``             text inside a ``\"\"\"`` docstring: backslashes doubled, every ``"``
                       that could close the string escaped (optionally keeps newlines)
``c_comment``          text inside ``/* */`` in Promela (and C): no ``*/``, no ``/*``
``dot_str``            a DOT double-quoted string (labels, ids): ``\\``, ``"``, newlines
``xml_comment``        text inside ``<!-- -->`` (the SVG provenance note): no ``--``
=====================  ==============================================================

Promela is read by the C preprocessor (``spin`` runs ``gcc -E``), so a comment that a
path closes early would let the rest of the path become Promela, and ``c_code`` in
Promela becomes C that ``pan`` runs: the reason ``c_comment`` exists.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(ch: str) -> str:
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str, keep: str = "") -> str:
    """``text`` as printable characters only: anything unprintable written as an escape sequence.

    Characters in ``keep`` (for example a newline in a multi-line docstring) pass unchanged.
    """
    return "".join(ch if ch.isprintable() or ch in keep else _escape_char(ch) for ch in str(text))


def py_str(value: str) -> str:
    """A Python string literal for ``value`` (``repr`` quotes and escapes everything)."""
    return repr(str(value))


def py_comment(text: str) -> str:
    """Text to follow ``#`` in Python source: a single printable line."""
    return visible(text)


_CLOSING_QUOTE = re.compile(r'"(?="|\Z)')


def py_doc(text: str, *, multiline: bool = False) -> str:
    """Text for inside a ``\"\"\"`` docstring that reads as ``visible(text)``.

    Backslashes are doubled (a docstring is not raw) and every ``"`` that is followed by
    another or ends the text is escaped, so no ``\"\"\"`` can form and the closing quotes
    stay the closing quotes. ``multiline`` keeps newlines as they are.
    """
    shown = visible(text, "\n" if multiline else "").replace("\\", "\\\\")
    return _CLOSING_QUOTE.sub('\\\\"', shown)


_STAR_BY_SLASH = re.compile(r"(?<=/)\*|\*(?=/)")


def c_comment(text: str) -> str:
    """Text for inside ``/* ... */`` (Promela, C): one printable line without ``*/`` or ``/*``.

    A ``*`` next to a ``/`` is written ``\\x2a``, which leaves no comment delimiter.
    """
    return _STAR_BY_SLASH.sub(r"\\x2a", visible(text))


def dot_str(text: str) -> str:
    """A DOT double-quoted string showing ``text``; a newline becomes DOT's centred line break."""
    shown = visible(text, "\n")
    return '"' + shown.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_DOUBLE_DASH = re.compile(r"-(?=-)")


def xml_comment(text: str) -> str:
    """Text for inside ``<!-- ... -->``: printable, no ``--``, not ending with ``-``."""
    shown = _DOUBLE_DASH.sub(r"-\\", visible(text))
    return shown + " " if shown.endswith("-") else shown


__all__ = ["visible", "py_str", "py_comment", "py_doc", "c_comment", "dot_str", "xml_comment"]
