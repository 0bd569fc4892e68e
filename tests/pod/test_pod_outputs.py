"""The reports for machines and CI: --json (validated against its schema), --sarif, --fail-on, exit codes.

The SARIF output is checked against the structure SARIF 2.1.0 requires (the
properties the OASIS schema marks required, and the enumerations we use). When
the official schema is on this machine (LIFEFSM_SARIF_SCHEMA=path, e.g. the
sarif-2.1.0-rtm.5.json shipped by the npm package @microsoft/jest-sarif), it
is validated against that too; it is never downloaded by the tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from lifecycle_fsm.pod.jsonout import schema

from .conftest import CORPUS, rel, run

NGINX = "tests/data/manifests/nginx-lifecycle-demo.yaml"
QUIET = "tests/data/manifests/prometheus-statefulset.yaml"  # no findings
INFO_ONLY = "tests/data/manifests/ingress-nginx-controller.yaml"
ERRORS = "tests/data/manifests/kubevela-tcpsocket-hook.yaml"


def test_json_report_of_the_whole_corpus_validates_against_the_schema(capsys: pytest.CaptureFixture[str],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["pod", "--json", "-", "--fail-on", "never", *map(rel, CORPUS)], capsys, monkeypatch)
    assert code == 0
    data = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(data, schema(), cls=jsonschema.Draft202012Validator)
    assert data["summary"]["pods"] == len(data["pods"]) == 35
    for p in data["pods"]:
        t = p["timeline"]
        if t["status"] == "computed":  # the delete first, then a liveness kill per app container with a probe
            assert t["scenarios"][0]["scenario"] == "delete" and t["scenarios"][0]["entries"]
            assert {s["scenario"] for s in t["scenarios"][1:]} <= {"liveness-kill"}
        else:
            assert t["scenarios"] == [] and t["reason"]
    assert sum(p["timeline"]["status"] == "computed" for p in data["pods"]) >= 30


def test_json_fields_of_the_nginx_demo(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run(["pod", "--json", "-", NGINX], capsys, monkeypatch)
    pod = json.loads(out)["pods"][0]
    assert (pod["name"], pod["kind"]) == ("lifecycle-demo", "Pod")
    assert (pod["source"]["line"], pod["source"]["document"]) == (5, 1)
    assert pod["terminationGracePeriodSeconds"]["value"] == 30 and pod["terminationGracePeriodSeconds"]["default"]
    pre = pod["containers"][0]["preStop"]
    assert pre["stopsMainProcess"] == "nginx -s quit" and pre["waitsForExit"]
    assert pre["duration"] == {"min": 0, "max": None, "known": False, "neverReturns": False,
                               "text": "unknown: any duration"}
    codes = [(f["code"], f["severity"], f["guarantees"], f["location"]["line"], f["trace"]) for f in pod["findings"]]
    assert codes == [("duration-unknown", "info", ["G20"], 18, None),
                     ("prestop-stops-main-process", "warning", ["G18", "G19", "G22"], 18, None)]
    assert pod["uncheckedModelRules"] == []  # the model decides every rule that applies to it


@pytest.mark.parametrize("fail_on,manifest,expected", [
    ("warning", QUIET, 0), ("warning", INFO_ONLY, 0), ("info", INFO_ONLY, 1), ("warning", NGINX, 1),
    ("error", NGINX, 0), ("error", ERRORS, 1), ("never", ERRORS, 0),
])
def test_fail_on_threshold(fail_on: str, manifest: str, expected: int, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["pod", "--fail-on", fail_on, manifest], capsys, monkeypatch)
    assert code == expected
    assert out.rstrip().splitlines()[-1].startswith("1 pod: ")


def _sarif(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *files: str) -> dict[str, Any]:
    _, out, _ = run(["pod", "--sarif", "-", "--fail-on", "never", *files], capsys, monkeypatch)
    data: dict[str, Any] = json.loads(out)
    return data


SARIF_REQUIRED = {
    "type": "object", "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"], "properties": {"rules": {"type": "array", "items": {
                        "type": "object", "required": ["id"], "properties": {"defaultConfiguration": {
                            "properties": {"level": {"enum": ["none", "note", "warning", "error"]}}}}}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"],
                    "properties": {
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}]},
                        "locations": {"type": "array", "items": {"properties": {"physicalLocation": {
                            "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}],
                            "properties": {"region": {"properties": {
                                "startLine": {"type": "integer", "minimum": 1},
                                "startColumn": {"type": "integer", "minimum": 1}}}}}}}}}}}}}},
    },
}


def test_sarif_has_the_required_structure_and_points_at_the_fields(capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data = _sarif(capsys, monkeypatch, NGINX, ERRORS)
    jsonschema.validate(data, SARIF_REQUIRED)
    run0 = data["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    results = run0["results"]
    assert [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in results] == [("duration-unknown", "note", 18), ("prestop-stops-main-process", "warning", 18),
                                  ("tcpsocket-hook", "error", 22), ("tcpsocket-hook", "warning", 25)]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == NGINX


@pytest.mark.skipif(not os.environ.get("LIFEFSM_SARIF_SCHEMA"), reason="official SARIF schema not on this machine "
                    "(set LIFEFSM_SARIF_SCHEMA to sarif-2.1.0 schema JSON)")
def test_sarif_validates_against_the_official_schema(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    official = json.loads(Path(os.environ["LIFEFSM_SARIF_SCHEMA"]).read_text(encoding="utf-8"))
    data = _sarif(capsys, monkeypatch, *map(rel, CORPUS))
    jsonschema.validate(data, official)


def test_files_are_written_and_text_still_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["pod", "--json", str(tmp_path / "r.json"), "--sarif", str(tmp_path / "r.sarif"), NGINX],
                       capsys, monkeypatch)
    assert code == 1
    assert json.loads((tmp_path / "r.json").read_text())["exit"] == 1
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"
    assert "[prestop-stops-main-process]" in out


def test_bad_input_writes_no_report(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.json"
    target.write_text("earlier")
    code, _, _ = run(["pod", "--json", str(target), "tests/data/manifests/bad/wrong-type-grace.yaml"], capsys,
                     monkeypatch)
    assert code == 2 and target.read_text() == "earlier"


def test_unwritable_output_is_a_diagnostic(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = run(["pod", "--json", str(blocker / "r.json"), NGINX], capsys, monkeypatch)
    assert code == 2 and "[output-failed]" in err and "Traceback" not in err
