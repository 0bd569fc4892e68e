"""The model side of `lifefsm pod` (lifecycle_fsm/commands/podmodel.py): delete timelines from spec/pod.lfsm."""

from __future__ import annotations

from pathlib import Path

import pytest

from lifecycle_fsm.commands import podmodel as pm
from lifecycle_fsm.pipeline import load
from lifecycle_fsm.pod.analysis import Event, analyse
from lifecycle_fsm.pod.reader import read_text
from lifecycle_fsm.pod.results import Bounds
from lifecycle_fsm.zones.check import symbolic_plan

from .conftest import run

MODEL = pm.ReferenceModel()


def pod(grace: int | None, *containers: str, init: str = "") -> str:
    g = f"  terminationGracePeriodSeconds: {grace}\n" if grace is not None else ""
    return (f"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n{g}"
            + (f"  initContainers:\n{init}" if init else "") + "  containers:\n" + "".join(containers))


def app(name: str, pre: str = "") -> str:
    hook = f"    lifecycle:\n      preStop: {pre}\n" if pre else ""
    return f"  - name: {name}\n    image: i\n{hook}"


def timeline(text: str) -> dict[tuple[str, Event], Bounds]:
    a = analyse(read_text(text, "p.yaml").pods[0], MODEL)
    assert a.timeline_status.startswith("computed"), a.timeline_status
    return {(e.container, e.event): e.at for e in a.timelines[0].entries}


def test_a_delete_at_real_seconds() -> None:
    t = timeline(pod(20, app("slow", '{exec: {command: [sleep, "30"]}}'), app("quick", "{sleep: {seconds: 5}}"),
                     app("plain")))
    # the 30 s hook is cut at the grace: TERM at 20, SIGKILL 2 s later (the StopContainer floor)
    assert t["slow", Event.PRESTOP_START] == Bounds(0, 0)
    assert t["slow", Event.PRESTOP_END] == Bounds(20, 20)
    assert t["slow", Event.TERM] == Bounds(20, 20)
    assert t["slow", Event.SIGKILL] == Bounds(22, 22)
    # the 5 s sleep returns at 5 (G40), TERM then, SIGKILL when the grace runs out
    assert t["quick", Event.PRESTOP_END] == Bounds(5, 5)
    assert t["quick", Event.TERM] == Bounds(5, 5)
    assert t["quick", Event.SIGKILL] == Bounds(20, 20)
    # no hook: TERM at once; the process may exit any time until SIGKILL
    assert ("plain", Event.PRESTOP_START) not in t
    assert t["plain", Event.TERM] == Bounds(0, 0)
    assert t["plain", Event.EXIT] == Bounds(0, 20)


def test_grace_zero_gives_a_delete_one_second() -> None:
    t = timeline(pod(0, app("a", '{exec: {command: [/bin/stop]}}')))
    assert t["a", Event.PRESTOP_END] == Bounds(0, 1)
    assert t["a", Event.SIGKILL] == Bounds(2, 3)


def test_sidecar_terms_after_the_apps_or_at_the_deadline() -> None:
    side = ("  - name: proxy\n    image: p\n    restartPolicy: Always\n"
            "    lifecycle:\n      preStop: {sleep: {seconds: 3}}\n")
    t = timeline(pod(10, app("web", "{sleep: {seconds: 3}}"), init=side))
    assert t["proxy", Event.PRESTOP_START] == Bounds(0, 0)  # with the apps' (G53)
    assert t["proxy", Event.TERM] == Bounds(3, 10)  # after web's exit (at 3 at the earliest), or at the grace
    assert t["web", Event.TERM] == Bounds(3, 3)


