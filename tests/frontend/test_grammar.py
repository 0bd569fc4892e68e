"""The grammar we ship has no shift/reduce conflict and no terminal collision (lark's strict mode builds it),
so the parser users get, built without that analysis (parse.py), has the same tables: the same trees."""

from __future__ import annotations

import functools
from pathlib import Path

import lark
import lark.lexer
import pytest

from lifecycle_fsm.parse import build_parser, decode_source

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted({*ROOT.glob("spec/**/*.lfsm"), *ROOT.glob("tests/cases/ok/*.lfsm"), *ROOT.glob("benchmarks/*.lfsm")})


def test_the_grammar_builds_in_strict_mode() -> None:
    assert lark.lexer.has_interegular, "the test extra installs lark[interegular]: strict mode needs it"
    build_parser(cache=False, strict=True)  # a conflict or a collision raises GrammarError or LexError


def test_strict_mode_finds_a_collision_we_would_make() -> None:
    """The strict build is not vacuous here: two terminals that can match the same text, where the parser accepts
    either, are an error (and so would be a keyword and NAME written as two regular expressions in grammar.lark)."""
    with pytest.raises(lark.exceptions.LexError, match="[Cc]ollision"):
        lark.Lark('start: WORD | KEY\nWORD: /[a-z]+/\nKEY: /go[a-z]*/\n', parser="lalr", lexer="contextual",
                  strict=True)


@pytest.mark.parametrize("spec", SPECS, ids=[str(p.relative_to(ROOT)) for p in SPECS])
def test_the_users_parser_reads_as_the_strict_one(spec: Path) -> None:
    text = decode_source(spec.read_bytes(), spec.name).text  # as the loader reads it (a byte order mark: layout.lfsm)
    assert build_parser(cache=False).parse(text) == _strict().parse(text)


def test_the_users_build_leaves_lark_as_it_was() -> None:
    before = lark.lexer.has_interegular
    build_parser(cache=False)
    assert lark.lexer.has_interegular == before


@functools.cache
def _strict() -> lark.Lark:
    return build_parser(cache=False, strict=True)
