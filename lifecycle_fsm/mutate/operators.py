"""Mutation operators: small, systematic changes to a spec's source text, each a plausible modelling mistake.

A mutant is one edit of one file of the spec (replace ``[start, end)`` by ``replacement``),
found on the AST so that it knows its position, and applied to the text so that its
description shows the source as changed. Only the *model* is mutated (transitions, state
invariants, a machine's definitions); properties, parameters and systems are the oracle
and stay as written. The operators:

* ``drop-guard``     a transition's guard becomes ``true``;
* ``negate-guard``   a guard ``G`` becomes ``not (G)``;
* ``drop-conjunct``  one conjunct of a guard or of a machine's boolean definition (``let``)
                     that is a conjunction becomes ``true`` (the condition is weakened);
* ``bound+1`` / ``bound-1``  a bound of an ordered comparison (``t >= N``) moves by one: the
                     side that is not a clock (the right side if neither is one);
* ``drop-effect``    an assignment or clock reset is removed;
* ``drop-emit``      an emitted signal (``emit``) or message (``send``) is removed;
* ``swap-emits``     two consecutive emissions of one transition change order;
* ``retarget=S``     a transition goes to state S instead: its own source state (a
                     self-loop) and the state declared after its target;
* ``widen-invariant`` a state invariant, or one conjunct of it, becomes ``true``.

Mutant ids (``drop-guard@pod/container.lfsm:104:40``) name the operator, the file (relative
to the spec's directory) and the position of the change; they are stable while the text
before the change is unchanged.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import ast as A
from ..parse import parse
from ..source import SourceFile, Span

OPERATORS = ("drop-guard", "negate-guard", "drop-conjunct", "bound", "drop-effect", "drop-emit", "swap-emits",
             "retarget", "widen-invariant")
ORDERED = ("<", "<=", ">", ">=")


@dataclass(frozen=True)
class Mutant:
    """One edit of one file: ``text[start:end]`` becomes ``replacement``."""

    id: str
    operator: str  # one of OPERATORS
    file: str  # the file as the spec's diagnostics name it
    start: int
    end: int
    replacement: str
    line: int
    column: int
    what: str  # the change in words: "drop the guard of 'A -> B on go'"
    before: str  # the source around the change, as written
    after: str  # the same source, mutated

    @property
    def description(self) -> str:
        return f"{self.what}: `{self.before}` -> `{self.after}`"

    def apply(self, text: str) -> str:
        return text[:self.start] + self.replacement + text[self.end:]


def mutants_of(sources: tuple[tuple[str, str], ...], base: str | Path = ".") -> list[Mutant]:
    """Every mutant of every file of a spec (``Model.sources``), in file then position order.

    Ids name files relative to ``base`` (the directory of the spec), so they do not depend on
    the directory `lifefsm` runs in.
    """
    out: list[Mutant] = []
    for name, text in sources:
        spec = parse(SourceFile(name, text))
        found = list(_mutants_in(spec, name, text, _relative(name, base)))
        found.sort(key=lambda m: (m.start, OPERATORS.index(family(m.operator)), m.operator))
        out.extend(found)
    return out


def family(operator: str) -> str:
    """The operator a mutant's operator name belongs to: 'bound+1' -> 'bound', 'retarget=S' -> 'retarget'."""
    if operator.startswith("bound"):
        return "bound"
    return operator.split("=")[0]


def _relative(name: str, base: str | Path) -> str:
    try:
        return Path(os.path.relpath(Path(name).resolve(), Path(base).resolve())).as_posix()
    except (OSError, ValueError):
        return name


class _Maker:
    """Builds mutants of one file, with the context shown in their descriptions."""

    def __init__(self, file: str, text: str, ident: str):
        self.file, self.text, self.ident = file, text, ident

    def source(self, span: Span) -> str:
        return self.text[span.start:span.end]

    def make(self, operator: str, span: Span, replacement: str, what: str, context: Span | None = None) -> Mutant:
        ctx = context or span
        cs, ce = min(ctx.start, span.start), max(ctx.end, span.end)
        before = self.text[cs:ce]
        after = self.text[cs:span.start] + replacement + self.text[span.end:ce]
        return Mutant(f"{operator}@{self.ident}:{span.line}:{span.column}", operator, self.file, span.start, span.end,
                      replacement, span.line, span.column, what, _one_line(before), _one_line(after))


