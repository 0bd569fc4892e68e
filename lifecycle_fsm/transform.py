"""Lark parse tree to the frozen AST of ast.py: a pure change of shape.

The transformer never raises and never judges (lark would wrap an exception in
a VisitError, and judgement belongs in check.py). Spans come from the tree
metas and tokens that ``propagate_positions`` records. It is non-recursive, so
input nested thousands deep cannot exhaust the Python stack here.
"""

from __future__ import annotations

from typing import Any

from lark import Token, Tree

from . import ast as A
from .source import Span


def tok_span(tok: Token, name: str) -> Span:
    """The span of one token."""
    return Span(name, tok.line or 0, tok.column or 0, tok.end_line or 0, tok.end_column or 0,
                tok.start_pos or 0, tok.end_pos or 0)


def _is_tok(x: object, kind: str | None = None) -> bool:
    return isinstance(x, Token) and (kind is None or x.type == kind)


class ToAst:
    """Shape only: lark tree to frozen AST, spans from tree metas and tokens.

    Each rule of the grammar has a method of its name taking the node's meta and
    its already converted children. The walk is an explicit post-order loop: no
    recursion, and none of the per-call wrapping of lark's Transformer.
    """

    def __init__(self, filename: str):
        self.file = filename

    def transform(self, tree: Tree[Any]) -> Any:
        done: dict[int, Any] = {}
        stack: list[tuple[Tree[Any], bool]] = [(tree, False)]
        while stack:
            node, expanded = stack.pop()
            if not expanded:
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.children) if isinstance(child, Tree))
                continue
            children = [done.pop(id(c)) if isinstance(c, Tree) else c for c in node.children]
            done[id(node)] = getattr(self, node.data)(node.meta, children)
        return done[id(tree)]

    def _s(self, meta: Any) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.file, 0, 0, 0, 0)
        return Span(self.file, meta.line, meta.column, meta.end_line, meta.end_column, meta.start_pos, meta.end_pos)

    def _n(self, tok: Token) -> A.Name:
        return A.Name(str(tok), tok_span(tok, self.file))

    # -- top level
    def start(self, meta: Any, items: list[Any]) -> A.Spec:
        return A.Spec(self.file, tuple(items), self._s(meta))

    def import_decl(self, meta: Any, c: list[Any]) -> A.Import:
        return A.Import(str(c[0])[1:-1], self._s(meta))

    def param_decl(self, meta: Any, c: list[Any]) -> A.Param:
        return A.Param(self._n(c[0]), c[1], c[2], self._s(meta))

    def const_decl(self, meta: Any, c: list[Any]) -> A.Const:
        return A.Const(self._n(c[0]), c[1], self._s(meta))

    def type_decl(self, meta: Any, c: list[Any]) -> A.TypeDecl:
        return A.TypeDecl(self._n(c[0]), c[1], self._s(meta))

    def require_decl(self, meta: Any, c: list[Any]) -> A.Require:
        return A.Require(self._n(c[0]) if c[0] is not None else None, c[1], self._s(meta))

    # -- types
    def bool_type(self, meta: Any, c: list[Any]) -> A.BoolType:
        return A.BoolType(self._s(meta))

    def range_type(self, meta: Any, c: list[Any]) -> A.RangeType:
        return A.RangeType(c[0], c[1], self._s(meta))

    def enum_type(self, meta: Any, c: list[Any]) -> A.EnumType:
        body: A.EnumType = c[0]
        return body

    def named_type(self, meta: Any, c: list[Any]) -> A.NamedType:
        return A.NamedType(self._n(c[0]), self._s(meta))

    def enum_body(self, meta: Any, c: list[Any]) -> A.EnumType:
        return A.EnumType(tuple(self._n(t) for t in c), self._s(meta))

    def int_bound(self, meta: Any, c: list[Any]) -> A.IntLit:
        return A.IntLit(int(c[0]), self._s(meta))

    def neg_bound(self, meta: Any, c: list[Any]) -> A.IntLit:
        return A.IntLit(-int(c[0]), self._s(meta))

    def name_bound(self, meta: Any, c: list[Any]) -> A.NameRef:
        return A.NameRef(self._n(c[0]), self._s(meta))

    # -- machines
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

    def machine_params(self, meta: Any, c: list[Any]) -> tuple[A.MachineParam, ...]:
        return tuple(p for p in c if p is not None)

    def mparam(self, meta: Any, c: list[Any]) -> A.MachineParam:
        return A.MachineParam(self._n(c[0]), c[1], c[2], self._s(meta))

    def var_decl(self, meta: Any, c: list[Any]) -> A.Var:
        return A.Var(self._n(c[0]), c[1], c[2], self._s(meta))

    def clock_decl(self, meta: Any, c: list[Any]) -> list[A.Clock]:
        return [A.Clock(n, n.span) for n in c[0]]

    def event_decl(self, meta: Any, c: list[Any]) -> list[A.EventDecl]:
        fairness, kind, names = c
        return [A.EventDecl(n, kind, fairness, n.span) for n in names]

    def event_kind(self, meta: Any, c: list[Any]) -> str:
        return str(c[0])

    def fairness(self, meta: Any, c: list[Any]) -> str:
        return str(c[0])

    def name_list(self, meta: Any, c: list[Any]) -> tuple[A.Name, ...]:
        return tuple(self._n(t) for t in c)

    def state_decl(self, meta: Any, c: list[Any]) -> A.State:
        mods = tuple(x for x in c if isinstance(x, A.Name) and x.text in ("initial", "final", "urgent"))
        name_tok = next(x for x in c if _is_tok(x, "NAME"))
        body = next((x for x in c if isinstance(x, tuple)), ())
        children = tuple(x for x in body if isinstance(x, A.State))
        invs = tuple(x.expr for x in body if isinstance(x, A.InvariantProp))
        return A.State(self._n(name_tok), mods, children, invs, self._s(meta))

    def state_mod(self, meta: Any, c: list[Any]) -> A.Name:
        return self._n(c[0])

    def state_body(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return tuple(c)

    def state_invariant(self, meta: Any, c: list[Any]) -> A.InvariantProp:
        return A.InvariantProp(c[0], self._s(meta))

    def transition(self, meta: Any, c: list[Any]) -> A.Transition:
        sources, target, event, guard, effects = c
        return A.Transition(sources, self._n(target), self._n(event), guard, effects or (), self._s(meta))

    def guard(self, meta: Any, c: list[Any]) -> Any:
        return c[0]

    def effects(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return tuple(c)

    def assign(self, meta: Any, c: list[Any]) -> A.Assign:
        return A.Assign(self._n(c[0]), c[1], self._s(meta))

    def reset(self, meta: Any, c: list[Any]) -> A.Reset:
        return A.Reset(self._n(c[0]), self._s(meta))

    def emit(self, meta: Any, c: list[Any]) -> A.Emit:
        return A.Emit(self._n(c[0]), self._s(meta))

    def send(self, meta: Any, c: list[Any]) -> A.Send:
        return A.Send(self._n(c[0]), c[1], self._s(meta))

    def target_one(self, meta: Any, c: list[Any]) -> A.SendTarget:
        return A.SendTarget("one", self._n(c[0]), None, self._s(meta))

    def target_index(self, meta: Any, c: list[Any]) -> A.SendTarget:
        return A.SendTarget("index", self._n(c[0]), c[1], self._s(meta))

    def target_all(self, meta: Any, c: list[Any]) -> A.SendTarget:
        return A.SendTarget("all", self._n(c[0]), None, self._s(meta))

    def target_self(self, meta: Any, c: list[Any]) -> A.SendTarget:
        return A.SendTarget("self", None, None, self._s(meta))

    def let_decl(self, meta: Any, c: list[Any]) -> A.Let:
        return A.Let(self._n(c[0]), c[1], self._s(meta))

    # -- systems
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

    def instance_decl(self, meta: Any, c: list[Any]) -> A.Instance:
        name, size, machine, args = c
        return A.Instance(self._n(name), size, self._n(machine), args or (), self._s(meta))

    def array_size(self, meta: Any, c: list[Any]) -> Any:
        return c[0]

    def args(self, meta: Any, c: list[Any]) -> tuple[A.Arg, ...]:
        return tuple(a for a in c if a is not None)

    def arg(self, meta: Any, c: list[Any]) -> A.Arg:
        return A.Arg(self._n(c[0]), c[1], self._s(meta))

    # -- properties
    def property(self, meta: Any, c: list[Any]) -> A.Property:
        name, cites, expect, body = c
        return A.Property(self._n(name), cites or (), expect, body, self._s(meta))

    def citations(self, meta: Any, c: list[Any]) -> tuple[A.Name, ...]:
        return tuple(self._n(t) for t in c)

    def expectation(self, meta: Any, c: list[Any]) -> str:
        return str(c[1])

    def invariant_prop(self, meta: Any, c: list[Any]) -> A.InvariantProp:
        return A.InvariantProp(c[0], self._s(meta))

    def deadlock_prop(self, meta: Any, c: list[Any]) -> A.DeadlockProp:
        return A.DeadlockProp(self._s(meta))

    def reachable_prop(self, meta: Any, c: list[Any]) -> A.ReachableProp:
        return A.ReachableProp(c[0], self._s(meta))

    def stable_prop(self, meta: Any, c: list[Any]) -> A.StableProp:
        return A.StableProp(c[0], self._s(meta))

    def _order(self, kind: str, meta: Any, c: list[Any]) -> A.OrderProp:
        binder, first, second, reset = c
        return A.OrderProp(kind, binder, first, second, reset or (), self._s(meta))

    def only_after_prop(self, meta: Any, c: list[Any]) -> A.OrderProp:
        return self._order("only_after", meta, c)

    def never_after_prop(self, meta: Any, c: list[Any]) -> A.OrderProp:
        return self._order("never_after", meta, c)

    def precedes_prop(self, meta: Any, c: list[Any]) -> A.OrderProp:
        return self._order("precedes", meta, c)

    def only_when_prop(self, meta: Any, c: list[Any]) -> A.OnlyWhenProp:
        binder, events, cond = c
        return A.OnlyWhenProp(binder, events, cond, self._s(meta))

    def leads_to_prop(self, meta: Any, c: list[Any]) -> A.LeadsToProp:
        fairness, lhs, rhs = c
        return A.LeadsToProp(fairness, lhs, rhs, self._s(meta))

    def eventually_prop(self, meta: Any, c: list[Any]) -> A.LeadsToProp:
        fairness, rhs = c
        return A.LeadsToProp(fairness, None, rhs, self._s(meta))

    def event_binder(self, meta: Any, c: list[Any]) -> A.Binder:
        return A.Binder(self._n(c[0]), self._n(c[1]), self._s(meta))

    def event_set(self, meta: Any, c: list[Any]) -> tuple[A.EventRef, ...]:
        return tuple(self._event_ref(e) for e in c)

    def _event_ref(self, e: Any) -> A.EventRef:
        # `TERM` -> own event; `c.TERM` / `app[0].TERM` -> an instance's event.
        if isinstance(e, A.NameRef):
            return A.EventRef(None, e.name, e.span)
        if isinstance(e, A.Field):
            return A.EventRef(e.obj, e.name, e.span)
        span = getattr(e, "span", Span(self.file, 0, 0, 0, 0))
        return A.EventRef(e, A.Name("", span), span)

    def reset_on(self, meta: Any, c: list[Any]) -> tuple[A.EventRef, ...]:
        ev: tuple[A.EventRef, ...] = c[0]
        return ev

    # -- expressions
    def if_expr(self, meta: Any, c: list[Any]) -> A.IfExpr:
        return A.IfExpr(c[0], c[1], c[2], self._s(meta))

    def quant(self, meta: Any, c: list[Any]) -> A.Quant:
        return A.Quant(c[0], self._n(c[1]), self._n(c[2]), c[3], self._s(meta))

    def quantifier(self, meta: Any, c: list[Any]) -> str:
        return str(c[0])

    def _bin(self, op: str, meta: Any, left: Any, right: Any, op_span: Span) -> A.Binary:
        return A.Binary(op, left, right, op_span, self._s(meta))

    def implies_op(self, meta: Any, c: list[Any]) -> A.Binary:
        return self._bin("implies", meta, c[0], c[1], self._s(meta))

    def or_op(self, meta: Any, c: list[Any]) -> A.Binary:
        return self._bin("or", meta, c[0], c[1], self._s(meta))

    def and_op(self, meta: Any, c: list[Any]) -> A.Binary:
        return self._bin("and", meta, c[0], c[1], self._s(meta))

    def not_op(self, meta: Any, c: list[Any]) -> A.Unary:
        return A.Unary("not", c[0], self._s(meta))

    def compare(self, meta: Any, c: list[Any]) -> A.Binary:
        return self._bin(str(c[1]), meta, c[0], c[2], tok_span(c[1], self.file))

    def arith(self, meta: Any, c: list[Any]) -> A.Binary:
        return self._bin(str(c[1]), meta, c[0], c[2], tok_span(c[1], self.file))

    def in_state(self, meta: Any, c: list[Any]) -> A.InState:
        return A.InState(c[0], c[1], self._s(meta))

    def state_one(self, meta: Any, c: list[Any]) -> tuple[A.Name, ...]:
        return (self._n(c[0]),)

    def state_many(self, meta: Any, c: list[Any]) -> tuple[A.Name, ...]:
        return tuple(self._n(t) for t in c)

    def neg(self, meta: Any, c: list[Any]) -> A.Expr:
        if isinstance(c[0], A.IntLit):
            return A.IntLit(-c[0].value, self._s(meta))
        return A.Unary("-", c[0], self._s(meta))

    def field(self, meta: Any, c: list[Any]) -> A.Field:
        return A.Field(c[0], self._n(c[1]), self._s(meta))

    def index(self, meta: Any, c: list[Any]) -> A.Index:
        return A.Index(c[0], c[1], self._s(meta))

    def paren(self, meta: Any, c: list[Any]) -> Any:
        # kept as a tree node only so that parse.py can bound the nesting of parentheses
        return c[0]

    def int_lit(self, meta: Any, c: list[Any]) -> A.IntLit:
        return A.IntLit(int(c[0]), self._s(meta))

    def true_lit(self, meta: Any, c: list[Any]) -> A.BoolLit:
        return A.BoolLit(True, self._s(meta))

    def false_lit(self, meta: Any, c: list[Any]) -> A.BoolLit:
        return A.BoolLit(False, self._s(meta))

    def name_ref(self, meta: Any, c: list[Any]) -> A.NameRef:
        return A.NameRef(self._n(c[0]), self._s(meta))

    def self_ref(self, meta: Any, c: list[Any]) -> A.SelfRef:
        return A.SelfRef(self._s(meta))

