"""Text to AST: reading the file safely, lexing and parsing with lark, syntax errors.

The lark parser is LALR(1) with the contextual lexer, built once per process in
strict mode (shift/reduce conflicts and terminal collisions are grammar errors,
not silent choices). The transformer is a pure change of shape: it never raises
and never judges; check.py does that. Syntax errors are labelled through a
table of bad examples (lark's ``UnexpectedInput.match_examples``) so that a user
reads "a transition needs an event" rather than "Unexpected token RBRACE".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark, Token, Tree, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.visitors import Transformer_NonRecursive, v_args

from . import ast as A
from . import messages as M
from .diagnostics import Diagnostic, LfsmError, Note
from .source import SourceFile, Span

MAX_BYTES = 1 << 20  # 1 MiB: fifteen times the size of the Kubernetes model
MAX_DEPTH = 120  # tree depth; deeper input is refused before any recursive pass


@lru_cache(maxsize=1)
def parser() -> Lark:
    grammar = resources.files(__package__).joinpath("grammar.lark").read_text(encoding="utf-8")
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        strict=True,
        propagate_positions=True,
        maybe_placeholders=True,
        cache=False,
    )


# ---- reading ------------------------------------------------------------------


def read_source(path: str | Path, display: str | None = None) -> SourceFile:
    """Read a spec file, refusing what is not a readable UTF-8 text of sane size."""
    p = Path(path)
    name = display or str(path)
    where = Span(name, 0, 0, 0, 0)
    if not p.exists():
        raise LfsmError([Diagnostic("file-not-found", M.file_not_found(name), where)])
    if p.is_dir():
        raise LfsmError([Diagnostic("is-a-directory", M.is_a_directory(name), where)])
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise LfsmError([Diagnostic("file-too-large", M.file_too_large(size, MAX_BYTES), where)])
        data = p.read_bytes()
    except OSError as e:
        raise LfsmError([Diagnostic("file-not-readable", M.file_not_readable(name, e.strerror or str(e)), where)]) from None
    return decode_source(data, name)


def decode_source(data: bytes, name: str) -> SourceFile:
    where = Span(name, 0, 0, 0, 0)
    if len(data) > MAX_BYTES:
        raise LfsmError([Diagnostic("file-too-large", M.file_too_large(len(data), MAX_BYTES), where)])
    nul = data.find(b"\0")
    if nul >= 0:
        raise LfsmError([Diagnostic("nul-byte", M.nul_byte(), _byte_span(data, nul, name))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LfsmError([Diagnostic("not-utf8", M.not_utf8(data[e.start]), _byte_span(data, e.start, name))]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return SourceFile(name, text)


def _byte_span(data: bytes, offset: int, name: str) -> Span:
    before = data[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return Span.point(name, line, col, offset)


# ---- parsing ------------------------------------------------------------------


def parse(source: SourceFile) -> A.Spec:
    """Parse one file into an AST; raise LfsmError with located diagnostics on bad text."""
    if not source.text.strip() or _only_comments(source.text):
        raise LfsmError([Diagnostic("empty-file", M.empty_file(), Span(source.name, 0, 0, 0, 0))])
    try:
        tree = parser().parse(source.text)
    except UnexpectedInput as e:
        raise LfsmError([_syntax_diagnostic(e, source)]) from None
    except RecursionError:  # pragma: no cover - the LALR driver is iterative
        raise LfsmError([Diagnostic("nesting-too-deep", M.nesting_too_deep(MAX_DEPTH),
                                    Span(source.name, 1, 1, 1, 2))]) from None
    deep = _too_deep(tree)
    if deep is not None:
        raise LfsmError([Diagnostic("nesting-too-deep", M.nesting_too_deep(MAX_DEPTH), _meta_span(deep, source.name))])
    spec: A.Spec = _ToAst(source.name).transform(tree)
    return spec


def _only_comments(text: str) -> bool:
    try:
        return not any(True for _ in parser().lex(text))
    except UnexpectedInput:
        return False


def _too_deep(tree: Tree[Any]) -> Tree[Any] | None:
    stack: list[tuple[Tree[Any], int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return node
        for child in node.children:
            if isinstance(child, Tree):
                stack.append((child, depth + 1))
    return None


def _meta_span(tree: Tree[Any], name: str) -> Span:
    m = tree.meta
    if getattr(m, "empty", True):
        return Span(name, 1, 1, 1, 2)
    return Span(name, m.line, m.column, m.end_line, m.end_column, m.start_pos, m.end_pos)


def _tok_span(tok: Token, name: str) -> Span:
    return Span(name, tok.line or 0, tok.column or 0, tok.end_line or 0, tok.end_column or 0,
                tok.start_pos or 0, tok.end_pos or 0)


# ---- syntax errors ------------------------------------------------------------------


def _syntax_diagnostic(e: UnexpectedInput, source: SourceFile) -> Diagnostic:
    name = source.name
    if isinstance(e, UnexpectedCharacters):
        pos = e.pos_in_stream
        text = source.text
        span = Span.point(name, e.line, e.column, pos)
        ch = text[pos] if pos < len(text) else ""
        if text.startswith("/*", pos):
            return Diagnostic("unterminated-comment", M.unterminated_comment(), Span(name, e.line, e.column, e.line, e.column + 2, pos, pos + 2))
        if ch == '"':
            return Diagnostic("unterminated-string", M.unterminated_string(), span)
        if ord(ch or " ") > 127:
            uname = unicodedata.name(ch, f"U+{ord(ch):04X}")
            look = _ascii_lookalike(ch)
            notes = (Note(M.lookalike_hint(look)),) if look else ()
            return Diagnostic("non-ascii-character", M.non_ascii_character(ch, ord(ch), uname), span, notes)
        return Diagnostic("unexpected-character", M.unexpected_character(ch), span)
    if isinstance(e, UnexpectedEOF):
        lines = source.text.split("\n")
        line = len(lines)
        col = len(lines[-1]) + 1
        expected = _expected(set(e.expected))
        return Diagnostic("unexpected-end", M.unexpected_end(expected), Span.point(name, line, col, len(source.text)))
    assert isinstance(e, UnexpectedToken)
    tok = e.token
    if tok.type == "$END":
        lines = source.text.rstrip().split("\n")
        span = Span.point(name, len(lines), len(lines[-1]) + 1, len(source.text))
        return Diagnostic("unexpected-end", M.unexpected_end(_expected(set(e.expected))), span)
    span = _tok_span(tok, name)
    label = e.match_examples(parser().parse, SYNTAX_EXAMPLES, use_accepts=True)
    found = M.describe_token(tok.type, str(tok))
    if label is not None:
        return Diagnostic("syntax-error", M.syntax_label(label, found), span)
    return Diagnostic("syntax-error", M.unexpected_token(found, _expected(set(e.expected))), span)


def _expected(terminals: set[str]) -> list[str]:
    names = sorted({M.terminal_name(t) for t in terminals if not t.startswith("__")})
    return names


def _ascii_lookalike(ch: str) -> str | None:
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if ord(c) < 128)
    if base:
        return base
    return M.CONFUSABLES.get(ch)


# Each label maps to bad snippets that must produce it; tests check every snippet
# still maps to its label after grammar changes.
SYNTAX_EXAMPLES: dict[str, list[str]] = {
    "transition-needs-event": [
        "machine M { initial state A  A -> A }",
        "machine M { initial state A  A -> A when true }",
    ],
    "transition-needs-arrow": [
        "machine M { initial state A  A B on e }",
    ],
    "expected-expression": [
        "param p: bool = ",
        "machine M { var x: bool = }",
        "machine M { initial state A  A -> A on e when }",
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
    "state-keyword-missing": [
        "machine M { initial A }",
        "machine M { final A }",
    ],
    "unclosed-block": [
        "machine M { initial state A ",
        "system S { instance a: M ",
    ],
    "assignment-not-comparison": [
        "machine M { initial state A  A -> A on e when x = 1 }",
    ],
    "comparison-chain": [
        "param p: bool = 1 < 2 < 3",
        "machine M { initial state A  A -> A on e when 0 < x < 3 }",
    ],
    "property-needs-colon": [
        "system S { property p invariant true }",
    ],
    "unknown-declaration": [
        "machine M { foo bar }",
        "states A",
        "system S { state A }",
    ],
}
for _snippets in SYNTAX_EXAMPLES.values():
    assert all(isinstance(s, str) for s in _snippets)


# ---- tree to AST ------------------------------------------------------------------


def _is_tok(x: object, kind: str | None = None) -> bool:
    return isinstance(x, Token) and (kind is None or x.type == kind)


class _ToAst(Transformer_NonRecursive):  # type: ignore[type-arg]
    """Shape only: lark tree to frozen AST, spans from tree metas and tokens."""

    def __init__(self, filename: str):
        super().__init__(visit_tokens=True)
        self.file = filename

    def _s(self, meta: Any) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.file, 0, 0, 0, 0)
        return Span(self.file, meta.line, meta.column, meta.end_line, meta.end_column, meta.start_pos, meta.end_pos)

    def _n(self, tok: Token) -> A.Name:
        return A.Name(str(tok), _tok_span(tok, self.file))

    def NAME(self, tok: Token) -> Token:
        return tok

    # -- top level
    @v_args(meta=True)
    def start(self, meta: Any, items: list[Any]) -> A.Spec:
        return A.Spec(self.file, tuple(items), self._s(meta))

    @v_args(meta=True)
    def import_decl(self, meta: Any, c: list[Any]) -> A.Import:
        return A.Import(str(c[0])[1:-1], self._s(meta))

    @v_args(meta=True)
    def param_decl(self, meta: Any, c: list[Any]) -> A.Param:
        return A.Param(self._n(c[0]), c[1], c[2], self._s(meta))

    @v_args(meta=True)
    def const_decl(self, meta: Any, c: list[Any]) -> A.Const:
        return A.Const(self._n(c[0]), c[1], self._s(meta))

    @v_args(meta=True)
    def type_decl(self, meta: Any, c: list[Any]) -> A.TypeDecl:
        return A.TypeDecl(self._n(c[0]), c[1], self._s(meta))

    # -- types
    @v_args(meta=True)
    def bool_type(self, meta: Any, c: list[Any]) -> A.BoolType:
        return A.BoolType(self._s(meta))

    @v_args(meta=True)
    def range_type(self, meta: Any, c: list[Any]) -> A.RangeType:
        return A.RangeType(c[0], c[1], self._s(meta))

    @v_args(meta=True)
    def enum_type(self, meta: Any, c: list[Any]) -> A.EnumType:
        body: A.EnumType = c[0]
        return body

    @v_args(meta=True)
    def named_type(self, meta: Any, c: list[Any]) -> A.NamedType:
        return A.NamedType(self._n(c[0]), self._s(meta))

    @v_args(meta=True)
    def enum_body(self, meta: Any, c: list[Any]) -> A.EnumType:
        return A.EnumType(tuple(self._n(t) for t in c), self._s(meta))

    @v_args(meta=True)
    def int_bound(self, meta: Any, c: list[Any]) -> A.IntLit:
        return A.IntLit(int(c[0]), self._s(meta))

    @v_args(meta=True)
    def neg_bound(self, meta: Any, c: list[Any]) -> A.IntLit:
        return A.IntLit(-int(c[0]), self._s(meta))

    @v_args(meta=True)
    def name_bound(self, meta: Any, c: list[Any]) -> A.NameRef:
        return A.NameRef(self._n(c[0]), self._s(meta))

    # -- machines
    @v_args(meta=True)
    def machine_decl(self, meta: Any, c: list[Any]) -> A.Machine:
        name = self._n(c[0])
        params: tuple[A.MachineParam, ...] = ()
        rest = c[1:]
        if rest and isinstance(rest[0], tuple):
            params = rest[0]
            rest = rest[1:]
        elif rest and rest[0] is None:
            rest = rest[1:]
        groups: dict[type, list[Any]] = {}
        flat: list[Any] = []
        for m in rest:
            flat.extend(m if isinstance(m, list) else [m])
        for m in flat:
            groups.setdefault(type(m), []).append(m)

        def g(t: type) -> tuple[Any, ...]:
            return tuple(groups.get(t, ()))

        return A.Machine(name, params, g(A.Var), g(A.Clock), g(A.EventDecl), g(A.State),
                         g(A.Transition), g(A.Let), g(A.Property), self._s(meta))

    def machine_params(self, c: list[Any]) -> tuple[A.MachineParam, ...]:
        return tuple(p for p in c if p is not None)

    @v_args(meta=True)
    def mparam(self, meta: Any, c: list[Any]) -> A.MachineParam:
        return A.MachineParam(self._n(c[0]), c[1], c[2], self._s(meta))

    @v_args(meta=True)
    def var_decl(self, meta: Any, c: list[Any]) -> A.Var:
        return A.Var(self._n(c[0]), c[1], c[2], self._s(meta))

    @v_args(meta=True)
    def clock_decl(self, meta: Any, c: list[Any]) -> list[A.Clock]:
        return [A.Clock(n, n.span) for n in c[0]]

    @v_args(meta=True)
    def event_decl(self, meta: Any, c: list[Any]) -> list[A.EventDecl]:
        fairness, kind, names = c
        return [A.EventDecl(n, kind, fairness, n.span) for n in names]

    def event_kind(self, c: list[Any]) -> str:
        return str(c[0])

    def fairness(self, c: list[Any]) -> str:
        return str(c[0])

    def name_list(self, c: list[Any]) -> tuple[A.Name, ...]:
        return tuple(self._n(t) for t in c)

    @v_args(meta=True)
    def state_decl(self, meta: Any, c: list[Any]) -> A.State:
        mods = tuple(x for x in c if isinstance(x, A.Name) and x.text in ("initial", "final", "urgent"))
        name_tok = next(x for x in c if _is_tok(x, "NAME"))
        body = next((x for x in c if isinstance(x, tuple)), ())
        children = tuple(x for x in body if isinstance(x, A.State))
        invs = tuple(x.expr for x in body if isinstance(x, A.InvariantProp))
        return A.State(self._n(name_tok), mods, children, invs, self._s(meta))

    def state_mod(self, c: list[Any]) -> A.Name:
        return self._n(c[0])

    def state_body(self, c: list[Any]) -> tuple[Any, ...]:
        return tuple(c)

    @v_args(meta=True)
    def state_invariant(self, meta: Any, c: list[Any]) -> A.InvariantProp:
        return A.InvariantProp(c[0], self._s(meta))

    @v_args(meta=True)
    def transition(self, meta: Any, c: list[Any]) -> A.Transition:
        sources, target, event, guard, effects = c
        return A.Transition(sources, self._n(target), self._n(event), guard, effects or (), self._s(meta))

    def guard(self, c: list[Any]) -> Any:
        return c[0]

    def effects(self, c: list[Any]) -> tuple[Any, ...]:
        return tuple(c)

    @v_args(meta=True)
    def assign(self, meta: Any, c: list[Any]) -> A.Assign:
        return A.Assign(self._n(c[0]), c[1], self._s(meta))

    @v_args(meta=True)
    def reset(self, meta: Any, c: list[Any]) -> A.Reset:
        return A.Reset(self._n(c[0]), self._s(meta))

    @v_args(meta=True)
    def emit(self, meta: Any, c: list[Any]) -> A.Emit:
        return A.Emit(self._n(c[0]), self._s(meta))

    @v_args(meta=True)
    def send(self, meta: Any, c: list[Any]) -> A.Send:
        return A.Send(self._n(c[0]), c[1], self._s(meta))

    @v_args(meta=True)
    def target_one(self, meta: Any, c: list[Any]) -> A.SendTarget:
        return A.SendTarget("one", self._n(c[0]), None, self._s(meta))

    @v_args(meta=True)
    def target_index(self, meta: Any, c: list[Any]) -> A.SendTarget:
        return A.SendTarget("index", self._n(c[0]), c[1], self._s(meta))

    @v_args(meta=True)
    def target_all(self, meta: Any, c: list[Any]) -> A.SendTarget:
        return A.SendTarget("all", self._n(c[0]), None, self._s(meta))

    @v_args(meta=True)
    def target_self(self, meta: Any, c: list[Any]) -> A.SendTarget:
        return A.SendTarget("self", None, None, self._s(meta))

    @v_args(meta=True)
    def let_decl(self, meta: Any, c: list[Any]) -> A.Let:
        return A.Let(self._n(c[0]), c[1], self._s(meta))

    # -- systems
    @v_args(meta=True)
    def system_decl(self, meta: Any, c: list[Any]) -> A.System:
        name = self._n(c[0])
        rest = c[1:]
        return A.System(
            name,
            tuple(x for x in rest if isinstance(x, A.Instance)),
            tuple(x for x in rest if isinstance(x, A.Let)),
            tuple(x for x in rest if isinstance(x, A.Property)),
            self._s(meta),
        )

    @v_args(meta=True)
    def instance_decl(self, meta: Any, c: list[Any]) -> A.Instance:
        name, size, machine, args = c
        return A.Instance(self._n(name), size, self._n(machine), args or (), self._s(meta))

    def array_size(self, c: list[Any]) -> Any:
        return c[0]

    def args(self, c: list[Any]) -> tuple[A.Arg, ...]:
        return tuple(a for a in c if a is not None)

    @v_args(meta=True)
    def arg(self, meta: Any, c: list[Any]) -> A.Arg:
        return A.Arg(self._n(c[0]), c[1], self._s(meta))

    # -- properties
    @v_args(meta=True)
    def property(self, meta: Any, c: list[Any]) -> A.Property:
        name, cites, expect, body = c
        return A.Property(self._n(name), cites or (), expect, body, self._s(meta))

    def citations(self, c: list[Any]) -> tuple[A.Name, ...]:
        return tuple(self._n(t) for t in c)

    def expectation(self, c: list[Any]) -> str:
        return str(c[1])

    @v_args(meta=True)
    def invariant_prop(self, meta: Any, c: list[Any]) -> A.InvariantProp:
        return A.InvariantProp(c[0], self._s(meta))

    @v_args(meta=True)
    def deadlock_prop(self, meta: Any, c: list[Any]) -> A.DeadlockProp:
        return A.DeadlockProp(self._s(meta))

    @v_args(meta=True)
    def reachable_prop(self, meta: Any, c: list[Any]) -> A.ReachableProp:
        return A.ReachableProp(c[0], self._s(meta))

    @v_args(meta=True)
    def stable_prop(self, meta: Any, c: list[Any]) -> A.StableProp:
        return A.StableProp(c[0], self._s(meta))

    def _order(self, kind: str, meta: Any, c: list[Any]) -> A.OrderProp:
        binder, first, second, reset = c
        return A.OrderProp(kind, binder, first, second, reset or (), self._s(meta))

    @v_args(meta=True)
    def only_after_prop(self, meta: Any, c: list[Any]) -> A.OrderProp:
        return self._order("only_after", meta, c)

    @v_args(meta=True)
    def never_after_prop(self, meta: Any, c: list[Any]) -> A.OrderProp:
        return self._order("never_after", meta, c)

    @v_args(meta=True)
    def precedes_prop(self, meta: Any, c: list[Any]) -> A.OrderProp:
        return self._order("precedes", meta, c)

    @v_args(meta=True)
    def only_when_prop(self, meta: Any, c: list[Any]) -> A.OnlyWhenProp:
        binder, events, cond = c
        return A.OnlyWhenProp(binder, events, cond, self._s(meta))

    @v_args(meta=True)
    def leads_to_prop(self, meta: Any, c: list[Any]) -> A.LeadsToProp:
        fairness, lhs, rhs = c
        return A.LeadsToProp(fairness, lhs, rhs, self._s(meta))

    @v_args(meta=True)
    def eventually_prop(self, meta: Any, c: list[Any]) -> A.LeadsToProp:
        fairness, rhs = c
        return A.LeadsToProp(fairness, None, rhs, self._s(meta))

    @v_args(meta=True)
    def event_binder(self, meta: Any, c: list[Any]) -> A.Binder:
        return A.Binder(self._n(c[0]), self._n(c[1]), self._s(meta))

    def event_set(self, c: list[Any]) -> tuple[A.EventRef, ...]:
        return tuple(self._event_ref(e) for e in c)

    def _event_ref(self, e: Any) -> A.EventRef:
        # `TERM` -> own event; `c.TERM` / `app[0].TERM` -> an instance's event.
        if isinstance(e, A.NameRef):
            return A.EventRef(None, e.name, e.span)
        if isinstance(e, A.Field):
            return A.EventRef(e.obj, e.name, e.span)
        return A.EventRef(e, A.Name("", getattr(e, "span", Span(self.file, 0, 0, 0, 0))), getattr(e, "span", Span(self.file, 0, 0, 0, 0)))

    @v_args(meta=True)
    def reset_on(self, meta: Any, c: list[Any]) -> tuple[A.EventRef, ...]:
        ev: tuple[A.EventRef, ...] = c[0]
        return ev

    # -- expressions
    @v_args(meta=True)
    def if_expr(self, meta: Any, c: list[Any]) -> A.IfExpr:
        return A.IfExpr(c[0], c[1], c[2], self._s(meta))

    @v_args(meta=True)
    def quant(self, meta: Any, c: list[Any]) -> A.Quant:
        return A.Quant(c[0], self._n(c[1]), self._n(c[2]), c[3], self._s(meta))

    def quantifier(self, c: list[Any]) -> str:
        return str(c[0])

    def _bin(self, op: str, meta: Any, left: Any, right: Any, op_span: Span) -> A.Binary:
        return A.Binary(op, left, right, op_span, self._s(meta))

    @v_args(meta=True)
    def implies_op(self, meta: Any, c: list[Any]) -> A.Binary:
        return self._bin("implies", meta, c[0], c[1], self._s(meta))

    @v_args(meta=True)
    def or_op(self, meta: Any, c: list[Any]) -> A.Binary:
        return self._bin("or", meta, c[0], c[1], self._s(meta))

    @v_args(meta=True)
    def and_op(self, meta: Any, c: list[Any]) -> A.Binary:
        return self._bin("and", meta, c[0], c[1], self._s(meta))

    @v_args(meta=True)
    def not_op(self, meta: Any, c: list[Any]) -> A.Unary:
        return A.Unary("not", c[0], self._s(meta))

    @v_args(meta=True)
    def compare(self, meta: Any, c: list[Any]) -> A.Binary:
        return self._bin(str(c[1]), meta, c[0], c[2], _tok_span(c[1], self.file))

    @v_args(meta=True)
    def arith(self, meta: Any, c: list[Any]) -> A.Binary:
        return self._bin(str(c[1]), meta, c[0], c[2], _tok_span(c[1], self.file))

    @v_args(meta=True)
    def in_state(self, meta: Any, c: list[Any]) -> A.InState:
        return A.InState(c[0], c[1], self._s(meta))

    def state_one(self, c: list[Any]) -> tuple[A.Name, ...]:
        return (self._n(c[0]),)

    def state_many(self, c: list[Any]) -> tuple[A.Name, ...]:
        return tuple(self._n(t) for t in c)

    @v_args(meta=True)
    def neg(self, meta: Any, c: list[Any]) -> A.Expr:
        if isinstance(c[0], A.IntLit):
            return A.IntLit(-c[0].value, self._s(meta))
        return A.Unary("-", c[0], self._s(meta))

    @v_args(meta=True)
    def field(self, meta: Any, c: list[Any]) -> A.Field:
        return A.Field(c[0], self._n(c[1]), self._s(meta))

    @v_args(meta=True)
    def index(self, meta: Any, c: list[Any]) -> A.Index:
        return A.Index(c[0], c[1], self._s(meta))

    @v_args(meta=True)
    def int_lit(self, meta: Any, c: list[Any]) -> A.IntLit:
        return A.IntLit(int(c[0]), self._s(meta))

    @v_args(meta=True)
    def true_lit(self, meta: Any, c: list[Any]) -> A.BoolLit:
        return A.BoolLit(True, self._s(meta))

    @v_args(meta=True)
    def false_lit(self, meta: Any, c: list[Any]) -> A.BoolLit:
        return A.BoolLit(False, self._s(meta))

    @v_args(meta=True)
    def name_ref(self, meta: Any, c: list[Any]) -> A.NameRef:
        return A.NameRef(self._n(c[0]), self._s(meta))

    @v_args(meta=True)
    def self_ref(self, meta: Any, c: list[Any]) -> A.SelfRef:
        return A.SelfRef(self._s(meta))
