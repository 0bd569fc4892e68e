"""Text to AST: parsed trees equal trees built by hand (spans are ignored by equality), and spans are right."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from lifecycle_fsm import ast as A
from lifecycle_fsm.parse import parse, read_source
from lifecycle_fsm.source import SourceFile, Span

OK = Path(__file__).parent.parent / "cases" / "ok"


def n(text: str) -> A.Name:
    return A.Name(text)


def ref(text: str) -> A.NameRef:
    return A.NameRef(n(text))


def i(v: int) -> A.IntLit:
    return A.IntLit(v)


def b(op: str, left: A.Expr, right: A.Expr) -> A.Binary:
    return A.Binary(op, left, right)


def parse_text(text: str) -> A.Spec:
    return parse(SourceFile("t.lfsm", text))


def expr(text: str) -> A.Expr:
    """The AST of one expression (as a constant's value)."""
    (item,) = parse_text(f"const X = {text}").items
    assert isinstance(item, A.Const)
    return item.value


def test_machine_round_trip() -> None:
    text = """
param g: 0..3 = 1
machine M(r: bool = false) {
  var n: 0..3 = 0
  clock t
  fair input go
  signal S
  initial state A { initial urgent state A1  state A2 { invariant t <= g } }
  final state B
  A1, A2 -> B on go when n < 2 and not r do n = n + 1, reset t, emit S
  let k = n * 2
  property p [G1] expect violated: S only after go reset on go
}
"""
    a2 = A.State(n("A2"), (), (), (b("<=", ref("t"), ref("g")),))
    a1 = A.State(n("A1"), (n("initial"), n("urgent")), (), ())
    machine = A.Machine(
        name=n("M"),
        params=(A.MachineParam(n("r"), A.BoolType(), A.BoolLit(False)),),
        vars=(A.Var(n("n"), A.RangeType(i(0), i(3)), i(0)),),
        clocks=(A.Clock(n("t")),),
        events=(A.EventDecl(n("go"), "input", "fair"), A.EventDecl(n("S"), "signal", None)),
        states=(A.State(n("A"), (n("initial"),), (a1, a2), ()), A.State(n("B"), (n("final"),), (), ())),
        transitions=(A.Transition(
            (n("A1"), n("A2")), n("B"), n("go"),
            b("and", b("<", ref("n"), i(2)), A.Unary("not", ref("r"))),
            (A.Assign(n("n"), b("+", ref("n"), i(1))), A.Reset(n("t")), A.Emit(n("S"))),
        ),),
        lets=(A.Let(n("k"), b("*", ref("n"), i(2))),),
        properties=(A.Property(n("p"), (n("G1"),), "violated",
                               A.OrderProp("only_after", None, (A.EventRef(None, n("S")),),
                                           (A.EventRef(None, n("go")),), (A.EventRef(None, n("go")),))),),
    )
    expected = A.Spec("t.lfsm", (A.Param(n("g"), A.RangeType(i(0), i(3)), i(1)), machine))
    assert parse_text(text) == expected


def test_system_and_top_level_round_trip() -> None:
    text = """
import "lib/x.lfsm"
const N = 2
type Kind = Exec | Sleep
param k: Kind = Exec
param p: Always | Never = Never
param m: -2..N = -1
system Sy {
  instance solo: M
  instance m[N + 1]: M(r = true, q = Exec)
  let all_b = all c in m: c in {B, C}
  property q: for c in m: c.go | c.stop precedes c.S
  property e [G2, G3] expect holds: unfair eventually all_b
  property l: fair solo.x ~> solo in B
  property d: deadlock free
  property w: m[0].go only when not solo.x
  property v: never solo.go after m[1].S
  property r: reachable solo in B
  property s: stable solo in B
}
"""
    c = ref("c")
    system = A.System(
        name=n("Sy"),
        instances=(A.Instance(n("solo"), None, n("M"), ()),
                   A.Instance(n("m"), b("+", ref("N"), i(1)), n("M"),
                              (A.Arg(n("r"), A.BoolLit(True)), A.Arg(n("q"), ref("Exec"))))),
        lets=(A.Let(n("all_b"), A.Quant("all", n("c"), n("m"), A.InState(c, (n("B"), n("C"))))),),
        properties=(
            A.Property(n("q"), (), None, A.OrderProp(
                "precedes", A.Binder(n("c"), n("m")),
                (A.EventRef(c, n("go")), A.EventRef(c, n("stop"))), (A.EventRef(c, n("S")),), ())),
            A.Property(n("e"), (n("G2"), n("G3")), "holds", A.LeadsToProp("unfair", None, ref("all_b"))),
            A.Property(n("l"), (), None, A.LeadsToProp("fair", A.Field(ref("solo"), n("x")),
                                                       A.InState(ref("solo"), (n("B"),)))),
            A.Property(n("d"), (), None, A.DeadlockProp()),
            A.Property(n("w"), (), None, A.OnlyWhenProp(
                None, (A.EventRef(A.Index(ref("m"), i(0)), n("go")),), A.Unary("not", A.Field(ref("solo"), n("x"))))),
            A.Property(n("v"), (), None, A.OrderProp(
                "never_after", None, (A.EventRef(ref("solo"), n("go")),),
                (A.EventRef(A.Index(ref("m"), i(1)), n("S")),), ())),
            A.Property(n("r"), (), None, A.ReachableProp(A.InState(ref("solo"), (n("B"),)))),
            A.Property(n("s"), (), None, A.StableProp(A.InState(ref("solo"), (n("B"),)))),
        ),
    )
    expected = A.Spec("t.lfsm", (
        A.Import("lib/x.lfsm"),
        A.Const(n("N"), i(2)),
        A.TypeDecl(n("Kind"), A.EnumType((n("Exec"), n("Sleep")))),
        A.Param(n("k"), A.NamedType(n("Kind")), ref("Exec")),
        A.Param(n("p"), A.EnumType((n("Always"), n("Never"))), ref("Never")),
        A.Param(n("m"), A.RangeType(i(-2), ref("N")), i(-1)),
        system,
    ))
    assert parse_text(text) == expected


def test_send_targets() -> None:
    (machine,) = parse_text(
        "machine K { input a initial state S  S -> S on a do send x to one, send y to arr[i + 1], send z to arr[*] }"
    ).items
    assert isinstance(machine, A.Machine)
    (t,) = machine.transitions
    assert t.effects == (
        A.Send(n("x"), A.SendTarget("one", n("one"), None)),
        A.Send(n("y"), A.SendTarget("index", n("arr"), b("+", ref("i"), i(1)))),
        A.Send(n("z"), A.SendTarget("all", n("arr"), None)),
    )


@pytest.mark.parametrize(("text", "tree"), [
    # precedence, loosest first: implies (right-assoc), or, and, not, comparison, + -, * / %, unary -, postfix
    ("a implies b implies c", b("implies", ref("a"), b("implies", ref("b"), ref("c")))),
    ("a or b and c", b("or", ref("a"), b("and", ref("b"), ref("c")))),
    ("not a and b", b("and", A.Unary("not", ref("a")), ref("b"))),
    ("not a == b", A.Unary("not", b("==", ref("a"), ref("b")))),
    ("a + b * c - d", b("-", b("+", ref("a"), b("*", ref("b"), ref("c"))), ref("d"))),
    ("a - b - c", b("-", b("-", ref("a"), ref("b")), ref("c"))),
    ("a / b % c", b("%", b("/", ref("a"), ref("b")), ref("c"))),
    ("-a * b", b("*", A.Unary("-", ref("a")), ref("b"))),
    ("-3", i(-3)),
    ("(a + b) * c", b("*", b("+", ref("a"), ref("b")), ref("c"))),
    ("a.b.c", A.Field(A.Field(ref("a"), n("b")), n("c"))),
    ("a[i].b", A.Field(A.Index(ref("a"), ref("i")), n("b"))),
    ("self.index", A.Field(A.SelfRef(), n("index"))),
    ("Kind.Exec", A.Field(ref("Kind"), n("Exec"))),
    ("x in S", A.InState(ref("x"), (n("S"),))),
    ("x in {S, T} and y", b("and", A.InState(ref("x"), (n("S"), n("T"))), ref("y"))),
    ("if a then 1 else 2 + 3", A.IfExpr(ref("a"), i(1), b("+", i(2), i(3)))),
    ("count c in arr: c in S", A.Quant("count", n("c"), n("arr"), A.InState(ref("c"), (n("S"),)))),
    ("a and (any c in arr: c.x)", b("and", ref("a"), A.Quant("any", n("c"), n("arr"), A.Field(ref("c"), n("x"))))),
    ("true or false", b("or", A.BoolLit(True), A.BoolLit(False))),
])
def test_expression_trees(text: str, tree: A.Expr) -> None:
    assert expr(text) == tree


def test_equality_ignores_spans() -> None:
    assert expr("a + b") == expr("a  +\n   b")
    assert A.Name("x", Span("f", 1, 1, 1, 2)) == A.Name("x", Span("g", 9, 9, 9, 10))


def _walk(node: object) -> Iterator[object]:
    stack = [node]
    while stack:
        x = stack.pop()
        yield x
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            stack.extend(getattr(x, f.name) for f in dataclasses.fields(x))
        elif isinstance(x, tuple):
            stack.extend(x)


CASES = sorted(OK.rglob("*.lfsm"))


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(OK)) for c in CASES])
def test_every_name_span_covers_its_text(case: Path) -> None:
    source = read_source(case)
    spec = parse(source)
    names = [x for x in _walk(spec) if isinstance(x, A.Name) and x.text]
    assert names
    for name in names:
        s = name.span
        assert source.text[s.start:s.end] == name.text, (name, s)
        line = source.line_text(s.line)
        assert line[s.column - 1: s.end_column - 1] == name.text, (name, s)


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(OK)) for c in CASES])
def test_node_spans_start_at_their_first_token(case: Path) -> None:
    source = read_source(case)
    spec = parse(source)
    for x in _walk(spec):
        if isinstance(x, A.Transition):
            assert source.text[x.span.start:].startswith(x.sources[0].text)
        elif isinstance(x, (A.Machine, A.System, A.Property, A.Instance, A.Let)):
            keyword = {A.Machine: "machine", A.System: "system", A.Property: "property", A.Instance: "instance",
                       A.Let: "let"}[type(x)]
            assert source.text[x.span.start:].startswith(keyword)
        elif isinstance(x, A.Binary):
            assert x.span.start <= x.op_span.start < x.op_span.end <= x.span.end
