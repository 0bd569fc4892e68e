"""Ordering properties as an observer: memory cells updated and asserted as a step's label items occur.

``A only after B`` and ``never A after B`` keep one bit (B seen since the last
reset); ``F precedes S`` keeps a counter of unconsumed F's, 0..cap, and cap+1
once it has given up (lifefsm's PRECEDES_CAP; see docs/semantics.md). The cells
are ordinary globals, so they are part of SPIN's state: they exist only in the
``-DORDER`` variant, whose state count is not compared with lifefsm's (lifefsm
counts states without its monitor bits as well).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import model as ir
from .promela_expr import Env, ExprEmitter, Ref
from .promela_layout import Layout, cmt
from .promela_props import PropItem, bound_cases, judge, match
from .promela_steps import Observer
from .writer import Writer

PRECEDES_CAP = ir.PRECEDES_CAP  # the same monitor as the checker's


@dataclass(frozen=True, slots=True)
class Cell:
    number: int
    item: PropItem
    kind: str  # only_after | never_after | precedes
    env: Env
    checked: tuple[ir.EvRef, ...]
    record: tuple[ir.EvRef, ...]
    reset: tuple[ir.EvRef, ...]
    label: str

    @property
    def var(self) -> str:
        return f"lf_m{self.number}"


@dataclass
class OrderObserver(Observer):
    layout: Layout
    ex: ExprEmitter
    cells: list[Cell] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)  # cells whose flags the step being written may set

    @staticmethod
    def build(layout: Layout, ex: ExprEmitter, props: list[PropItem]) -> OrderObserver:
        obs = OrderObserver(layout, ex)
        for it, b, e, label in bound_cases(layout, props, ir.OrderP):
            checked, record = (b.second, b.first) if b.kind == "precedes" else (b.first, b.second)
            obs.cells.append(Cell(len(obs.cells), it, b.kind, e, checked, record, b.reset, label))
        return obs

    def declare(self, w: Writer) -> None:
        for c in self.cells:
            what = f"{c.item.where()}" + (f", {c.label}" if c.label else "")
            typ = "bit" if c.kind != "precedes" else "byte"
            w.line(f"{typ} {c.var} = 0;  " + cmt(f"{c.kind}: {what}"))

    def save_restore(self, w: Writer, src: str, dst: str) -> None:
        if not self.cells:
            return
        w.line("#ifdef ORDER")
        for c in self.cells:
            w.line(f"{dst}{c.var} = {src}{c.var};")
        w.line("#endif")

    def markers(self) -> list[PropItem]:
        """The precedes properties that may give up (one overflow marker each)."""
        out: list[PropItem] = []
        for c in self.cells:
            if c.kind == "precedes" and c.item not in out:
                out.append(c.item)
        return out

    def scratch(self, w: Writer) -> None:
        for c in self.cells:
            w.line(f"hidden byte lf_s_{c.var};")

    def flags(self, w: Writer) -> None:
        """The hidden per-step flags: the cell judged the step a violation (lf_x), its monitor gave up (lf_y)."""
        for c in self.cells:
            w.line(f"hidden byte {_violated(c)};")
            if c.kind == "precedes":
                w.line(f"hidden byte {_gave_up(c)};")

    def epilogue(self, w: Writer) -> None:
        """Judge the step once its effects are done: a step that hits a model error does not happen, so
        neither do the violations and give-ups it recorded (lifefsm's undo; docs/semantics.md)."""
        if not self.touched:
            return
        w.line("#ifdef ORDER")
        for c in self.cells:
            if c.number in self.touched:
                w.line(judge(_violated(c), c.item.marker))
                if c.kind == "precedes":
                    w.line(judge(_gave_up(c), overflow_marker(c.item)))
        w.line("#endif")
        self.touched = set()

    def event(self, w: Writer, actor: Ref, name: str) -> None:
        lines: list[str] = []
        for c in self.cells:
            # lifefsm's order for one occurrence: judge, then forget (reset), then remember (record)
            for refs, role in ((c.checked, "checked"), (c.reset, "reset"), (c.record, "record")):
                when = _any(match(self.ex, ev, c.env, actor, name) for ev in refs)
                if when is None:
                    continue
                guard = "" if when == "1" else f"{when} -> "
                lines.extend(self._update(c, role, guard))
                if role != "reset":
                    self.touched.add(c.number)
        if lines:
            w.line("#ifdef ORDER")
            for line in lines:
                w.line(line)
            w.line("#endif")

    def _update(self, c: Cell, role: str, guard: str) -> list[str]:
        v, x = c.var, _violated(c)
        if role == "reset":
            body = f"{v} = 0"
        elif c.kind == "precedes":
            if role == "record":
                body = (f"{_gave_up(c)} = {_gave_up(c)} | ({v} == {PRECEDES_CAP}); "
                        f"{v} = ({v} <= {PRECEDES_CAP} -> {v} + 1 : {v})")
            else:
                body = (f"{x} = {x} | ({v} == 0); "
                        f"{v} = ({v} > 0 && {v} <= {PRECEDES_CAP} -> {v} - 1 : {v})")
        elif role == "record":
            body = f"{v} = 1"
        elif c.kind == "only_after":
            body = f"{x} = {x} | !{v}"
        else:
            body = f"{x} = {x} | {v}"
        if not guard:
            return [body + ";"]
        return [f"if :: {guard}{body} :: else -> skip fi;"]


def _violated(c: Cell) -> str:
    return f"lf_x{c.number}"


def _gave_up(c: Cell) -> str:
    return f"lf_y{c.number}"


def overflow_marker(item: PropItem) -> str:
    """Fails when a precedes monitor gives up: lifefsm then reports the property undecided."""
    return f"lf_o{item.number}"


def _any(conds: object) -> str | None:
    found: list[str] = []
    for c in conds:  # type: ignore[attr-defined]
        if c == "1":
            return "1"
        if c is not None:
            found.append(c)
    if not found:
        return None
    return found[0] if len(found) == 1 else "(" + " || ".join(found) + ")"
