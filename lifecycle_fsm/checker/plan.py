"""The concrete system for one run: instances expanded, parameters bound, state packed into one int.

A global state is one Python int. Every instance owns a contiguous block of bits holding
its clocks, its current leaf and its variables (and the monitors of properties about that
instance); monitors of properties about nothing in particular sit in a block above all
instances. Blocks of the elements of an instance array have the same layout, so symmetry
reduction can sort them as plain integers. A field with a single possible value takes no
bits. Values are stored as offsets from the low end of their range: an enum as its member
index, a bool as 0/1, a clock as 0..cap (the cap meaning "cap or more").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .. import messages as M
from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..evaluate import EvalError, evaluate
from . import messages as CM


@dataclass(frozen=True, slots=True)
class Instance:
    """One instance of the system: a single instance, or one element of an array."""

    gid: int
    name: str  # display name: 'kubelet', 'app[1]'
    decl: str  # the declared instance or array name
    index: int
    is_array: bool
    machine: ir.MachineDef
    args: tuple[tuple[str, ir.Value], ...]

    def arg(self, name: str) -> ir.Value:
        for k, v in self.args:
            if k == name:
                return v
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Field:
    """A packed field of the global state: a leaf, a variable, a clock or a property monitor."""

    name: str  # display: 'app[1].state', 'app[1].restarts', 'mon:g24[app[1]]'
    gid: int  # owning instance, -1 for the global block
    kind: str  # leaf | var | clock | mon
    key: str  # variable or clock name; '' for leaves; monitor id for monitors
    offset: int
    bits: int
    lo: int  # semantic value stored as 0
    hi: int
    type: ir.Type | None  # for vars: their type (enum decoding); None otherwise

    @property
    def mask(self) -> int:
        return (1 << self.bits) - 1


@dataclass(frozen=True, slots=True)
class MonitorField:
    """A monitor field requested by a property: owned by an instance (gid) or global (-1)."""

    gid: int
    key: str
    hi: int
    label: str


@dataclass(frozen=True, slots=True)
class Layout:
    fields: tuple[Field, ...]
    blocks: tuple[tuple[int, int], ...]  # per gid: (offset, width)
    total_bits: int

    def field(self, gid: int, kind: str, key: str = "") -> Field:
        for f in self.fields:
            if f.gid == gid and f.kind == kind and f.key == key:
                return f
        raise KeyError((gid, kind, key))

    @property
    def model_mask(self) -> int:
        """The bits of leaves, variables and clocks (everything but monitors)."""
        m = 0
        for f in self.fields:
            if f.kind != "mon":
                m |= f.mask << f.offset
        return m


def bits_for(count: int) -> int:
    """Bits to store ``count`` distinct values (0 for a single value)."""
    return max(count - 1, 0).bit_length()


class StaticContext:
    """Evaluates expressions that depend only on parameters and machine parameters."""

    def __init__(self, params: dict[str, ir.Value], instances: dict[str, list[Instance]],
                 self_inst: Instance | None = None):
        self.params = params
        self.instances = instances
        self.self_inst = self_inst

    def param(self, name: str) -> ir.Value:
        return self.params[name]

    def resolve(self, inst: ir.Inst, bound: dict[str, object]) -> object:
        if isinstance(inst, ir.SelfInst):
            if self.self_inst is None:
                raise EvalError("self outside a machine")
            return self.self_inst
        if isinstance(inst, ir.NamedInst):
            return self.instances[inst.name][0]
        if isinstance(inst, ir.BoundInst):
            return bound[inst.var]
        idx = evaluate(inst.index, self, bound)
        members = self.instances[inst.array]
        if not isinstance(idx, int) or isinstance(idx, bool) or not 0 <= idx < len(members):
            raise EvalError(CM.index_out_of_bounds(inst.array, idx, len(members)))
        return members[idx]

    def var(self, inst: object, name: str) -> ir.Value:
        raise EvalError("not a static expression")

    def mparam(self, inst: object, name: str) -> ir.Value:
        assert isinstance(inst, Instance)
        return inst.arg(name)

    def state(self, inst: object) -> str:
        raise EvalError("not a static expression")

    def index(self, inst: object) -> int:
        assert isinstance(inst, Instance)
        return inst.index

    def members(self, array: str) -> list[object]:
        return list(self.instances[array])


def group_instances(system: ir.SystemDef, instances: Sequence[Instance]) -> dict[str, list[Instance]]:
    """Declaration name -> its instances in index order; an array of size 0 maps to an empty list."""
    out: dict[str, list[Instance]] = {d.name: [] for d in system.instances}
    for i in instances:
        out[i.decl].append(i)
    return out


def expand_instances(model: ir.Model, system: ir.SystemDef, params: dict[str, ir.Value]) -> list[Instance]:
    """Every instance of ``system`` in declaration order, arrays expanded in index order."""
    out: list[Instance] = []
    ctx = StaticContext(params, {})
    diags: list[Diagnostic] = []
    for d in system.instances:
        m = model.machine(d.machine)
        args = tuple((k, evaluate(v, ctx)) for k, v in d.args)
        if d.size is None:
            out.append(Instance(len(out), d.name, d.name, 0, False, m, args))
            continue
        size = evaluate(d.size, ctx)
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            diags.append(Diagnostic("bad-array-size", CM.bad_array_size(d.name, size), d.span))
            continue
        if len(out) + size > ir.MAX_INSTANCES:
            raise LfsmError([Diagnostic("too-many-instances", M.too_many_instances(d.name, size, ir.MAX_INSTANCES),
                                        d.span)])
        for i in range(size):
            out.append(Instance(len(out), f"{d.name}[{i}]", d.name, i, True, m, args))
    if diags:
        raise LfsmError(diags)
    return out


def build_layout(instances: list[Instance], caps: dict[tuple[str, str], int],
                 monitors: list[MonitorField]) -> Layout:
    """Assign bit offsets: instance blocks in order, then the global monitor block."""
    fields: list[Field] = []
    blocks: list[tuple[int, int]] = []
    off = 0

    def add(name: str, gid: int, kind: str, key: str, lo: int, hi: int, t: ir.Type | None) -> None:
        nonlocal off
        b = bits_for(hi - lo + 1)
        fields.append(Field(name, gid, kind, key, off, b, lo, hi, t))
        off += b

    for inst in instances:
        start = off
        m = inst.machine
        # Clocks take the lowest bits of a block: a tick then never changes the order of two
        # blocks of one array when the machine has a single clock (see codegen.tick).
        for c in m.clocks:
            add(f"{inst.name}.{c}", inst.gid, "clock", c, 0, caps.get((m.name, c), 0), None)
        add(f"{inst.name}.state", inst.gid, "leaf", "", 0, len(m.leaves) - 1, None)
        for v in m.vars:
            lo, hi = value_range(v.type)
            add(f"{inst.name}.{v.name}", inst.gid, "var", v.name, lo, hi, v.type)
        for mon in monitors:
            if mon.gid == inst.gid:
                add(mon.label, inst.gid, "mon", mon.key, 0, mon.hi, None)
        blocks.append((start, off - start))
    for mon in monitors:
        if mon.gid == -1:
            add(mon.label, -1, "mon", mon.key, 0, mon.hi, None)
    return Layout(tuple(fields), tuple(blocks), off)


def value_range(t: ir.Type) -> tuple[int, int]:
    if isinstance(t, ir.BoolT):
        return 0, 1
    if isinstance(t, ir.EnumT):
        return 0, len(t.members) - 1
    assert isinstance(t, ir.IntT) and t.lo is not None and t.hi is not None
    return t.lo, t.hi


def to_code(v: ir.Value, t: ir.Type | None) -> int:
    """A semantic value as the int the generated code computes with (enum: member index)."""
    if isinstance(v, str):
        assert isinstance(t, ir.EnumT)
        return t.members.index(v)
    return int(v)


def from_code(c: int, f: Field) -> ir.Value:
    """The semantic value of a field's computed int."""
    t = f.type
    if isinstance(t, ir.EnumT):
        return t.members[c]
    if isinstance(t, ir.BoolT):
        return bool(c)
    return c


