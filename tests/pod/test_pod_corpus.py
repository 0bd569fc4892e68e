"""The manifest corpus: real-world lifecycle patterns, each with a hand-reviewed golden.

Each tests/data/manifests/<name>.yaml reproduces a pattern of a public project
(named in its first comment lines); <name>.golden is what `lifefsm pod
--details --fail-on never` prints for it from the repository root: the mapped
PodConfig in full, the startup order, the delete timeline the model check of
spec/pod.lfsm gives, what the model does not check yet, and the findings.
Refresh after an intended change with

    UPDATE_GOLDEN=1 python -m pytest tests/pod/test_pod_corpus.py

and review the diff by eye.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lifecycle_fsm.commands.podmodel import ReferenceModel
from lifecycle_fsm.pod.analysis import analyse
from lifecycle_fsm.pod.reader import read_manifests
from lifecycle_fsm.pod.report import render_report
from lifecycle_fsm.pod.results import RULES

from .conftest import CORPUS, ROOT, UPDATE, rel

COMMAND = "UPDATE_GOLDEN=1 python -m pytest tests/pod/test_pod_corpus.py"

# For every configuration rule: a manifest where it fires, and a near miss where it must not.
POSITIVE_NEGATIVE = {
    "sh-c-arguments": ("sh-c-prestop", "istio-hold-application"),
    "tcpsocket-hook": ("kubevela-tcpsocket-hook", "rabbitmq-cluster-operator"),
    "sleep-exceeds-grace": ("prestop-sleep-action-too-long", "prestop-sleep-action"),
    "init-container-lifecycle": ("cass-operator-init-probe", "istio-native-sidecar"),
    "duration-unknown": ("ingress-nginx-controller", "nginx-lifecycle-demo-quit"),
    "prestop-stops-main-process": ("nginx-lifecycle-demo-quit", "istio-hold-application"),
    "restart-policy-not-allowed": ("cronjob-default-restart-policy", "job-native-sidecar"),
    "duplicate-container-name": ("duplicate-container-name", "prometheus-statefulset"),
    "probe-grace-invalid": ("probe-grace-on-readiness", "probe-own-grace"),
}


# For every model rule (results.RULES, source "model"): the same.
MODEL_POSITIVE_NEGATIVE = {
    "prestop-exceeds-grace": ("vulcan-prestop-sleep-default-grace", "vulcan-prestop-sleep-within-grace"),
    "grace-zero-prestop": ("calico-node-grace-zero", "calico-node-grace-zero-no-hook"),
    "sidecar-stop-order": ("job-native-sidecar", "istio-hold-application"),
    "probe-kill-grace": ("kep-2238-probe-grace-cuts-prestop", "kep-2238-probe-grace-unset"),
    "prestop-term-exceeds-grace": ("nginx-gateway-fabric-grace-matches-sleep", "nginx-gateway-fabric"),
    "poststart-may-hang": ("linkerd-proxy-await", "nginx-lifecycle-demo"),
    "httpget-hook-not-retried": ("contour-envoy", "vulcan-prestop-sleep-within-grace"),
    "init-failure-fails-pod": ("kapitelshelf-migrator-job", "istio-native-sidecar"),
}

MODEL = ReferenceModel()  # one for the module: pods with the same values share their projections


def report_for(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    m = read_manifests([rel(path)])
    return render_report([analyse(p, MODEL) for p in m.pods], m.skipped, m.sources, details=True) + "\n"


def codes_for(name: str, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    monkeypatch.chdir(ROOT)
    m = read_manifests([f"tests/data/manifests/{name}.yaml"])
    return {f.code for p in m.pods for f in analyse(p, MODEL).findings}


def test_the_corpus_has_at_least_15_patterns_plus_both_nginx_demos() -> None:
    names = {p.stem for p in CORPUS}
    assert {"nginx-lifecycle-demo", "nginx-lifecycle-demo-quit"} <= names
    assert len(names - {"nginx-lifecycle-demo", "nginx-lifecycle-demo-quit"}) >= 15


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_each_manifest_names_the_project_it_reproduces(path: Path) -> None:
    head = path.read_text(encoding="utf-8").split("\n", 4)[:4]
    assert head[0].startswith("# "), f"{path.name}: the first line must say what it reproduces"
    text = " ".join(head)
    assert "/" in text and ("Reproduces" in text or "The " in text), f"{path.name}: name the project and file"
    assert "not a copy" in path.read_text(encoding="utf-8").split("apiVersion")[0] or "Written for" in text


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_manifest_report_matches_its_golden(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    produced = report_for(path, monkeypatch)
    golden = path.with_suffix(".golden")
    if UPDATE:
        golden.write_text(produced, encoding="utf-8", newline="\n")
    if not golden.exists():
        pytest.fail(f"no golden for {path.name}; create it with: {COMMAND}")
    want = golden.read_text(encoding="utf-8")
    assert produced == want, f"{path.name} differs from its golden; if intended: {COMMAND}"


def test_every_configuration_rule_has_a_positive_and_a_negative_manifest() -> None:
    config_rules = {code for code, r in RULES.items() if r.source == "config"}
    assert set(POSITIVE_NEGATIVE) == config_rules


def test_every_model_rule_the_check_decides_has_a_positive_and_a_negative_manifest() -> None:
    assert set(MODEL_POSITIVE_NEGATIVE) == {code for code, r in RULES.items() if r.source == "model"}


@pytest.mark.parametrize("code", sorted(POSITIVE_NEGATIVE) + sorted(MODEL_POSITIVE_NEGATIVE))
def test_rule_fires_on_its_positive_manifest_and_not_on_its_negative(code: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    positive, negative = {**POSITIVE_NEGATIVE, **MODEL_POSITIVE_NEGATIVE}[code]
    assert code in codes_for(positive, monkeypatch)
    assert code not in codes_for(negative, monkeypatch)
