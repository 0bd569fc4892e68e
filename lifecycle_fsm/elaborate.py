"""Types and expressions: typing an expression of the AST and turning it into IR, in a scope.

Name lookup follows the scoping rules stated in check.py. An expression that
has an error yields None after one diagnostic, and its parents stay quiet, so
one typo gives one message. Operators over literals are folded on the way (by
evaluate.py's rules), so constants stay literals and range checks can see them.
What each rule's expression became is filed in the symbol table (see
``SymbolTable.exprs``), so lowering reads it instead of elaborating again.
"""

from __future__ import annotations

from collections.abc import Callable

from . import ast as A
from . import model as ir
from .evaluate import EvalError, ParamsOnly, evaluate
from .intervals import children
from .limits import int_too_large
from .messages import say
from .reporting import Reporter
from .scope import Elab, Scope, Typed, compatible, describe
from .source import Span
from .symbols import ArrayType, InstType, MachineInfo, SymbolTable

# Expression levels elaborated (definitions inlined). About five Python frames are
# used a level here, and later passes recurse over the IR too, so stay well inside
# Python's default limit of 1000 frames.
MAX_ELAB_DEPTH = 100
# Nodes a definition may expand to once inlined ('let a2 = a1 + a1' doubles at each step).
MAX_INLINED_NODES = 20_000
_LITERALS = ParamsOnly({})  # operands that are literals ask nothing of the world


def _no_constants(name: str) -> tuple[ir.Value | None, ir.Type | None]:
    raise AssertionError(f"constant '{name}' read before constants.py installed its folder")


