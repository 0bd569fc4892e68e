"""What the analysis of a pod produces: findings, runs, timelines, and the rule catalogue.

Every finding code is declared in the registry of diagnostic codes (errorcodes.py:
its default severity and its one-line summary) and here in RULES, with the
guarantees (G-ids of docs/guarantees.md) it rests on, and its source:

* ``config``: a fact of the configuration (the manifest and the API server's
  validation), computed today by findings.py;
* ``model``: a consequence that only the model check of spec/pod.lfsm at the
  pod's real values can establish (issue 14: real-time clocks; issue 15: the
  reference model with per-container values). These rules are declared so that
  their codes, texts and SARIF metadata are stable, but nothing emits them until
  a ModelCheck is wired into analysis.analyse; until then the output lists them
  as not checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from ..diagnostics import Note
from ..errorcodes import lookup
from ..source import Span
from .config import HandlerKind, PodConfig, Role


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Bounds:
    """A time in seconds from the request: at best ``best``, at worst ``worst`` (None: no upper bound)."""

    best: float
    worst: float | None


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One step of the shortest run that shows a finding, as a timeline row."""

    at: Bounds
    container: str | None  # None: the pod (the delete request, the kubelet)
    event: str


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    guarantees: tuple[str, ...]
    location: Span = field(compare=False)
    message: str = ""
    source: str = "config"  # "config" | "model" (see RULES)
    container: str | None = None
    notes: tuple[Note, ...] = field(default=(), compare=False)
    trace: tuple[TraceStep, ...] | None = None  # None: no run given (configuration facts need none)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    guarantees: tuple[str, ...]
    source: str
    applies: Callable[[PodConfig], bool] | None = field(default=None, compare=False)  # model rules: worth checking?

    @property
    def severity(self) -> Severity:
        """The default severity (errorcodes.py)."""
        return Severity(lookup(self.code).severity)

    @property
    def summary(self) -> str:
        return lookup(self.code).description


def _apps_and_sidecars(pod: PodConfig) -> tuple:  # type: ignore[type-arg]
    return tuple(c for c in pod.containers if c.role is not Role.INIT)


def _any_pre_stop(pod: PodConfig) -> bool:
    return any(c.pre_stop is not None for c in _apps_and_sidecars(pod))


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {r.code: r for r in rules}


RULES: dict[str, Rule] = _rules(
    # ---- configuration facts (findings.py) ----
    Rule("sh-c-arguments", ("G39", "G15", "G23"), "config"),
    Rule("tcpsocket-hook", ("G39", "G15", "G23"), "config"),
    Rule("sleep-exceeds-grace", ("G40",), "config"),
    Rule("init-container-lifecycle", ("G41",), "config"),
    Rule("duration-unknown", ("G12", "G17", "G20"), "config"),
    Rule("prestop-stops-main-process", ("G18", "G19", "G22"), "config"),
    Rule("restart-policy-not-allowed", (), "config"),
    Rule("duplicate-container-name", (), "config"),
    Rule("probe-grace-invalid", ("G33",), "config"),
    # ---- consequences established by the model check (not emitted until a ModelCheck is wired) ----
    Rule("prestop-exceeds-grace", ("G19", "G20", "G21", "G22"), "model", _any_pre_stop),
    Rule("prestop-term-exceeds-grace", ("G20", "G24"), "model", _any_pre_stop),
    Rule("grace-zero-prestop", ("G31", "G32"), "model",
         lambda pod: pod.grace.value == 0 and _any_pre_stop(pod)),
    Rule("poststart-may-hang", ("G12", "G16", "G17"), "model",
         lambda pod: any(c.post_start is not None for c in _apps_and_sidecars(pod))),
    Rule("httpget-hook-not-retried", ("G36", "G37"), "model",
         lambda pod: any(h is not None and h.kind is HandlerKind.HTTP_GET
                         for c in _apps_and_sidecars(pod) for h in (c.post_start, c.pre_stop))),
    Rule("sidecar-stop-order", ("G53",), "model", lambda pod: bool(pod.by_role(Role.SIDECAR))),
    Rule("init-failure-fails-pod", ("G50",), "model",
         lambda pod: bool(pod.by_role(Role.INIT)) and pod.restart_policy.value == "Never"),
    Rule("probe-kill-grace", ("G33", "G46"), "model",
         lambda pod: any(c.pre_stop is not None and (c.probe("liveness") or c.probe("startup"))
                         for c in _apps_and_sidecars(pod))),
)


def rule(code: str) -> Rule:
    return RULES[code]


def unchecked_model_rules(pod: PodConfig) -> tuple[str, ...]:
    """Model rules whose subject occurs in ``pod`` (so they would be checked), in catalogue order."""
    return tuple(r.code for r in RULES.values() if r.source == "model" and r.applies is not None and r.applies(pod))
