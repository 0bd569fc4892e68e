"""The model rules decided by the reference model's own properties (lifecycle_fsm/commands/podrules.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lifecycle_fsm.commands import podmodel as pm
from lifecycle_fsm.commands.podrules import RuleChecks, Verdict
from lifecycle_fsm.pod.analysis import analyse
from lifecycle_fsm.pod.reader import read_text
from lifecycle_fsm.pod.results import Finding

MODEL = pm.ReferenceModel()


def findings(text: str, model: pm.ReferenceModel = MODEL) -> list[Finding]:
    a = analyse(read_text(text, "p.yaml").pods[0], model)
    assert a.timeline_status.startswith("computed"), a.timeline_status
    return list(a.findings)


def pod(post: str = "", pre: str = "", policy: str = "Always", init: str = "", sidecar: bool = False) -> str:
    hooks = ""
    if post or pre:
        hooks = ("    lifecycle:\n" + (f"      postStart: {post}\n" if post else "")
                 + (f"      preStop: {pre}\n" if pre else ""))
    me = "  - name: me\n    image: i\n" + ("    restartPolicy: Always\n" if sidecar else "") + hooks
    first = f"  initContainers:\n{init}{me if sidecar else ''}" if init or sidecar else ""
    app = "  - name: app\n    image: a\n" if sidecar else me
    return (f"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  restartPolicy: {policy}\n{first}"
            f"  containers:\n{app}")


def codes(fs: list[Finding]) -> dict[str, Finding]:
    return {f.code: f for f in fs}


@pytest.mark.parametrize("sidecar", [False, True])
def test_a_poststart_of_unknown_duration_can_hang(sidecar: bool) -> None:
    f = codes(findings(pod(post="{exec: {command: [/wait-ready]}}", sidecar=sidecar)))["poststart-may-hang"]
    assert f.container == "me" and f.trace is not None
    assert [(s.container, s.event) for s in f.trace][-2:] == [("me", "PostStartCalled"),
                                                            ("me", "postStart hangs (never returns)")]
    if sidecar:
        assert "'app' is not created while it runs" in f.message


@pytest.mark.parametrize("post", ["{exec: {command: [sleep, '5']}}", "{sleep: {seconds: 3}}",
                                  "{exec: {command: [sh, -c, sleep, '5']}}"])
def test_a_poststart_that_returns_cannot_hang(post: str) -> None:
    assert "poststart-may-hang" not in codes(findings(pod(post=post)))


def test_sleep_infinity_hangs() -> None:
    assert "poststart-may-hang" in codes(findings(pod(post="{exec: {command: [sleep, infinity]}}")))


@pytest.mark.parametrize("sidecar", [False, True])
def test_httpget_hooks_are_sent_once(sidecar: bool) -> None:
    fs = [f for f in findings(pod(post="{httpGet: {path: /a, port: 80}}", pre="{httpGet: {path: /b, port: 80}}",
                                  sidecar=sidecar)) if f.code == "httpget-hook-not-retried"]
    assert [f.message.split(" of ")[0] for f in fs] == ["the httpGet postStart", "the httpGet preStop"]
    assert all(f.trace is None and f.container == "me" for f in fs)


def test_an_init_failure_fails_the_pod_only_under_never() -> None:
    init = "  - name: wait\n    image: w\n"
    f = codes(findings(pod(policy="Never", init=init)))["init-failure-fails-pod"]
    assert f.trace is not None and (None, "PhaseFailed") in [(s.container, s.event) for s in f.trace]
    assert ("wait", "process exits with an error") in [(s.container, s.event) for s in f.trace]
    assert "init-failure-fails-pod" not in codes(findings(pod(policy="OnFailure", init=init)))


def test_a_property_that_does_not_hold_gives_no_finding() -> None:
    """The finding follows the verdict: a model where the hook could be resent would not say it is sent once."""
    def check(binding: dict, props: tuple[str, ...]) -> dict[str, Verdict]:  # type: ignore[type-arg]
        return {p: Verdict(False, None) for p in props}

    p = read_text(pod(post="{httpGet: {path: /a, port: 80}}", pre="{exec: {command: [/x]}}",
                      policy="Never", init="  - name: w\n    image: w\n"), "p.yaml").pods[0]
    found, decided = RuleChecks(check).decide(p, pm.binding(p))
    assert found == [] and decided == {"poststart-may-hang", "httpget-hook-not-retried", "init-failure-fails-pod"}


def test_a_check_that_did_not_finish_leaves_its_rule_unchecked() -> None:
    def check(binding: dict, props: tuple[str, ...]) -> dict[str, Verdict]:  # type: ignore[type-arg]
        return {p: Verdict(None if p.startswith("g17") else True, None) for p in props}

    p = read_text(pod(post="{exec: {command: [/wait-ready]}}"), "p.yaml").pods[0]
    found, decided = RuleChecks(check).decide(p, pm.binding(p))
    assert found == [] and decided == {"httpget-hook-not-retried", "init-failure-fails-pod"}


def test_verdicts_are_kept_in_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", str(tmp_path))
    text = pod(post="{exec: {command: [/wait-ready]}}")
    first = findings(text, pm.ReferenceModel())
    assert list(tmp_path.glob("podrule-*.json"))

    def fail(*_: object, **__: object) -> None:
        raise AssertionError("checked again instead of read from the cache")

    monkeypatch.setattr("lifecycle_fsm.zones.check.check_symbolic", fail)
    assert findings(text, pm.ReferenceModel()) == first
    for entry in tmp_path.glob("podrule-*.json"):  # an unreadable entry is checked again, not trusted
        entry.write_text("{not json", encoding="utf-8")
    monkeypatch.undo()
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", str(tmp_path))
    assert findings(text, pm.ReferenceModel()) == first
