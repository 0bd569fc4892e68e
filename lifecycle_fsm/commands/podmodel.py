"""The model side of `lifefsm pod`: each pod's delete timeline, from the zone graph of spec/pod.lfsm at its seconds.

``ReferenceModel`` implements ``pod.analysis.ModelCheck``. For a pod it checks **projections** of the
reference model, each one binding of spec/pod.lfsm at the pod's own values (its grace period, restart
policy and a container's preStop handler and seconds), with symbolic time (zones), so that 30 s and
3,600 s cost the same:

* every app container: the pod with that one app container (apps are killed at once and in parallel,
  each with the pod's grace, so another app does not move its timeline);
* sidecars, when every app container and sidecar has the same preStop (the model gives apps and
  sidecars one handler, ``pre``): the pod with one app container and the pod's sidecars (at most 2);
  otherwise their timeline is reported as not modelled, with that reason.

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
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import model as ir
from ..cachedir import code_hash, user_cache_dir
from ..checker.build import Plan
from ..checker.interp import World
from ..checker.plan import Move
from ..pipeline import load
from ..pod.analysis import Event, Occurs, Timeline, TimelineEntry
from ..pod.analysis import Scenario as PodScenario
from ..pod.config import Container, Handler, HandlerKind, PodConfig, Role
from ..pod.results import RULES, Bounds, Finding, TraceStep
from ..source import Span
from ..zones import dbm
from ..zones.concrete import concrete_run
from ..zones.engine import Err, Step, Symbolic, explore
from ..zones.timing import clock_span

REFERENCE = Path(__file__).resolve().parents[2] / "spec" / "pod.lfsm"
MAX_SECONDS = 3600  # the reference model's ranges (spec/pod.lfsm: grace, sleep_for)
FLOOR = 2  # spec/pod/types.lfsm: StopContainer's minimum timeout
MAX_ZONES = 2_000_000  # a projection stops here (its bounds are then lower estimates and not reported)
# the model rules a timeline decides (results.RULES, source "model")
DECIDED = ("prestop-exceeds-grace", "grace-zero-prestop", "sidecar-stop-order", "probe-kill-grace")

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


class ReferenceModel:
    """``pod.analysis.ModelCheck`` on spec/pod.lfsm (module docstring). One model, projections cached by binding."""

    def __init__(self, spec: Path = REFERENCE) -> None:
        self.spec = spec
        self._model: ir.Model | None = None
        self._found: dict[tuple[tuple[str, ir.Value], ...], Found] = {}
        self._answers: dict[int, tuple[PodConfig, str, tuple[Timeline, ...], tuple[Finding, ...]]] = {}

    # ---- the seam ----------------------------------------------------------------------------

    def status(self, pod: PodConfig) -> str:
        return self._answer(pod)[0]

    def timelines(self, pod: PodConfig) -> tuple[Timeline, ...]:
        return self._answer(pod)[1]

    def findings(self, pod: PodConfig) -> tuple[Finding, ...]:
        return self._answer(pod)[2]

    def checked(self, pod: PodConfig) -> tuple[str, ...]:
        status = self._answer(pod)[0]
        if not status.startswith("computed"):
            return ()
        sides_left = pod.by_role(Role.SIDECAR) and status != "computed"  # sidecars not modelled
        # probe kills are checked for app containers' liveness probes: not for sidecars' or startup probes
        probes_left = any(c.pre_stop is not None and (c.role is not Role.APP or c.probe("startup"))
                          and (c.probe("liveness") or c.probe("startup")) for c in pod.containers)
        return tuple(c for c in DECIDED if not (sides_left and c == "sidecar-stop-order")
                     and not (probes_left and c == "probe-kill-grace"))

    # ---- the projections ---------------------------------------------------------------------

    def _answer(self, pod: PodConfig) -> tuple[str, tuple[Timeline, ...], tuple[Finding, ...]]:
        hit = self._answers.get(id(pod))  # by identity (findings carry this pod's positions), pod kept alive
        if hit is None or hit[0] is not pod:
            hit = self._answers[id(pod)] = (pod, *self._analyse(pod))
        return hit[1], hit[2], hit[3]

    def _analyse(self, pod: PodConfig) -> tuple[str, tuple[Timeline, ...], tuple[Finding, ...]]:
        why = self._not_modelled(pod)
        if why:
            return why, (), ()
        apps, sides = pod.by_role(Role.APP), pod.by_role(Role.SIDECAR)
        entries: list[TimelineEntry] = []
        findings: list[Finding] = []
        # container -> its projection, its instance there, and the projection's instances as containers
        where: dict[str, tuple[Found, str, dict[str, str]]] = {}
        for c in apps:
            found = self._project(pod, hook_of(c.pre_stop, pod.grace.value), 0)
            where[c.name.value] = (found, "app[0]", {"app[0]": c.name.value})
        hooks = {hook_of(c.pre_stop, pod.grace.value) for c in apps + sides}
        side_note = None
        if sides and len(hooks) == 1 and len(sides) <= 2:
            found = self._project(pod, hooks.pop(), len(sides))
            names = {"app[0]": apps[0].name.value if len(apps) == 1 else "app containers"}
            names.update((f"side[{i}]", c.name.value) for i, c in enumerate(sides))
            for i, c in enumerate(sides):
                where[c.name.value] = (found, f"side[{i}]", names)
        elif sides:
            side_note = ("not modelled: the reference model gives app containers and sidecars one preStop handler, "
                         "and this pod's differ" if len(sides) <= 2 else "not modelled: more than 2 sidecars")
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
                findings.append(_finding(
                    "probe-kill-grace", c, probe.termination_grace.span,
                    f"on a liveness kill the preStop of '{c.name.value}' ({h.read} s) gets the probe's grace period "
                    f"of {pg} s, not the pod's {pod.grace.value} s: the kubelet stops waiting for it at {_b(cut)} s, "
                    f"sends TERM, and SIGKILL at least {FLOOR} s later",
                    found.runs.get(("app[0]", "PreStopAbandoned")), {"app[0]": c.name.value}))
        status = "computed" if side_note is None else f"computed; sidecars {side_note}"
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

    def _project(self, pod: PodConfig, hook: Hook, n_side: int, probe_grace: int | None = None) -> Found:
        """The delete projection; with ``probe_grace`` (0: the probe sets none) the liveness-kill one."""
        policy = pod.restart_policy.value if pod.restart_policy.value in ("Always", "OnFailure", "Never") else "Always"
        probe = probe_grace is not None
        params: dict[str, ir.Value] = {
            "n_init": 0, "n_side": n_side, "n_apps": 1, "n_eph": 0, "n_ep": 0, "policy": policy,
            "post": "NoHook", "pre": hook.pre, "sleep_for": hook.seconds or 0, "grace": pod.grace.value,
            "override": -1, "liveness": probe, "startup": False, "readiness": False, "probe_grace": probe_grace or 0,
            "start_errors": False, "sandbox_loss": False}
        key = tuple(sorted(params.items()))
        if key not in self._found:
            if self._model is None:
                self._model = load(self.spec)
            horizon = max(pod.grace.value, probe_grace or 0) + (hook.seconds or 0) + 2 * FLOOR + 1
            stored = _cache_entry(self._model, key, horizon)
            found = _read(stored)
            if found is None:
                from ..zones.check import symbolic_plan

                found = _explore(symbolic_plan(self._model, _values(self._model, params)), horizon,
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
            out.append(_finding(
                "prestop-exceeds-grace", c, c.pre_stop.span,
                f"the preStop of '{name}' runs {h.read} s, and the grace period is {pod.grace.value} s: on a "
                f"delete the kubelet stops waiting for it at {_b(cut)} s, sends TERM, and SIGKILL at least "
                f"{FLOOR} s later, while the hook may still run",
                found.runs.get((inst, "PreStopAbandoned")), names))
        if c.pre_stop is not None and pod.grace.value == 0:
            called = found.bounds.get((inst, Event.PRESTOP_START))
            what = ("is never called" if called is None else
                    f"is called and cut at {_b(cut)} s" if cut is not None else "is called")
            out.append(_finding(
                "grace-zero-prestop", c, pod.grace.span if not pod.grace.defaulted else c.pre_stop.span,
                f"with terminationGracePeriodSeconds 0 a delete takes 1 s of grace: the preStop of '{name}' {what}",
                found.runs.get((inst, "PreStopAbandoned" if cut is not None else "PreStopCalled")), names))
        if c.role is Role.SIDECAR:
            term = found.bounds.get((inst, Event.TERM))
            app_exit = found.bounds.get(("app[0]", Event.EXIT))
            pre = found.bounds.get((inst, Event.PRESTOP_START))
            if term is not None and app_exit is not None:
                out.append(_finding(
                    "sidecar-stop-order", c, c.span,
                    f"sidecar '{name}' gets TERM at {_b(term)} s, once the app containers have exited "
                    f"({_b(app_exit)} s) or the grace period has run out"
                    + (f"; its preStop starts at {_b(pre)} s, with theirs" if pre else ""),
                    found.runs.get((inst, "TERM")), names))
        return out


def _finding(code: str, c: Container, span: Span, message: str, run: list[TraceStep] | None,
             names: dict[str, str]) -> Finding:
    """A finding of model rule ``code``; the run's instances (``app[0]``) named as the pod's containers."""
    r = RULES[code]
    trace = None if not run else tuple(
        TraceStep(s.at, names.get(s.container, s.container) if s.container else None, s.event) for s in run)
    return Finding(code, r.severity, r.guarantees, span, message, "model", c.name.value, trace=trace)


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


class _Quiet(Symbolic):
    """The symbolic steps of the plan, without QUIET moves before the first delete request (``quiet``)."""

    def __init__(self, plan: Plan, quiet: bool, scenario: str = "delete") -> None:
        super().__init__(plan)
        self.quiet, self.scenario = quiet, scenario
        self.kubelet = next(i.gid for i in plan.instances if i.name == "kubelet")
        self.running = [i.gid for i in plan.instances if i.decl in ("app", "side")]
        self._s, self._w = -1, World(plan, plan.init)

    def branches(self, s: int, z: dbm.DBM, move: Move) -> list[Step]:
        t = move.transition
        if s != self._s:  # one decoded state per node (explore asks every move of it in turn)
            self._s, self._w = s, World(self.plan, s)
        w = self._w
        if t is None or w.leaf(move.gid) not in t.sources:
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


def _explore(plan: Plan, horizon: int, quiet: bool = True, scenario: str = "delete") -> Found:
    """The projection's bounds and runs in ``scenario`` (delete | probe); ``quiet``: without the moves the
    scenario does not need (the same answers: tests/pod/test_pod_model.py compares both)."""
    sym = _Quiet(plan, quiet, scenario)
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
    runs = {key: _run(plan, g.path(k) + [move], rec) for key, (k, move, _) in rec.first.items()}
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


def _cache_entry(model: ir.Model, key: tuple[tuple[str, ir.Value], ...], horizon: int) -> Path | None:
    """Where a projection's answer is kept: keyed by the package's code, the spec's texts and the binding."""
    cache = user_cache_dir()
    if cache is None:
        return None
    h = hashlib.sha256(code_hash().encode())
    for name, text in model.sources:
        h.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0" + text.encode("utf-8", "surrogateescape"))
    h.update(repr((key, horizon)).encode())
    return cache / f"podtimeline-{h.hexdigest()[:32]}.json"


def _bounds(b: Bounds) -> list[float | None]:
    return [b.best, b.worst]


def _read(entry: Path | None) -> Found | None:
    if entry is None:
        return None
    try:
        d = json.loads(entry.read_text(encoding="utf-8"))
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
    data = {"bounds": [[i, e.value, *_bounds(b)] for (i, e), b in found.bounds.items()],
            "abandoned": [[i, *_bounds(b)] for i, b in found.abandoned.items()],
            "runs": [[i, sig, [[*_bounds(r.at), r.container, r.event] for r in rows]]
                     for (i, sig), rows in found.runs.items()],
            "complete": found.complete, "nodes": found.nodes}
    try:
        fd, tmp = tempfile.mkstemp(prefix=".podtimeline-", dir=entry.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(tmp, entry)
    except OSError:
        pass


__all__ = ["DECIDED", "REFERENCE", "ReferenceModel", "hook_of"]
