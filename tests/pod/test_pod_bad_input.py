"""Bad input: every problem located in the manifest, rendered with its source line, exit 2, no traceback.

Each tests/data/manifests/bad/<name>.yaml has <name>.err, the standard error of
`lifefsm pod tests/data/manifests/bad/<name>.yaml` run from the repository
root. Refresh with UPDATE_GOLDEN=1 python -m pytest tests/pod/test_pod_bad_input.py
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from lifecycle_fsm.diagnostics import LfsmError
from lifecycle_fsm.pod.reader import MAX_BYTES, read_manifests, read_text

from .conftest import BAD, ROOT, UPDATE, rel, run

COMMAND = "UPDATE_GOLDEN=1 python -m pytest tests/pod/test_pod_bad_input.py"


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_manifest_is_reported_with_its_golden_diagnostics(path: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(["pod", rel(path)], capsys, monkeypatch)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    golden = path.with_suffix(".err")
    if UPDATE:
        golden.write_text(err, encoding="utf-8", newline="\n")
    if not golden.exists():
        pytest.fail(f"no golden for {path.name}; create it with: {COMMAND}")
    assert err == golden.read_text(encoding="utf-8"), f"{path.name}: if intended: {COMMAND}"


def test_every_bad_file_points_into_the_manifest_with_a_stable_code() -> None:
    for err in sorted((ROOT / "tests/data/manifests/bad").glob("*.err")):
        first = err.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("tests/data/manifests/bad/"), err.name
        assert first.rstrip().endswith("]"), err.name


def test_all_files_are_read_and_all_problems_reported_together(capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["pod", "tests/data/manifests/bad/wrong-type-grace.yaml",
                        "tests/data/manifests/prestop-sleep-action.yaml",
                        "tests/data/manifests/bad/quoted-integer.yaml"], capsys, monkeypatch)
    assert code == 2
    assert "wrong-type-grace.yaml:6:34" in err and "quoted-integer.yaml:6:34" in err
    assert err.rstrip().endswith("Found 3 errors in 2 files")


def test_missing_file_and_directory(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["pod", "no/such.yaml", "tests/data"], capsys, monkeypatch)
    assert code == 2
    assert "no/such.yaml: error: cannot read 'no/such.yaml': no such file  [file-not-found]" in err
    assert "tests/data: error: cannot read 'tests/data': it is a directory" in err


def test_bad_option_exits_2(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit) as e:
        run(["pod", "--fail-on", "sometimes", "x.yaml"], capsys, monkeypatch)
    assert e.value.code == 2
    code, _, err = run(["pod", "--json", "-", "--sarif", "-", "x.yaml"], capsys, monkeypatch)
    assert code == 2 and "[bad-option]" in err


def test_oversized_input_is_refused_before_parsing() -> None:
    big = io.BytesIO(b"a: b\n" * (MAX_BYTES // 5 + 2))
    with pytest.raises(LfsmError) as e:
        read_manifests(["-"], stdin=big)
    assert [d.code for d in e.value.diagnostics] == ["file-too-large"]


def test_stdin_is_read_with_its_own_name() -> None:
    text = b"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n"
    m = read_manifests(["-"], stdin=io.BytesIO(text))
    assert [p.name for p in m.pods] == ["p"] and str(m.pods[0].source) == "<stdin>:2:1"


def test_empty_documents_and_non_objects_are_not_errors() -> None:
    m = read_text("---\n---\n# only a comment\n---\nreplicaCount: 3\n", "values.yaml")
    assert m.pods == [] and [s.message for s in m.skipped] == [
        "skipped a document without 'apiVersion' and 'kind': not a Kubernetes object"]


def test_old_api_versions_are_skipped_with_a_note() -> None:
    m = read_text("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: old}\nspec: {}\n", "old.yaml")
    assert [s.message for s in m.skipped] == [
        "skipped Deployment 'old': apiVersion 'extensions/v1beta1' is not read (expected 'apps/v1')"]
