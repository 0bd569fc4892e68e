"""Explaining syntax errors: what the user most likely got wrong, where, and how to fix it.

lark reports the parser state and the token it could not take. That is turned
into one diagnostic, in this order of preference:

* a character that cannot start any token (with a hint for the usual
  suspects: '&&', '!', ';', '#', and letters from other scripts that look ASCII);
* an unclosed '{', '(' or '[' when the input ends (or a new top-level
  declaration starts) inside it, with a note at the opening bracket;
* a label from ``SYNTAX_EXAMPLES``, a table of bad snippets matched by parser
  state (lark's ``match_examples``), so that a user reads "a transition needs
  an event" rather than "unexpected '}'";
* otherwise "unexpected X; expected A, B or C", with tokens named for people
  and the expected set computed by lark's interactive parser (exact, unlike the
  LALR look-ahead set).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from lark import Lark, Token, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from .diagnostics import Diagnostic, Note
from .messages import CHARACTER_HINTS, CONFUSABLES, SYNTAX_LABELS, TERMINAL_NAMES, say
from .source import SourceFile, Span
from .transform import tok_span

# Each label maps to bad snippets that must produce it (tests/frontend/test_syntax_examples.py
# checks that every snippet still maps to its label after grammar edits). Within one parser
# state, a snippet whose offending token is the same text wins; otherwise the first label
# listed for that state does, so put the specific labels after the general ones.
SYNTAX_EXAMPLES: dict[str, list[str]] = {
    "transition-needs-event": [
        "machine M { initial state A  A -> A }",
        "machine M { initial state A  A -> A when true }",
        "machine M { initial state A  A -> A go }",
    ],
    "one-event-per-transition": [
        "machine M { initial state A  A -> A on a, b }",
        "machine M { initial state A  A -> A on a | b }",
    ],
    "transition-needs-arrow": [
        "machine M { initial state A  A B on e }",
    ],
    "effects-need-do": [
        "machine M { initial state A  A -> A on e x = 1 }",
    ],
    "expected-expression": [
        "param p: bool = ",
        "machine M { var x: bool = }",
        "machine M { initial state A  A -> A on e when }",
        "machine M { initial state A  A -> A on e when x and }",
    ],
    "param-needs-default": [
        "param p: bool\n",
        "param p: 0..3 machine M {}",
    ],
    "var-needs-initial-value": [
        "machine M { var x: bool }",
        "machine M { var x: 0..3 initial state A }",
    ],
    "missing-type": [
        "param p = 1",
        "machine M { var x = 1 }",
    ],
    "enum-needs-two-members": [
        "type T = A",
        "type T = A machine M {}",
    ],
    "state-keyword-missing": [
        "machine M { initial A }",
        "machine M { final A }",
        "machine M { urgent A }",
    ],
    "state-needs-name": [
        "machine M { initial state }",
        "machine M { state { } }",
    ],
    "assignment-not-comparison": [
        "machine M { initial state A  A -> A on e when x = 1 }",
        "param p: bool = 1 = 1",
    ],
    "comparison-chain": [
        "param p: bool = 1 < 2 < 3",
        "machine M { initial state A  A -> A on e when 0 < x < 3 }",
    ],
    "boolean-operators": [
        "param p: bool = true || false",
        "machine M { initial state A  A -> A on e when x || y }",
    ],
    "property-needs-colon": [
        "system S { property p invariant true }",
        "machine M { property p eventually true }",
    ],
    "unknown-declaration": [
        "states A",
        "{",
        "machine M { } property p: invariant true",
    ],
    "unknown-machine-member": [
        "machine M { foo bar }",
        "machine M { instance a: M }",
    ],
    "unknown-system-member": [
        "system S { state A }",
        "system S { var x: bool = true }",
    ],
    "extra-closing-brace": [
        "machine M { initial state A } }",
        "}",
    ],
}

_OPENERS = {"LBRACE": "RBRACE", "LPAR": "RPAR", "LSQB": "RSQB"}
_TOP_LEVEL = {"MACHINE", "SYSTEM", "PARAM", "CONST", "TYPE", "IMPORT"}
_PROPERTY_BODY_WORDS = {"invariant", "deadlock", "reachable", "stable", "eventually", "never", "for", "fair",
                        "unfair"}
_WORD = re.compile(r"[A-Za-z0-9_]")


def syntax_diagnostic(e: UnexpectedInput, source: SourceFile, parser: Lark) -> Diagnostic:
    """The one diagnostic that explains ``e`` best."""
    if isinstance(e, UnexpectedCharacters):
        return _bad_character(e, source)
    if not isinstance(e, UnexpectedToken):  # UnexpectedEOF: not raised by the LALR parser
        return Diagnostic("unexpected-end", say("unexpected-end", expected=_one_of([])), _end_span(source))
    tok = e.token
    comment = _unterminated_comment(tok, source)
    if comment is not None:
        return comment
    glued = _glued_non_ascii(tok, source)
    if glued is not None:
        return glued
    at_end = tok.type == "$END"
    accepts: set[str] = set(e.accepts or e.expected)
    span = _end_span(source) if at_end else tok_span(tok, source.name)
    code = "unexpected-end" if at_end else "syntax-error"
    found = _describe_token(tok.type, str(tok))
    stack = _value_stack(e)

    unclosed = _unclosed_block(stack, tok, accepts, at_end, source, parser)
    if unclosed is not None:
        return unclosed

    label = _refine(match_label(e, parser), stack, tok, source)
    if label is not None:
        message = say("syntax-label", label=SYNTAX_LABELS[label], found=found)
    else:
        message = say("unexpected-token", found=found, expected=_one_of(_expected(accepts, parser)))
    notes: tuple[Note, ...] = ()
    keyword = _keyword_used_as_name(stack, tok, source, parser)
    if keyword is not None:
        notes = (Note(say("keyword-as-name", word=str(keyword)), tok_span(keyword, source.name)),)
    return Diagnostic(code, message, span, notes)


def match_label(e: UnexpectedToken, parser: Lark) -> str | None:
    """The label of SYNTAX_EXAMPLES whose snippet fails the way ``e`` does.

    Like lark's ``match_examples``, but a snippet matches when the parser is in the
    same LALR state with the same acceptable tokens, whatever the depth of the
    stack (lark also compares stack lengths, so ``a and x = 1`` would not match
    the example ``x = 1``); among matches, one whose offending token has the same
    text wins, else the first one listed.
    """
    position = _position(e)
    if position is None:
        return None
    accepts = frozenset(e.accepts or e.expected)
    candidate: str | None = None
    for label, ex_position, ex_accepts, ex_token in _example_failures(id(parser), parser):
        if ex_position == position and ex_accepts == accepts:
            if ex_token == str(e.token):
                return label
            if candidate is None:
                candidate = label
    return candidate


def _position(e: UnexpectedInput) -> object | None:
    state = getattr(e, "state", None)
    return getattr(state, "position", None)


_FAILURES: dict[int, list[tuple[str, object, frozenset[str], str]]] = {}


def _example_failures(key: int, parser: Lark) -> list[tuple[str, object, frozenset[str], str]]:
    """How each snippet of SYNTAX_EXAMPLES fails, computed once per parser."""
    if key not in _FAILURES:
        out: list[tuple[str, object, frozenset[str], str]] = []
        for label, snippets in SYNTAX_EXAMPLES.items():
            for snippet in snippets:
                try:
                    parser.parse(snippet)
                except UnexpectedToken as ut:
                    out.append((label, _position(ut), frozenset(ut.accepts or ut.expected), str(ut.token)))
                except UnexpectedInput:
                    continue
        _FAILURES[key] = out
    return _FAILURES[key]


def _unclosed_block(stack: list[Any], tok: Token, accepts: set[str], at_end: bool, source: SourceFile,
                    parser: Lark) -> Diagnostic | None:
    """A bracket left open when the input ends or a new top-level declaration starts inside it.

    Inside a block, ``machine`` and ``system`` are not keywords (the contextual lexer
    reads them as names), so a declaration that starts too early shows up as a
    name 'machine' followed by something a transition cannot take.
    """
    opener = _innermost_opener(stack)
    if opener is None:
        return None
    closer = _terminal_display(_OPENERS[opener.type], parser)
    note = Note(say("opened-here", opener=str(opener)), tok_span(opener, source.name))
    if _OPENERS[opener.type] in accepts and (at_end or tok.type in _TOP_LEVEL):
        where = _end_span(source) if at_end else tok_span(tok, source.name)
        found = _describe_token(tok.type, str(tok))
        return Diagnostic("unexpected-end" if at_end else "syntax-error", _unclosed(str(opener), closer, found),
                          where, (note,))
    prev = stack[-1] if stack else None
    if isinstance(prev, Tree) and prev.data == "name_list" and len(prev.children) == 1:
        prev = prev.children[0]  # a lone name, already reduced to a list of sources
    if opener.type == "LBRACE" and isinstance(prev, Token) and prev.type == "NAME" \
            and str(prev).upper() in _TOP_LEVEL:
        found = _describe_token(str(prev).upper(), str(prev))
        return Diagnostic("syntax-error", _unclosed(str(opener), closer, found), tok_span(prev, source.name),
                          (note,))
    return None


def _refine(label: str | None, stack: list[Any], tok: Token, source: SourceFile) -> str | None:
    """Tell apart mistakes that leave the parser in the same state with the same token."""
    if label == "property-needs-colon" and stack and isinstance(stack[-1], Token) \
            and str(stack[-1]) in _PROPERTY_BODY_WORDS:
        return "property-needs-name"
    if label == "effects-need-do" and tok.end_pos is not None and source.text.startswith(">", tok.end_pos):
        return "transition-needs-arrow"  # 'A => B'
    return label


# ---- characters ------------------------------------------------------------------


def _unterminated_comment(tok: Token, source: SourceFile) -> Diagnostic | None:
    """'/*' without '*/': where '/' is an operator it lexes as a token, not as a bad character."""
    pos = tok.start_pos
    if pos is None or tok.type == "$END" or not source.text.startswith("/*", pos):
        return None
    line, col = tok.line or 1, tok.column or 1
    return Diagnostic("unterminated-comment", say("unterminated-comment"),
                      Span(source.name, line, col, line, col + 2, pos, pos + 2))


def _glued_non_ascii(tok: Token, source: SourceFile) -> Diagnostic | None:
    """A name cut short by a letter from another script ('m\u0430chine' lexes as 'm').

    The parser stops at the ASCII part before the lexer reaches the odd letter,
    which is the real problem; report that letter.
    """
    end = tok.end_pos
    if tok.type == "$END" or end is None or end >= len(source.text) or ord(source.text[end]) < 128:
        return None
    line, col = tok.end_line or 1, tok.end_column or 1
    return _non_ascii(source, end, line, col)


def _bad_character(e: UnexpectedCharacters, source: SourceFile) -> Diagnostic:
    name, text = source.name, source.text
    pos, line, col = e.pos_in_stream or 0, e.line or 1, e.column or 1
    ch = text[pos] if pos < len(text) else ""
    span = Span.point(name, line, col, pos)
    if text.startswith("/*", pos):
        return Diagnostic("unterminated-comment", say("unterminated-comment"),
                          Span(name, line, col, line, col + 2, pos, pos + 2))
    if ch == '"':
        return Diagnostic("unterminated-string", say("unterminated-string"), span)
    if ord(ch or " ") > 127:
        return _non_ascii(source, pos, line, col)
    hint = CHARACTER_HINTS.get(text[pos:pos + 2]) or CHARACTER_HINTS.get(ch)
    shown = repr(ch) if not ch.isprintable() else f'"{ch}"' if ch == "'" else f"'{ch}'"
    if hint:
        message = say("unexpected-character-hint", shown=shown, hint=hint)
    else:
        message = say("unexpected-character", shown=shown)
    return Diagnostic("unexpected-character", message, span)


def _non_ascii(source: SourceFile, pos: int, line: int, col: int) -> Diagnostic:
    ch = source.text[pos]
    uname = unicodedata.name(ch, f"U+{ord(ch):04X}")
    word = _surrounding_word(source.text, pos)
    notes: tuple[Note, ...] = ()
    look = _ascii_lookalike(ch)
    if unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp", "Cc"):
        notes = (Note(say("invisible-hint")),)
    elif look:
        notes = (Note(say("lookalike-hint", ascii_form=look)),)
    where = f" in '{word}'" if word and word.isprintable() else ""
    shown = f" '{ch}'" if ch.isprintable() and not ch.isspace() else ""
    message = say("non-ascii-character", shown=shown, code=ord(ch), uname=uname, where=where)
    return Diagnostic("non-ascii-character", message,
                      Span.point(source.name, line, col, pos), notes)


def _surrounding_word(text: str, pos: int) -> str | None:
    """The name-like word a stray character sits in ('Runnіng'), or None when it stands alone."""
    start, end = pos, pos + 1
    while start > 0 and (_WORD.match(text[start - 1]) or (ord(text[start - 1]) > 127 and text[start - 1].isalpha())):
        start -= 1
    while end < len(text) and (_WORD.match(text[end]) or (ord(text[end]) > 127 and text[end].isalpha())):
        end += 1
    return text[start:end] if end - start > 1 else None


def _ascii_lookalike(ch: str) -> str | None:
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if ord(c) < 128)
    if base.strip():
        return base
    return CONFUSABLES.get(ch)


# ---- tokens ----------------------------------------------------------------------


def _value_stack(e: UnexpectedToken) -> list[Any]:
    """What the parser had shifted when it stopped: tokens not yet reduced, and subtrees."""
    ip = e.interactive_parser
    if ip is None:
        return []
    return list(ip.parser_state.value_stack)


def _innermost_opener(stack: list[Any]) -> Token | None:
    for item in reversed(stack):
        if isinstance(item, Token) and item.type in _OPENERS:
            return item
    return None


def _end_span(source: SourceFile) -> Span:
    """Just after the last non-blank character: where the missing text would go."""
    text = source.text.rstrip()
    lines = text.split("\n")
    return Span.point(source.name, len(lines), len(lines[-1].rstrip("\r")) + 1, len(text))


def _keyword_used_as_name(stack: list[Any], tok: Token, source: SourceFile, parser: Lark) -> Token | None:
    """The keyword just before the error, if the text parses further with a name in its place.

    Keywords are contextual (``var count: 0..3`` declares a variable), but where a
    keyword can also start something (``when count > 0``) it is read as the keyword;
    pointing at it explains an otherwise baffling error.
    """
    if not stack or not isinstance(stack[-1], Token):
        return None
    kw = stack[-1]
    if not str(kw).isidentifier() or kw.type == "NAME" or kw.start_pos is None:
        return None
    stand_in = "x" * len(str(kw))  # same length: later positions do not move
    text = source.text[:kw.start_pos] + stand_in + source.text[kw.start_pos + len(str(kw)):]
    error_at = (tok.start_pos or 0) if tok.type != "$END" else len(source.text)
    try:
        parser.parse(text)
    except UnexpectedCharacters as again:
        return kw if (again.pos_in_stream or 0) > error_at else None
    except UnexpectedToken as again:
        pos = (again.token.start_pos or 0) if again.token.type != "$END" else len(text)
        return kw if pos > error_at else None
    except UnexpectedInput:
        return None
    return kw


def _terminal_display(name: str, parser: Lark) -> str:
    special = TERMINAL_NAMES.get(name)
    if special is not None:
        return special
    try:
        pattern = parser.get_terminal(name).pattern
    except KeyError:
        return name.lower()
    return f"'{pattern.value}'" if isinstance(pattern, PatternStr) else name.lower()


def _expected(terminals: set[str], parser: Lark) -> list[str]:
    """Names for people, names and numbers first, then symbols, then keywords."""
    shown = {_terminal_display(t, parser) for t in terminals}

    def rank(s: str) -> tuple[int, str]:
        if not s.startswith("'"):
            return (0, s)
        return (2 if s[1:-1].isidentifier() else 1, s)

    return sorted(shown, key=rank)


def _describe_token(kind: str, text: str) -> str:
    """What a message calls the token found: 'end of file', "name 'x'", "keyword 'state'", "'->'"."""
    if kind == "$END":
        return say("token-end-of-file")
    if kind == "NAME":
        return say("token-name", text=text)
    if kind == "INT":
        return say("token-number", text=text)
    if kind == "STRING":
        return say("token-string", text=text)
    return say("token-keyword" if text.isidentifier() else "token-other", text=text)


def _unclosed(opener: str, closer: str, found: str) -> str:
    what = {"{": "block", "(": "parenthesis", "[": "bracket"}.get(opener, "bracket")
    return say("unclosed", what=what, closer=closer, found=found)


def _one_of(items: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'; at most eight, then '...'."""
    if not items:
        return "nothing more"
    if len(items) == 1:
        return items[0]
    if len(items) > 8:
        return ", ".join(items[:8]) + ", ..."
    return ", ".join(items[:-1]) + " or " + items[-1]
