"""The literal data of a machine class, computed once for the code generator and the runtime.

Generated modules print these tables as literals (backends/python.py); the in-process
runtime (lifecycle_fsm.runtime) builds its classes from the very same tables. So the
two can differ only in how expressions are evaluated, never in structure:
state lists, transition order, method names, caps and event kinds all come
from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as ir
from ..instantiate import System


def guard_method(t: ir.TransitionDef) -> str:
    return f"_lf_g{t.id}"


def effect_method(t: ir.TransitionDef) -> str:
    return f"_lf_e{t.id}"


@dataclass(frozen=True, slots=True)
class MachineTable:
    """Everything about one machine class that is data, not code."""

    name: str
    leaves: tuple[str, ...]
    initial: str
    transitions: tuple[tuple[tuple[str, object], ...], ...]  # transitions' add_transition kwargs, in order
    kinds: tuple[tuple[str, str], ...]  # event -> kind (signals excluded), declaration order
    internal: tuple[str, ...]
    triggerable: tuple[str, ...]  # input and internal events: public methods
    vars: tuple[str, ...]
    clocks: tuple[str, ...]
    caps: tuple[tuple[str, int], ...]
    params: tuple[str, ...]
    lets: tuple[str, ...]
    urgent: tuple[str, ...]
    invariant_of: tuple[tuple[str, str], ...]  # leaf -> method name
    chain: tuple[tuple[str, tuple[str, ...]], ...]  # leaf -> (leaf, parent, ..., top)
    state_leaves: tuple[tuple[str, tuple[str, ...]], ...]  # every state -> the leaves under it


def invariant_method(index: int) -> str:
    return f"_lf_i{index}"


def machine_table(m: ir.MachineDef, bound: System) -> MachineTable:
    leaves = m.leaves
    rows: list[tuple[tuple[str, object], ...]] = []
    for t in m.transitions:
        row: list[tuple[str, object]] = [("trigger", t.event), ("source", list(t.sources)), ("dest", t.target)]
        if t.guard is not None:
            row.append(("conditions", guard_method(t)))
        if t.effects:
            row.append(("before", effect_method(t)))
        rows.append(tuple(row))
    kinds = tuple((e.name, e.kind) for e in m.events if e.kind != "signal")
    parents = {s.name: s.parent for s in m.states}
    chain = []
    for leaf in leaves:
        c: list[str] = []
        cur: str | None = leaf
        while cur is not None:
            c.append(cur)
            cur = parents[cur]
        chain.append((leaf, tuple(c)))
    under = []
    for s in m.states:
        under.append((s.name, tuple(leaf for leaf, c in chain if s.name in c)))
    inv = []
    for k, leaf in enumerate(leaves):
        if m.state(leaf).invariants:
            inv.append((leaf, invariant_method(k)))
    return MachineTable(
        name=m.name,
        leaves=leaves,
        initial=m.initial,
        transitions=tuple(rows),
        kinds=kinds,
        internal=tuple(n for n, k in kinds if k == "internal"),
        triggerable=tuple(n for n, k in kinds if k in ("input", "internal")),
        vars=tuple(v.name for v in m.vars),
        clocks=m.clocks,
        caps=tuple((c, bound.clocks.cap(m.name, c)) for c in m.clocks),
        params=tuple(p.name for p in m.params),
        lets=tuple(let.name for let in m.lets),
        urgent=tuple(leaf for leaf in leaves if m.state(leaf).urgent),
        invariant_of=tuple(inv),
        chain=tuple(chain),
        state_leaves=tuple(under),
    )
