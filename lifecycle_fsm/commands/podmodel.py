"""The model side of `lifefsm pod`: each pod's delete timeline, from the zone graph of spec/pod.lfsm at its seconds.

``ReferenceModel`` implements ``pod.analysis.ModelCheck``. For a pod it checks **projections** of the
reference model, each one binding of spec/pod.lfsm at the pod's own values (its grace period, restart
policy and a container's preStop handler and seconds), with symbolic time (zones), so that 30 s and
3,600 s cost the same:

* every app container: the pod with that one app container (apps are killed at once and in parallel,
  each with the pod's grace, so another app does not move its timeline);
* sidecars, when they all have the same preStop (spec/pod.lfsm gives the sidecars one handler of their
  own, ``side_own``/``side_pre``/``side_sleep_for``) and there are at most 2: the pod with the sidecars and
  one app container, the one whose kill can end last (the sidecars get TERM once every app container's
  kill is over); otherwise their timeline is reported as not modelled, with the reason.

The scenarios: **the delete of a running pod**: the first delete request (with the pod's own grace
period) comes while every app container and sidecar is Running; no probe kill is under way. The
kubelet's clock ``obs_del`` (since the first delete request) is read at every step after that
request that calls or ends a preStop, sends TERM or SIGKILL, or ends a process; the earliest and the
latest value over every run are the timeline's bounds. **A liveness kill** of each app container with a
liveness probe: the pod with that one container, its probe (and the probe's own grace period, G33),
no delete; the container's ``kill_c`` (since the probe failure that began the kill) at the steps of
that kill. Nothing is computed by hand: a bound is a
value of the zone graph, a finding's run is a run of the tick semantics along the zone graph's
shortest path (zones/concrete.py).

The findings of the timelines: ``prestop-exceeds-grace`` (a known preStop cut at the deadline),
``prestop-term-exceeds-grace`` (a known preStop that returns, yet SIGKILL comes after the grace period: the
2 s floor for TERM), ``grace-zero-prestop``, ``sidecar-stop-order``, ``probe-kill-grace``. The startup and
hook-delivery rules (``poststart-may-hang``, ``httpget-hook-not-retried``, ``init-failure-fails-pod``) are
decided by checking the model's own properties at a projection of the pod (podrules.py).

Handlers: ``sleep`` and an exec whose duration lifefsm can read (``sleep 25``) are the model's
``Sleep`` handler of that many seconds (up to the grace period: a longer one ends at the grace either
way); a handler that fails at once (tcpSocket, which the kubelet does not run; ``sh -c sleep 5``) is
one of 0 s; other exec and httpGet handlers are ``Exec`` / ``HttpGet`` handlers of any duration (the
checker explores every one). postStart is not bound (``NoHook``): it has returned before a
running pod is deleted.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .. import model as ir
from ..cachedir import code_hash, touch, user_cache_dir
from ..checker.build import Plan
from ..checker.interp import World
from ..checker.plan import Move
from ..intervals import is_clock, subexpressions
from ..modelcache import Loading
from ..pipeline import load
from ..pod.analysis import Event, Occurs, Timeline, TimelineEntry
from ..pod.analysis import Scenario as PodScenario
from ..pod.config import Container, Handler, HandlerKind, PodConfig, Role
from ..pod.results import Bounds, Finding, TraceStep
from ..source import Span
from ..zones import dbm
from ..zones.concrete import concrete_run
from ..zones.engine import Err, Step, Symbolic, explore
from ..zones.extrapolate import NO_BOUND
from ..zones.timing import clock_span
from . import REFERENCE  # the constant lives in the light package module (cli.cmd_pod reads it first)
from .podrules import RuleChecks, Verdict, finding, read_verdicts, rows_of, store, write_verdicts

MAX_SECONDS = 3600  # the reference model's ranges (spec/pod.lfsm: grace, sleep_for)
FLOOR = 2  # spec/pod/types.lfsm: StopContainer's minimum timeout
MAX_ZONES = 2_000_000  # a projection stops here (its bounds are then lower estimates and not reported)
# the model rules a timeline decides (results.RULES, source "model")
DECIDED = ("prestop-exceeds-grace", "prestop-term-exceeds-grace", "grace-zero-prestop", "sidecar-stop-order",
           "probe-kill-grace")

# what each signal or event of a container is on the timeline
EVENTS: dict[str, Event] = {"PreStopCalled": Event.PRESTOP_START, "PreStopReturned": Event.PRESTOP_END,
                            "PreStopAbandoned": Event.PRESTOP_END, "TERM": Event.TERM, "SIGKILL": Event.SIGKILL,
                            "exit_ok": Event.EXIT, "exit_err": Event.EXIT, "sigkill": Event.EXIT}


@dataclass(frozen=True, slots=True)
class Hook:
    """A preStop handler as the model's parameters: ``pre`` and, for Sleep, ``sleep_for``."""

    pre: str  # NoHook | Exec | HttpGet | Sleep
    seconds: int | None = None  # Sleep only: sleep_for
    read: int | None = None  # Sleep only: the seconds the manifest says

    @property
    def known(self) -> bool:
        return self.pre == "Sleep"


