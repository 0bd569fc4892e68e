"""What the analysis of a pod produces: findings, runs, timelines, and the rule catalogue.

Every finding code is declared once in RULES, with its default severity, the
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
    severity: Severity
    guarantees: tuple[str, ...]
    source: str
    summary: str
    applies: Callable[[PodConfig], bool] | None = field(default=None, compare=False)  # model rules: worth checking?


def _apps_and_sidecars(pod: PodConfig) -> tuple:  # type: ignore[type-arg]
    return tuple(c for c in pod.containers if c.role is not Role.INIT)


def _any_pre_stop(pod: PodConfig) -> bool:
    return any(c.pre_stop is not None for c in _apps_and_sidecars(pod))


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {r.code: r for r in rules}


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
RULES: dict[str, Rule] = _rules(
    # ---- configuration facts (findings.py) ----
    Rule("sh-c-arguments", W, ("G39", "G15", "G23"), "config",
         "'sh -c' runs only the argument after -c; the arguments after it become $0, $1... (error when the "
         "command then fails every time)"),
    Rule("tcpsocket-hook", W, ("G39", "G15", "G23"), "config",
         "a tcpSocket lifecycle handler always fails at runtime (error for postStart: the container never runs)"),
    Rule("sleep-exceeds-grace", E, ("G40",), "config",
         "a sleep action longer than terminationGracePeriodSeconds: the API server rejects the pod"),
    Rule("init-container-lifecycle", E, ("G41",), "config",
         "lifecycle hooks or probes on a regular init container: the API server rejects the pod"),
    Rule("duration-unknown", INFO, ("G12", "G17", "G20"), "config",
         "a handler whose duration cannot be read from the manifest: it is analysed as any duration"),
    Rule("prestop-stops-main-process", W, ("G18", "G19", "G22"), "config",
         "a preStop handler that stops the container's main process itself"),
    Rule("restart-policy-not-allowed", E, (), "config",
         "a pod template restartPolicy the workload does not allow (Job/CronJob: OnFailure or Never; "
         "Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController: Always)"),
    Rule("duplicate-container-name", E, (), "config",
         "two containers of one pod share a name: the API server rejects the pod"),
    Rule("probe-grace-invalid", E, ("G33",), "config",
         "a probe terminationGracePeriodSeconds the API server rejects (set on a readiness probe, or below 1)"),
    # ---- consequences established by the model check (not emitted until a ModelCheck is wired) ----
    Rule("prestop-exceeds-grace", W, ("G19", "G20", "G21", "G22"), "model",
         "preStop can run as long as the grace period or longer: SIGKILL can arrive during the hook",
         _any_pre_stop),
    Rule("prestop-term-exceeds-grace", W, ("G20", "G24"), "model",
         "preStop plus the container's SIGTERM handling cannot fit in the grace period", _any_pre_stop),
    Rule("grace-zero-prestop", W, ("G31", "G32"), "model",
         "terminationGracePeriodSeconds 0 with a preStop hook: the hook may be skipped or cut to 1 s",
         lambda pod: pod.grace.value == 0 and _any_pre_stop(pod)),
    Rule("poststart-may-hang", W, ("G12", "G16", "G17"), "model",
         "a postStart handler that can hang holds the container (and the containers after it) out of Running",
         lambda pod: any(c.post_start is not None for c in _apps_and_sidecars(pod))),
    Rule("httpget-hook-not-retried", INFO, ("G36", "G37"), "model",
         "an httpGet hook is sent once and not retried; any HTTP status counts as success",
         lambda pod: any(h is not None and h.kind is HandlerKind.HTTP_GET
                         for c in _apps_and_sidecars(pod) for h in (c.post_start, c.pre_stop))),
    Rule("sidecar-stop-order", INFO, ("G53",), "model",
         "sidecars get TERM only after every app container has exited, in reverse order, while their preStop "
         "hooks start with the apps'", lambda pod: bool(pod.by_role(Role.SIDECAR))),
    Rule("init-failure-fails-pod", INFO, ("G50",), "model",
         "a failing regular init container fails the whole pod under restartPolicy Never",
         lambda pod: bool(pod.by_role(Role.INIT)) and pod.restart_policy.value == "Never"),
    Rule("probe-kill-grace", W, ("G33", "G46"), "model",
         "a liveness or startup kill uses the probe's own grace, which can cut the preStop short",
         lambda pod: any(c.pre_stop is not None and (c.probe("liveness") or c.probe("startup"))
                         for c in _apps_and_sidecars(pod))),
)


def rule(code: str) -> Rule:
    return RULES[code]


def unchecked_model_rules(pod: PodConfig) -> tuple[str, ...]:
    """Model rules whose subject occurs in ``pod`` (so they would be checked), in catalogue order."""
    return tuple(r.code for r in RULES.values() if r.source == "model" and r.applies is not None and r.applies(pod))
