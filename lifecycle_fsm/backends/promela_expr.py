"""IR expressions to Promela expressions, folded, with the condition under which they are defined.

Every instance reference is resolved to a group element: constant wherever the
element is known when the model is written (``self``, quantifier binders, a
constant index), or a run-time index expression otherwise. Parameters and
machine parameters are folded, so the output reads like the spec with numbers
in. Evaluation can fail at run time (an index out of bounds, a division by
zero); each result carries ``ok``, a Promela condition that holds exactly when
evaluation succeeds, so the step emitters can report a model error instead of
letting pan crash or read outside an array. Short-circuit operators are
respected: ``i == 0 or init[i-1] in Done`` is defined for ``i == 0``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import model as ir
from ..evaluate import EvalError, apply_binary
from .promela_layout import Group, Layout, PromelaError, leaf_code


@dataclass(frozen=True, slots=True)
class Ref:
    """An instance: element ``index`` of ``group``, or the element at run-time index ``code``."""

    group: Group
    index: int | None
    code: str = ""
    ok: str | None = None  # the run-time index is in bounds (and its evaluation succeeded)

    @property
    def idx(self) -> str:
        return str(self.index) if self.index is not None else self.code


@dataclass(frozen=True, slots=True)
class Val:
    """A Promela expression; ``const`` when it is known now; ``ok`` None when it cannot fail."""

    code: str
    const: ir.Value | None = None
    ok: str | None = None


@dataclass(frozen=True, slots=True)
class Env:
    self_ref: Ref | None = None
    bound: tuple[tuple[str, Ref], ...] = ()
    after_tick: bool = False  # clocks read as their value after one more tick (for invariants)

    def bind(self, var: str, ref: Ref) -> Env:
        return Env(self.self_ref, ((var, ref),) + self.bound, self.after_tick)

    def lookup(self, var: str) -> Ref:
        for v, r in self.bound:
            if v == var:
                return r
        raise PromelaError(f"unbound instance variable '{var}'")


FAIL = Val("0", None, "0")


def conj(*conds: str | None) -> str | None:
    """Conjunction of conditions; None is true, "0" is false."""
    parts: list[str] = []
    for c in conds:
        if c is None or c in parts:
            continue
        if c == "0":
            return "0"
        parts.append(c)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"


def disj(conds: list[str]) -> str:
    if not conds:
        return "0"
    return conds[0] if len(conds) == 1 else "(" + " || ".join(conds) + ")"


@dataclass(slots=True)
class ExprEmitter:
    layout: Layout
    enum_types: dict[str, ir.EnumT] = field(default_factory=dict)

    # ---- literals -----------------------------------------------------------------

    def lit(self, v: ir.Value, t: ir.Type) -> Val:
        if isinstance(v, bool):
            return Val("1" if v else "0", v)
        if isinstance(v, int):
            return Val(str(v) if v >= 0 else f"({v})", v)
        assert isinstance(t, ir.EnumT), f"{v!r}: {t}"
        try:
            return Val(self.layout.enum_name(t.name, v), v)
        except KeyError:
            return Val(str(t.members.index(v)), v)

    # ---- instances ----------------------------------------------------------------

    def ref(self, inst: ir.Inst, env: Env) -> Ref:
        if isinstance(inst, ir.SelfInst):
            if env.self_ref is None:
                raise PromelaError("'self' outside a machine")
            return env.self_ref
        if isinstance(inst, ir.BoundInst):
            return env.lookup(inst.var)
        if isinstance(inst, ir.NamedInst):
            g = self._group(inst.name)
            if g.size == 0:
                return Ref(g, None, "0", "0")
            return Ref(g, 0)
        g = self._group(inst.array)
        i = self.emit(inst.index, env)
        if i.const is not None:
            assert isinstance(i.const, int)
            if 0 <= i.const < g.size and i.ok is None:
                return Ref(g, i.const)
            if not 0 <= i.const < g.size:
                return Ref(g, None, "0", "0")
        if g.size == 0:
            return Ref(g, None, "0", "0")
        bounds = f"(0 <= {i.code} && {i.code} < {g.size})"
        return Ref(g, None, i.code, conj(i.ok, bounds))

    def _group(self, name: str) -> Group:
        try:
            return self.layout.group(name)
        except KeyError:
            raise PromelaError(f"no instance '{name}' in system '{self.layout.system.name}'") from None

    def in_state(self, ref: Ref, leaves: tuple[str, ...] | list[str]) -> Val:
        m = ref.group.machine
        if ref.index is not None and ref.group.size == 0:
            return FAIL
        codes = sorted(leaf_code(m, s) for s in leaves)
        st = f"{ref.group.st}[{ref.idx}]"
        if not codes:
            return Val("0", False, ref.ok)
        if len(codes) == len(m.leaves):
            return Val("1", True, ref.ok) if ref.ok is None else Val("1", None, ref.ok)
        names = {leaf_code(m, s): self.layout.state_name(m.name, s) for s in leaves}
        if len(codes) > 2 and codes == list(range(codes[0], codes[-1] + 1)):
            code = f"({names[codes[0]]} <= {st} && {st} <= {names[codes[-1]]})"
        else:
            code = disj([f"{st} == {names[c]}" for c in codes])
        return Val(code, None, ref.ok)

    # ---- expressions --------------------------------------------------------------

    def emit(self, e: ir.Expr, env: Env) -> Val:
        if isinstance(e, ir.Lit):
            return self.lit(e.value, e.type)
        if isinstance(e, ir.ParamRef):
            return self.lit(self.layout.param(e.name), e.type)
        if isinstance(e, ir.MParamRef):
            return self._mparam(e, env)
        if isinstance(e, ir.VarRef):
            r = self.ref(e.inst, env)
            if r.ok == "0":
                return FAIL
            arr = r.group.var(e.name)
            code = f"{arr}[{r.idx}]"
            bias = r.group.bias(e.name)
            if bias:
                code = f"({code} - {bias})"
            if isinstance(e.type, ir.ClockT) and env.after_tick:
                cap = self.layout.cap(r.group.machine.name, e.name)
                code = f"({code} < {cap} -> {code} + 1 : {code})"
            return Val(code, None, r.ok)
        if isinstance(e, ir.IndexOf):
            r = self.ref(e.inst, env)
            if r.ok == "0":
                return FAIL
            return Val(r.idx, r.index, r.ok) if r.index is not None else Val(r.code, None, r.ok)
        if isinstance(e, ir.InStateE):
            r = self.ref(e.inst, env)
            return FAIL if r.ok == "0" else self.in_state(r, e.states)
        if isinstance(e, ir.Not):
            v = self.emit(e.operand, env)
            if v.const is not None:
                return Val("0" if v.const else "1", not v.const, v.ok)
            return Val(f"!{_paren(v.code)}", None, v.ok)
        if isinstance(e, ir.Neg):
            v = self.emit(e.operand, env)
            if v.const is not None:
                assert isinstance(v.const, int)
                return self.lit(-v.const, ir.IntT()) if v.ok is None else Val(f"(-{v.code})", None, v.ok)
            return Val(f"(-{v.code})", None, v.ok)
        if isinstance(e, ir.Cond):
            return self._cond(e, env)
        if isinstance(e, ir.QuantE):
            return self._quant(e, env)
        assert isinstance(e, ir.Bin)
        return self._bin(e, env)

    def _mparam(self, e: ir.MParamRef, env: Env) -> Val:
        r = self.ref(e.inst, env)
        if r.ok == "0":
            return FAIL
        g = r.group
        if r.index is not None:
            return self.lit(g.mparam(r.index, e.name), e.type)
        values = [g.mparam(k, e.name) for k in range(g.size)]
        if all(v == values[0] for v in values):
            v = self.lit(values[0], e.type)
            return Val(v.code, None, r.ok)
        code = self.lit(values[-1], e.type).code
        for k in range(g.size - 2, -1, -1):
            code = f"({r.code} == {k} -> {self.lit(values[k], e.type).code} : {code})"
        return Val(code, None, r.ok)

    def _cond(self, e: ir.Cond, env: Env) -> Val:
        c = self.emit(e.cond, env)
        if c.const is not None and c.ok is None:
            return self.emit(e.then if c.const else e.orelse, env)
        a = self.emit(e.then, env)
        b = self.emit(e.orelse, env)
        ok = None
        if a.ok is not None or b.ok is not None:
            ok = f"({c.code} -> {a.ok or '1'} : {b.ok or '1'})"
        return Val(f"({c.code} -> {a.code} : {b.code})", None, conj(c.ok, ok))

    def _quant(self, e: ir.QuantE, env: Env) -> Val:
        g = self._group(e.array)
        parts = [self.emit(e.body, env.bind(e.var, Ref(g, k))) for k in range(g.size)]
        if e.kind == "count":
            if all(p.const is not None and p.ok is None for p in parts):
                n = sum(1 for p in parts if p.const)
                return Val(str(n), n)
            code = " + ".join(p.code for p in parts)
            return Val(f"({code})", None, conj(*(p.ok for p in parts)))
        return self._fold("and" if e.kind == "all" else "or", self.lit(e.kind == "all", ir.BoolT()), parts)

    def _fold(self, op: str, acc: Val, parts: list[Val]) -> Val:
        """``acc op p1 op p2 ...`` nested exactly as repeated ``_logic`` nests it, in time linear in the
        result: a run of parts that cannot fail is joined once at the end instead of re-copying the
        growing text at every part (which made an array of n instances cost n^3; issue 11)."""
        sym = " && " if op == "and" else " || "
        tail: list[str] = []
        for p in parts:
            if p.ok is None and (tail or acc.const is None or acc.ok is not None):
                if p.const is None or bool(p.const) != (op == "and"):  # else p is the identity: skipped
                    tail.append(p.code)
                continue
            acc = self._logic(op, _nest(acc, sym, tail), p)
            tail = []
        return _nest(acc, sym, tail)

    def _bin(self, e: ir.Bin, env: Env) -> Val:
        op = e.op
        left = self.emit(e.left, env)
        if op in ("and", "or", "implies"):
            if left.const is not None and left.ok is None:
                decided = {"and": False, "or": True, "implies": False}[op]
                if bool(left.const) == decided:
                    return self.lit(op != "and", ir.BoolT())
                return self.emit(e.right, env)
            return self._logic(op, left, self.emit(e.right, env))
        right = self.emit(e.right, env)
        ok = conj(left.ok, right.ok)
        if op in ("/", "%"):
            if right.const == 0:
                return FAIL
            if right.const is None:
                ok = conj(ok, f"({right.code} != 0)")
        if left.const is not None and right.const is not None:
            try:
                v = apply_binary(op, left.const, right.const)
            except EvalError:
                return FAIL
            folded = self.lit(v, ir.BoolT() if isinstance(v, bool) else ir.IntT())
            return Val(folded.code, v if ok is None else None, ok)
        return Val(f"({left.code} {op} {right.code})", None, ok)

    def _logic(self, op: str, a: Val, b: Val) -> Val:
        """``a op b`` for op in and/or/implies, short-circuit, with ``a`` possibly constant."""
        if a.const is not None and a.ok is None:
            if op == "and":
                return b if a.const else self.lit(False, ir.BoolT())
            if op == "or":
                return self.lit(True, ir.BoolT()) if a.const else b
            return b if a.const else self.lit(True, ir.BoolT())
        if b.const is not None and b.ok is None:
            if op == "and" and b.const:
                return a
            if op == "or" and not b.const:
                return a
        ac = _paren(a.code)
        if op == "and":
            code = f"({a.code} && {b.code})"
            ok = conj(a.ok, None if b.ok is None else f"(!{ac} || {b.ok})")
        elif op == "or":
            code = f"({a.code} || {b.code})"
            ok = conj(a.ok, None if b.ok is None else f"({a.code} || {b.ok})")
        else:
            code = f"(!{ac} || {b.code})"
            ok = conj(a.ok, None if b.ok is None else f"(!{ac} || {b.ok})")
        return Val(code, None, ok)


def _nest(acc: Val, sym: str, tail: list[str]) -> Val:
    """``((acc sym t1) sym t2) ...``: what ``_logic`` makes of a non-constant ``acc`` and parts that cannot fail."""
    if not tail:
        return acc
    return Val("(" * len(tail) + acc.code + "".join(f"{sym}{t})" for t in tail), None, conj(acc.ok, None))


def _paren(code: str) -> str:
    if code.startswith("(") and _balanced_outer(code):
        return code
    if code.replace("_", "").replace("[", "").replace("]", "").isalnum():
        return code
    return f"({code})"


def _balanced_outer(code: str) -> bool:
    depth = 0
    for i, ch in enumerate(code):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and i != len(code) - 1:
                return False
    return depth == 0
