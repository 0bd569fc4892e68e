"""The model rules of `lifefsm pod` that a property of spec/pod.lfsm decides, checked at the pod's values.

The timelines (podmodel.py) decide the rules about the delete and the liveness kill. Three rules are
about the startup and about hook delivery; each is decided by checking the reference model's own
guarantees, with symbolic time, at a projection of the pod (one container, or one regular init container
and one app container, with the pod's grace period and restart policy and the container's handler):

* ``poststart-may-hang`` (app containers and sidecars with an exec or httpGet postStart whose duration the
  manifest does not fix, ``sleep infinity`` included): the witness of ``g17_poststart_can_hang`` (its
  sidecar twin ``g17_sidecar_poststart_can_hang``): the container in ``PostStartHung``, since the kubelet
  runs postStart with no timeout. Found: a warning, with the witness as the run; not found: no finding.
* ``init-failure-fails-pod`` (regular init containers under restartPolicy Never): the witness of
  ``g50_failed_before_the_kill`` (a failed init container and the phase Failed) while
  ``g50_no_app_after_init_failure`` and ``g50_init_failure_fails_the_pod`` hold. An info finding with the
  witness as the run.
* ``httpget-hook-not-retried`` (httpGet hooks of app containers and sidecars): ``g36_poststart_not_resent``
  and ``g37_http_status_is_success`` (postStart) or ``g36_prestop_not_resent`` (preStop) hold, or their
  sidecar twins. An info finding without a run: what it states is that no run sends the hook twice.

An app container is checked as ``app[0]`` of a pod with no sidecar; a sidecar as ``side[0]`` with its own
handlers (``side_own``) beside one app container without hooks. A verdict is kept in the user's cache
directory, as the timelines' projections are (keyed by the package's code, the spec's text, the binding and
the properties); a witness is converted to timeline rows, seconds from the pod's creation.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import model as ir
from ..cachedir import touch
from ..checker.result import Trace
from ..pod.config import Container, HandlerKind, PodConfig, Role
from ..pod.results import RULES, Bounds, Finding, TraceStep
from ..source import Span

INIT_FAILURE = ("g50_failed_before_the_kill", "g50_no_app_after_init_failure", "g50_init_failure_fails_the_pod")


@dataclass(frozen=True, slots=True)
class HookRole:
    """How a container of one role is bound and checked: its instance, its parameters, its properties."""

    instance: str
    post: str  # the parameter of its postStart handler
    pre: str  # ... of its preStop handler
    extra: tuple[tuple[str, ir.Value], ...]  # what else the binding needs
    hang: str
    http_post: tuple[str, ...]
    http_pre: tuple[str, ...]


APP = HookRole("app[0]", "post", "pre", (), "g17_poststart_can_hang",
            ("g36_poststart_not_resent", "g37_http_status_is_success"), ("g36_prestop_not_resent",))
SIDECAR = HookRole("side[0]", "side_post", "side_pre", (("n_side", 1), ("side_own", True)),
                "g17_sidecar_poststart_can_hang",
                ("g36_sidecar_poststart_not_resent", "g37_sidecar_http_status_is_success"),
                ("g36_sidecar_prestop_not_resent",))
# what the steps without a signal did, in words (the others are named by their signals)
EVENT_WORDS = {"post_hang": "postStart hangs (never returns)", "exit_err": "process exits with an error",
               "exit_ok": "process exits 0"}


@dataclass(frozen=True, slots=True)
class Verdict:
    holds: bool | None  # None: the check did not finish
    run: tuple[TraceStep, ...] | None  # the witness or counterexample, seconds from the pod's creation


Binding = dict[str, ir.Value]
Checker = Callable[[Binding, tuple[str, ...]], dict[str, Verdict]]


def rows_of(trace: Trace) -> tuple[TraceStep, ...]:
    """A checker trace as timeline rows: each step's signals (or its event) at its second; the container is the
    instance (``app[0]``; None for the kubelet and the status manager: the pod)."""
    def who(instance: str) -> str | None:
        return instance if "[" in instance else None

    rows: list[TraceStep] = []
    for s in trace.steps:
        if s.label == "tick" or s.instance is None:
            continue
        at = Bounds(s.time, s.time)
        if s.signals:
            rows += [TraceStep(at, who(i), sig) for i, sig in s.signals]
        else:
            rows.append(TraceStep(at, who(s.instance), EVENT_WORDS.get(s.event or "", s.event or s.label)))
    return tuple(rows)


class RuleChecks:
    """The three rules of the module docstring for one pod, given how to check a binding (podmodel.py)."""

    def __init__(self, check: Checker) -> None:
        self._checker = check
        self.open: set[str] = set()  # rules a check left undecided (it stopped at its bound)

    def check(self, code: str, binding: Binding, props: tuple[str, ...]) -> dict[str, Verdict]:
        verdicts = self._checker(binding, props)
        if any(verdicts[p].holds is None for p in props):
            self.open.add(code)
        return verdicts

    def decide(self, pod: PodConfig, base: Binding) -> tuple[list[Finding], set[str]]:
        """The findings, and the codes decided for this pod (a rule whose subject is absent counts as decided;
        one whose check did not finish does not)."""
        findings: list[Finding] = []
        self.open = set()
        for c in pod.containers:
            if c.role in (Role.APP, Role.SIDECAR):
                role = APP if c.role is Role.APP else SIDECAR
                binding = dict(base, **dict(role.extra), post="NoHook", pre="NoHook")
                findings += self._post_start(pod, c, role, binding)
                findings += self._http(c, role, binding)
        findings += self._init_failure(pod, base)
        return findings, {"poststart-may-hang", "httpget-hook-not-retried", "init-failure-fails-pod"} - self.open

    def _post_start(self, pod: PodConfig, c: Container, role: HookRole, base: Binding) -> list[Finding]:
        h = c.post_start
        if h is None or h.kind not in (HandlerKind.EXEC, HandlerKind.HTTP_GET):
            return []
        if h.analysis is not None and h.analysis.fails or h.duration.known and not h.duration.never_returns:
            return []  # a known duration (or a failure at once) returns
        kind = "HttpGet" if h.kind is HandlerKind.HTTP_GET else "Exec"
        v = self.check("poststart-may-hang", dict(base, **{role.post: kind}), (role.hang,))[role.hang]
        if not v.holds or not v.run:
            return []
        name = c.name.value
        after = [d.name.value for d in pod.containers[pod.containers.index(c) + 1:]]
        held = f", and {_list(after)} {'is' if len(after) == 1 else 'are'} not created while it runs" if after else ""
        return [finding("poststart-may-hang", c, h.span,
                         f"the kubelet runs the postStart of '{name}' with no timeout, and nothing in the manifest "
                         f"bounds it: if it hangs, '{name}' stays Waiting, never Running{held}", v.run,
                         {role.instance: name})]

    def _http(self, c: Container, role: HookRole, base: Binding) -> list[Finding]:
        out: list[Finding] = []
        name = c.name.value
        for hook, props, binding, what in (
                (c.post_start, role.http_post, dict(base, **{role.post: "HttpGet"}),
                 "a request that fails (the server is not listening yet) kills the container and counts as a "
                 "failed start; any HTTP status, 5xx included, counts as success"),
                (c.pre_stop, role.http_pre, dict(base, **{role.pre: "HttpGet"}),
                 "a request that fails is only a FailedPreStopHook event: the stop goes on without it")):
            if hook is None or hook.kind is not HandlerKind.HTTP_GET:
                continue
            verdicts = self.check("httpget-hook-not-retried", binding, props)
            if all(verdicts[p].holds for p in props):
                phase = "postStart" if hook is c.post_start else "preStop"
                out.append(finding("httpget-hook-not-retried", c, hook.span,
                                    f"the httpGet {phase} of '{name}' is sent once and never retried: {what}",
                                    None, {role.instance: name}))
        return out

    def _init_failure(self, pod: PodConfig, base: Binding) -> list[Finding]:
        inits = pod.by_role(Role.INIT)
        if not inits or pod.restart_policy.value != "Never":
            return []
        binding = dict(base, n_init=1, n_side=0, post="NoHook", pre="NoHook")
        verdicts = self.check("init-failure-fails-pod", binding, INIT_FAILURE)
        witness = verdicts[INIT_FAILURE[0]]
        if not all(verdicts[p].holds for p in INIT_FAILURE) or not witness.run:
            return []
        names = [c.name.value for c in inits]
        first = inits[0]
        span = pod.restart_policy.span if not pod.restart_policy.defaulted else first.span
        apps = [c.name.value for c in pod.by_role(Role.APP)]
        which = f"'{names[0]}'" if len(names) == 1 else f"any of {_list(names)}"
        return [finding("init-failure-fails-pod", first, span,
                         f"under restartPolicy Never, if init container {which} exits with an error the pod fails: "
                         f"phase Failed, {_list(apps)} never {'starts' if len(apps) == 1 else 'start'}, and the "
                         "kubelet does not run the init container again (only a new pod can)",
                         witness.run, {"init[0]": first.name.value, "app[0]": pod.by_role(Role.APP)[0].name.value})]


def _list(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def finding(code: str, c: Container, span: Span, message: str, run: Sequence[TraceStep] | None,
            names: dict[str, str]) -> Finding:
    """A finding of model rule ``code``; the run's instances (``app[0]``) named as the pod's containers."""
    r = RULES[code]
    trace = None if not run else tuple(
        TraceStep(s.at, names.get(s.container, s.container) if s.container else None, s.event) for s in run)
    return Finding(code, r.severity, r.guarantees, span, message, "model", c.name.value, trace=trace)


# ---- verdicts kept in the user's cache directory (JSON: data, never code) ---------------------------


def read_verdicts(entry: Path | None, props: tuple[str, ...]) -> dict[str, Verdict] | None:
    if entry is None:
        return None
    try:
        d = json.loads(entry.read_text(encoding="utf-8"))
        out = {p: Verdict(None if d[p][0] is None else bool(d[p][0]),
                          None if d[p][1] is None else tuple(TraceStep(Bounds(lo, hi), c, ev)
                                                             for lo, hi, c, ev in d[p][1]))
               for p in props}
        touch(entry)
        return out
    except (OSError, ValueError, KeyError, TypeError):  # missing or unreadable: checked again
        return None


def write_verdicts(entry: Path | None, verdicts: dict[str, Verdict]) -> None:
    if entry is None or any(v.holds is None for v in verdicts.values()):
        return
    store(entry, {p: [v.holds, None if v.run is None else [[r.at.best, r.at.worst, r.container, r.event]
                                                          for r in v.run]]
                  for p, v in verdicts.items()})


def store(entry: Path, data: object) -> None:
    """Write a cache entry atomically; a failure leaves it to be computed again."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{entry.stem}-", dir=entry.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(tmp, entry)
    except OSError:
        pass


__all__ = ["RuleChecks", "Verdict", "finding", "read_verdicts", "rows_of", "store", "write_verdicts"]
