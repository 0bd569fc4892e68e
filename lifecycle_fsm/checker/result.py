"""What a model-checking run returns: statistics, one verdict per property, counterexamples.

These frozen dataclasses are the contract between the checker and its users (the CLI,
the pytest and diagram back ends). They hold plain strings and numbers, so a result can
be printed, compared in tests and written as JSON without reaching back into the search.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Value
from ..source import Span


@dataclass(frozen=True, slots=True)
class Receipt:
    """A receiver that took a transition on a sent event within a step."""

    instance: str
    event: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One atomic step of a trace: a discrete step of one instance (with its receivers) or a tick.

    ``time`` counts the ticks so far, this step included; ``changes`` lists every value the
    step changed (``app[1].state`` for the current leaf, then variables, then clocks, whose
    values are the real elapsed ticks since the last reset, not the saturated stored ones);
    ``states`` gives every instance's leaf after the step.
    """

    label: str
    instance: str | None
    event: str | None
    span: Span | None
    signals: tuple[tuple[str, str], ...]
    time: int
    changes: tuple[tuple[str, str], ...]
    states: tuple[tuple[str, str], ...]
    receipts: tuple[Receipt, ...] = ()


@dataclass(frozen=True, slots=True)
class Trace:
    """A counterexample: steps from the initial state; for liveness, ``steps[loop_start:]`` repeat forever.

    ``initial`` holds every value of the initial state (``kubelet.state``, ``app[0].restarts``, ...).
    """

    steps: tuple[Step, ...]
    loop_start: int | None = None
    initial: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PropertyResult:
    """The verdict on one property; ``holds`` is None when the search was incomplete and found no violation."""

    name: str
    owner: str
    cites: tuple[str, ...]
    kind: str  # invariant | deadlock | order | only_when | leads_to | builtin
    expect_holds: bool
    holds: bool | None
    trace: Trace | None
    message: str
    span: Span | None = None

    @property
    def as_expected(self) -> bool | None:
        """True if the verdict matches the declared expectation, None if undecided."""
        return None if self.holds is None else self.holds == self.expect_holds


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One exhaustive run over one system for one binding of the parameters.

    ``states`` counts the reachable states of the model (leaves, variables, clocks; no property
    monitors), as stored: the symmetry quotient when symmetry reduction is on. ``full_states`` is
    the same count without symmetry reduction (what SPIN reports), computed exactly from orbit
    sizes; ``stored_states`` counts what the search stored (model state plus property monitors).
    ``transitions`` counts the steps explored from stored states (ticks that change nothing excluded).
    """

    system: str
    params: dict[str, Value]
    states: int
    transitions: int
    depth: int
    seconds: float
    complete: bool
    symmetry_factor: float
    peak_memory_bytes: int
    properties: list[PropertyResult]
    full_states: int = 0
    stored_states: int = 0
    bytes_per_state: float = 0.0
    symmetry: tuple[str, ...] = ()  # the instance arrays reduced by symmetry
    symmetry_notes: tuple[str, ...] = ()  # why other arrays were not reduced
    stop_reason: str = ""  # empty when complete; else 'max-states' or 'interrupted'
    notes: tuple[str, ...] = field(default=())
    time: str = "tick"  # tick | symbolic: which engine produced the counts (zones/check.py)

    @property
    def states_per_second(self) -> float:
        return self.stored_states / self.seconds if self.seconds > 0 else 0.0

    @property
    def ok(self) -> bool:
        """Every property has its expected verdict and the search was complete."""
        return self.complete and all(p.as_expected for p in self.properties)