def hook_of(h: Handler | None, grace: int) -> Hook:
    """The model's handler for ``h`` in a pod of ``grace`` seconds. An exec hook of a known N >= grace seconds
    is bound as a Sleep of the grace: at the grace both it and the deadline can end it, as they can the
    real hook (which the deadline always ends: the same time; only the signal's name differs)."""
    if h is None:
        return Hook("NoHook")
    if h.kind is HandlerKind.TCP_SOCKET or (h.analysis is not None and h.analysis.fails):
        return Hook("Sleep", 0, 0)  # fails at once: over at once (the failure itself is a configuration finding)
    if h.kind is HandlerKind.SLEEP and h.seconds is not None:
        return Hook("Sleep", h.seconds.value, h.seconds.value)
    d = h.duration
    if h.kind is HandlerKind.EXEC and d.known and not d.never_returns and float(d.lo).is_integer():
        return Hook("Sleep", min(int(d.lo), grace), int(d.lo))
    return Hook("HttpGet" if h.kind is HandlerKind.HTTP_GET else "Exec")


@dataclass(frozen=True, slots=True)
class Found:
    """What one projection's zone graph says: per (instance, event) the bounds, and a run to the first step."""

    bounds: dict[tuple[str, Event], Bounds]
    abandoned: dict[str, Bounds]  # instance -> when its preStop is cut at the deadline
    runs: dict[tuple[str, str], list[TraceStep]]  # (instance, signal) -> the shortest run to it
    complete: bool
    nodes: int  # zone graph nodes explored


Key = tuple[tuple[str, ir.Value], ...]  # a binding, sorted: what a projection or a rule check is computed at
Computed = tuple[dict[Key, Found], dict[tuple[Key, tuple[str, ...]], dict[str, Verdict]]]