def _one_line(text: str, most: int = 140) -> str:
    flat = " ".join(re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.S).split())
    return flat if len(flat) <= most else flat[:most - 3] + "..."


def _mutants_in(spec: A.Spec, file: str, text: str, ident: str) -> Iterator[Mutant]:
    mk = _Maker(file, text, ident)
    for item in spec.items:
        if not isinstance(item, A.Machine):
            continue
        clocks = {c.name.text for c in item.clocks}
        states = _state_names(item.states)
        for t in item.transitions:
            yield from _transition(mk, t, clocks, states)
        for let in item.lets:
            where = f"definition '{let.name.text}' of machine '{item.name.text}'"
            yield from _conjuncts(mk, let.value, where, "drop-conjunct")
            yield from _bounds(mk, let.value, clocks, where)
        for s in _all_states(item.states):
            for inv in s.invariants:
                where = f"the invariant of state '{s.name.text}'"
                if _conjunct_list(inv)[1:]:
                    yield from _conjuncts(mk, inv, where, "widen-invariant")
                else:
                    yield mk.make("widen-invariant", inv.span, "true", f"drop {where}")
                yield from _bounds(mk, inv, clocks, where)


def _label(mk: _Maker, t: A.Transition) -> str:
    return f"'{', '.join(s.text for s in t.sources)} -> {t.target.text} on {t.event.text}'"


def _transition(mk: _Maker, t: A.Transition, clocks: set[str], states: list[str]) -> Iterator[Mutant]:
    label = _label(mk, t)
    if t.guard is not None:
        g = t.guard
        yield mk.make("drop-guard", g.span, "true", f"drop the guard of {label}")
        yield mk.make("negate-guard", g.span, f"not ({mk.source(g.span)})", f"negate the guard of {label}")
        yield from _conjuncts(mk, g, f"the guard of {label}", "drop-conjunct")
        yield from _bounds(mk, g, clocks, f"the guard of {label}")
    clause = Span(mk.file, t.effects[0].span.line, t.effects[0].span.column, 0, 0, t.effects[0].span.start,
                  t.effects[-1].span.end) if t.effects else None
    for k, e in enumerate(t.effects):
        if isinstance(e, (A.Assign, A.Reset)):
            op, what = "drop-effect", f"drop '{_one_line(mk.source(e.span))}' from {label}"
        else:
            op, what = "drop-emit", f"drop '{_one_line(mk.source(e.span))}' from {label}"
        near = t.effects[max(k - 1, 0)].span, t.effects[min(k + 1, len(t.effects) - 1)].span
        yield _drop_item(mk, op, t, k, what, Span(mk.file, near[0].line, near[0].column, 0, 0, near[0].start,
                                                  near[1].end))
    emissions = [k for k, e in enumerate(t.effects) if isinstance(e, (A.Emit, A.Send))]
    for a, b in zip(emissions, emissions[1:]):
        ea, eb = t.effects[a].span, t.effects[b].span
        region = Span(mk.file, ea.line, ea.column, eb.end_line, eb.end_column, ea.start, eb.end)
        swapped = mk.source(eb) + mk.text[ea.end:eb.start] + mk.source(ea)
        yield mk.make("swap-emits", region, swapped,
                      f"emit '{_one_line(mk.source(eb))}' before '{_one_line(mk.source(ea))}' in {label}", clause)
    for target in _other_targets(t, states):
        yield mk.make(f"retarget={target}", t.target.span, target, f"send {label} to state '{target}'",
                      Span(mk.file, t.span.line, t.span.column, 0, 0, t.span.start, t.event.span.end))


