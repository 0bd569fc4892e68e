"""docs/pod.md stays true: its worked example is what `lifefsm pod` prints, and every rule is documented."""

from __future__ import annotations

import re

import pytest

from lifecycle_fsm.pod.results import RULES

from .conftest import ROOT, run

DOC = (ROOT / "docs" / "pod.md").read_text(encoding="utf-8")


def test_the_worked_example_is_the_real_output(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(r"```console\n\$ lifefsm pod docs/pod-example.yaml\n(.*?)\$ echo \$\?\n(\d)\n```", DOC, re.S)
    assert block is not None
    code, out, _ = run(["pod", "docs/pod-example.yaml"], capsys, monkeypatch)
    assert out == block.group(1)
    assert code == int(block.group(2))


def test_the_example_manifest_is_shown_in_full() -> None:
    manifest = (ROOT / "docs" / "pod-example.yaml").read_text(encoding="utf-8")
    assert f"```yaml\n{manifest}```" in DOC


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_in_the_table_with_its_source_and_severity(code: str) -> None:
    row = next((line for line in DOC.splitlines() if line.startswith(f"| `{code}` |")), None)
    assert row is not None, code
    assert f"| {RULES[code].source} |" in row and RULES[code].severity.value in row
