"""``compile`` replaces only what it generated, serialises concurrent runs, and survives being killed.

The manifest (backends/manifest.py) decides what is lifefsm's; the lock and the journal
(backends/files.py) make a run all-or-nothing. The kill tests fork a child that runs
``main`` with ``files.STEP_HOOK`` set to SIGKILL itself before step k, for every k,
and also kill children from outside at random moments; after each kill the output
root must hold the old complete set, the new complete set, or a journal that the next
run undoes to the old set; nothing else, and never a staging folder after recovery.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from lifecycle_fsm.backends import files
from lifecycle_fsm.backends.files import STAGE_PREFIX, recover
from lifecycle_fsm.backends.manifest import MANIFEST
from lifecycle_fsm.cli import main
from lifecycle_fsm.outputs import locked

from .conftest import TINY, tree

TARGETS = "python,tests,dot,mermaid"
USER_FILES = {"codegen/tiny/conftest.py": b"# the user's\n", "codegen/tiny/NOTES.md": b"notes\n",
              "diagrams/tiny/NOTES.md": b"more notes\n"}


def _v2(text: str) -> str:
    """The spec changed: a renamed machine (new files, stale files) and other texts."""
    return text.replace("Worker", "Labourer").replace("cap: 1..3 = 2", "cap: 1..3 = 3")


def _project(root: Path, text: str) -> Path:
    (root / "spec").mkdir(parents=True, exist_ok=True)
    (root / "spec" / "tiny.lfsm").write_text(text, encoding="utf-8")
    return root


def _compile(root: Path, *extra: str) -> int:
    return main(["compile", str(root / "spec" / "tiny.lfsm"), "--target", TARGETS, "--out", str(root), *extra])


def _outputs(root: Path) -> dict[str, bytes]:
    """What the run is about: every file under the output root but the spec and staging folders."""
    return {k: v for k, v in tree(root).items() if not k.startswith(("spec/", STAGE_PREFIX))}


def _stages(root: Path) -> list[Path]:
    return sorted(root.glob(STAGE_PREFIX + "*"))


@pytest.fixture()
def sets(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The complete old set (v1 and the user's files) and new set (v2 and the user's files)."""
    out: list[dict[str, bytes]] = []
    for text in (TINY.read_text(encoding="utf-8"), _v2(TINY.read_text(encoding="utf-8"))):
        root = _project(tmp_path_factory.mktemp("set"), text)
        assert _compile(root) == 0
        for rel, data in USER_FILES.items():
            (root / rel).write_bytes(data)
        out.append(_outputs(root))
    return out[0], out[1]


def _old_project(tmp_path: Path) -> Path:
    """A project compiled from v1, with the user's files beside the generated ones, and the spec now at v2."""
    root = _project(tmp_path, TINY.read_text(encoding="utf-8"))
    assert _compile(root) == 0
    for rel, data in USER_FILES.items():
        (root / rel).write_bytes(data)
    _project(root, _v2(TINY.read_text(encoding="utf-8")))
    return root


# ---- the manifest ----------------------------------------------------------------------


def test_files_the_user_put_beside_the_generated_ones_survive(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             sets: tuple[dict[str, bytes], dict[str, bytes]]) -> None:
    root = _old_project(tmp_path)
    assert _compile(root) == 0
    assert capsys.readouterr().out.endswith("; removed 2 stale files\n")  # Worker.dot, Worker.mmd
    assert _outputs(root) == sets[1]
    assert not (root / "diagrams/tiny/Worker.dot").exists() and (root / "diagrams/tiny/Labourer.dot").is_file()
    assert (root / "codegen/tiny/conftest.py").read_bytes() == USER_FILES["codegen/tiny/conftest.py"]


