"""The valid specs under tests/cases/ok/ pass `lifefsm check`, and together use every construct.

Files under ok/lib/ are imported by ok/imports.lfsm and are not checked on
their own. The coverage test walks the ASTs of all the files and lists what
they use (node types, event kinds with each fairness mark, send targets,
operators, property forms, ...), so a construct added to the language without
a valid case fails here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from frontend_support import TESTS, run_cli

from lifecycle_fsm import ast as A
from lifecycle_fsm.parse import parse, read_source

OK = TESTS / "cases" / "ok"
CASES = sorted(OK.glob("*.lfsm"))


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_valid_spec_passes_check(case: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(OK)
    result = run_cli(["check", case.name], capsys)
    assert result.status == 0, f"exit {result.status}\n--- stdout ---\n{result.out}\n--- stderr ---\n{result.err}"
    assert "error" not in result.err


def _nodes(node: object) -> Iterator[object]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if dataclasses.is_dataclass(n) and not isinstance(n, type):
            stack.extend(getattr(n, f.name) for f in dataclasses.fields(n))
        elif isinstance(n, tuple):
            stack.extend(n)


def _features() -> set[str]:
    seen: set[str] = set()
    for path in sorted(OK.rglob("*.lfsm")):
        for n in _nodes(parse(read_source(path))):
            seen.add(type(n).__name__)
            if isinstance(n, A.EventDecl):
                seen.add(f"event:{n.fairness or 'default'}:{n.kind}")
            elif isinstance(n, A.SendTarget):
                seen.add(f"send:{n.kind}")
            elif isinstance(n, A.Binary):
                seen.add(f"op:{n.op}")
            elif isinstance(n, A.Unary):
                seen.add(f"unary:{n.op}")
            elif isinstance(n, A.Quant):
                seen.add(f"quantifier:{n.kind}")
            elif isinstance(n, A.State):
                seen.update(f"state:{m.text}" for m in n.modifiers)
                if n.children:
                    seen.add("state:compound")
                if n.invariants and n.children:
                    seen.add("state:inherited-invariant")
            elif isinstance(n, A.Property):
                seen.add(f"expect:{n.expect}")
                if n.citations:
                    seen.add("citations")
            elif isinstance(n, A.OrderProp):
                seen.add(f"order:{n.kind}")
                if n.reset:
                    seen.add("order:reset-on")
                if n.binder is None:
                    seen.add("order:no-binder")
                if len(n.second) > 1:
                    seen.add("order:event-alternatives")
            elif isinstance(n, A.LeadsToProp):
                seen.add(f"liveness:{'eventually' if n.lhs is None else 'leads-to'}:{n.fairness or 'default'}")
            elif isinstance(n, A.InState) and len(n.states) > 1:
                seen.add("in:set")
            elif isinstance(n, A.Field) and isinstance(n.obj, A.NameRef) and n.obj.name.text[:1].isupper():
                seen.add("Type.Member")
            elif isinstance(n, A.Field) and n.name.text == "index":
                seen.add("x.index")
            elif isinstance(n, A.Instance):
                seen.add("instance:array" if n.size is not None else "instance:single")
                if n.args:
                    seen.add("instance:args")
            elif isinstance(n, A.MachineParam):
                seen.add("mparam:default" if n.default is not None else "mparam:required")
            elif isinstance(n, A.Machine) and n.lets:
                seen.add("let:machine")
            elif isinstance(n, A.System) and n.lets:
                seen.add("let:system")
            elif isinstance(n, A.Param):
                seen.add(f"param:{type(n.type).__name__}")
            elif isinstance(n, A.Transition) and len(n.sources) > 1:
                seen.add("transition:several-sources")
    return seen


REQUIRED = {
    # every node type of the AST
    *(name for name, obj in vars(A).items() if isinstance(obj, type) and dataclasses.is_dataclass(obj)),
    *(f"event:{f}:{k}" for f in ("default",) for k in ("input", "internal", "receive", "signal")),
    "event:fair:input", "event:unfair:internal",
    "send:one", "send:index", "send:all",
    *(f"op:{op}" for op in ("+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "implies")),
    "unary:not", "unary:-",
    "quantifier:all", "quantifier:any", "quantifier:count",
    "state:initial", "state:final", "state:urgent", "state:compound", "state:inherited-invariant",
    "expect:None", "expect:holds", "expect:violated", "citations",
    "order:only_after", "order:never_after", "order:precedes", "order:reset-on", "order:no-binder",
    "order:event-alternatives",
    "liveness:leads-to:default", "liveness:leads-to:fair", "liveness:leads-to:unfair",
    "liveness:eventually:default", "liveness:eventually:unfair",
    "in:set", "Type.Member", "x.index",
    "instance:array", "instance:single", "instance:args", "mparam:default", "mparam:required",
    "let:machine", "let:system",
    "param:BoolType", "param:RangeType", "param:EnumType", "param:NamedType",
    "transition:several-sources",
}


def test_cases_use_every_construct() -> None:
    missing = sorted(REQUIRED - _features())
    assert not missing, f"constructs no valid case uses: {missing}"