class ReferenceModel:
    """``pod.analysis.ModelCheck`` on spec/pod.lfsm (module docstring). One model, projections cached by binding."""

    def __init__(self, spec: Path = REFERENCE, loading: Loading | None = None) -> None:
        """``loading``: a child process loading ``spec`` into the user's cache (modelcache.prefetch, started by
        the CLI while it imports the rest and reads the manifests); ``_load`` waits for it and takes the model
        from there."""
        self.spec = spec
        self._model: ir.Model | None = None
        self._found: dict[Key, Found] = {}
        self._verdicts: dict[tuple[Key, tuple[str, ...]], dict[str, Verdict]] = {}
        self._answers: dict[int, tuple[PodConfig, Answer]] = {}
        self._loading = loading

    # ---- the seam ----------------------------------------------------------------------------

    def status(self, pod: PodConfig) -> str:
        return self._answer(pod).status

    def timelines(self, pod: PodConfig) -> tuple[Timeline, ...]:
        return self._answer(pod).timelines

    def findings(self, pod: PodConfig) -> tuple[Finding, ...]:
        return self._answer(pod).findings

    def checked(self, pod: PodConfig) -> tuple[str, ...]:
        a = self._answer(pod)
        if not a.status.startswith("computed"):
            return ()
        sides_left = "sidecars not modelled" in a.status
        # probe kills are checked for app containers' liveness probes: not for sidecars' or startup probes
        probes_left = any(c.pre_stop is not None and (c.role is not Role.APP or c.probe("startup"))
                          and (c.probe("liveness") or c.probe("startup")) for c in pod.containers)
        timeline = tuple(c for c in DECIDED if not (sides_left and c in ("sidecar-stop-order",
                                                                          "prestop-term-exceeds-grace"))
                         and not (probes_left and c == "probe-kill-grace"))
        return timeline + tuple(sorted(a.decided))

    # ---- answering on several processes (podpool.py) -------------------------------------------

    def warm(self) -> None:
        """Load the reference model and build the Extra_M kernel now (before workers are forked), and import what
        the rule checks use (``_check``): each worker would import it on its own."""
        from ..native import zcheck, zkernel  # noqa: F401 - zcheck and check: imported once, before the fork
        from ..zones import check  # noqa: F401

        zkernel.start()  # compiling (when not cached) while the model loads
        self._load()
        zkernel.load()

    def answer_quietly(self, pod: PodConfig) -> None:
        """Compute ``pod``'s projections and rule checks into the caches (a worker's share)."""
        self._analyse(pod)

    def computed(self) -> Computed:
        """The projections' answers and the rule verdicts computed so far, by key."""
        return dict(self._found), dict(self._verdicts)

    def adopt(self, computed: Computed) -> None:
        """Keep answers a worker computed (``computed()`` of its copy); those known here stay."""
        found, verdicts = computed
        for key, f in found.items():
            self._found.setdefault(key, f)
        for vkey, v in verdicts.items():
            self._verdicts.setdefault(vkey, v)

    # ---- the projections ---------------------------------------------------------------------

    def _answer(self, pod: PodConfig) -> Answer:
        hit = self._answers.get(id(pod))  # by identity (findings carry this pod's positions), pod kept alive
        if hit is None or hit[0] is not pod:
            hit = self._answers[id(pod)] = (pod, self._analyse(pod))
        return hit[1]

    def _analyse(self, pod: PodConfig) -> Answer:
        why = self._not_modelled(pod)
        if why:
            return Answer(why, (), (), frozenset())
        status, timelines, findings = self._timelines(pod)
        if not status.startswith("computed"):
            return Answer(status, (), (), frozenset())
        more, decided = RuleChecks(self._check).decide(pod, binding(pod))
        return Answer(status, timelines, findings + tuple(more), frozenset(decided))

    def _timelines(self, pod: PodConfig) -> tuple[str, tuple[Timeline, ...], tuple[Finding, ...]]:
        apps, sides = pod.by_role(Role.APP), pod.by_role(Role.SIDECAR)
        entries: list[TimelineEntry] = []
        findings: list[Finding] = []
        # container -> its projection, its instance there, and the projection's instances as containers
        where: dict[str, tuple[Found, str, dict[str, str]]] = {}
        for c in apps:
            found = self._project(pod, hook_of(c.pre_stop, pod.grace.value), 0)
            where[c.name.value] = (found, "app[0]", {"app[0]": c.name.value})
        side_hooks = {hook_of(c.pre_stop, pod.grace.value) for c in sides}
        side_note = None
        app_note = ""
        if sides and len(side_hooks) == 1 and len(sides) <= 2:
            # the sidecars get TERM once every app container's kill is over (its preStop ended and its process
            # exited): the projection keeps the app container whose kill can end last, and, of those, the one
            # whose kill ends latest at the earliest; the times are exact when that one is also the latest at
            # the earliest, else the sidecars' earliest times are lower bounds
            def kill_end(c: Container) -> tuple[float, float]:
                found = where[c.name.value][0]
                ends = [b for b in (found.bounds.get(("app[0]", Event.EXIT)),
                                    found.bounds.get(("app[0]", Event.PRESTOP_END))) if b is not None]
                late = max((float("inf") if b.worst is None else b.worst for b in ends), default=0.0)
                return late, max((b.best for b in ends), default=0.0)

            rep = max(apps, key=kill_end)
            if len(apps) > 1:
                exact = kill_end(rep)[1] == max(kill_end(c)[1] for c in apps)
                app_note = f"; sidecars checked beside '{rep.name.value}', the app container whose kill can end last" \
                    + ("" if exact else " (another can end later at the earliest: the sidecars' earliest times are "
                                        "lower bounds)")
            found = self._project(pod, hook_of(rep.pre_stop, pod.grace.value), len(sides), side=side_hooks.pop())
            names = {"app[0]": rep.name.value}
            names.update((f"side[{i}]", c.name.value) for i, c in enumerate(sides))
            for i, c in enumerate(sides):
                where[c.name.value] = (found, f"side[{i}]", names)
        elif sides:
            side_note = ("not modelled: the reference model gives all sidecars one preStop handler, and this pod's "
                         "differ" if len(sides) <= 2 else "not modelled: more than 2 sidecars")
        for c in apps + sides:
            if c.name.value not in where:
                continue
            found, inst, names = where[c.name.value]
            if not found.complete:
                return f"not computed: the zone graph of the model passed {MAX_ZONES:,} zones", (), ()
            for ev in Event:
                b = found.bounds.get((inst, ev))
                if b is not None:
                    entries.append(TimelineEntry(c.name.value, ev, b, Occurs.SOMETIMES))
            findings += self._container_findings(pod, c, found, inst, names)
        exits = {e.container: e.at for e in entries if e.event is Event.EXIT}
        first = tuple(n for n, b in exits.items()
                      if all(o.worst is None or b.best <= o.worst for m, o in exits.items() if m != n))
        # every preStop ends before the grace runs out (None: a sidecar's is not modelled)
        fits = None if side_note else all(not found.abandoned for found, _, _ in where.values())
        timelines = [Timeline(PodScenario.DELETE, None, tuple(entries), first, fits)]
        for c in apps:  # a liveness kill of each app container with a liveness probe
            probe = c.probe("liveness")
            if probe is None:
                continue
            pg = probe.termination_grace.value if probe.termination_grace is not None else 0
            if not 0 <= pg <= MAX_SECONDS or probe.termination_grace is not None and pg < 1:
                continue  # the API server rejects it (probe-grace-invalid) or beyond the model's range
            h = hook_of(c.pre_stop, pg or pod.grace.value)
            found = self._project(pod, h, 0, pg)
            if not found.complete:
                continue
            killed = tuple(TimelineEntry(c.name.value, ev, b, Occurs.SOMETIMES) for ev in Event
                           if (b := found.bounds.get(("app[0]", ev))) is not None)
            timelines.append(Timeline(PodScenario.LIVENESS_KILL, c.name.value, killed, (),
                                      "app[0]" not in found.abandoned))
            cut = found.abandoned.get("app[0]")
            if c.pre_stop is not None and cut is not None and h.known and pg > 0 \
                    and "app[0]" not in where[c.name.value][0].abandoned:
                assert probe.termination_grace is not None
                findings.append(finding(
                    "probe-kill-grace", c, probe.termination_grace.span,
                    f"on a liveness kill the preStop of '{c.name.value}' ({h.read} s) gets the probe's grace period "
                    f"of {pg} s, not the pod's {pod.grace.value} s: the kubelet stops waiting for it at {_b(cut)} s, "
                    f"sends TERM, and SIGKILL at least {FLOOR} s later",
                    found.runs.get(("app[0]", "PreStopAbandoned")), {"app[0]": c.name.value}))
        status = ("computed" if side_note is None else f"computed; sidecars {side_note}") + app_note
        return status, tuple(timelines), tuple(findings)

    def _not_modelled(self, pod: PodConfig) -> str:
        if not pod.by_role(Role.APP):
            return "not computed: the pod has no app container"
        if pod.grace.value > MAX_SECONDS:
            return f"not computed: the reference model goes up to {MAX_SECONDS:,} s of grace period"
        for c in pod.containers:
            h = c.pre_stop
            if h is not None and h.kind is HandlerKind.SLEEP and h.seconds is not None \
                    and h.seconds.value > pod.grace.value:
                return "not computed: the API server rejects the pod (a sleep handler longer than the grace period)"
        if not self.spec.is_file():
            return f"not computed: the reference model {self.spec} was not found"
        return ""

    def _check(self, params: dict[str, ir.Value], props: tuple[str, ...]) -> dict[str, Verdict]:
        """The verdicts of ``props`` at a binding (podrules.py), with symbolic time; kept like projections."""
        key = (tuple(sorted(params.items())), props)
        if key not in self._verdicts:
            model = self._load()
            stored = _cache_entry(model, key, 0, "podrule")
            verdicts = read_verdicts(stored, props)
            if verdicts is None:
                from ..native.zcheck import cell_runner, zone_runner
                from ..zones.check import check_symbolic

                # in C where a compiler is found (a sidecar's binding: 86 s in Python, 2.7 s in C with the
                # compile); else, silently, in Python: the same verdicts (tests/zones: the engines agree)
                def quiet(_: str) -> None:
                    pass

                # -O0: these searches are small (a projection of one container's hooks), and the compile is most
                # of their cost: 0.3 s against 0.6 s at -O1 (docs/performance.md, "lifefsm pod")
                result = check_symbolic(model, _values(model, params), max_states=MAX_ZONES, properties=list(props),
                                        native=zone_runner(quiet, "-O0"), cells=cell_runner(quiet, "-O0"))
                verdicts = {p.name: Verdict(p.holds, None if p.trace is None else rows_of(p.trace))
                            for p in result.properties if p.name in props}
                write_verdicts(stored, verdicts)
            self._verdicts[key] = verdicts
        return self._verdicts[key]

    def _load(self) -> ir.Model:
        """The reference model; bad input (exit 2) when it is not one: it must declare every parameter bound."""
        if self._model is None:
            if self._loading is not None:
                self._loading.wait()  # a child loading it into the cache: it is there once the child is done
            model = load(self.spec)
            declared = {p.name for p in model.params}
            missing = [n for n in binding_names() if n not in declared]
            if missing:
                from ..diagnostics import Diagnostic, LfsmError
                from ..messages import say

                shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
                raise LfsmError([Diagnostic("bad-option", say("pod.spec-not-reference", path=str(self.spec),
                                                              missing=shown), None)])
            self._model = model
        return self._model

    def _project(self, pod: PodConfig, hook: Hook, n_side: int, probe_grace: int | None = None,
                 side: Hook | None = None) -> Found:
        """The delete projection, the sidecars' preStop ``side``; with ``probe_grace`` (0: the probe sets none)
        the liveness-kill one."""
        probe = probe_grace is not None
        params = dict(binding(pod), n_side=n_side, pre=hook.pre, sleep_for=hook.seconds or 0, liveness=probe,
                      probe_grace=probe_grace or 0)
        if side is not None:
            params.update(side_own=True, side_pre=side.pre, side_sleep_for=side.seconds or 0)
        key = tuple(sorted(params.items()))
        if key not in self._found:
            model = self._load()
            seconds = max(hook.seconds or 0, side.seconds or 0 if side is not None else 0)
            horizon = max(pod.grace.value, probe_grace or 0) + seconds + 2 * FLOOR + 1
            stored = _cache_entry(model, key, horizon)
            found = _read(stored)
            if found is None:
                found = _explore(projection_plan(model, _values(model, params)), horizon,
                                 scenario="probe" if probe else "delete")
                _write(stored, found)
            self._found[key] = found
        return self._found[key]

    # ---- findings from the timeline ----------------------------------------------------------

    def _container_findings(self, pod: PodConfig, c: Container, found: Found, inst: str,
                            names: dict[str, str]) -> list[Finding]:
        out: list[Finding] = []
        name, h = c.name.value, hook_of(c.pre_stop, pod.grace.value)
        cut = found.abandoned.get(inst)
        if c.pre_stop is not None and cut is not None and h.known and pod.grace.value > 0:
            out.append(finding(
                "prestop-exceeds-grace", c, c.pre_stop.span,
                f"the preStop of '{name}' runs {h.read} s, and the grace period is {pod.grace.value} s: on a "
                f"delete the kubelet stops waiting for it at {_b(cut)} s, sends TERM, and SIGKILL at least "
                f"{FLOOR} s later, while the hook may still run",
                found.runs.get((inst, "PreStopAbandoned")), names))
        kill = found.bounds.get((inst, Event.SIGKILL))
        ended = found.bounds.get((inst, Event.PRESTOP_END))
        if c.pre_stop is not None and cut is None and h.known and pod.grace.value > 0 and ended is not None \
                and kill is not None and (kill.worst is None or kill.worst > pod.grace.value):
            left = pod.grace.value - (h.seconds or 0)
            out.append(finding(
                "prestop-term-exceeds-grace", c, c.pre_stop.span,
                f"the preStop of '{name}' ends at {_b(ended)} s and leaves {left} s of the {pod.grace.value} s grace "
                f"period for SIGTERM; the kubelet gives TERM at least {FLOOR} s, so SIGKILL can come at "
                f"{_b(kill)} s, after the grace period", found.runs.get((inst, "SIGKILL")), names))
        if c.pre_stop is not None and pod.grace.value == 0:
            called = found.bounds.get((inst, Event.PRESTOP_START))
            what = ("is never called" if called is None else
                    f"is called and cut at {_b(cut)} s" if cut is not None else "is called")
            out.append(finding(
                "grace-zero-prestop", c, pod.grace.span if not pod.grace.defaulted else c.pre_stop.span,
                f"with terminationGracePeriodSeconds 0 a delete takes 1 s of grace: the preStop of '{name}' {what}",
                found.runs.get((inst, "PreStopAbandoned" if cut is not None else "PreStopCalled")), names))
        if c.role is Role.SIDECAR:
            term = found.bounds.get((inst, Event.TERM))
            app_exit = found.bounds.get(("app[0]", Event.EXIT))
            pre = found.bounds.get((inst, Event.PRESTOP_START))
            if term is not None and app_exit is not None:
                out.append(finding(
                    "sidecar-stop-order", c, c.span,
                    f"sidecar '{name}' gets TERM at {_b(term)} s, once the app containers have exited "
                    f"({_b(app_exit)} s) or the grace period has run out"
                    + (f"; its preStop starts at {_b(pre)} s, with theirs" if pre else ""),
                    found.runs.get((inst, "TERM")), names))
        return out


