"""Every bad snippet of the syntax-error table still maps to its label after grammar edits.

The table (parse.SYNTAX_EXAMPLES) is matched by parser state, so a grammar
change can silently move a snippet to another state; then a user would read a
generic "unexpected X" (or a wrong hint) instead of the label's explanation.
"""

from __future__ import annotations

import pytest

from lifecycle_fsm import LfsmError
from lifecycle_fsm import messages as M
from lifecycle_fsm.parse import SYNTAX_EXAMPLES, parse
from lifecycle_fsm.source import SourceFile

CASES = [(label, snippet) for label, snippets in SYNTAX_EXAMPLES.items() for snippet in snippets]


def _diagnostic_message(snippet: str) -> str:
    with pytest.raises(LfsmError) as info:
        parse(SourceFile("example.lfsm", snippet))
    (diag,) = info.value.diagnostics
    assert diag.code in ("syntax-error", "unexpected-end"), diag
    return diag.message


@pytest.mark.parametrize(("label", "snippet"), CASES, ids=[f"{lb}:{i}" for i, (lb, _) in enumerate(CASES)])
def test_snippet_maps_to_its_label(label: str, snippet: str) -> None:
    message = _diagnostic_message(snippet)
    expected = M.SYNTAX_LABELS[label]
    assert message.startswith(expected + " (found "), f"{snippet!r} gave {message!r}, expected the {label!r} label"


def test_every_label_has_a_message_and_an_example() -> None:
    assert set(SYNTAX_EXAMPLES) <= set(M.SYNTAX_LABELS)
    assert all(SYNTAX_EXAMPLES[label] for label in SYNTAX_EXAMPLES)
    # labels without a table entry are chosen by syntax_errors._refine; each must still be reachable
    refined = set(M.SYNTAX_LABELS) - set(SYNTAX_EXAMPLES)
    assert refined == {"property-needs-name"}


def test_refined_label_property_needs_name() -> None:
    message = _diagnostic_message("system S { property invariant true }")
    assert message.startswith(M.SYNTAX_LABELS["property-needs-name"])


def test_arrow_typed_as_equals_greater_is_not_taken_for_missing_do() -> None:
    message = _diagnostic_message("machine M { initial state A  A => A on e }")
    assert message.startswith(M.SYNTAX_LABELS["transition-needs-arrow"])


@pytest.mark.parametrize("snippet", [
    "machine M { initial state A  A -> A on e when x > }",
    "param p: 0..3 = 1 +",
    "system S { instance a: M(x = ) }",
])
def test_a_missing_operand_is_not_mislabelled(snippet: str) -> None:
    message = _diagnostic_message(snippet)
    labels = M.SYNTAX_LABELS
    wrong = [lb for lb in ("transition-needs-event", "unknown-declaration", "extra-closing-brace")
             if message.startswith(labels[lb])]
    assert not wrong, message