def _drop_item(mk: _Maker, op: str, t: A.Transition, k: int, what: str, clause: Span | None) -> Mutant:
    """Remove effect ``k`` with its comma (or the whole ``do`` clause if it is the only effect)."""
    effects = t.effects
    e = effects[k].span
    if len(effects) == 1:
        head = mk.text[t.span.start:e.start]
        start = t.span.start + [m.start() for m in re.finditer(r"\bdo\b", head)][-1]
        region = Span(mk.file, e.line, e.column, e.end_line, e.end_column, start, e.end)
        ctx = Span(mk.file, e.line, e.column, 0, 0, start, e.end)
        return mk.make(op, region, "", what, ctx)
    if k > 0:
        region = Span(mk.file, e.line, e.column, e.end_line, e.end_column, effects[k - 1].span.end, e.end)
    else:
        region = Span(mk.file, e.line, e.column, e.end_line, e.end_column, e.start, effects[1].span.start)
    return mk.make(op, region, "", what, clause)


def _conjunct_list(e: A.Expr) -> list[A.Expr]:
    if isinstance(e, A.Binary) and e.op == "and":
        return _conjunct_list(e.left) + _conjunct_list(e.right)
    return [e]


def _conjuncts(mk: _Maker, e: A.Expr, where: str, op: str) -> Iterator[Mutant]:
    parts = _conjunct_list(e)
    if len(parts) < 2:
        return
    for c in parts:
        yield mk.make(op, c.span, "true", f"drop the conjunct '{_one_line(mk.source(c.span))}' of {where}", e.span)


def _subexprs(e: A.Expr) -> Iterator[A.Expr]:
    stack: list[A.Expr] = [e]
    while stack:
        x = stack.pop()
        yield x
        if isinstance(x, A.Binary):
            stack.extend((x.right, x.left))
        elif isinstance(x, A.Unary):
            stack.append(x.operand)
        elif isinstance(x, A.IfExpr):
            stack.extend((x.orelse, x.then, x.cond))
        elif isinstance(x, A.Quant):
            stack.append(x.body)


def _bounds(mk: _Maker, e: A.Expr, clocks: set[str], where: str) -> Iterator[Mutant]:
    for x in _subexprs(e):
        if not (isinstance(x, A.Binary) and x.op in ORDERED):
            continue
        left_clock, right_clock = _is_clock(x.left, clocks), _is_clock(x.right, clocks)
        if left_clock and right_clock:
            continue
        side = x.left if right_clock else x.right
        region = _side_region(mk, x, side is x.left)
        text = mk.text[region.start:region.end]
        for delta in (1, -1):
            if isinstance(side, A.IntLit):
                new = str(side.value + delta)
            else:
                new = (text if _atomic(side) else f"({text})") + (" + 1" if delta > 0 else " - 1")
            yield mk.make(f"bound{delta:+d}", region, new,
                          f"move the bound '{_one_line(text)}' of {where} by {delta:+d}", x.span)


def _side_region(mk: _Maker, x: A.Binary, left: bool) -> Span:
    """The text of one operand of a comparison, with the parentheses around it."""
    if left:
        start, end = x.span.start, x.op_span.start
    else:
        start, end = x.op_span.end, x.span.end
    raw = mk.text[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    side = x.left if left else x.right
    return Span(mk.file, side.span.line, side.span.column, side.span.end_line, side.span.end_column,
                start + lead, end - trail)


def _atomic(e: A.Expr) -> bool:
    return isinstance(e, (A.IntLit, A.NameRef, A.Field, A.Index, A.BoolLit))


def _is_clock(e: A.Expr, clocks: set[str]) -> bool:
    return isinstance(e, A.NameRef) and e.name.text in clocks


def _all_states(states: tuple[A.State, ...]) -> Iterator[A.State]:
    for s in states:
        yield s
        yield from _all_states(s.children)


def _state_names(states: tuple[A.State, ...]) -> list[str]:
    return [s.name.text for s in _all_states(states)]


def _other_targets(t: A.Transition, states: list[str]) -> list[str]:
    """The states a retarget mutant sends ``t`` to: its first source, and the state declared after its target."""
    target = t.target.text
    out: list[str] = []
    source = t.sources[0].text
    if source != target and source in states:
        out.append(source)
    if target in states and len(states) > 1:
        i = states.index(target)
        for k in range(1, len(states)):
            nxt = states[(i + k) % len(states)]
            if nxt != target and nxt not in out:
                out.append(nxt)
                break
    return out
