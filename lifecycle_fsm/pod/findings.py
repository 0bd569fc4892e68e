"""Findings that are facts of the configuration: no run of the model is needed to know them.

Each check reads a PodConfig and reports, at the manifest position of the field
concerned, something the manifest itself establishes: what the API server's
validation rejects (pkg/apis/core/validation: validateSleepAction, the init
container rules of validateInitContainers, the readiness probe grace rule,
unique container names; the Job and controller restartPolicy rules of
pkg/apis/batch and pkg/apis/apps validation), what the kubelet does with a
handler regardless of timing (tcpSocket hooks fail: handlers.go Run), and what
an exec command does by its shape (commands.py). Findings about timing (does the
preStop fit in the grace, when does SIGKILL come) are the model's: results.py
lists them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Note
from ..messages import say
from ..source import Span
from .config import CommandAnalysis, Container, Field, Handler, HandlerKind, PodConfig, Role
from .results import Finding, Severity, rule

RESTART_POLICIES = {"Job": ("OnFailure", "Never"), "CronJob": ("OnFailure", "Never")}
CONTROLLERS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController")


def _finding(code: str, location: Span, message: str, container: Container | None = None,
             severity: Severity | None = None, notes: tuple[Note, ...] = (),
             guarantees: tuple[str, ...] | None = None) -> Finding:
    r = rule(code)
    return Finding(code, severity or r.severity, r.guarantees if guarantees is None else guarantees, location,
                   message, "config", container.name.value if container else None, notes)


def config_findings(pod: PodConfig) -> list[Finding]:
    """Every configuration finding of ``pod``, in manifest order."""
    out = list(_pod_level(pod))
    for c in pod.containers:
        out.extend(_container(pod, c))
    return sorted(out, key=lambda f: (f.location.line, f.location.column, f.code))


def _pod_level(pod: PodConfig) -> Iterator[Finding]:
    policy = pod.restart_policy
    allowed = RESTART_POLICIES.get(pod.kind) or (("Always",) if pod.kind in CONTROLLERS else None)
    if allowed is not None and policy.value not in allowed:
        yield _finding("restart-policy-not-allowed", policy.span,
                       say("pod.restart-policy-default-not-allowed" if policy.defaulted else
                           "pod.restart-policy-not-allowed", kind=pod.kind, policy=policy.value,
                           allowed=", ".join(allowed)))
    seen: dict[str, Field[str]] = {}
    for c in pod.containers:
        first = seen.setdefault(c.name.value, c.name)
        if first is not c.name:
            yield _finding("duplicate-container-name", c.name.span, say("pod.duplicate-container-name",
                                                                        name=c.name.value), c,
                           notes=(Note(say("pod.first-key-here", key=c.name.value), first.span),))


def _container(pod: PodConfig, c: Container) -> Iterator[Finding]:
    if c.role is Role.INIT:
        if c.lifecycle_span is not None:
            yield _finding("init-container-lifecycle", c.lifecycle_span,
                           say("pod.init-container-lifecycle", field="lifecycle", name=c.name.value), c)
        for p in c.probes:
            yield _finding("init-container-lifecycle", p.span,
                           say("pod.init-container-lifecycle", field=f"{p.kind}Probe", name=c.name.value), c)
    for h in (c.post_start, c.pre_stop):
        if h is not None:
            yield from _handler(pod, c, h)
    for p in c.probes:
        yield from _shell_mistake(c, p.command.span if p.command else p.span, p.analysis, ("G39", "G46"))
        grace = p.termination_grace
        if grace is not None and p.kind == "readiness":
            yield _finding("probe-grace-invalid", grace.span, say("pod.probe-grace-readiness"), c)
        elif grace is not None and grace.value < 1:
            yield _finding("probe-grace-invalid", grace.span, say("pod.probe-grace-not-positive",
                                                                  probe=f"{p.kind}Probe", value=grace.value), c)
    if c.argv is not None:
        yield from _shell_mistake(c, c.argv.span, c.argv_analysis, ("G42",))


def _handler(pod: PodConfig, c: Container, h: Handler) -> Iterator[Finding]:
    hook_g = "G15" if h.hook == "postStart" else "G23"
    if h.kind is HandlerKind.TCP_SOCKET:
        yield _finding("tcpsocket-hook", h.span,
                       say("pod.tcpsocket-poststart" if h.hook == "postStart" else "pod.tcpsocket-prestop"), c,
                       Severity.ERROR if h.hook == "postStart" else Severity.WARNING, guarantees=("G39", hook_g))
    if h.kind is HandlerKind.SLEEP and h.seconds is not None and h.seconds.value > pod.grace.value:
        yield _finding("sleep-exceeds-grace", h.seconds.span,
                       say("pod.sleep-exceeds-default-grace" if pod.grace.defaulted else "pod.sleep-exceeds-grace",
                           seconds=h.seconds.value, grace=pod.grace.value), c,
                       notes=(Note(say("pod.grace-default" if pod.grace.defaulted else "pod.grace-here",
                                       grace=pod.grace.value), pod.grace.span),))
    a = h.analysis
    if h.command is not None:
        yield from _shell_mistake(c, h.command.span, a, ("G39", hook_g))
    if a is not None and a.stops_main is not None and h.hook == "preStop" and c.role is not Role.INIT:
        yield _finding("prestop-stops-main-process", h.command.span if h.command else h.span,
                       say("pod.prestop-stops-main-waits" if a.waits_for_exit else "pod.prestop-stops-main",
                           command=a.stops_main), c)
    if h.duration.hi is None and not h.duration.never_returns and c.role is not Role.INIT:
        guarantees = ("G12", "G17") if h.hook == "postStart" else ("G20",)
        yield _finding("duration-unknown", h.command.span if h.command else h.span,
                       say("pod.duration-unknown", hook=h.hook, what=h.how), c, guarantees=guarantees)


def _shell_mistake(c: Container, where: Span, a: CommandAnalysis | None,
                   guarantees: tuple[str, ...]) -> Iterator[Finding]:
    m = a.sh_c_mistake if a is not None else None
    if m is not None:
        message = say("pod.sh-c-arguments-fails" if m.fails else "pod.sh-c-arguments", shell=m.shell,
                      script=m.script, extra=" ".join(m.ignored))
        yield _finding("sh-c-arguments", where, message, c,
                       Severity.ERROR if m.fails else Severity.WARNING, guarantees=guarantees)
