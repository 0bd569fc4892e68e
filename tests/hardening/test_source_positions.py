"""Positions in diagnostics: line ends of every convention, and carets under the right character.

Lines end at LF, CRLF or a lone CR, the same for lark's positions, for the source
lines shown and for byte offsets of undecodable input. The caret is placed by the
width a terminal gives the text before it: combining marks take no cell, wide
(East Asian, emoji) characters take two.
"""

from __future__ import annotations

import pytest

from lifecycle_fsm import LfsmError, compile_source
from lifecycle_fsm.diagnostics import render_all
from lifecycle_fsm.pipeline import sources_of

LF = "machine M {\n  initial state A\n  A -> Q on go\n}\n"


def _rendered(text: str, name: str = "pos.lfsm") -> str:
    with pytest.raises(LfsmError) as e:
        compile_source(text, name)
    return render_all(e.value.diagnostics, sources_of(e.value))


EXPECTED_LF = _rendered(LF)


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"], ids=["CR", "CRLF", "LF"])
def test_every_line_end_convention_gives_the_same_positions(end: str) -> None:
    assert _rendered(LF.replace("\n", end)) == EXPECTED_LF
    assert EXPECTED_LF.splitlines()[:3] == [
        "pos.lfsm:3:8: error: state 'Q' is not defined  [undefined-state]",
        "      A -> Q on go",
        "           ^",
    ]


def test_mixed_line_ends_count_each_once() -> None:
    text = "machine M {\r  initial state A\r\n\r\n  A -> Q on go\n}"
    assert _rendered(text).splitlines()[0] == "pos.lfsm:4:8: error: state 'Q' is not defined  [undefined-state]"


def test_a_line_comment_ends_at_a_lone_cr() -> None:
    text = "// a comment\rmachine M {\r  initial state A\r  A -> Q on go\r}\r"
    assert _rendered(text).splitlines()[0] == "pos.lfsm:4:8: error: state 'Q' is not defined  [undefined-state]"


def test_an_undecodable_byte_after_cr_line_ends_is_on_its_line(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    (tmp_path / "bad.lfsm").write_bytes(b"machine M {\r  initial state A\r  // caf\xe9\r}\r")
    from lifecycle_fsm import load_spec

    with pytest.raises(LfsmError) as e:
        load_spec(tmp_path / "bad.lfsm")
    [d] = e.value.diagnostics
    assert d.code == "not-utf8"
    assert d.span is not None and (d.span.line, d.span.column) == (3, 9)


@pytest.mark.parametrize("before", ["e\u0301\u0301\u0301", "\u00e9", "a\u0308\u0323"], ids=["3-marks", "precomposed",
                                                                                       "2-marks"])
def test_combining_marks_take_no_cell(before: str) -> None:
    text = f"machine M {{\n  initial state A\n  /* {before} */ A -> Q on go\n}}\n"
    lines = _rendered(text).splitlines()
    source, caret = lines[1], lines[2]
    assert source == f"      /* {before} */ A -> Q on go"
    # the caret sits under 'Q': 4 + 2 + len('/* ') + 1 cell + len(' */ A -> ') cells
    assert caret == " " * (4 + 2 + 3 + 1 + 9) + "^"


def test_wide_characters_take_two_cells() -> None:
    text = "machine M {\n  initial state A\n  /* \u6f22\u5b57 \U0001f600 */ A -> Q on go\n}\n"
    caret = _rendered(text).splitlines()[2]
    assert caret == " " * (4 + 2 + 3 + 4 + 1 + 2 + 9) + "^"


def test_emoji_with_a_variation_selector_is_as_wide_as_it_is_drawn() -> None:
    # red heart + VS16 (emoji presentation): two cells
    text = "machine M {\n  initial state A\n  /* \u2764\ufe0f */ A -> Q on go\n}\n"
    caret = _rendered(text).splitlines()[2]
    assert caret == " " * (4 + 2 + 3 + 2 + 9) + "^"


def test_invisible_characters_are_shown_and_counted_as_shown() -> None:
    # a zero-width joiner is shown as '?' (invisible characters in a spec are worth seeing)
    text = "machine M {\n  initial state A\n  /* \U0001f469\u200d\U0001f4bb */ A -> Q on go\n}\n"
    lines = _rendered(text).splitlines()
    assert lines[1] == "      /* \U0001f469?\U0001f4bb */ A -> Q on go"
    assert lines[2] == " " * (4 + 2 + 3 + 5 + 9) + "^"


def test_control_characters_in_messages_and_file_names_are_escaped() -> None:
    text = 'import "\x1b[2Jx\x07.lfsm"\nmachine M { initial state A }\n'
    out = _rendered(text, name="evil\nname.lfsm")
    assert "\x1b" not in out and "\x07" not in out
    assert out.splitlines()[0] == ("evil\\nname.lfsm:1:1: error: cannot import '\\x1b[2Jx\\x07.lfsm': it does not "
                                   "exist  [import-not-found]")
