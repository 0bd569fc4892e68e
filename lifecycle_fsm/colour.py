"""Colour for people, never for programs: when a stream gets colour, and which colours mean what.

Decided once per stream. ``--color always`` or ``never`` wins; with ``auto`` (the default)
``NO_COLOR`` set to anything but the empty string turns colour off (no-color.org),
``FORCE_COLOR`` set to anything but the empty string turns it on, and otherwise a stream gets
colour only when it is a terminal and ``TERM`` is not ``dumb``. So nothing piped, redirected
or captured is ever coloured unless asked, and ``--json`` files are built from data that never
passes through here.

The escape sequences come from termcolor, with its own environment checks bypassed: it looks
at standard output only, while diagnostics go to standard error, so the decision is made here
and handed to it as ``force_color``.

The layer works on finished text: verdict words are painted where the report is written,
and rendered diagnostics (diagnostics.py draws them plain) get their severity word and carets
painted line by line, leaving the message and the source line as they are.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import TextIO

from termcolor import colored

CHOICES = ("auto", "always", "never")


def wants_colour(stream: TextIO, choice: str = "auto") -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False
    return tty and os.environ.get("TERM") != "dumb"


class Painter:
    """Paints text when enabled, returns it unchanged otherwise."""

    def __init__(self, enabled: bool = False):
        self.enabled = enabled

    def __call__(self, text: str, color: str | None = None, attrs: Iterable[str] = ()) -> str:
        if not self.enabled or not text:
            return text
        return colored(text, color, attrs=list(attrs) or None, force_color=True)


PLAIN = Painter(False)

# verdict word -> (colour, attributes): green as expected, red not, yellow undecided
VERDICTS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "holds": ("green", ()),
    "violated (expected)": ("cyan", ()),
    "VIOLATED": ("red", ("bold",)),
    "HOLDS (expected violated)": ("red", ("bold",)),
    "unknown": ("yellow", ()),
}


def verdict(paint: Painter, word: str, width: int = 0) -> str:
    """``word`` painted by its meaning, padded to ``width`` columns (padding outside the colour)."""
    color, attrs = VERDICTS.get(word, (None, ()))
    return paint(word, color, attrs) + " " * max(0, width - len(word))


_HEADER = re.compile(r"^(?P<where>\S[^\n]*?: )?(?P<sev>error|warning|note)(?P<rest>: .*)$")
_CARET = re.compile(r"^(?P<pad>\s*)(?P<caret>\^~*)$")
_SEVERITY = {"error": ("red", ("bold",)), "warning": ("magenta", ("bold",)), "note": ("cyan", ())}


def diagnostics(text: str, paint: Painter) -> str:
    """Rendered diagnostics with the severity words and the carets painted."""
    if not paint.enabled:
        return text
    out = []
    for line in text.split("\n"):
        m = _HEADER.match(line)
        if m is not None and not line.startswith(" "):
            color, attrs = _SEVERITY[m["sev"]]
            line = paint(m["where"] or "", attrs=("bold",)) + paint(m["sev"], color, attrs) + m["rest"]
        elif (c := _CARET.match(line)) is not None:
            line = c["pad"] + paint(c["caret"], "green", ("bold",))
        out.append(line)
    return "\n".join(out)