@dataclass(frozen=True, slots=True)
class Answer:
    """What the model says about one pod (the ModelCheck seam's four answers)."""

    status: str
    timelines: tuple[Timeline, ...]
    findings: tuple[Finding, ...]
    decided: frozenset[str]  # the rules of podrules.py decided for this pod


def binding_names() -> tuple[str, ...]:
    """The parameters every projection binds (a reference model must declare them all)."""
    return (*binding(PodConfig("Pod", "v1", "", None, Span("<none>", 0, 0, 0, 0))), "liveness", "probe_grace")


def binding(pod: PodConfig) -> dict[str, ir.Value]:
    """The reference model's parameters for ``pod`` at its grace period and restart policy: one app container,
    no hook, no probe, nothing else (each projection changes what it needs)."""
    policy = pod.restart_policy.value if pod.restart_policy.value in ("Always", "OnFailure", "Never") else "Always"
    return {"n_init": 0, "n_side": 0, "n_apps": 1, "n_eph": 0, "n_ep": 0, "policy": policy, "post": "NoHook",
            "pre": "NoHook", "sleep_for": 0, "side_own": False, "side_post": "NoHook", "side_pre": "NoHook",
            "side_sleep_for": 0, "grace": pod.grace.value, "override": -1, "liveness": False,
            "startup": False, "readiness": False, "probe_grace": 0, "start_errors": False, "sandbox_loss": False}




