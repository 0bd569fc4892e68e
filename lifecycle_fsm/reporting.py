"""Where every pass of a check run reports: one list of diagnostics, and the rules shared by declarations.

A pass never stops at a problem: it appends a Diagnostic here and goes on with
its best guess; check.py returns the list sorted and without duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from . import ast as A
from .diagnostics import Diagnostic, Note
from .limits import MAX_INT, MAX_INT_BITS
from .messages import say
from .source import Span
from .symbols import reserved_reason, suggest

SUGGESTION_BUDGET = 200_000  # name comparisons spent on "did you mean" hints in one check run


class Named(Protocol):
    @property
    def name(self) -> A.Name: ...


N = TypeVar("N", bound=Named)


class Reporter:
    """The diagnostics of one check run, and the helpers that report the common cases."""

    def __init__(self) -> None:
        self.diags: list[Diagnostic] = []
        self.suggestions_left = SUGGESTION_BUDGET

    def error(self, code: str, message: str, span: Span | None, *notes: Note) -> None:
        self.diags.append(Diagnostic(code, message, span, tuple(notes)))

    def undefined(self, code: str, what: str, name: A.Name, candidates: list[str]) -> None:
        """``name`` is not a ``what``, with a "did you mean" note when one of ``candidates`` is close.

        A hint compares the name with every candidate (difflib, ~10 µs each): thousands of
        undefined names among thousands of declarations took minutes, so hints stop once
        SUGGESTION_BUDGET comparisons are spent (far more than a screenful of messages needs).
        """
        self.suggestions_left -= len(candidates)
        hint = suggest(name.text, candidates) if self.suggestions_left >= 0 else None
        notes = (Note(say("did-you-mean", name=hint)),) if hint else ()
        if " of " in what:  # "event of machine 'C'" -> "event 'kill' is not defined in machine 'C'"
            kind, owner = what.split(" of ", 1)
            self.error(code, say("undefined-in", kind=kind, name=name.text, owner=owner), name.span, *notes)
        else:
            self.error(code, say("undefined", what=what, name=name.text), name.span, *notes)

    def reserved(self, name: A.Name, on_model: bool) -> None:
        """Report ``name`` if it is reserved (``on_model``: it becomes an attribute of a model object)."""
        why = reserved_reason(name.text, on_model)
        if why is not None:
            if why == "keyword":
                message = say("reserved-keyword", name=name.text)
            elif why == "python":
                message = say("reserved-python", name=name.text)
            elif why == "attribute":
                message = say("reserved-attribute", name=name.text)
            else:
                message = say("reserved-prefix", name=name.text, prefix=why.split(":", 1)[1])
            self.error("reserved-name", message, name.span)

    def integer_too_large(self, v: int, span: Span) -> None:
        self.error("integer-too-large", say("integer-too-large", value_bits=v.bit_length(), bits=MAX_INT_BITS,
                                            limit=MAX_INT), span)

    def declare(self, table: dict[str, Span], name: A.Name, what: str) -> bool:
        """Enter ``name`` in ``table``; a name already there is a duplicate (reported, False)."""
        first = table.get(name.text)
        if first is not None:
            self.error("duplicate-definition", say("duplicate", what=what, name=name.text), name.span,
                       Note(say("first-defined-here", name=name.text), first))
            return False
        table[name.text] = name.span
        return True

    def declare_each(self, table: dict[str, Span], nodes: Iterable[N], what: str, on_model: bool) -> list[N]:
        """Declare the name of each of ``nodes`` (see ``declare``) and check it is not reserved;
        return the nodes declared, in order (duplicates left out)."""
        out: list[N] = []
        for node in nodes:
            if self.declare(table, node.name, what):
                self.reserved(node.name, on_model)
                out.append(node)
        return out
