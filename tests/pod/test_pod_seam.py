"""The seam (lifecycle_fsm/pod/analysis.py): what is computed now, and how the model check plugs in.

Nothing here checks timing: a stand-in ModelCheck returns a fixed timeline and
finding, so that the plumbing from the seam to the text, JSON and SARIF outputs
is tested before the real model check exists. The stand-in lives only in this
test; the CLI never uses it.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from lifecycle_fsm.pod.analysis import (
    NOT_COMPUTED,
    Event,
    Occurs,
    Scenario,
    SeamError,
    Timeline,
    TimelineEntry,
    analyse,
    startup_order,
)
from lifecycle_fsm.pod.config import PodConfig, Role
from lifecycle_fsm.pod.jsonout import dumps, report_json, schema
from lifecycle_fsm.pod.reader import read_text
from lifecycle_fsm.pod.report import render_report
from lifecycle_fsm.pod.results import Bounds, Finding, Severity, TraceStep
from lifecycle_fsm.pod.sarif import report_sarif

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  terminationGracePeriodSeconds: 20
  initContainers:
  - {name: migrate, image: m}
  - name: proxy
    image: p
    restartPolicy: Always
  containers:
  - name: app
    image: a
    lifecycle:
      preStop: {exec: {command: [sleep, "30"]}}
"""


def pod() -> PodConfig:
    return read_text(POD, "p.yaml").pods[0]


class StandIn:
    """A ModelCheck double with fixed answers (not a model: it only exercises the plumbing)."""

    def __init__(self, code: str = "prestop-exceeds-grace", source: str = "model") -> None:
        self.code, self.source = code, source

    def status(self, p: PodConfig) -> str:
        return "computed"

    def checked(self, p: PodConfig) -> tuple[str, ...]:
        return ("prestop-exceeds-grace", "prestop-term-exceeds-grace", "sidecar-stop-order")

    def timelines(self, p: PodConfig) -> tuple[Timeline, ...]:
        return (Timeline(Scenario.DELETE, None, (
            TimelineEntry("app", Event.PRESTOP_START, Bounds(0, 0)),
            TimelineEntry("app", Event.TERM, Bounds(20, 20)),
            TimelineEntry("app", Event.SIGKILL, Bounds(22, 23), Occurs.SOMETIMES),
            TimelineEntry("app", Event.EXIT, Bounds(20, None))), ("app",), False),)

    def findings(self, p: PodConfig) -> tuple[Finding, ...]:
        c = p.containers[-1]
        assert c.pre_stop is not None
        return (Finding(self.code, Severity.WARNING, ("G20",), c.pre_stop.span, "stand-in finding", self.source, "app",
                        trace=(TraceStep(Bounds(0, 0), None, "delete"), TraceStep(Bounds(20, 20), "app", "TERM"))),)


def test_without_the_model_nothing_is_pretended() -> None:
    a = analyse(pod())
    assert a.timelines == () and a.timeline_status == NOT_COMPUTED
    assert all(f.source == "config" and f.trace is None for f in a.findings)
    assert a.unchecked == ("prestop-exceeds-grace", "prestop-term-exceeds-grace", "sidecar-stop-order")
    text = render_report([a], [], {"p.yaml": POD})
    assert "timeline (delete, liveness kill): not computed: " in text and "SIGKILL" not in text


def test_startup_order_follows_roles_and_spec_order() -> None:
    assert [(s.position, s.container, s.role, s.after) for s in startup_order(pod())] == [
        (1, "migrate", Role.INIT, None), (2, "proxy", Role.SIDECAR, "migrate"), (3, "app", Role.APP, "proxy")]


def test_a_model_check_fills_timelines_and_findings_through_every_output() -> None:
    a = analyse(pod(), StandIn())
    assert a.timeline_status == "computed" and a.unchecked == ()
    text = render_report([a], [], {"p.yaml": POD})
    assert "  timeline, delete: seconds from the request" in text
    assert "app        0 s            -            20 s  22-23 s (some runs)  >= 20 s" in text
    assert "    at          0 s  pod                  delete" in text
    data = json.loads(dumps(report_json([a], [], ["p.yaml"], "warning", 1)))
    jsonschema.validate(data, schema(), cls=jsonschema.Draft202012Validator)
    assert data["pods"][0]["timeline"]["scenarios"][0]["entries"][2] == {
        "container": "app", "event": "SIGKILL", "best": 22, "worst": 23, "occurs": "sometimes"}
    sarif = report_sarif([a], ["p.yaml"])
    result = sarif["runs"][0]["results"][-1]
    assert result["ruleId"] == "prestop-exceeds-grace"
    assert len(result["codeFlows"][0]["threadFlows"][0]["locations"]) == 2


@pytest.mark.parametrize("code,source", [("sh-c-arguments", "model"), ("no-such-rule", "model"),
                                         ("prestop-exceeds-grace", "config")])
def test_the_model_cannot_emit_configuration_codes(code: str, source: str) -> None:
    with pytest.raises(SeamError):
        analyse(pod(), StandIn(code, source))
