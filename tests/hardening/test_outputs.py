"""Single output files (``check --json FILE``, ``diagram -o FILE``) and standard output.

Only regular files are written, atomically; a link is followed, never replaced; a
directory, device or FIFO is refused; modes follow the umask; ``-`` is standard
output; every output error (missing directory, permission, read-only or full file
system, a full standard output) exits 2 with a diagnostic and a stable code.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from lifecycle_fsm.cli import main

from .conftest import TINY, lifefsm

# the two single-file writers, as argument lists around the output path
WRITERS = {
    "check --json": lambda out: ["check", str(TINY), "--json", out],
    "diagram -o": lambda out: ["diagram", str(TINY), "--format", "dot", "-o", out],
}


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    got = capsys.readouterr()
    return code, got.out, got.err


def _assert_refused(code: int, err: str, what: str) -> None:
    assert code == 2, err
    assert f"[{what}]" in err and "Traceback" not in err, err


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
def test_a_new_file_gets_the_umask_mode_and_an_existing_one_keeps_its_mode(writer: str, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    done = subprocess.run([sys.executable, "-m", "lifecycle_fsm", *WRITERS[writer](str(out))], capture_output=True,
                          umask=0o027, timeout=300)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # 0666 minus the umask (mkstemp alone gave 0600)
    out.chmod(0o604)
    done = subprocess.run([sys.executable, "-m", "lifecycle_fsm", *WRITERS[writer](str(out))], capture_output=True,
                          umask=0o077, timeout=300)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o604
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
def test_a_symbolic_link_is_followed_and_stays_a_link(writer: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "data.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, _, err = _run(WRITERS[writer](str(link)), capsys)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") != "old"
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "real" / "new.txt")
    code, _, err = _run(WRITERS[writer](str(dangling)), capsys)
    assert code == 0, err
    assert dangling.is_symlink() and (tmp_path / "real" / "new.txt").is_file()


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
def test_a_directory_is_refused(writer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "keep").write_text("x", encoding="utf-8")
    code, _, err = _run(WRITERS[writer](str(tmp_path / "d")), capsys)
    _assert_refused(code, err, "output-not-regular")
    assert "is a directory" in err and (tmp_path / "d" / "keep").read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
def test_a_fifo_is_refused_without_blocking(writer: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    done = lifefsm(*WRITERS[writer](str(fifo)), cwd=tmp_path, timeout=120)
    assert done.returncode == 2 and b"[output-not-regular]" in done.stderr and b"named pipe" in done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def _private_null(tmp_path: Path) -> Path:
    """A character device like /dev/null in ``tmp_path`` (root only): if the code under test were broken,
    it would replace this node, never the machine's /dev/null. Others cannot replace /dev/null anyway."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError as e:  # pragma: no cover - a container without CAP_MKNOD
        pytest.skip(f"running as root but cannot create a private device node ({e.strerror}); /dev/null is not "
                    "risked")
    return node


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
def test_a_device_is_refused_and_never_replaced(writer: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """As root, renaming a regular file over /dev/null used to replace the device node."""
    node = _private_null(tmp_path)
    before = os.stat(node)
    code, _, err = _run(WRITERS[writer](str(node)), capsys)
    _assert_refused(code, err, "output-not-regular")
    assert "character device" in err
    after = os.lstat(node)
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
def test_a_link_to_standard_output_writes_the_file_it_resolves_to(writer: str, tmp_path: Path) -> None:
    """Like /dev/stdout (a link to /proc/self/fd/1): followed to the regular file behind it, not replaced."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    with open(tmp_path / "captured", "wb") as sink:
        done = subprocess.run([sys.executable, "-m", "lifecycle_fsm", *WRITERS[writer](str(link))], stdout=sink,
                              stderr=subprocess.PIPE, timeout=300)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    assert (tmp_path / "captured").stat().st_size > 0


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
def test_a_missing_directory_is_an_output_error(writer: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(WRITERS[writer](str(tmp_path / "no" / "such" / "out.txt")), capsys)
    _assert_refused(code, err, "output-failed")
    assert "No such file or directory" in err and not (tmp_path / "no").exists()


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
def test_a_directory_the_process_cannot_write_is_an_output_error(writer: str, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() == 0:  # root writes anywhere; /sys refuses even root
        where = Path("/sys")
        try:
            fd, name = tempfile.mkstemp(dir=where)
        except OSError:
            pass
        else:  # pragma: no cover - a writable /sys
            os.close(fd)
            os.unlink(name)
            pytest.skip("running as root and /sys is writable: no directory refuses this process")
    else:
        where = tmp_path / "ro"
        where.mkdir()
        where.chmod(0o555)
    code, _, err = _run(WRITERS[writer](str(where / "out.txt")), capsys)
    _assert_refused(code, err, "output-failed")


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
@pytest.mark.parametrize("error", [errno.EROFS, errno.ENOSPC, errno.EDQUOT])
def test_a_read_only_or_full_file_system_is_an_output_error(writer: str, error: int, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The file system refuses the rename (read-only) or the data (full); the old file stays as it was."""
    out = tmp_path / "out.txt"
    out.write_text("old", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(os, "replace", refuse)  # outputs.write_output renames with os.replace
    code, _, err = _run(WRITERS[writer](str(out)), capsys)
    _assert_refused(code, err, "output-failed")
    assert os.strerror(error) in err
    assert out.read_text(encoding="utf-8") == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_json_dash_is_standard_output_alone(tmp_path: Path) -> None:
    done = lifefsm("check", str(TINY), "--json", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["exit"] == 0 and data["runs"][0]["system"] == "Plant"
    assert b"violated (expected)" in done.stderr  # the report moved to stderr
    assert not (tmp_path / "-").exists()


def test_output_dash_is_standard_output(tmp_path: Path) -> None:
    done = lifefsm("diagram", str(TINY), "--format", "dot", "-o", "-", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith(b'digraph "Plant"'), done.stderr
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("args", [
    ["check", str(TINY)],
    ["check", str(TINY), "--json", "-"],
    ["diagram", str(TINY), "--format", "svg"],
    ["diagram", str(TINY), "--format", "dot", "-o", "-"],
    ["compile", str(TINY), "--target", "dot"],
], ids=["check", "check-json", "diagram-svg", "diagram-dash", "compile"])
def test_a_full_standard_output_is_an_output_error(args: list[str], tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "lifecycle_fsm", *args], stdout=full, stderr=subprocess.PIPE,
                              cwd=tmp_path, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "\nerror: cannot write to standard output: No space left on device  [output-failed]\n" in \
        "\n" + done.stderr.decode(), done.stderr
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """``lifefsm check ... | head -1``: the reader leaving early is normal (exit 0, nothing on stderr)."""
    proc = subprocess.Popen([sys.executable, "-m", "lifecycle_fsm", "diagram", str(TINY), "--format", "svg"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=300) == 0, err
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_compile_into_a_directory_it_cannot_create_is_an_output_error(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = _run(["compile", str(TINY), "--target", "dot", "--out", str(tmp_path / "file" / "out")], capsys)
    _assert_refused(code, err, "output-failed")
    code, _, err = _run(["compile", str(TINY), "--target", "dot", "--out", str(tmp_path / "file")], capsys)
    _assert_refused(code, err, "output-failed")
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x"


def test_compile_outputs_follow_the_umask(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "lifecycle_fsm", "compile", str(TINY), "--target", "python,dot",
                           "--out", str(tmp_path)], capture_output=True, umask=0o027, timeout=300)
    assert done.returncode == 0, done.stderr
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files and {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o640}


def test_a_spec_name_that_is_not_utf8_does_not_break_standard_output(tmp_path: Path) -> None:
    """A strict UTF-8 standard output (PYTHONIOENCODING=utf-8) used to raise UnicodeEncodeError."""
    name = os.fsdecode(b"sp\xe9c.lfsm")
    (tmp_path / name).write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    for args in (["compile", name, "--target", "python,dot"], ["check", name]):
        done = lifefsm(*args, cwd=tmp_path, env=env)
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
        assert b"sp\\udce9c.lfsm" in done.stdout or b"sp\\xe9c.lfsm" in done.stdout, done.stdout
    assert not list(tmp_path.glob(".lifefsm-stage-*"))