def test_a_file_in_the_way_that_lifefsm_did_not_generate_is_refused(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = _old_project(tmp_path)
    (root / "diagrams/tiny/Labourer.dot").write_text("mine", encoding="utf-8")
    before = _outputs(root)
    assert _compile(root) == 2
    err = capsys.readouterr().err
    assert "[output-not-generated]" in err and "Labourer.dot" in err and MANIFEST in err
    assert _outputs(root) == before and not _stages(root)


@pytest.mark.parametrize("what", ["symlink", "directory", "fifo"])
def test_a_generated_path_that_is_not_a_regular_file_is_refused(what: str, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = _old_project(tmp_path)
    plant = root / "codegen/tiny/plant.py"
    elsewhere = tmp_path / "elsewhere.py"
    elsewhere.write_text("kept", encoding="utf-8")
    plant.unlink()
    if what == "symlink":
        plant.symlink_to(elsewhere)
    elif what == "directory":
        plant.mkdir()
    else:
        os.mkfifo(plant)
    assert _compile(root) == 2
    err = capsys.readouterr().err
    assert "[output-not-regular]" in err, err
    assert elsewhere.read_text(encoding="utf-8") == "kept"
    mode = os.lstat(plant).st_mode
    assert {"symlink": stat.S_ISLNK, "directory": stat.S_ISDIR, "fifo": stat.S_ISFIFO}[what](mode)
    assert not _stages(root)


def test_a_directory_without_a_manifest_is_adopted_and_nothing_is_removed(tmp_path: Path) -> None:
    root = _old_project(tmp_path)
    for d in ("codegen/tiny", "diagrams/tiny"):
        (root / d / MANIFEST).unlink()  # as written by lifefsm before manifests existed
    assert _compile(root) == 0
    assert (root / "diagrams/tiny/Worker.dot").is_file()  # not known to be lifefsm's: kept
    assert (root / "diagrams/tiny/Labourer.dot").is_file() and (root / "codegen/tiny/NOTES.md").is_file()
    assert _compile(root) == 0  # now with a manifest: Worker.dot is still not listed, so still kept
    assert (root / "diagrams/tiny/Worker.dot").is_file()


def test_a_partial_compile_keeps_the_files_of_the_other_targets(tmp_path: Path) -> None:
    root = _old_project(tmp_path)
    assert main(["compile", str(root / "spec/tiny.lfsm"), "--target", "dot", "--out", str(root)]) == 0
    assert not (root / "diagrams/tiny/Worker.dot").exists()  # a dot file of the dot target: stale
    assert (root / "diagrams/tiny/Worker.mmd").is_file()  # the mermaid target did not run: kept, still listed
    assert main(["compile", str(root / "spec/tiny.lfsm"), "--target", "mermaid", "--out", str(root)]) == 0
    assert not (root / "diagrams/tiny/Worker.mmd").exists() and (root / "diagrams/tiny/Labourer.mmd").is_file()


# ---- failures inside the run are undone -------------------------------------------------------


@pytest.mark.parametrize("where", ["open", "replace"])
def test_a_failure_at_any_write_or_rename_leaves_the_old_set(where: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = _old_project(tmp_path)
    before = _outputs(root)
    real: Callable[..., object] = open if where == "open" else os.replace
    k = 0
    while True:
        k += 1
        calls = [0]

        def flaky(*args: object, _k: int = k, _calls: list[int] = calls, **kwargs: object) -> object:
            _calls[0] += 1
            if _calls[0] == _k:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(*args, **kwargs)

        if where == "open":
            monkeypatch.setattr(files, "open", flaky, raising=False)
        else:
            monkeypatch.setattr(os, "replace", flaky)  # files.py calls os.replace for every rename
        code = _compile(root)
        monkeypatch.undo()
        err = capsys.readouterr().err
        if calls[0] < k:  # the run needed fewer calls: every one has failed once
            assert code == 0
            break
        assert code == 2 and "[output-failed]" in err and "earlier outputs are unchanged" in err, err
        assert _outputs(root) == before, f"failure at call {k} of {where}"
        assert not _stages(root)
    assert k > 5


def test_outputs_outside_the_root_are_refused(tmp_path: Path) -> None:
    from lifecycle_fsm.backends import GeneratedFile
    from lifecycle_fsm.diagnostics import LfsmError

    with pytest.raises(LfsmError, match="outside the output directory"):
        files.write_all([GeneratedFile("../evil.txt", "x")], tmp_path)
    assert not (tmp_path.parent / "evil.txt").exists()


# ---- killed at every step, and at random moments --------------------------------------------


def _child(root: Path, kill_at: int | None, delay: float = 0.0) -> int:
    """Fork a process that compiles v2; it kills itself before step ``kill_at``. Returns the wait status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 99
        try:
            sink = os.open(os.devnull, os.O_WRONLY)
            os.dup2(sink, 1)
            os.dup2(sink, 2)
            count = [0]

            def hook(label: str) -> None:
                count[0] += 1
                if count[0] == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)

            files.STEP_HOOK = hook
            code = _compile(root)
        finally:
            os._exit(code)
    if delay:
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return status


def _check_after_kill(root: Path, old: dict[str, bytes], new: dict[str, bytes], what: str) -> str:
    """The state right after a kill, then after recovery; returns which set survived."""
    now = _outputs(root)
    journaled = any((s / files.JOURNAL).exists() for s in _stages(root))
    assert now in (old, new) or journaled, f"{what}: a mixed set with no journal to undo it"
    for rel, data in USER_FILES.items():
        assert (root / rel).read_bytes() == data, f"{what}: the user's {rel} changed"
    with locked(root):
        recover(root)
    after = _outputs(root)
    assert after in (old, new), f"{what}: after recovery neither the old nor the new set"
    assert not _stages(root), f"{what}: a staging folder is left"
    return "old" if after == old else "new"


def _labels(where: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The steps of compiling v2 over v1, in order."""
    root = _old_project(where)
    labels: list[str] = []
    monkeypatch.setattr(files, "STEP_HOOK", labels.append)
    assert _compile(root) == 0
    monkeypatch.undo()
    return labels


def test_killed_before_every_step_leaves_the_old_or_the_new_set(tmp_path: Path,
                                                               sets: tuple[dict[str, bytes], dict[str, bytes]],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = sets
    labels = _labels(tmp_path / "count", monkeypatch)
    assert labels[0] == "stage" and "journal" in labels and labels[-2:] == ["commit", "cleanup"]
    assert any(x.startswith("backup ") for x in labels) and any(x.startswith("move ") for x in labels)
    outcomes = []
    for k in range(1, len(labels) + 1):
        root = _old_project(tmp_path / f"k{k}")
        status = _child(root, k)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"step {k} did not kill"
        outcomes.append(_check_after_kill(root, old, new, f"killed before step {k} ({labels[k - 1]})"))
    commit = labels.index("commit")
    assert outcomes == ["old"] * (commit + 1) + ["new"] * (len(labels) - commit - 1)
    root = _old_project(tmp_path / "done")
    assert _child(root, None) == 0 and _outputs(root) == new


def test_killed_at_random_moments_leaves_the_old_or_the_new_set(tmp_path: Path,
                                                               sets: tuple[dict[str, bytes], dict[str, bytes]]) -> None:
    old, new = sets
    t0 = time.perf_counter()
    assert _child(_old_project(tmp_path / "timed"), None) == 0
    took = time.perf_counter() - t0
    rng = random.Random(11)
    seen = set()
    for n in range(20):
        root = _old_project(tmp_path / f"r{n}")
        _child(root, None, delay=rng.uniform(0.0, took))
        seen.add(_check_after_kill(root, old, new, f"random kill {n}"))
    assert seen  # which sets survived depends on timing; each run was checked above


def test_the_next_compile_undoes_a_killed_run_and_says_so(tmp_path: Path,
                                                          sets: tuple[dict[str, bytes], dict[str, bytes]],
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    labels = _labels(tmp_path / "count", monkeypatch)
    k = next(i for i, x in enumerate(labels, 1) if x.startswith("move "))  # new files half moved in
    root = _old_project(tmp_path / "p")
    _child(root, k + 2)
    assert _stages(root)
    capsys.readouterr()
    assert _compile(root) == 0
    assert "its outputs were restored" in capsys.readouterr().err
    assert _outputs(root) == sets[1] and not _stages(root)


def test_stale_staging_folders_are_removed_and_an_old_format_one_is_kept(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = _old_project(tmp_path)
    (root / f"{STAGE_PREFIX}empty").mkdir()
    (root / f"{STAGE_PREFIX}staged" / "new").mkdir(parents=True)
    (root / f"{STAGE_PREFIX}staged" / "new" / "0").write_text("x", encoding="utf-8")
    legacy = root / f"{STAGE_PREFIX}legacy"
    (legacy / "old" / "0").mkdir(parents=True)
    (legacy / "old" / "0" / "conftest.py").write_text("the user's, moved aside by lifefsm 0.1", encoding="utf-8")
    assert _compile(root) == 0
    assert _stages(root) == [legacy]
    assert "was left by an older lifefsm" in capsys.readouterr().err


# ---- two runs at once --------------------------------------------------------------------


_HOLD = ("import os, sys, time\n"
         "from lifecycle_fsm.backends import files\n"
         "def hold(label):\n"
         "    if label == 'journal':  # keep the lock, staged, until the test says go\n"
         "        deadline = time.monotonic() + 120\n"
         "        while not os.path.exists(os.environ['RELEASE']) and time.monotonic() < deadline:\n"
         "            time.sleep(0.01)\n"
         "files.STEP_HOOK = hold\n"
         "from lifecycle_fsm.cli import main\n"
         "raise SystemExit(main(sys.argv[1:]))\n")


def test_two_concurrent_compiles_to_the_same_out_follow_one_another(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", TINY.read_text(encoding="utf-8"))
    spec = str(root / "spec" / "tiny.lfsm")
    expected: dict[str, dict[str, bytes]] = {}
    for cap in ("1", "3"):
        alone = _project(tmp_path / f"alone{cap}", TINY.read_text(encoding="utf-8"))
        assert main(["compile", str(alone / "spec/tiny.lfsm"), "--target", TARGETS, "--out", str(alone), "-D",
                     f"cap={cap}"]) == 0
        expected[cap] = _outputs(alone)
    release = tmp_path / "release"
    env = dict(os.environ, RELEASE=str(release))
    first = subprocess.Popen([sys.executable, "-c", _HOLD, "compile", spec, "--target", TARGETS, "--out", str(root),
                              "-D", "cap=1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    second: subprocess.Popen[bytes] | None = None
    try:
        deadline = time.monotonic() + 120
        while not _stages(root) and time.monotonic() < deadline:  # the first holds the lock and has staged
            time.sleep(0.02)
        assert _stages(root), "the first run never started writing"
        second = subprocess.Popen([sys.executable, "-m", "lifecycle_fsm", "compile", spec, "--target", TARGETS,
                                   "--out", str(root), "-D", "cap=3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert second.stderr is not None
        waiting = second.stderr.readline()  # printed just before it blocks on the lock
        assert waiting.startswith(b"waiting for another lifefsm compile"), waiting
        assert second.poll() is None and first.poll() is None
    finally:
        release.touch()
    out1, err1 = first.communicate(timeout=300)
    out2, err2 = second.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, (err1, err2)
    n = len([k for k in expected["3"] if not k.endswith(MANIFEST)])
    assert f"wrote {n} files".encode() in out1 and f"wrote {n} files".encode() in out2
    assert _outputs(root) == expected["3"] and not _stages(root)  # the later run's complete set


def test_a_spec_name_that_is_not_utf8_compiles_and_leaves_no_staging_folder(tmp_path: Path) -> None:
    name = os.fsdecode(b"t\xffiny.lfsm")
    shutil.copy(TINY, tmp_path / name)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "lifecycle_fsm", "compile", os.fsencode(name), "--out",
                           str(tmp_path / "out")], capture_output=True, env=env, timeout=300, cwd=tmp_path)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert (tmp_path / "out" / "codegen" / "t_iny" / "plant.py").is_file()
    assert not _stages(tmp_path / "out")
