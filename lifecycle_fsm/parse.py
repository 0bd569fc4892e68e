"""Text to AST: building the lark parser, parsing (files are read by reading.py).

The lark parser is LALR(1) with the contextual lexer. The grammar is free of
shift/reduce conflicts and of terminal collisions: lark's strict mode, which
makes either an error, builds it (``build_parser(strict=True)``, in the tests:
tests/frontend/test_grammar.py). That is a property of the grammar we ship, not of
anything a user gives, so a user's parser is built without it: the collision
analysis (interegular's, over every pair of terminals) took 0.3 s of a first run's
0.5 s build, and with no conflict and no collision both builds make the same
tables. Building it analyses the grammar, which takes a fifth of a second, so the
tables are cached per user (see ``_cache_file``) and loaded in a few milliseconds
afterwards. Syntax errors are explained by syntax_errors.py; the
tree becomes the AST in transform.py. Input is refused early, with one
diagnostic, when it is not sane text (see reading.py), is empty, is nested deeper
than the later recursive passes can follow, or has a name or an integer literal
beyond the limits of limits.py.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import lark
import lark.lexer
from lark import Lark, Token, Tree, UnexpectedInput

from . import ast as A
from .cachedir import touch, user_cache_dir
from .diagnostics import Diagnostic, LfsmError
from .limits import MAX_BYTES, MAX_DEPTH, MAX_INT, MAX_INT_BITS, MAX_INT_DIGITS, MAX_NAME_LENGTH
from .messages import say
from .reading import decode_source, read_source
from .source import SourceFile, Span
from .syntax_errors import SYNTAX_EXAMPLES, syntax_diagnostic
from .transform import ToAst, tok_span

__all__ = ["MAX_BYTES", "MAX_DEPTH", "SYNTAX_EXAMPLES", "build_parser", "decode_source", "parse", "parser",
           "read_source"]



def grammar_text() -> str:
    return resources.files(__package__).joinpath("grammar.lark").read_text(encoding="utf-8")


def build_parser(*, cache: bool = True, strict: bool = False) -> Lark:
    """Build the LALR parser; with ``cache``, reuse the tables of an earlier build of the same grammar; with
    ``strict``, check the grammar as well (module docstring: a conflict or a collision is an error)."""
    grammar = grammar_text()
    cache_file = _cache_file(grammar) if cache and not strict else None
    if cache_file is not None and cache_file.exists():
        touch(cache_file)  # used now: the cache's size bound removes the least recently used first
    options: dict[str, Any] = dict(parser="lalr", lexer="contextual", strict=strict, propagate_positions=True,
                                   maybe_placeholders=True, cache=str(cache_file) if cache_file is not None else False)
    if strict:
        return Lark(grammar, **options)
    with _without_collision_analysis():
        return Lark(grammar, **options)


@contextmanager
def _without_collision_analysis() -> Iterator[None]:
    """lark analyses the terminals' regular expressions for collisions whenever interegular can be imported
    (``lark.lexer.has_interegular``), in strict mode or not; outside strict mode it only logs what it finds."""
    lexer = lark.lexer
    saved = getattr(lexer, "has_interegular", False)
    lexer.has_interegular = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        lexer.has_interegular = saved  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The parser of this process, built (or loaded from the cache) on first use."""
    return build_parser()


def _cache_file(grammar: str) -> Path | None:
    """Where the built tables live: in the user's private cache directory (cachedir.py), or None.

    lark stores the tables with pickle and checks a hash of the grammar and the
    options inside the file, so a stale file is rebuilt.
    """
    base = user_cache_dir()
    if base is None:
        return None
    digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
    return base / f"grammar-{digest}-lark{lark.__version__}-py{sys.version_info[0]}{sys.version_info[1]}.cache"


# ---- parsing ------------------------------------------------------------------