class Elaborator:
    """Expression typing and elaboration over the tables of one check run."""

    def __init__(self, tables: SymbolTable, report: Reporter) -> None:
        self.t = tables
        self.error = report.error
        self.undefined = report.undefined
        self.report = report
        # The folded value and type of a named constant; constants.py installs its folder here.
        self.constant: Callable[[str], tuple[ir.Value | None, ir.Type | None]] = _no_constants
        self.depth = 0  # current nesting of elaboration (see elab_any)
        self.depth_reported = False
        # When a list, every elaborated value expression is appended as (span, IR): how a
        # machine body reads in one system, compared across systems by bodies.py.
        self.trace: list[tuple[Span, ir.Expr]] | None = None
        self.cycles_reported: set[frozenset[str]] = set()  # recursive definitions, one message a cycle

    def instance_domain(self, name: A.Name, scope: Scope) -> ArrayType | None:
        s = scope.system
        if s is None or name.text not in s.instances:
            cands = list(s.instances) if s else []
            self.undefined("undefined-name", "instance array", name, cands)
            return None
        inst = s.instances[name.text]
        if inst.machine.text not in self.t.machines:
            return None
        return ArrayType(inst.machine.text, name.text)

    # ---- expressions ------------------------------------------------------------------

    def expect_bool(self, e: A.Expr, scope: Scope, what: str) -> Elab:
        return self.expect_type(e, ir.BoolT(), scope, what)

    def expect_type(self, e: A.Expr, want: ir.Type, scope: Scope, what: str) -> Elab:
        res = self.elab(e, scope)
        if res is None:
            return None
        expr, got = res
        if not compatible(want, got):
            self.error("type-mismatch", say("mismatch", what=what, want=str(want), got=str(got)), e.span)
            return None
        if isinstance(want, ir.IntT) and want.lo is not None and want.hi is not None and isinstance(expr, ir.Lit):
            v = expr.value
            if isinstance(v, int) and not isinstance(v, bool) and not want.lo <= v <= want.hi:
                self.error("value-out-of-range", say("out-of-range", what=what, v=v, lo=want.lo, hi=want.hi), e.span)
                return None
        return res

    def expect_int(self, e: A.Expr, scope: Scope, what: str) -> Elab:
        res = self.elab(e, scope)
        if res is None:
            return None
        if not isinstance(res[1], (ir.IntT, ir.ClockT)):
            self.error("type-mismatch", say("mismatch", what=what, want="int", got=str(res[1])), e.span)
            return None
        return res

    def elab(self, e: A.Expr, scope: Scope) -> Elab:
        """Elaborate an expression that denotes a value (not an instance).

        An expression a rule elaborates (not one inside another) is filed in the
        symbol table under its scope, for lowering.
        """
        res = self.elab_any(e, scope)
        if res is None:
            return None
        expr, t = res
        if isinstance(t, (InstType, ArrayType)):
            self.error("type-mismatch", say("instance-as-value"), e.span)
            return None
        assert isinstance(expr, (ir.Lit, ir.ParamRef, ir.MParamRef, ir.VarRef, ir.IndexOf, ir.InStateE,
                                 ir.Not, ir.Neg, ir.Bin, ir.Cond, ir.QuantE))
        if self.trace is not None:
            self.trace.append((e.span, expr))
        if self.depth == 0:
            self.t.exprs[scope.key(e)] = expr
        return expr, t

    def elab_any(self, e: A.Expr, scope: Scope) -> Typed:
        """Elaborate an expression that may also denote an instance or an instance array.

        Definitions are inlined, so the IR can nest deeper than the text; past
        MAX_ELAB_DEPTH levels the expression is refused (once a run), before the
        recursion here or in any later pass can exhaust the Python stack. Operators
        over literals are folded, and a folded value beyond MAX_INT_BITS is refused
        where it is computed: repeated squaring would otherwise double the size of
        a number at every step, and folding would never end.
        """
        if self.depth >= MAX_ELAB_DEPTH:
            if not self.depth_reported:
                self.depth_reported = True
                self.error("nesting-too-deep", say("nesting-too-deep-definitions", limit=MAX_ELAB_DEPTH), e.span)
            return None
        self.depth += 1
        try:
            res = self._elab_any(e, scope)
        finally:
            self.depth -= 1
        value = res[0].value if res is not None and isinstance(res[0], ir.Lit) else None
        if isinstance(value, int) and int_too_large(value):
            self.report.integer_too_large(value, e.span)
            return None
        return res

    def _elab_any(self, e: A.Expr, scope: Scope) -> Typed:
        if isinstance(e, A.IntLit):
            return ir.Lit(e.value, ir.IntT()), ir.IntT()
        if isinstance(e, A.BoolLit):
            return ir.Lit(e.value, ir.BoolT()), ir.BoolT()
        if isinstance(e, A.NameRef):
            return self.elab_name(e.name, scope)
        if isinstance(e, A.SelfRef):
            if scope.machine is None:
                self.error("self-outside-machine", say("self-outside-machine"), e.span)
                return None
            return None, InstType(scope.machine.name, scope.self_inst)
        if isinstance(e, A.Field):
            return self.elab_field(e, scope)
        if isinstance(e, A.Index):
            return self.elab_index(e, scope)
        if isinstance(e, A.Unary):
            if e.op == "not":
                r = self.expect_bool(e.operand, scope, say("operand-of", op="not"))
                return (fold(ir.Not(r[0])), ir.BoolT()) if r else None
            r = self.expect_int(e.operand, scope, say("operand-of", op="-"))
            return (fold(ir.Neg(r[0])), ir.IntT()) if r else None
        if isinstance(e, A.Binary):
            return self.elab_binary(e, scope)
        if isinstance(e, A.InState):
            return self.elab_in_state(e, scope)
        if isinstance(e, A.IfExpr):
            c = self.expect_bool(e.cond, scope, say("if-condition"))
            a = self.elab(e.then, scope)
            b = self.elab(e.orelse, scope)
            if c is None or a is None or b is None:
                return None
            if not (compatible(a[1], b[1]) or compatible(b[1], a[1])):
                self.error("type-mismatch", say("if-branches", a=str(a[1]), b=str(b[1])), e.span)
                return None
            branch_t = a[1] if not isinstance(a[1], ir.IntT) else ir.IntT()
            return fold(ir.Cond(c[0], a[0], b[0])), branch_t
        assert isinstance(e, A.Quant)
        dom = self.instance_domain(e.domain, scope)
        if dom is None:
            return None
        inner = scope.bind(e.var.text, InstType(dom.machine, ir.BoundInst(e.var.text)))
        body = self.expect_bool(e.body, inner, say("quantifier-body", kind=e.kind))
        if body is None:
            return None
        t: ir.Type = ir.IntT() if e.kind == "count" else ir.BoolT()
        return ir.QuantE(e.kind, e.var.text, dom.array, body[0]), t

    def elab_binary(self, e: A.Binary, scope: Scope) -> Typed:
        op = e.op
        if op in ("and", "or", "implies"):
            a = self.expect_bool(e.left, scope, say("operand-of", op=op))
            b = self.expect_bool(e.right, scope, say("operand-of", op=op))
            return (fold(ir.Bin(op, a[0], b[0])), ir.BoolT()) if a and b else None
        if op in ("+", "-", "*", "/", "%"):
            a = self.expect_int(e.left, scope, say("operand-of", op=op))
            b = self.expect_int(e.right, scope, say("operand-of", op=op))
            if a is None or b is None:
                return None
            for side, r in ((e.left, a), (e.right, b)):
                if isinstance(r[1], ir.ClockT):
                    self.error("clock-arithmetic", say("clock-arithmetic"), side.span)
                    return None
            return fold(ir.Bin(op, a[0], b[0])), ir.IntT()
        a2 = self.elab(e.left, scope)
        b2 = self.elab(e.right, scope)
        if a2 is None or b2 is None:
            return None
        ta, tb = a2[1], b2[1]
        numeric = (ir.IntT, ir.ClockT)
        if op in ("<", "<=", ">", ">="):
            if not (isinstance(ta, numeric) and isinstance(tb, numeric)):
                self.error("type-mismatch", say("ordering-operands", op=op, a=str(ta), b=str(tb)), e.op_span)
                return None
        elif not (isinstance(ta, numeric) and isinstance(tb, numeric)) and ta != tb:
            self.error("type-mismatch", say("equality-operands", op=op, a=str(ta), b=str(tb)), e.op_span)
            return None
        return fold(ir.Bin(op, a2[0], b2[0])), ir.BoolT()

    def elab_in_state(self, e: A.InState, scope: Scope) -> Typed:
        res = self.elab_any(e.subject, scope)
        if res is None:
            return None
        t = res[1]
        if not isinstance(t, InstType):
            self.error("type-mismatch", say("in-needs-instance", t=describe(t)), e.subject.span)
            return None
        m = self.t.machines[t.machine]
        leaves: set[str] = set()
        ok = True
        for s in e.states:
            if s.text not in m.states:
                self.undefined("undefined-state", f"state of machine '{m.name}'", s, list(m.states))
                ok = False
            else:
                leaves.update(m.leaves_under(s.text))
        if not ok:
            return None
        ordered = tuple(x for x in m.order if x in leaves)
        return ir.InStateE(t.inst, m.name, ordered), ir.BoolT()

    # ---- names ------------------------------------------------------------------------

    def elab_name(self, n: A.Name, scope: Scope) -> Typed:
        name = n.text
        if name in scope.bound:
            return None, scope.bound[name]
        m = scope.machine
        if m is not None and m.has_member(name):
            return self.machine_member(m, name, scope.self_inst, scope)
        s = scope.system
        if s is not None:
            if name in s.instances:
                inst = s.instances[name]
                if inst.machine.text not in self.t.machines:
                    return None
                if inst.size is None:
                    return None, InstType(inst.machine.text, ir.NamedInst(name))
                return None, ArrayType(inst.machine.text, name)
            if name in s.lets:
                return self.inline_let(s.lets[name], Scope(system=s, lets_in_progress=scope.lets_in_progress))
        t = self.t
        if name in t.params:
            p = t.params[name]
            if p.type is None:
                return None
            return ir.ParamRef(name, p.type), p.type
        if name in t.consts:
            v, vt = self.constant(name)
            if v is None or vt is None:
                return None
            return ir.Lit(v, vt), vt
        if name in t.members:
            enums = t.members[name]
            if len(enums) > 1:
                self.error("ambiguous-name", say("ambiguous-member", name=name,
                                                 enums=", ".join(x.name for x in enums)), n.span)
                return None
            return ir.Lit(name, enums[0]), enums[0]
        if name in t.enums:
            self.error("type-mismatch", say("type-as-value", name=name), n.span)
            return None
        cands = list(t.params) + list(t.consts) + list(t.members)
        if m is not None:
            cands += m.member_names()
            if name in m.states:
                self.error("type-mismatch", say("state-as-value", name=name), n.span)
                return None
            if name in m.events:
                self.error("type-mismatch", say("event-as-value", name=name), n.span)
                return None
        if s is not None:
            cands += list(s.instances) + list(s.lets)
        cands += list(scope.bound)
        self.undefined("undefined-name", "name", n, cands)
        return None

    def machine_member(self, m: MachineInfo, name: str, inst: ir.Inst, scope: Scope) -> Typed:
        """A member of ``m`` read on instance ``inst`` (``m.has_member(name)``); None if it has an error.

        A member whose declaration has an error (its type did not resolve, its
        definition is recursive) was reported there; its uses stay quiet.
        """
        if name in m.vars:
            vt = m.vars[name][1]
            return (ir.VarRef(inst, name, vt), vt) if vt is not None else None
        if name in m.clocks:
            return ir.VarRef(inst, name, ir.ClockT()), ir.ClockT()
        if name in m.params:
            pt = m.params[name][1]
            return (ir.MParamRef(inst, name, pt), pt) if pt is not None else None
        inner = Scope(machine=m, system=scope.system, self_inst=inst, lets_in_progress=scope.lets_in_progress)
        return self.inline_let(m.lets[name], inner)

    def inline_let(self, let: A.Let, scope: Scope) -> Typed:
        """Elaborate a definition where it is used (definitions are inlined into the IR).

        A definition reads the same wherever it is used on the same instance, so
        its elaboration is remembered (in the symbol table, where lowering finds
        it): definitions built on definitions cost linear, not exponential, time.
        Because the IR is a tree, a definition whose inlined form exceeds
        MAX_INLINED_NODES is refused (every later pass walks that tree).
        """
        # in progress by owner and name: a system's 'phase' may read a machine's own 'phase'
        owner = scope.machine.name if scope.machine is not None else f"{scope.system.name if scope.system else ''}/"
        key = f"{owner}.{let.name.text}"
        if key in scope.lets_in_progress:
            chain = scope.lets_in_progress[scope.lets_in_progress.index(key):] + (key,)
            cycle = tuple(k.split(".", 1)[1] for k in chain)
            if frozenset(cycle) not in self.cycles_reported:
                self.cycles_reported.add(frozenset(cycle))
                message = say("recursive-let", name=cycle[0]) if len(cycle) <= 2 else say(
                    "recursive-let-through", name=cycle[0], chain=" -> ".join(f"'{c}'" for c in cycle))
                self.error("recursive-definition", message, let.name.span)
            return None
        memo_key = scope.key(let)
        if memo_key in self.t.lets:
            return self.t.lets[memo_key]
        inner = Scope(scope.machine, scope.system, {}, scope.self_inst, scope.lets_in_progress + (key,))
        res = self.elab(let.value, inner)
        if res is not None:
            nodes, depth = extent(res[0], MAX_INLINED_NODES)
            if nodes > MAX_INLINED_NODES:
                self.error("definition-too-large", say("definition-too-large", name=let.name.text,
                                                       limit=MAX_INLINED_NODES),
                           let.name.span)
                res = None
            elif depth > MAX_ELAB_DEPTH:
                self.error("nesting-too-deep", say("nesting-too-deep-definitions", limit=MAX_ELAB_DEPTH), let.name.span)
                res = None
        self.t.lets[memo_key] = res
        return res

    def elab_field(self, e: A.Field, scope: Scope) -> Typed:
        enums = self.t.enums
        if isinstance(e.obj, A.NameRef) and e.obj.name.text in enums and e.obj.name.text not in scope.bound:
            t = enums[e.obj.name.text]
            if e.name.text not in t.members:
                self.undefined("undefined-name", f"member of '{t.name}'", e.name, list(t.members))
                return None
            return ir.Lit(e.name.text, t), t
        res = self.elab_any(e.obj, scope)
        if res is None:
            return None
        obj_t = res[1]
        if not isinstance(obj_t, InstType):
            self.error("type-mismatch", say("field-of-non-instance", name=e.name.text, t=describe(obj_t)), e.obj.span)
            return None
        if e.name.text == "index":
            return ir.IndexOf(obj_t.inst), ir.IntT()
        m = self.t.machines[obj_t.machine]
        if m.has_member(e.name.text):
            return self.machine_member(m, e.name.text, obj_t.inst, scope)
        if e.name.text in m.events:
            self.error("type-mismatch", say("event-of-machine-as-value", name=e.name.text, machine=m.name), e.name.span)
        elif e.name.text in m.states:
            self.error("type-mismatch", say("state-as-field", name=e.name.text, machine=m.name), e.name.span)
        else:
            self.undefined("undefined-name", f"field of machine '{m.name}'", e.name, m.member_names() + ["index"])
        return None

    def elab_index(self, e: A.Index, scope: Scope) -> Typed:
        res = self.elab_any(e.obj, scope)
        idx = self.expect_type(e.index, ir.IntT(), scope, say("array-index"))
        if res is None or idx is None:
            return None
        t = res[1]
        if not isinstance(t, ArrayType):
            self.error("type-mismatch", say("index-non-array", t=describe(t)), e.obj.span)
            return None
        return None, InstType(t.machine, ir.ElemInst(t.array, idx[0]))


# ---- helpers on types and IR ----------------------------------------------------------------


def fold(e: ir.Expr) -> ir.Expr:
    """An operator over literals as the literal it evaluates to (evaluate.py's rules), an ``if`` over
    a literal condition as its branch; anything else (and a model error such as ``1 / 0``) as is."""
    if isinstance(e, ir.Cond):
        if isinstance(e.cond, ir.Lit):
            return e.then if e.cond.value else e.orelse
        return e
    if not all(isinstance(c, ir.Lit) for c in children(e)):
        return e
    try:
        v = evaluate(e, _LITERALS)
    except EvalError:
        return e
    return ir.Lit(v, ir.BoolT() if isinstance(v, bool) else ir.IntT())


def extent(e: ir.Expr, limit: int) -> tuple[int, int]:
    """(nodes, depth) of ``e`` as a tree, shared subtrees counted each time; stops once nodes pass ``limit``."""
    count = depth = 0
    stack = [(e, 1)]
    while stack and count <= limit:
        node, d = stack.pop()
        count += 1
        depth = max(depth, d)
        stack.extend((k, d + 1) for k in children(node))
    return count, depth
