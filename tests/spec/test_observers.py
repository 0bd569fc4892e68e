"""The observers of the pod model watch, and only watch (spec/pod/container.lfsm, docs/guarantees.md).

The language cannot attach a clock or a variable to a signal by itself yet, so the spec keeps
its observers (names starting with ``obs_``) inside the machines. These tests enforce, on the
IR, the two rules that make them observers rather than the model's own bookkeeping:

* the mechanism never reads them: no guard, no state invariant and no assignment to a
  mechanism variable mentions an observer (so a property over observers cannot be satisfied
  by the mechanism adapting to it);
* they change only where something observable happens: a transition that updates an observer
  emits a signal or is taken on an environment event or a message from the kubelet (a delete,
  an exit, a probe result, a kill), and an observer's new value is computed from observers,
  the configuration and the API's deletion state only, never from the mechanism.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lifecycle_fsm import load_spec
from lifecycle_fsm import model as ir
from lifecycle_fsm.intervals import children

SPEC = Path(__file__).resolve().parents[2] / "spec"
MACHINES = ("Container", "Kubelet")
# what an observer may read besides other observers: the API's deletionTimestamp
OBSERVABLE_STATE = {("kubelet", "deleting")}


def _model() -> ir.Model:
    return load_spec(SPEC / "pod.lfsm")


def _lets() -> dict[str, list[ir.Expr]]:
    """Every `let` of the pod's machines and system, by name (a name bound in two machines maps to
    both definitions: reading either counts)."""
    model = _model()
    out: dict[str, list[ir.Expr]] = {}
    for m in model.machines:
        for d in m.lets:
            out.setdefault(d.name, []).append(d.value)
    return out


LETS = _lets()


def refs(e: ir.Expr, seen: frozenset[str] = frozenset()) -> Iterator[ir.VarRef]:
    """The variables and clocks ``e`` reads, through the `let`s it names (a `let` reference is a
    VarRef to the let's name: its definition is read instead, so a guard cannot hide an observer
    behind a `let`)."""
    if isinstance(e, ir.VarRef):
        if e.name in LETS:
            if e.name not in seen:
                for value in LETS[e.name]:
                    yield from refs(value, seen | {e.name})
            return
        yield e
    for c in children(e):
        yield from refs(c, seen)


def owner(r: ir.VarRef) -> str:
    inst = r.inst
    return inst.name if isinstance(inst, ir.NamedInst) else "self"


def is_obs(name: str) -> bool:
    return name.startswith("obs_")


def machines() -> list[ir.MachineDef]:
    model = _model()
    return [m for m in model.machines if m.name in MACHINES]


def test_the_model_has_observers() -> None:
    """A guard against testing nothing: both machines keep observers and update them."""
    for m in machines():
        assert any(is_obs(v.name) for v in m.vars) or any(is_obs(c) for c in m.clocks), m.name
        assert any(isinstance(f, ir.Assign) and is_obs(f.var) for t in m.transitions for f in t.effects), m.name


@pytest.mark.parametrize("name", MACHINES)
def test_the_mechanism_never_reads_an_observer(name: str) -> None:
    m = next(x for x in machines() if x.name == name)
    read: list[str] = []
    for s in m.states:
        read += [f"invariant of {s.name}: {r.name}" for e in s.invariants for r in refs(e) if is_obs(r.name)]
    for t in m.transitions:
        where = f"{'/'.join(t.declared_sources)} -> {t.declared_target} on {t.event}"
        if t.guard is not None:
            read += [f"guard of {where}: {r.name}" for r in refs(t.guard) if is_obs(r.name)]
        for f in t.effects:
            if isinstance(f, ir.Assign) and not is_obs(f.var):
                read += [f"{f.var} = ... in {where}: {r.name}" for r in refs(f.value) if is_obs(r.name)]
            if isinstance(f, ir.SendEvent) and f.index is not None:
                read += [f"send in {where}: {r.name}" for r in refs(f.index) if is_obs(r.name)]
    assert not read, read


@pytest.mark.parametrize("name", MACHINES)
def test_observers_change_only_on_observable_occurrences(name: str) -> None:
    m = next(x for x in machines() if x.name == name)
    kinds = {e.name: e.kind for e in m.events}
    bad: list[str] = []
    for t in m.transitions:
        where = f"{'/'.join(t.declared_sources)} -> {t.declared_target} on {t.event}"
        updates = [f for f in t.effects if (isinstance(f, ir.Assign) and is_obs(f.var))
                   or (isinstance(f, ir.ResetClock) and is_obs(f.clock))]
        if not updates:
            continue
        observable = kinds[t.event] in ("input", "receive") or any(isinstance(f, ir.EmitSignal) for f in t.effects)
        if not observable:
            bad.append(f"{where}: updates an observer on an internal step that emits nothing")
        for f in updates:
            if isinstance(f, ir.Assign):
                bad += [f"{f.var} in {where} reads {owner(r)}.{r.name}" for r in refs(f.value)
                        if not is_obs(r.name) and (owner(r), r.name) not in OBSERVABLE_STATE]
    assert not bad, bad


def test_refs_look_inside_lets() -> None:
    """The first start's guard names only a `let` (can_start_first) besides the role: the rules
    above see through it to the mechanism variables it reads (a sidecar's `passed`, the
    back-off's clock), so an observer hidden behind a `let` would be seen too."""
    m = next(x for x in machines() if x.name == "Container")
    start = next(t for t in m.transitions if t.event == "start")
    assert start.guard is not None
    read = {r.name for r in refs(start.guard)}
    assert {"passed", "t", "crashes"} <= read, read