def _b(b: Bounds | None) -> str:
    if b is None:
        return "?"
    if b.worst is None:
        return f">= {_s(b.best)}"
    return _s(b.best) if b.best == b.worst else f"{_s(b.best)}-{_s(b.worst)}"


def _s(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _values(model: ir.Model, params: dict[str, ir.Value]) -> dict[str, ir.Value]:
    """``params`` as the checker takes them: enum members by their values in the spec's types."""
    from ..params import bind_params

    return bind_params(model, [f"{k}={_text(v)}" for k, v in params.items()])


def _text(v: ir.Value) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


# ---- the zone graph ---------------------------------------------------------------------------


class _Recorder:
    """Per (instance, event) the values of the scenario's clock at the steps of the scenario that make it occur.

    ``delete``: the kubelet's ``obs_del`` (since the first delete request), at steps after a delete of a running
    pod, read on the step's entry zone (the delete step itself resets the clock). ``probe``: app[0]'s ``kill_c``
    (since the probe failure that began the kill), at steps of a liveness kill (``reason == ByProbe``, no delete),
    read on the step's start zone (the process's end resets the clock)."""

    steps = True

    def __init__(self, sym: Symbolic, horizon: int, scenario: str = "delete") -> None:
        plan = sym.plan
        self.sym, self.horizon, self.scenario = sym, horizon, scenario
        self.kubelet = next(i.gid for i in plan.instances if i.name == "kubelet")
        app = next(i for i in plan.instances if i.name == "app[0]")
        self.app = app.gid
        self.x = sym.x[(self.kubelet, "obs_del")] if scenario == "delete" else sym.x[(self.app, "kill_c")]
        sym.m[self.x] = max(sym.m[self.x], horizon)
        reason = next(v for v in app.machine.vars if v.name == "reason").type
        assert isinstance(reason, ir.EnumT)
        self.by_probe = reason.members.index("ByProbe")
        self.names = {i.gid: i.name for i in plan.instances}
        self.bounds: dict[tuple[str, str], tuple[int, int | None]] = {}
        self.first: dict[tuple[str, str], tuple[int, int, Step]] = {}

    def node(self, k: int, s: int, z: dbm.DBM) -> None:
        pass

    def move(self, k: int, s: int, z: dbm.DBM, mv: Move, branches: list[Step]) -> None:
        probe = self.scenario == "probe"
        if probe and not self._probe_kill(World(self.sym.plan, s)):
            return
        for b in branches:
            if isinstance(b.world, Err):
                continue
            hits = [o for o in b.occurrences if o[1] in EVENTS and o[0] != self.kubelet]
            if not hits or not (probe or self._calm_delete(b.world)):
                continue
            span = clock_span(b.start if probe else b.zone, self.sym.n, self.x, self.horizon)
            if span is None:
                continue
            for gid, name in hits:
                key = (self.names[gid], name)
                old = self.bounds.get(key)
                late = span.latest
                if old is None:
                    self.bounds[key] = (span.earliest, late)
                    self.first[key] = (k, mv.id, b)
                else:
                    self.bounds[key] = (min(old[0], span.earliest),
                                        None if old[1] is None or late is None else max(old[1], late))

    def _calm_delete(self, w: World) -> bool:
        return bool(w.get(self.kubelet, "var", "deleting")) and bool(w.get(self.kubelet, "var", "obs_calm"))

    def _probe_kill(self, w: World) -> bool:
        return w.get(self.app, "var", "reason") == self.by_probe and not w.get(self.kubelet, "var", "deleting")


# the environment's moves a running pod does not need before its delete: the containers' processes ending
# (and what follows: restarts, back-off). Taken out before the first delete request only, they shrink the
# graph before the request to the runs that start every container once; the runs after it are all there.
# The delete request itself is taken only where every app container and sidecar is Running (the scenario).
QUIET = frozenset({"exit_ok", "exit_err", "start_error"})


def projection_plan(model: ir.Model, values: dict[str, ir.Value]) -> Plan:
    """The plan a projection explores: symbolic (no symmetry), without the properties' ordering monitors (no
    property is judged here: they would only split discrete states)."""
    from ..checker.build import plan_system
    from ..instantiate import instantiate

    return plan_system(instantiate(model, values), symmetry=False, monitors=False)


def read_clocks(plan: Plan) -> frozenset[tuple[str, str]]:
    """The clocks (machine, clock) the machines' behaviour reads: in a guard, an assigned value, a send's
    index or a state invariant. The others are read only by properties."""
    machines = tuple({i.machine.name: i.machine for i in plan.instances}.values())
    key = tuple(id(m) for m in machines)
    hit = _READ.get(key)  # the machines are the model's: one walk per model, not per binding
    if hit is None or any(a is not b for a, b in zip(hit[0], machines)):
        if len(_READ) >= 8:
            _READ.clear()
        hit = _READ[key] = (machines, _read_clocks(machines))
    return hit[1]


_READ: dict[tuple[int, ...], tuple[tuple[ir.MachineDef, ...], frozenset[tuple[str, str]]]] = {}


def _read_clocks(machines: tuple[ir.MachineDef, ...]) -> frozenset[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for m in machines:
        exprs: list[ir.Expr | None] = [t.guard for t in m.transitions]
        exprs += [e.value if isinstance(e, ir.Assign) else e.index for t in m.transitions for e in t.effects
                  if isinstance(e, ir.Assign) or isinstance(e, ir.SendEvent) and e.index is not None]
        exprs += [inv for st in m.states for inv in st.invariants]
        out.update((m.name, sub.name) for e in exprs if e is not None
                   for sub, _ in subexpressions(e, {}) if is_clock(sub))
    return frozenset(out)


class _Quiet(Symbolic):
    """The symbolic steps of the plan, without QUIET moves before the first delete request (``quiet``); with
    ``lean``, the clocks only properties read are forgotten (Extra_M with no bound: they cannot change a step,
    and dropping a clock from a canonical zone keeps the others' values exactly), so that zones differing only
    there are one."""

    def __init__(self, plan: Plan, quiet: bool, scenario: str = "delete", lean: bool = True) -> None:
        super().__init__(plan)
        if lean:
            read = read_clocks(plan)
            for f in self.clock_fields:
                if (plan.instances[f.gid].machine.name, f.key) not in read:
                    self.m[self.x[(f.gid, f.key)]] = NO_BOUND
        self.quiet, self.scenario = quiet, scenario
        self.kubelet = next(i.gid for i in plan.instances if i.name == "kubelet")
        self.running = [i.gid for i in plan.instances if i.decl in ("app", "side")]
        self._s, self._w = -1, World(plan, plan.init)
        self._leaves: list[str] = []  # each instance's leaf in state ``_s``
        from ..native.zkernel import load

        self.kernel = load()  # Extra_M in C where a compiler is found: the same zones (else in Python)

    def leaves(self, s: int) -> list[str]:
        if s != self._s:  # one decoded state per node (candidates, then branches of each move in turn)
            self._s, self._w = s, World(self.plan, s)
            self._leaves = self.leaves_in(self._w)  # the state decoded once, for its leaves and branches' tests
        return self._leaves

    def branches(self, s: int, z: dbm.DBM, move: Move) -> list[Step]:
        t = move.transition
        leaves = self.leaves(s)
        w = self._w
        if t is None or leaves[move.gid] not in t.sources:
            return []  # what Symbolic.branches answers too, without decoding the state again
        if self.quiet and self.scenario == "probe":
            if move.gid == self.kubelet and t.event in ("delete", "delete_override"):
                return []  # no delete in a liveness kill's scenario
            if t.event in QUIET and all(w.leaf(g) == "Running" for g in self.running) \
                    and not any(w.get(g, "var", "reason") for g in self.running):
                return []  # a process ending on its own while no kill is under way
        elif (self.quiet and (t.event in QUIET or move.gid == self.kubelet and t.event == "delete")
                and not w.get(self.kubelet, "var", "deleting")
                and (t.event in QUIET or any(w.leaf(g) != "Running" for g in self.running))):
            return []  # a process ending before the delete, or a delete of a pod not running
        return super().branches(s, z, move)


def _shown(key: tuple[str, str], bounds: dict[tuple[str, str], tuple[int, int | None]], grace: int) -> bool:
    """Whether a finding can show the shortest run to ``key`` (instance, event): only those runs are made
    concrete (each is a search of the tick semantics). The cases of _container_findings and _timelines: a cut
    preStop (prestop-exceeds-grace, probe-kill-grace), a preStop called at grace 0 (grace-zero-prestop), a
    SIGKILL after the grace (prestop-term-exceeds-grace), a sidecar's TERM (sidecar-stop-order)."""
    inst, event = key
    if event == "PreStopAbandoned":
        return True
    if event == "PreStopCalled":
        return grace == 0
    if event == "SIGKILL":
        late = bounds[key][1]
        return late is None or late > grace
    return event == "TERM" and inst.startswith("side[")


def _explore(plan: Plan, horizon: int, quiet: bool = True, scenario: str = "delete", lean: bool = True) -> Found:
    """The projection's bounds and runs in ``scenario`` (delete | probe); ``quiet`` and ``lean``: without the
    moves the scenario does not need and the clocks it does not read (the same answers:
    tests/pod/test_pod_model.py compares them with the whole graph)."""
    sym = _Quiet(plan, quiet, scenario, lean)
    rec = _Recorder(sym, horizon, scenario)
    g = explore(sym, MAX_ZONES, rec)
    bounds: dict[tuple[str, Event], Bounds] = {}
    abandoned: dict[str, Bounds] = {}
    for (inst, name), (lo, hi) in rec.bounds.items():
        b = Bounds(lo, hi)
        ev = EVENTS[name]
        old = bounds.get((inst, ev))
        bounds[(inst, ev)] = b if old is None else Bounds(
            min(old.best, b.best), None if old.worst is None or b.worst is None else max(old.worst, b.worst))
        if name == "PreStopAbandoned":
            abandoned[inst] = b
    grace = plan.params["grace"]
    assert isinstance(grace, int)
    runs = {key: _run(plan, g.path(k) + [move], rec) for key, (k, move, _) in rec.first.items()
            if _shown(key, rec.bounds, grace)}
    return Found(bounds, abandoned, {k: v for k, v in runs.items() if v}, g.complete, len(g.nodes))


def _run(plan: Plan, moves: list[int], rec: _Recorder) -> list[TraceStep] | None:
    """The shortest run to a step, as timeline rows from the scenario's start (the tick semantics, concrete)."""
    outs = concrete_run(plan, moves, lambda x: True)
    if outs is None:
        return None
    rows: list[TraceStep] = []
    now, start = 0, None
    for o in outs:
        if o.move.transition is None:  # a tick
            now += 1
            continue
        if start is None and o.move.gid == rec.kubelet and rec.scenario == "delete" \
                and o.move.transition.event in ("delete", "delete_override"):
            start = now
            rows.append(TraceStep(Bounds(0, 0), None, "delete request"))
        if start is None and o.move.gid == rec.app and rec.scenario == "probe" \
                and o.move.transition.event in ("liveness_fail", "startup_fail"):
            start = now
            rows.append(TraceStep(Bounds(0, 0), rec.names[rec.app], f"{o.move.transition.event.split('_')[0]} "
                                                                      "probe fails"))
        if start is None:
            continue
        at = Bounds(now - start, now - start)
        rows += [TraceStep(at, rec.names[g], n) for g, n in o.signals if n in EVENTS and g != rec.kubelet]
        if o.move.transition.event in ("exit_ok", "exit_err", "sigkill"):
            rows.append(TraceStep(at, rec.names[o.move.gid], "process exits"))
    return rows if start is not None else None


# ---- the projections' answers, kept in the user's cache directory (JSON: data, never code) -------------


def _cache_entry(model: ir.Model, key: object, horizon: int, prefix: str = "podtimeline") -> Path | None:
    """Where a projection's answer is kept: keyed by the package's code, the spec's texts and the binding."""
    cache = user_cache_dir()
    if cache is None:
        return None
    h = hashlib.sha256(code_hash().encode())
    for name, text in model.sources:
        h.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0" + text.encode("utf-8", "surrogateescape"))
    h.update(repr((key, horizon)).encode())
    return cache / f"{prefix}-{h.hexdigest()[:32]}.json"


def _bounds(b: Bounds) -> list[float | None]:
    return [b.best, b.worst]


def _read(entry: Path | None) -> Found | None:
    if entry is None:
        return None
    try:
        d = json.loads(entry.read_text(encoding="utf-8"))
        touch(entry)
        return Found(
            {(i, Event(e)): Bounds(lo, hi) for i, e, lo, hi in d["bounds"]},
            {i: Bounds(lo, hi) for i, lo, hi in d["abandoned"]},
            {(i, sig): [TraceStep(Bounds(lo, hi), c, ev) for lo, hi, c, ev in rows] for i, sig, rows in d["runs"]},
            bool(d["complete"]), int(d["nodes"]))
    except (OSError, ValueError, KeyError, TypeError):  # missing or unreadable: computed again
        return None


def _write(entry: Path | None, found: Found) -> None:
    if entry is None or not found.complete:
        return
    store(entry, {"bounds": [[i, e.value, *_bounds(b)] for (i, e), b in found.bounds.items()],
                  "abandoned": [[i, *_bounds(b)] for i, b in found.abandoned.items()],
                  "runs": [[i, sig, [[*_bounds(r.at), r.container, r.event] for r in rows]]
                           for (i, sig), rows in found.runs.items()],
                  "complete": found.complete, "nodes": found.nodes})


__all__ = ["DECIDED", "REFERENCE", "ReferenceModel", "hook_of"]