def unpack(s: int, layout: Layout) -> list[int]:
    """Every field's computed value (stored offset plus low end), in layout order."""
    return [((s >> f.offset) & f.mask) + f.lo for f in layout.fields]


def pack(values: list[int], layout: Layout) -> int:
    s = 0
    for f, v in zip(layout.fields, values):
        s |= (v - f.lo) << f.offset
    return s


@dataclass(frozen=True, slots=True)
class Move:
    """A discrete move: instance ``gid`` takes ``transition`` (an input or internal event); or the tick."""

    id: int
    gid: int  # -1 for the tick
    transition: ir.TransitionDef | None

    @property
    def is_tick(self) -> bool:
        return self.transition is None


def move_table(instances: list[Instance]) -> list[Move]:
    """Move 0 is the tick; then every (instance, spontaneous transition) in declaration order."""
    moves = [Move(0, -1, None)]
    for inst in instances:
        kinds = {e.name: e.kind for e in inst.machine.events}
        for t in inst.machine.transitions:
            if kinds.get(t.event) in ("input", "internal"):
                moves.append(Move(len(moves), inst.gid, t))
    return moves


_K = TypeVar("_K")
_V = TypeVar("_V")


class PerObject(Generic[_K, _V]):
    """``fn(x)`` computed once per object ``x`` (by identity: frozen plans and layouts of thousands of
    fields are costly to hash), for the derived tables the interpreter and the generator look up."""

    def __init__(self, fn: Callable[[_K], _V]) -> None:
        self.fn = fn
        self.cache: dict[int, tuple[_K, _V]] = {}

    def __call__(self, x: _K) -> _V:
        hit = self.cache.get(id(x))
        if hit is None or hit[0] is not x:
            if len(self.cache) > 64:
                self.cache.clear()
            hit = self.cache[id(x)] = (x, self.fn(x))
        return hit[1]
