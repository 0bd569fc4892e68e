"""Text to AST: reading the file safely, building the lark parser, parsing.

The lark parser is LALR(1) with the contextual lexer, built in strict mode
(shift/reduce conflicts and terminal collisions are grammar errors, not silent
choices). Building it analyses the grammar, which takes a quarter of a second,
so the tables are cached per user (see ``_cache_file``) and loaded in a few
milliseconds afterwards. Syntax errors are explained by syntax_errors.py; the
tree becomes the AST in transform.py. Input is refused early, with one
diagnostic, when it is not sane text: missing, a directory, too large, binary,
not UTF-8, empty, or nested deeper than the later recursive passes can follow.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import lark
from lark import Lark, Tree, UnexpectedInput

from . import ast as A
from . import messages as M
from .diagnostics import Diagnostic, LfsmError
from .source import SourceFile, Span
from .syntax_errors import SYNTAX_EXAMPLES, syntax_diagnostic
from .transform import ToAst

__all__ = ["MAX_BYTES", "MAX_DEPTH", "SYNTAX_EXAMPLES", "build_parser", "decode_source", "parse", "parser",
           "read_source"]

MAX_BYTES = 1 << 20  # 1 MiB: fifteen times the size of the Kubernetes model
# Tree depth accepted. check.py and lower.py recurse over expressions (about five
# Python frames a level), so deeper input is refused before any recursive pass.
MAX_DEPTH = 100


def grammar_text() -> str:
    return resources.files(__package__).joinpath("grammar.lark").read_text(encoding="utf-8")


def build_parser(*, cache: bool = True) -> Lark:
    """Build the LALR parser; with ``cache``, reuse the tables of an earlier build of the same grammar."""
    grammar = grammar_text()
    cache_file = _cache_file(grammar) if cache else None
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        strict=True,
        propagate_positions=True,
        maybe_placeholders=True,
        cache=str(cache_file) if cache_file is not None else False,
    )


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The parser of this process, built (or loaded from the cache) on first use."""
    return build_parser()


def _cache_file(grammar: str) -> Path | None:
    """Where the built tables live: a directory only this user can write, or None (no cache).

    lark stores the tables with pickle and checks a hash of the grammar and the
    options inside the file, so a stale file is rebuilt; a shared temporary
    directory would let another user plant the file, hence the private one.
    ``LIFEFSM_CACHE_DIR`` overrides the location; an empty value turns the cache off.
    """
    configured = os.environ.get("LIFEFSM_CACHE_DIR")
    if configured is not None and not configured:
        return None
    if configured:
        base = Path(configured)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "lifefsm"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = base.stat()
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
            return None
    except (OSError, RuntimeError):  # RuntimeError: no home directory
        return None
    digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
    return base / f"grammar-{digest}-lark{lark.__version__}-py{sys.version_info[0]}{sys.version_info[1]}.cache"


# ---- reading ------------------------------------------------------------------


def read_source(path: str | Path, display: str | None = None) -> SourceFile:
    """Read a spec file, refusing what is not a readable UTF-8 text of sane size."""
    p = Path(path)
    name = display or str(path)
    where = Span(name, 0, 0, 0, 0)
    try:
        if not p.exists():
            raise LfsmError([Diagnostic("file-not-found", M.file_not_found(name), where)])
        if p.is_dir():
            raise LfsmError([Diagnostic("is-a-directory", M.is_a_directory(name), where)])
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise LfsmError([Diagnostic("file-too-large", M.file_too_large(size, MAX_BYTES), where)])
        with p.open("rb") as f:
            data = f.read(MAX_BYTES + 1)  # a device or a growing file is not trusted to stop
    except OSError as e:
        why = e.strerror or str(e)
        raise LfsmError([Diagnostic("file-not-readable", M.file_not_readable(name, why), where)]) from None
    return decode_source(data, name)


def decode_source(data: bytes, name: str) -> SourceFile:
    """Decode spec bytes: UTF-8 only, no NUL bytes (a binary file), at most MAX_BYTES."""
    where = Span(name, 0, 0, 0, 0)
    if len(data) > MAX_BYTES:
        size = None if len(data) == MAX_BYTES + 1 else len(data)  # read_source stops one byte past the limit
        raise LfsmError([Diagnostic("file-too-large", M.file_too_large(size, MAX_BYTES), where)])
    # The text as far as it can be shown, so that the diagnostic can quote the line.
    shown = {name: data.decode("utf-8", "replace")}
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LfsmError([Diagnostic("not-utf8", M.utf16(), where)])
    nul = data.find(b"\0")
    if nul >= 0:
        raise LfsmError([Diagnostic("nul-byte", M.nul_byte(), _byte_span(data, nul, name))], shown)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LfsmError([Diagnostic("not-utf8", M.not_utf8(data[e.start]), _byte_span(data, e.start, name))],
                        shown) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return SourceFile(name, text)


def _byte_span(data: bytes, offset: int, name: str) -> Span:
    """The span of one byte, its column counted in characters of the (valid) text before it."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return Span.point(name, line, col, offset)


# ---- parsing ------------------------------------------------------------------


def parse(source: SourceFile) -> A.Spec:
    """Parse one file into an AST; raise LfsmError with located diagnostics on bad text."""
    if not source.text.strip():
        raise LfsmError([Diagnostic("empty-file", M.empty_file(), Span(source.name, 0, 0, 0, 0))])
    deep_bracket = _bracket_too_deep(source)
    if deep_bracket is not None:
        raise LfsmError([deep_bracket])
    try:
        tree = parser().parse(source.text)
    except UnexpectedInput as e:
        raise LfsmError([syntax_diagnostic(e, source, parser())]) from None
    if not tree.children:  # only comments
        raise LfsmError([Diagnostic("empty-file", M.empty_file(), Span(source.name, 0, 0, 0, 0))])
    deep = _too_deep(tree)
    if deep is not None:
        raise LfsmError([Diagnostic("nesting-too-deep", M.nesting_too_deep(_nested_what(deep), MAX_DEPTH),
                                    _meta_span(deep, source.name))])
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
                what = "states" if ch == "{" else "expressions"
                return Diagnostic("nesting-too-deep", M.nesting_too_deep(what, MAX_DEPTH),
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


def _nested_what(node: Tree[Any]) -> str:
    return "states" if node.data in ("state_decl", "state_body", "state_invariant") else "expressions"


def _meta_span(tree: Tree[Any], name: str) -> Span:
    m = tree.meta
    if getattr(m, "empty", True):
        return Span(name, 1, 1, 1, 2)
    return Span(name, m.line, m.column, m.line, m.column + 1, m.start_pos, m.start_pos + 1)
