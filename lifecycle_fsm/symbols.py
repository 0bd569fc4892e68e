"""Symbol tables built from the AST: what each name in a spec refers to.

check.py builds them and reports problems while doing so; lower.py reads them
to assemble the IR. They hold AST nodes and resolved types only.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from . import ast as A
from . import model as ir

# Attributes that the `transitions` library (or the generated model class) puts on a
# model object; a spec name landing on the model must not shadow them.
TRANSITIONS_ATTRIBUTES = frozenset({
    "state", "trigger", "machine", "model", "triggers", "get_triggers", "may_trigger",
    "clock", "signals", "send", "index", "step", "tick", "advance", "snapshot",
})
TRANSITIONS_PREFIXES = ("is_", "may_", "to_", "on_enter_", "on_exit_", "_")
# Python's keywords and soft keywords as of 3.12, written out rather than read from the
# running interpreter's `keyword` module, so that a spec is accepted or refused the same
# way on every supported Python (3.12 made 'type' a soft keyword).
PYTHON_RESERVED = frozenset({
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    "_", "case", "match", "type", "self",
})
# The keywords of .lfsm (tests/frontend check this list against grammar.lark). The lexer
# is contextual, so 'var count: 0..3' would parse, but 'when count > 0' would not: a
# name that is a keyword is refused where it is declared, with a clear message.
LFSM_KEYWORDS = frozenset({
    "after", "all", "and", "any", "bool", "clock", "const", "count", "deadlock", "do", "else", "emit",
    "eventually", "expect", "fair", "false", "final", "for", "free", "holds", "if", "implies", "import", "in",
    "initial", "input", "instance", "internal", "invariant", "let", "machine", "never", "not", "on", "only",
    "or", "param", "precedes", "property", "reachable", "receive", "require", "reset", "self", "send", "signal",
    "stable", "state", "system", "then", "to", "true", "type", "unfair", "urgent", "var", "violated", "when",
})


def reserved_reason(name: str, on_model: bool) -> str | None:
    """Why ``name`` cannot be used, or None; ``on_model``: it becomes a model attribute."""
    if name in LFSM_KEYWORDS:
        return "keyword"
    if name in PYTHON_RESERVED:
        return "python"
    if on_model:
        if name in TRANSITIONS_ATTRIBUTES:
            return "attribute"
        for p in TRANSITIONS_PREFIXES:
            if name.startswith(p):
                return "prefix:" + p
    return None


def suggest(name: str, candidates: list[str]) -> str | None:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if close:
        return close[0]
    low = {c.lower(): c for c in candidates}
    return low.get(name.lower())


@dataclass
class ParamInfo:
    ast: A.Param
    type: ir.Type | None = None
    default: ir.Value | None = None


@dataclass
class MachineInfo:
    ast: A.Machine
    params: dict[str, tuple[A.MachineParam, ir.Type | None]] = field(default_factory=dict)
    vars: dict[str, tuple[A.Var, ir.Type | None]] = field(default_factory=dict)
    clocks: dict[str, A.Clock] = field(default_factory=dict)
    events: dict[str, A.EventDecl] = field(default_factory=dict)
    states: dict[str, A.State] = field(default_factory=dict)
    parent: dict[str, str | None] = field(default_factory=dict)
    lets: dict[str, A.Let] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # states in pre-order
    _leaves: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)  # see leaves_under

    @property
    def name(self) -> str:
        return self.ast.name.text

    def leaves_under(self, state: str) -> tuple[str, ...]:
        """The leaf states inside ``state`` (itself if a leaf), in order; remembered per state.

        Checks ask this for every state and every transition source: recomputed, a
        parent of thousands of children made the checks quadratic.
        """
        known = self._leaves.get(state)
        if known is not None:
            return known
        s = self.states[state]
        out = (state,) if not s.children else tuple(leaf for c in s.children for leaf in self.leaves_under(c.name.text))
        self._leaves[state] = out
        return out

    def leaves(self) -> list[str]:
        return [s for s in self.order if not self.states[s].children]

    def initial_leaf(self, state: str) -> str:
        s = self.states[state]
        while s.children:
            init = [c for c in s.children if c.has("initial")] or list(s.children)
            s = init[0]
        return s.name.text

    def top_initial(self) -> str | None:
        tops = [s for s in self.ast.states if s.has("initial")] or list(self.ast.states[:1])
        return tops[0].name.text if tops else None


@dataclass
class SystemInfo:
    ast: A.System
    instances: dict[str, A.Instance] = field(default_factory=dict)
    lets: dict[str, A.Let] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.ast.name.text


@dataclass(frozen=True)
class InstType:
    """The type of an expression that denotes one instance (``self``, ``kubelet``, ``app[i]``, ``c``)."""

    machine: str
    inst: ir.Inst


@dataclass(frozen=True)
class ArrayType:
    """The type of a bare instance-array name (``app``): indexable, quantifiable."""

    machine: str
    array: str
