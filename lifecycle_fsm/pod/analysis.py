"""The analysis of one pod: the seam between reading manifests and checking the model.

Contract
--------
``analyse(pod, model=None) -> Analysis``

Input: a PodConfig (config.py), as read from a manifest.

Output, an Analysis:

* ``startup``: the start order of the containers, one StartupStep each, in the
  order the kubelet starts them: regular init containers and sidecars in spec
  order, each gated on the one before (a regular init container must exit 0, a
  sidecar must have started: startup probe passed, postStart returned), then
  the app containers in spec order, each created after the previous one's
  postStart returned (G48, G49, G16). This is a fact of the configuration and
  is always computed.
* ``timelines``: for a delete of the pod (scenario ``delete``) and for a
  liveness kill of each container with a liveness probe (scenario
  ``liveness-kill``, ``trigger`` naming the container), one TimelineEntry per
  container and event (preStop start, preStop end, TERM, SIGKILL, exit), each
  with the earliest and the latest time in seconds from the request
  (``Bounds``; ``worst`` None: no upper bound) and whether it occurs in every
  run, in some, or in none. Timelines come only from the model check: with no
  ModelCheck, ``timelines`` is empty and ``timeline_status`` says why. Nothing
  here computes a time by hand.
* ``findings``: the configuration findings of findings.py, followed by the
  model's findings when a ModelCheck is given. A model finding carries the
  shortest run that shows it (``trace``: TraceStep rows at Bounds), which the
  output prints as a timeline.
* ``unchecked``: the model rules (results.RULES, source ``model``) that apply to
  this pod and were not checked because no ModelCheck was given.

The model side (commands/podmodel.py, ``ReferenceModel``) implements ModelCheck: it maps the PodConfig
onto spec/pod.lfsm at its own values (durations of unknown handlers explored as any duration), checks
projections of it with symbolic time, and turns bounds, verdicts and witnesses into Timelines and Findings
of the ``model`` rules (commands/podrules.py decides the startup and hook-delivery rules from the model's
own properties). ``analyse`` refuses model findings of a code that is not a model rule, so the two
sources cannot drift into each other's codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from .config import PodConfig, Role
from .findings import config_findings
from .results import RULES, Bounds, Finding, unchecked_model_rules

NOT_COMPUTED = "not computed: the timelines come from the model check, which was left out (--no-model)"


class Scenario(str, Enum):
    DELETE = "delete"
    LIVENESS_KILL = "liveness-kill"


class Event(str, Enum):
    PRESTOP_START = "preStop-start"
    PRESTOP_END = "preStop-end"
    TERM = "TERM"
    SIGKILL = "SIGKILL"
    EXIT = "exit"


class Occurs(str, Enum):
    ALWAYS = "always"  # in every run of the scenario (claimed only where shown)
    SOMETIMES = "sometimes"  # in some runs, not shown to happen in every one (e.g. SIGKILL: the process ignores TERM)
    NEVER = "never"


@dataclass(frozen=True, slots=True)
class StartupStep:
    position: int  # 1-based start order
    container: str
    role: Role
    after: str | None  # the container it waits for
    gate: str  # what lets the next container start


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    container: str
    event: Event
    at: Bounds
    occurs: Occurs = Occurs.ALWAYS


@dataclass(frozen=True, slots=True)
class Timeline:
    scenario: Scenario
    trigger: str | None  # liveness-kill: the container whose probe fails
    entries: tuple[TimelineEntry, ...]
    first_to_stop: tuple[str, ...] = ()  # containers that can be the first to exit
    fits_in_grace: bool | None = None  # every preStop and TERM handling ends before the grace runs out


@dataclass(frozen=True, slots=True)
class Analysis:
    pod: PodConfig
    startup: tuple[StartupStep, ...]
    timelines: tuple[Timeline, ...]
    timeline_status: str  # "computed" or why not
    findings: tuple[Finding, ...]
    unchecked: tuple[str, ...]


class ModelCheck(Protocol):
    """The model side of the seam (see the module docstring)."""

    def status(self, pod: PodConfig) -> str:
        """"computed", "computed; ..." (with what was left out), or why nothing was computed."""
        ...

    def timelines(self, pod: PodConfig) -> tuple[Timeline, ...]: ...

    def findings(self, pod: PodConfig) -> tuple[Finding, ...]: ...

    def checked(self, pod: PodConfig) -> tuple[str, ...]:
        """The model rules this check decided for ``pod`` (the others stay listed as not checked)."""
        ...


class SeamError(Exception):
    """A ModelCheck broke the contract (a finding of a code that is not a model rule)."""


def startup_order(pod: PodConfig) -> tuple[StartupStep, ...]:
    steps: list[StartupStep] = []
    previous: str | None = None
    for c in pod.containers:
        if c.role is Role.INIT:
            gate = "exits 0 before the next container starts (G48)"
        elif c.role is Role.SIDECAR:
            gate = "has started (startup probe passed, postStart returned) before the next starts (G48)"
        else:
            gate = "created after the previous container's postStart returned (G16, G49)"
        steps.append(StartupStep(len(steps) + 1, c.name.value, c.role, previous, gate))
        previous = c.name.value
    return tuple(steps)


def analyse(pod: PodConfig, model: ModelCheck | None = None) -> Analysis:
    """Analyse one pod; with ``model`` None, only configuration facts (see the module docstring)."""
    found = config_findings(pod)
    if model is None:
        return Analysis(pod, startup_order(pod), (), NOT_COMPUTED, tuple(found), unchecked_model_rules(pod))
    extra = model.findings(pod)
    for f in extra:
        r = RULES.get(f.code)
        if r is None or r.source != "model" or f.source != "model":
            raise SeamError(f"the model check returned finding '{f.code}', which is not a model rule")
    decided = set(model.checked(pod))
    left = tuple(c for c in unchecked_model_rules(pod) if c not in decided)
    return Analysis(pod, startup_order(pod), model.timelines(pod), model.status(pod), tuple(found) + tuple(extra),
                    left)
