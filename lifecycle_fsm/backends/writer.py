"""A tiny indenting code writer and the validator every emitted name goes through.

Back ends build text line by line (``line()``) inside ``indent()`` blocks, the way
Jinja's code generator does, instead of gluing f-strings: indentation is then
correct by construction. Names taken from a spec reach generated code only
through ``ident()``, and string data only through ``py_str()`` (``repr``), so a
spec can never inject code even if a front-end rule were relaxed one day.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class UnsafeName(ValueError):
    """A name that is not a plain ASCII identifier reached a back end (a front-end bug)."""


def ident(name: str) -> str:
    """Return ``name`` if it is a safe Python identifier to emit, else raise UnsafeName.

    The grammar only produces ``[A-Za-z_][A-Za-z0-9_]*`` and check.py rejects
    keywords; this is the second lock on the door.
    """
    if not isinstance(name, str) or not _IDENT.match(name) or keyword.iskeyword(name):
        raise UnsafeName(f"refusing to emit {name!r} as a Python identifier")
    return name


def py_str(value: str) -> str:
    """A string literal for ``value`` (``repr`` quotes and escapes everything)."""
    return repr(str(value))


def py_value(value: int | bool | str) -> str:
    """A literal for a model value: bool, int or enum member (a string)."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(int(value))
    return py_str(value)


def py_tuple(items: Iterable[str]) -> str:
    """A tuple literal of strings, in the given order."""
    parts = [py_str(i) for i in items]
    if len(parts) == 1:
        return f"({parts[0]},)"
    return "(" + ", ".join(parts) + ")"


BUILTIN_NAMES = frozenset(dir(builtins))


def free_name(wanted: str, taken: Iterable[str]) -> str:
    """``wanted``, or ``wanted`` with trailing underscores until it is not in ``taken``.

    Used for module-level class names: a machine called ``all`` or ``ModelError``
    must not shadow the builtin or the support class the generated code uses.
    """
    used = set(taken)
    name = ident(wanted)
    if name.startswith("_"):
        name = "X" + name  # the module-private namespace belongs to the generated code
    while name in used or name in BUILTIN_NAMES:
        name += "_"
    return name


class Writer:
    """Accumulates lines with the current indentation; ``text()`` ends with one newline."""

    def __init__(self, indent_unit: str = "    ") -> None:
        self._lines: list[str] = []
        self._level = 0
        self._unit = indent_unit

    def line(self, text: str = "") -> None:
        self._lines.append(self._unit * self._level + text if text else "")

    def lines(self, texts: Iterable[str]) -> None:
        for t in texts:
            self.line(t)

    def written(self) -> tuple[str, ...]:
        """The lines so far, indented as written (to splice into another writer with ``lines()``)."""
        return tuple(self._lines)

    def blank(self, count: int = 1) -> None:
        """Blank lines, never more than ``count`` in a row."""
        trailing = 0
        for existing in reversed(self._lines):
            if existing:
                break
            trailing += 1
        for _ in range(max(count - trailing, 0)):
            self._lines.append("")

    @contextmanager
    def indent(self) -> Iterator[None]:
        self._level += 1
        try:
            yield
        finally:
            self._level -= 1

    def raw(self, text: str) -> None:
        """Append pre-formatted lines verbatim (the support module's source)."""
        self._lines.extend(text.rstrip("\n").split("\n"))

    def text(self) -> str:
        lines = list(self._lines)
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines) + "\n"