def test_a_liveness_kill_uses_the_probes_grace() -> None:
    text = pod(60, app("api", '{exec: {command: [sleep, "20"]}}').replace(
        "    lifecycle:", "    livenessProbe:\n      httpGet: {path: /h, port: 80}\n"
                         "      terminationGracePeriodSeconds: 10\n    lifecycle:"))
    a = analyse(read_text(text, "p.yaml").pods[0], MODEL)
    kill = next(t for t in a.timelines if t.scenario.value == "liveness-kill")
    at = {e.event: e.at for e in kill.entries}
    assert kill.trigger == "api"
    assert at[Event.PRESTOP_END] == Bounds(10, 10) and at[Event.TERM] == Bounds(10, 10)
    assert at[Event.SIGKILL] == Bounds(12, 12)
    f = next(f for f in a.findings if f.code == "probe-kill-grace")
    assert f.trace is not None and f.trace[0].event == "liveness probe fails"


@pytest.mark.parametrize(("sides", "scenario", "own"), [(0, "delete", False), (1, "delete", False),
                                                        (1, "delete", True), (0, "probe", False)])
def test_leaving_out_exits_before_the_delete_changes_no_bound(sides: int, scenario: str, own: bool) -> None:
    """The QUIET moves taken out before the request (commands/podmodel.py): the same bounds as the whole graph
    (``own``: the sidecar with a preStop of its own, none, beside the app's Sleep)."""
    model = load(pm.REFERENCE)
    params = dict(n_init=0, n_side=sides, n_apps=1, n_eph=0, n_ep=0, policy="Never", post="NoHook",
                  pre="Sleep", sleep_for=1, grace=2 + sides, override=-1,
                  liveness=scenario == "probe", startup=False, readiness=False, probe_grace=0,
                  start_errors=False, sandbox_loss=False, side_own=own, side_post="NoHook", side_pre="NoHook",
                  side_sleep_for=0)
    plan = symbolic_plan(model, pm._values(model, params))
    quiet = pm._explore(plan, 10, quiet=True, scenario=scenario, lean=False)
    whole = pm._explore(plan, 10, quiet=False, scenario=scenario, lean=False)
    assert quiet.complete and whole.complete
    assert quiet.bounds == whole.bounds and quiet.abandoned == whole.abandoned
    assert quiet.nodes < whole.nodes
    # what `lifefsm pod` explores: no ordering monitors, the clocks only properties read forgotten
    lean = pm._explore(pm.projection_plan(model, pm._values(model, params)), 10, scenario=scenario)
    assert lean.complete
    assert lean.bounds == whole.bounds and lean.abandoned == whole.abandoned
    assert lean.nodes <= quiet.nodes


def test_30_and_3600_seconds_cost_the_same() -> None:
    m = pm.ReferenceModel()
    one = read_text(pod(30, app("a", "{sleep: {seconds: 25}}")), "p.yaml").pods[0]
    two = read_text(pod(3600, app("a", "{sleep: {seconds: 3595}}")), "p.yaml").pods[0]
    f30 = m._project(one, pm.hook_of(one.containers[0].pre_stop, 30), 0)
    f3600 = m._project(two, pm.hook_of(two.containers[0].pre_stop, 3600), 0)
    assert f30.nodes == f3600.nodes
    assert f3600.bounds[("app[0]", Event.SIGKILL)] == Bounds(3600, 3600)


def test_the_finding_comes_with_the_run_that_shows_it() -> None:
    a = analyse(read_text(pod(20, app("slow", '{exec: {command: [sleep, "30"]}}')), "p.yaml").pods[0], MODEL)
    f = next(f for f in a.findings if f.code == "prestop-exceeds-grace")
    assert f.source == "model" and f.container == "slow" and f.trace is not None
    assert [(s.at.best, s.container, s.event) for s in f.trace] == [
        (0, None, "delete request"), (0, "slow", "PreStopCalled"), (20, "slow", "PreStopAbandoned")]


