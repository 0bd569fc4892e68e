"""How a bound system is laid out in Promela: instance groups, names, value codes, clock caps.

The Promela back end writes one model for one system at fixed parameter values.
Every instance declaration becomes a *group* (a single instance is a group of
one) whose leaf states, variables and clocks are global arrays indexed by the
element's position. Leaf states and enum members are small integer codes;
booleans are 0/1. All of it is decided here, once, so that the emitters only
look names up: the output is deterministic (declaration order everywhere) and
the SPIN state vector holds exactly the lifefsm global state (leaf, vars,
clocks of every instance) and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import model as ir
from ..escape import c_comment
from ..instantiate import System
from ..source import Span
from .writer import Writer


class PromelaError(Exception):
    """The model cannot be written as Promela at these parameter values (stated in the message).

    ``span``: the place in the spec to point at (None: the system); ``code``: the diagnostic's code.
    """

    def __init__(self, message: str, span: Span | None = None, code: str = "promela-unsupported") -> None:
        super().__init__(message)
        self.span = span
        self.code = code


@dataclass(frozen=True, slots=True)
class Group:
    """One instance declaration, expanded: its machine, size and the Promela names of its data."""

    name: str
    machine: ir.MachineDef
    size: int
    is_array: bool
    st: str  # array of leaf codes
    vars: tuple[tuple[str, str], ...]  # (var name, Promela array name), declaration order
    clocks: tuple[tuple[str, str], ...]  # (clock name, Promela array name)
    mparams: tuple[tuple[tuple[str, ir.Value], ...], ...]  # per element: (name, value)

    def bias(self, name: str) -> int:
        """What is added to a variable's value to store it: -lo for a range below 0, else 0.

        Promela array initialisers take only non-negative literals, so negative ranges are
        stored shifted up to start at 0.
        """
        for v in self.machine.vars:
            if v.name == name and isinstance(v.type, ir.IntT) and v.type.lo is not None and v.type.lo < 0:
                return -v.type.lo
        return 0

    def var(self, name: str) -> str:
        return ir.lookup(self.vars + self.clocks, name)

    def mparam(self, k: int, name: str) -> ir.Value:
        return ir.lookup(self.mparams[k], name)

    def display(self, k: int) -> str:
        return f"{self.name}[{k}]" if self.is_array else self.name

    def ident(self, k: int) -> str:
        """A Promela-identifier-safe name of element ``k`` (for markers and claims)."""
        return f"{self.name}_{k}" if self.is_array else self.name


@dataclass(frozen=True, slots=True)
class Layout:
    """The whole system at fixed parameters: groups in declaration order, codes and clock caps."""

    model: ir.Model
    system: ir.SystemDef
    params: tuple[tuple[str, ir.Value], ...]
    groups: tuple[Group, ...]
    caps: tuple[tuple[tuple[str, str], int], ...]  # ((machine, clock), cap)
    names: tuple[tuple[tuple[str, str], str], ...]  # ((machine or enum, leaf or member), macro)
    source: System  # the instantiated system this lays out

    def param(self, name: str) -> ir.Value:
        return ir.lookup(self.params, name)

    def group(self, name: str) -> Group:
        return ir.by_name(self.groups, name)

    def cap(self, machine: str, clock: str) -> int:
        return ir.lookup(self.caps, (machine, clock))

    def state_name(self, machine: str, leaf: str) -> str:
        return self._name(machine, leaf)

    def enum_name(self, enum: str, member: str) -> str:
        return self._name("enum " + enum, member)

    def _name(self, a: str, b: str) -> str:
        return ir.lookup(self.names, (a, b))

    def elements(self) -> Iterator[tuple[Group, int]]:
        for g in self.groups:
            for k in range(g.size):
                yield g, k


def leaf_code(m: ir.MachineDef, leaf: str) -> int:
    return m.leaves.index(leaf)


def enum_code(t: ir.EnumT, member: str) -> int:
    return t.members.index(member)


def value_code(v: ir.Value, t: ir.Type) -> int:
    """The integer that stands for ``v`` in the Promela model."""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    assert isinstance(t, ir.EnumT), f"enum value {v!r} of type {t}"
    return enum_code(t, v)


def promela_type(t: ir.Type) -> str:
    """The narrowest Promela type that holds every stored value of ``t`` (codes, biased ints)."""
    if isinstance(t, ir.BoolT):
        return "bit"
    if isinstance(t, ir.EnumT):
        return "byte"
    if isinstance(t, ir.ClockT):
        return "byte"
    assert isinstance(t, ir.IntT) and t.lo is not None and t.hi is not None
    hi = t.hi - min(t.lo, 0)
    if hi <= 255:
        return "byte"
    if hi <= 32767:
        return "short"
    return "int"


_IDENT = re.compile(r"[^A-Za-z0-9_]")


def cmt(text: str) -> str:
    """A one-line Promela comment showing ``text`` (escaped: nothing in it can end the comment)."""
    return f"/* {c_comment(text)} */"


def ident(text: str) -> str:
    return _IDENT.sub("_", text)


def build_layout(system: System) -> Layout:
    """The Promela layout of an instantiated system: a group per declaration, names, caps.

    SPIN stores clocks saturated at their caps, so a use of a clock no cap covers is refused."""
    problem = next((u for u in system.clocks.unsupported if u.kind != "outside-comparison"), None)
    if problem is not None:
        raise PromelaError(f"clock '{problem.clock}' is compared ({problem.op}) with an expression without a known "
                           "upper bound; its cap is undefined")
    model = system.model
    groups: list[Group] = []
    used: set[str] = set()
    names: list[tuple[tuple[str, str], str]] = []
    for m in model.machines:
        names.extend(((m.name, leaf), _unique(f"{m.name}_{leaf}", used)) for leaf in m.leaves)
    for en in model.enums:
        names.extend((("enum " + en.name, mem), _unique(f"{en.name}_{mem}", used)) for mem in en.members)
    for d in system.declarations:
        m = d.machine
        st = _unique(f"{d.name}_st", used)
        vars_ = tuple((v.name, _unique(f"{d.name}_{v.name}", used)) for v in m.vars)
        clocks = tuple((c, _unique(f"{d.name}_{c}", used)) for c in m.clocks)
        groups.append(Group(d.name, m, d.size, d.is_array, st, vars_, clocks, tuple(e.args for e in d.elements)))
    caps = tuple(((f.machine, f.clock), f.cap) for f in system.clocks.facts)
    return Layout(model, system.definition, tuple(sorted(system.params)), tuple(groups), caps, tuple(names), system)


# Names the generated text uses itself, and Promela's own: a spec name that would collide
# (machine 'TICK' with a state 'OK', instance 'c' with a variable 'code') gets a suffix.
_FIXED = re.compile(r"^(G\d+(_UNDEFINED)?|TICK_OK|TICK_MOVES|TICK_UNDEFINED|ALL_FINAL|STUCK|LF_MUTED|lf_\w*|"
                    r"d_step|c_code|c_expr|c_decl|c_state|c_track|np_)$")


def _unique(name: str, used: set[str]) -> str:
    base = ident(name)
    if _FIXED.match(base):  # a suffix cannot help a prefix match ('lf_st' + '_2' is still 'lf_...')
        base = "u" + base
    out, n = base, 1
    while out in used or _FIXED.match(out):
        n += 1
        out = f"{base}_{n}"
    used.add(out)
    return out


def promela_writer() -> Writer:
    """A code writer with Promela's two-space indentation."""
    return Writer(indent_unit="  ")