def parse(source: SourceFile) -> A.Spec:
    """Parse one file into an AST; raise LfsmError with located diagnostics on bad text."""
    if not source.text.strip():
        raise LfsmError([Diagnostic("empty-file", say("empty-file"), Span(source.name, 0, 0, 0, 0))])
    deep_bracket = _bracket_too_deep(source)
    if deep_bracket is not None:
        raise LfsmError([deep_bracket])
    try:
        tree = parser().parse(source.text)
    except UnexpectedInput as e:
        raise LfsmError([syntax_diagnostic(e, source, parser())]) from None
    if not tree.children:  # only comments
        raise LfsmError([Diagnostic("empty-file", say("empty-file"), Span(source.name, 0, 0, 0, 0))])
    deep = _too_deep(tree)
    if deep is not None:
        message = say("nesting-too-deep-states" if _in_states(deep) else "nesting-too-deep-expressions",
                      limit=MAX_DEPTH)
        raise LfsmError([Diagnostic("nesting-too-deep", message, _meta_span(deep, source.name))])
    oversized = _oversized_tokens(tree, source.name)
    if oversized:
        raise LfsmError(oversized)
    spec: A.Spec = ToAst(source.name).transform(tree)
    return spec


_BRACKETS = re.compile(r'//[^\n]*|/\*.*?\*/|"[^"\n]*"|[(\[{]|[)\]}]', re.S)


def _bracket_too_deep(source: SourceFile) -> Diagnostic | None:
    """Brackets nested deeper than MAX_DEPTH, found before parsing.

    Parsing costs about ten reductions a parenthesis (one per precedence level),
    so a megabyte of '(' would take a minute; a scan with one regular expression
    (skipping comments and strings) refuses it in milliseconds.
    """
    depth = 0
    for m in _BRACKETS.finditer(source.text):
        ch = m.group()
        if ch in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                pos = m.start()
                line = source.text.count("\n", 0, pos) + 1
                col = pos - (source.text.rfind("\n", 0, pos) + 1) + 1
                message = say("nesting-too-deep-states" if ch == "{" else "nesting-too-deep-expressions",
                              limit=MAX_DEPTH)
                return Diagnostic("nesting-too-deep", message,
                                  Span.point(source.name, line, col, pos))
        elif ch in ")]}":
            depth = max(depth - 1, 0)
    return None


def _too_deep(tree: Tree[Any]) -> Tree[Any] | None:
    """The first node (in source order) deeper than MAX_DEPTH, found without recursion."""
    stack: list[tuple[Tree[Any], int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return node
        for child in reversed(node.children):
            if isinstance(child, Tree):
                stack.append((child, depth + 1))
    return None


def _oversized_tokens(tree: Tree[Any], name: str) -> list[Diagnostic]:
    """Names longer than MAX_NAME_LENGTH and integer literals beyond MAX_INT_BITS.

    Checked before the tree becomes the AST: int() of a literal of more than 4,300
    digits raises ValueError, and a name of a megabyte would be quoted in every message.
    """
    out: list[Diagnostic] = []
    for tok in tree.scan_values(lambda v: isinstance(v, Token) and v.type in ("NAME", "INT")):
        span = tok_span(tok, name)
        if tok.type == "NAME" and len(tok) > MAX_NAME_LENGTH:
            out.append(Diagnostic("name-too-long", say("name-too-long", length=len(tok), limit=MAX_NAME_LENGTH), span))
        elif tok.type == "INT" and len(tok) > MAX_INT_DIGITS:
            out.append(Diagnostic("integer-too-large", say("integer-literal-too-long", digits=len(tok),
                                                           bits=MAX_INT_BITS, limit=MAX_INT),
                                  span))
        elif tok.type == "INT" and int(tok) > MAX_INT:
            out.append(Diagnostic("integer-too-large", say("integer-too-large", value_bits=int(tok).bit_length(),
                                                           bits=MAX_INT_BITS, limit=MAX_INT), span))
    return out


def _in_states(node: Tree[Any]) -> bool:
    return node.data in ("state_decl", "state_body", "state_invariant")


def _meta_span(tree: Tree[Any], name: str) -> Span:
    m = tree.meta
    if getattr(m, "empty", True):
        return Span(name, 1, 1, 1, 2)
    return Span(name, m.line, m.column, m.line, m.column + 1, m.start_pos, m.start_pos + 1)