@pytest.mark.parametrize(("text", "why"), [
    (pod(4000, app("a")), "goes up to 3,600 s of grace period"),
    (pod(10, app("a", "{sleep: {seconds: 20}}")), "the API server rejects the pod"),
])
def test_what_the_model_does_not_cover_is_said(text: str, why: str) -> None:
    a = analyse(read_text(text, "p.yaml").pods[0], MODEL)
    assert not a.timelines and why in a.timeline_status
    assert "prestop-exceeds-grace" not in {f.code for f in a.findings}


def test_a_sidecar_with_another_prestop_than_the_apps_is_modelled_with_its_own() -> None:
    side = "  - name: proxy\n    image: p\n    restartPolicy: Always\n"
    a = analyse(read_text(pod(10, app("web", "{sleep: {seconds: 3}}"), init=side), "p.yaml").pods[0], MODEL)
    assert a.timeline_status == "computed"
    t = {(e.container, e.event): e.at for e in a.timelines[0].entries}
    assert ("proxy", Event.PRESTOP_START) not in t  # no preStop of its own, while web has one
    assert t["proxy", Event.TERM] == Bounds(3, 10)  # after web's kill (its preStop returns at 3), or at the grace
    assert t["web", Event.PRESTOP_END] == Bounds(3, 3)
    assert "sidecar-stop-order" in {f.code for f in a.findings} and not a.unchecked


def test_sidecars_checked_beside_the_app_that_can_exit_last() -> None:
    side = ("  - name: proxy\n    image: p\n    restartPolicy: Always\n"
            "    lifecycle:\n      preStop: {sleep: {seconds: 1}}\n")
    a = analyse(read_text(pod(20, app("quick"), app("slow", "{sleep: {seconds: 8}}"), init=side), "p.yaml").pods[0],
                MODEL)
    assert "checked beside 'slow'" in a.timeline_status
    t = {(e.container, e.event): e.at for e in a.timelines[0].entries}
    assert t["proxy", Event.PRESTOP_START] == Bounds(0, 0)  # with the apps' (G53)
    assert t["proxy", Event.TERM].best >= 8  # not before slow's kill is over


def test_sidecars_with_different_prestops_are_not_modelled() -> None:
    side = ("  - name: proxy\n    image: p\n    restartPolicy: Always\n"
            "  - name: logs\n    image: l\n    restartPolicy: Always\n"
            "    lifecycle:\n      preStop: {sleep: {seconds: 2}}\n")
    a = analyse(read_text(pod(10, app("web"), init=side), "p.yaml").pods[0], MODEL)
    assert "sidecars not modelled" in a.timeline_status and "differ" in a.timeline_status
    assert {e.container for e in a.timelines[0].entries} == {"web"}
    assert {"sidecar-stop-order", "prestop-term-exceeds-grace"} <= set(a.unchecked)
    assert a.timelines[0].fits_in_grace is None


def test_no_model_option_keeps_the_configuration_facts_only(capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["pod", "--no-model", "tests/data/manifests/prestop-sleep-action.yaml"], capsys, monkeypatch)
    assert "not computed: the timelines come from the model check" in out and "timeline, delete" not in out
    code, out, _ = run(["pod", "tests/data/manifests/prestop-sleep-action.yaml"], capsys, monkeypatch)
    assert "timeline, delete" in out


@pytest.mark.parametrize(("spec", "want"), [
    ("missing.lfsm", "--spec {path}: no such file"),
    ("other.lfsm", "not a reference model of the pod: it does not declare n_init, n_side, n_apps"),
    ("broken.lfsm", "[syntax-error]"),
])
def test_a_bad_spec_is_bad_input(spec: str, want: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "other.lfsm").write_text("machine X { initial state A }\n", encoding="utf-8")
    (tmp_path / "broken.lfsm").write_text("machine X {\n  state A\n  oops here\n}\n", encoding="utf-8")
    path = tmp_path / spec
    code, out, err = run(["pod", "--spec", str(path), "tests/data/manifests/prestop-sleep-action.yaml"],
                         capsys, monkeypatch)
    assert code == 2 and "Traceback" not in err and out == ""
    assert want.format(path=path) in err
