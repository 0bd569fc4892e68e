"""PodConfig: what a manifest says about one pod's lifecycle, typed, frozen, with positions.

Everything here is read from the manifest (or is the documented API default
when the manifest leaves a field out, marked ``defaulted``); nothing is
inferred about behaviour. Each value carries the span of the manifest text it
came from (a defaulted value points at the object that lacks the field), so a
finding can point at the exact field. Spans are excluded from equality, so
tests compare configurations without positions.

Container order is the kubelet's start order: init containers (regular ones
and sidecars, i.e. init containers with ``restartPolicy: Always``) in spec
order, then app containers in spec order (G48, G49).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

from ..source import Span

T = TypeVar("T")

DEFAULT_GRACE = 30  # PodSpec.terminationGracePeriodSeconds when unset (API default)
DEFAULT_RESTART_POLICY = "Always"  # PodSpec.restartPolicy when unset (API default)


@dataclass(frozen=True, slots=True)
class Field(Generic[T]):
    """A value from the manifest with its position; ``defaulted`` when the manifest left it out."""

    value: T
    span: Span = field(compare=False, repr=False)
    defaulted: bool = False


class Role(str, Enum):
    INIT = "init"  # regular init container: runs to completion, in order
    SIDECAR = "sidecar"  # init container with restartPolicy: Always
    APP = "app"  # entry of spec.containers


class HandlerKind(str, Enum):
    EXEC = "exec"
    HTTP_GET = "httpGet"
    SLEEP = "sleep"
    TCP_SOCKET = "tcpSocket"
    GRPC = "grpc"  # probes only


@dataclass(frozen=True, slots=True)
class Duration:
    """How long a handler runs, in seconds: between ``lo`` and ``hi`` (``hi`` None: no upper bound)."""

    lo: float
    hi: float | None

    @staticmethod
    def exact(seconds: float) -> Duration:
        return Duration(seconds, seconds)

    @staticmethod
    def unknown() -> Duration:
        """Any duration: from instant to never returning (the checker explores all of them)."""
        return Duration(0.0, None)

    @staticmethod
    def forever() -> Duration:
        return Duration(math.inf, math.inf)

    @property
    def known(self) -> bool:
        return self.hi is not None and self.lo == self.hi

    @property
    def never_returns(self) -> bool:
        return self.lo == math.inf

    def __add__(self, other: Duration) -> Duration:
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Duration(self.lo + other.lo, hi)

    def describe(self) -> str:
        if self.never_returns:
            return "never returns"
        if self.known:
            return f"{_seconds(self.lo)} s"
        if self.hi is None:
            return "unknown: any duration" if self.lo == 0 else f"at least {_seconds(self.lo)} s, then unknown"
        return f"{_seconds(self.lo)}-{_seconds(self.hi)} s"


def _seconds(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


@dataclass(frozen=True, slots=True)
class ShellArgMistake:
    """``[sh, -c, script, extra...]`` where the script ignores the extra arguments (they become $0, $1...)."""

    shell: str
    script: str
    ignored: tuple[str, ...]
    fails: bool  # the script alone is a command that fails without its operand ('sleep')


@dataclass(frozen=True, slots=True)
class CommandAnalysis:
    """What lifefsm reads from an exec command (commands.py documents the recognised forms)."""

    duration: Duration
    how: str  # how the duration was read, or why it could not be
    sh_c_mistake: ShellArgMistake | None = None
    stops_main: str | None = None  # the command that stops the main process, as written
    waits_for_exit: bool = False  # the script loops until a process is gone
    fails: bool = False  # the command fails every time


@dataclass(frozen=True, slots=True)
class Handler:
    """A postStart or preStop handler."""

    hook: str  # "postStart" | "preStop"
    kind: HandlerKind
    span: Span = field(compare=False, repr=False)  # the handler-kind key ('exec:', 'sleep:' ...)
    command: Field[tuple[str, ...]] | None = None  # exec
    seconds: Field[int] | None = None  # sleep
    target: str = ""  # httpGet/tcpSocket: '[host]:port/path'
    analysis: CommandAnalysis | None = None  # exec
    duration: Duration = field(default_factory=Duration.unknown)
    how: str = ""  # how the duration was read


@dataclass(frozen=True, slots=True)
class Probe:
    kind: str  # "liveness" | "readiness" | "startup"
    handler: HandlerKind
    span: Span = field(compare=False, repr=False)
    period: Field[int] | None = None  # defaults: 10 s period, 3 failures, 1 s timeout, no delay
    failure_threshold: Field[int] | None = None
    initial_delay: Field[int] | None = None
    timeout: Field[int] | None = None
    termination_grace: Field[int] | None = None  # the probe's own grace for the kill it causes (G33)
    command: Field[tuple[str, ...]] | None = None
    analysis: CommandAnalysis | None = None


@dataclass(frozen=True, slots=True)
class Container:
    name: Field[str]
    role: Role
    position: int  # 0-based index in its list (initContainers or containers)
    span: Span = field(compare=False, repr=False)
    restart_policy: Field[str] | None = None  # container-level restartPolicy
    post_start: Handler | None = None
    pre_stop: Handler | None = None
    stop_signal: Field[str] | None = None
    probes: tuple[Probe, ...] = ()
    argv: Field[tuple[str, ...]] | None = None  # command + args, when 'command' is set
    argv_analysis: CommandAnalysis | None = None
    lifecycle_span: Span | None = field(default=None, compare=False, repr=False)  # the 'lifecycle:' key

    @property
    def list_name(self) -> str:
        return "containers" if self.role is Role.APP else "initContainers"

    def probe(self, kind: str) -> Probe | None:
        return next((p for p in self.probes if p.kind == kind), None)


@dataclass(frozen=True, slots=True)
class PodConfig:
    """One pod (or pod template) of a manifest."""

    kind: str  # Pod, Deployment, ..., CronJob
    api_version: str
    name: str
    namespace: str | None
    source: Span = field(compare=False, repr=False)  # the object's 'kind:' line
    document: int = 1  # 1-based document in its file
    spec_path: str = "spec"  # where the pod spec is: 'spec', 'spec.template.spec', ...
    spec_span: Span = field(default=Span("<none>", 0, 0, 0, 0), compare=False, repr=False)
    grace: Field[int] = field(default_factory=lambda: Field(DEFAULT_GRACE, Span("<none>", 0, 0, 0, 0), True))
    restart_policy: Field[str] = field(
        default_factory=lambda: Field(DEFAULT_RESTART_POLICY, Span("<none>", 0, 0, 0, 0), True))
    share_process_namespace: bool = False
    containers: tuple[Container, ...] = ()

    @property
    def title(self) -> str:
        return f"{self.kind}/{self.name}"

    def by_role(self, role: Role) -> tuple[Container, ...]:
        return tuple(c for c in self.containers if c.role is role)
