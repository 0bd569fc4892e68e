"""Reading spec files an attacker or a careless user chose: nothing of a non-spec file is shown.

The rule (docs/language.md, "Files"): a spec file is a regular file whose name ends
in '.lfsm', and so does the file it resolves to through symbolic links. Anything else
is refused before it is opened, by name and kind only, so a diagnostic can never quote
a line of '/etc/shadow' or of a private key. Devices and FIFOs are refused without
blocking, and a chain of imports is followed without recursion.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lifecycle_fsm import LfsmError, load_spec

from .frontend_cli import cli, cli_child

SECRET = "TOPSECRET-first-line: root:$6$hash"
MAIN = 'import "{target}"\nmachine M {{ initial state A }}\n'


def _spec_importing(d: Path, target: str) -> str:
    (d / "main.lfsm").write_text(MAIN.format(target=target), encoding="utf-8")
    return "main.lfsm"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "shadow"
    path.write_text(SECRET + "\nsecond line\n", encoding="utf-8")
    return path


def test_import_of_a_non_spec_file_quotes_nothing(tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(["check", _spec_importing(tmp_path, "shadow")], capsys)
    assert result.status == 2
    assert "TOPSECRET" not in result.err + result.out
    assert result.err.splitlines()[:3] == [
        "main.lfsm:1:1: error: cannot import 'shadow': its name does not end in '.lfsm', "
        "so it is not a spec  [not-a-spec-file]",
        '    import "shadow"',
        "    ^~~~~~~~~~~~~~~",
    ]


def test_absolute_import_of_a_system_file_quotes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    passwd = Path("/etc/passwd")
    if not passwd.is_file():
        pytest.skip("no /etc/passwd here")
    first = passwd.read_text(encoding="utf-8", errors="replace").splitlines()[0]
    monkeypatch.chdir(tmp_path)
    result = cli(["check", _spec_importing(tmp_path, "/etc/passwd")], capsys)
    assert result.status == 2
    assert result.codes == ["not-a-spec-file"]
    assert first not in result.err


def test_import_through_a_symlink_named_lfsm_quotes_nothing(tmp_path: Path, secret: Path,
                                                            capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "innocent.lfsm").symlink_to(secret)
    monkeypatch.chdir(tmp_path)
    result = cli(["check", _spec_importing(tmp_path, "innocent.lfsm")], capsys)
    assert result.status == 2
    assert "TOPSECRET" not in result.err
    assert result.err.splitlines()[0] == (
        "main.lfsm:1:1: error: cannot import 'innocent.lfsm': it is a link to a file whose name does not end "
        "in '.lfsm', so it is not a spec  [not-a-spec-file]")


def test_a_main_file_that_is_not_a_spec_quotes_nothing(tmp_path: Path, secret: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "spec.lfsm").symlink_to(secret)
    monkeypatch.chdir(tmp_path)
    for arg in ("shadow", "spec.lfsm"):
        result = cli(["check", arg], capsys)
        assert result.status == 2
        assert result.codes == ["not-a-spec-file"]
        assert "TOPSECRET" not in result.err


def test_a_spec_reached_through_a_symlink_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "real.lfsm").write_text("machine Lib { initial state A }\n", encoding="utf-8")
    (tmp_path / "alias.lfsm").symlink_to(tmp_path / "real.lfsm")
    monkeypatch.chdir(tmp_path)
    model = load_spec(_spec_importing(tmp_path, "alias.lfsm"))
    assert [m.name for m in model.machines] == ["Lib", "M"]


def test_an_imported_fifo_and_device_are_named_for_what_they_are(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(tmp_path / "pipe.lfsm")
    (tmp_path / "main.lfsm").write_text('import "pipe.lfsm"\nimport "/dev/zero"\nmachine M { initial state A }\n',
                                        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli(["check", "main.lfsm"], capsys)
    assert result.status == 2
    lines = [line for line in result.err.splitlines() if ": error: " in line]
    assert lines == [
        "main.lfsm:1:1: error: cannot import 'pipe.lfsm': it is a FIFO, not a regular file  [not-a-regular-file]",
        "main.lfsm:2:1: error: cannot import '/dev/zero': it is a character device, not a regular file  "
        "[not-a-regular-file]",
    ]


def test_a_main_spec_that_is_a_fifo_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.lfsm")
    result = cli_child(["check", "pipe.lfsm"], tmp_path, timeout=60)
    assert result.status == 2
    assert result.err.splitlines()[0] == (
        "pipe.lfsm: error: cannot read 'pipe.lfsm': it is a FIFO, not a regular file  [not-a-regular-file]")


def test_a_ten_megabyte_spec_is_refused_at_a_position(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    line = b"// padding to make the file large\n"  # 34 bytes
    (tmp_path / "huge.lfsm").write_bytes(line * (10 * 1024 * 1024 // len(line)))
    monkeypatch.chdir(tmp_path)
    result = cli(["check", "huge.lfsm"], capsys)
    assert result.status == 2
    # 308,404 lines of 34 bytes; byte 1,048,576 (the first past the limit) is 30,840 lines and 16 bytes in
    assert result.err.splitlines()[0] == ("huge.lfsm:30841:17: error: spec is 10,485,736 bytes; the limit is "
                                          "1,048,576 bytes (split it with 'import')  [file-too-large]")


def _chain(d: Path, n: int, cycle: bool) -> Path:
    for i in range(n):
        nxt = f'import "f{i + 1}.lfsm"\n' if i + 1 < n else ('import "f0.lfsm"\n' if cycle else "")
        (d / f"f{i}.lfsm").write_text(nxt + f"const C{i} = {i}\n", encoding="utf-8")
    (d / "f0.lfsm").write_text((d / "f0.lfsm").read_text() + "machine M { initial state A }\n", encoding="utf-8")
    return d / "f0.lfsm"


def test_an_import_chain_of_1200_files_loads(tmp_path: Path) -> None:
    model = load_spec(_chain(tmp_path, 1200, cycle=False))
    assert [m.name for m in model.machines] == ["M"]


def test_an_import_cycle_of_1200_files_is_one_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LfsmError) as e:
        load_spec(_chain(tmp_path, 1200, cycle=True).name)
    assert [d.code for d in e.value.diagnostics] == ["import-cycle"]
    message = e.value.diagnostics[0].message
    assert message.startswith("import cycle: f0.lfsm -> f1.lfsm -> ") and message.endswith(" -> f1199.lfsm -> f0.lfsm")


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    name = b"\xff\x1b[31m.lfsm"
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as f:
        f.write(b"machine M { initial state A  A -> Q on go }\n")
    result = cli_child(["check", os.fsdecode(name)], tmp_path, timeout=60)
    assert result.status == 2
    assert "\x1b" not in result.err
    assert result.err.splitlines()[0] == ("\\udcff\\x1b[31m.lfsm:1:35: error: state 'Q' is not defined  "
                                          "[undefined-state]")


def test_a_bad_file_reached_along_many_import_paths_is_reported_once(tmp_path: Path) -> None:
    # f{i} imports f{i+1} and f{i+2}: 2**40 paths lead to the broken last file
    n = 80
    for i in range(n):
        imports = "".join(f'import "f{j}.lfsm"\n' for j in (i + 1, i + 2) if j < n)
        body = "machine Broken { initial state A  A -> Nowhere on go }\n" if i == n - 1 else f"const C{i} = {i}\n"
        (tmp_path / f"f{i}.lfsm").write_text(imports + body, encoding="utf-8")
    result = cli_child(["check", "f0.lfsm"], tmp_path, timeout=60)
    assert result.status == 2
    assert result.codes == ["undefined-state", "undefined-event"]
