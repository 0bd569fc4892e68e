"""Writing the files of one ``compile`` run: all of them or none, and only files lifefsm owns.

A run holds an exclusive lock on the output root (``outputs.locked``), so concurrent
compiles to the same ``--out`` follow one another, and then:

1. recover: a staging directory (``.lifefsm-stage-*``) that a killed run left behind is
   undone (as in 5) and removed;
2. plan: per directory, the manifest (backends/manifest.py) says which files are
   lifefsm's; a file in the way that it did not generate, or that is not a regular file
   (a symbolic link, a directory), is refused; stale generated files are listed for removal;
3. stage: every new file and manifest is written into a fresh staging directory inside
   the output root (the same file system, so the renames below are atomic);
4. journal: the list of operations is written into the staging directory, atomically:
   from here on, the staging directory says how to undo the run;
5. commit: for each operation, whatever is at its path is moved into the staging
   directory (the backup), then the new file is moved into place. Undoing puts every
   backup back and takes out every new file that replaced nothing; each step looks at
   what is there first, so undoing a half-undone run is safe;
6. done: the journal is renamed ``done.json`` (the commit point: the new set stands),
   then the staging directory is removed.

A failure in 3-5 (disk full, permission denied, Ctrl-C) is undone before it is reported.
A run killed at any point is undone by the next ``compile`` to the same output root (1):
the files of two directories (``codegen/<pkg>``, ``diagrams/<pkg>``) cannot change in one
atomic step, so until then a killed run may show a mix, and its staging directory, with
the journal, is there to say so. No ``fsync``: this protects against a process that dies,
not against a machine that loses power.

Modes: a replaced file keeps its permission bits, a new one gets 0666 minus the umask.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..messages import say
from ..outputs import kind_of, locked, output_error, reason
from .generated import GeneratedFile
from .manifest import MANIFEST, by_directory, kept, manifest_text, needs, read_manifest, stale

STAGE_PREFIX = ".lifefsm-stage-"
JOURNAL = "journal.json"
DONE = "done.json"  # the journal once the run is complete: nothing to undo

# Tests only (tests/hardening/test_compile_atomic.py): called with a label before each change
# on disk, so that a test can kill the process at every step.
STEP_HOOK: Callable[[str], None] | None = None


def _step(label: str) -> None:
    if STEP_HOOK is not None:
        STEP_HOOK(label)


@dataclass(frozen=True, slots=True)
class Op:
    """Put the staged file ``new`` at ``path`` (a removal when ``new`` is None); ``existed``: back up first."""

    path: str
    new: str | None
    existed: bool


@dataclass(frozen=True, slots=True)
class Written:
    """What a run did: files written, stale files removed, whether it undid a killed run first."""

    written: int
    removed: tuple[str, ...]
    recovered: bool


def write_all(files: Sequence[GeneratedFile], root: Path, targets: Collection[str] | None = None,
              dirs: Sequence[str] = ()) -> Written:
    """Write ``files`` (paths relative to ``root``) as one transaction, by the rules above.

    ``targets``: the targets this run generates (default: those of ``files``); a listed
    file whose targets all ran and that is not in ``files`` is stale. ``dirs``: directories
    to tidy even when no file goes there. Raises LfsmError ([output-failed],
    [output-not-regular], [output-not-generated]); earlier outputs are then unchanged.
    """
    for f in files:
        p = PurePosixPath(f.path)
        if p.is_absolute() or ".." in p.parts or not p.parts:
            raise output_error("output-failed", say("compile-outside", path=f.path))
    run = set(targets) if targets is not None else {t for f in files for t in needs(f.target)}
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise output_error("output-failed", say("output-failed", path=str(root), why=reason(e))) from None
    try:
        with locked(root, say("compile-waiting", root=str(root))):
            recovered = recover(root)
            changes = _plan(files, root, run, dirs)
            _commit(root, changes)
    except OSError as e:
        raise output_error("output-failed", say("compile-failed", why=reason(e))) from None
    except UnicodeEncodeError:
        raise output_error("output-failed", say("compile-failed", why="a generated file holds text that is not "
                                                             "UTF-8")) from None
    removed = tuple(path for path, text in changes if text is None and PurePosixPath(path).name != MANIFEST)
    return Written(len(files), removed, recovered)


# ---- 2. plan ---------------------------------------------------------------------------


def _rel(directory: str, name: str) -> str:
    return name if directory in ("", ".") else f"{directory}/{name}"


def _plan(files: Sequence[GeneratedFile], root: Path, run: set[str],
          dirs: Sequence[str]) -> list[tuple[str, str | None]]:
    """(path, new text or None to remove) for every change, manifests included."""
    groups = by_directory(files)
    for d in dirs:
        groups.setdefault(d, {})
    texts = {f.path: f.text for f in files}
    changes: list[tuple[str, str | None]] = []
    for d, entries in groups.items():
        where = root / d
        old = read_manifest(where)
        for name in entries:
            _check_in_the_way(root, _rel(d, name), old, _rel(d, MANIFEST))
            changes.append((_rel(d, name), texts[_rel(d, name)]))
        if old is None:
            if not entries:
                continue
            listed = dict(entries)
        else:
            for name in stale(old, entries, run):
                if _regular(where / name):
                    changes.append((_rel(d, name), None))
            listed = {n: t for n, t in kept(old, entries, run).items() if _regular(where / n)} | entries
        _check_in_the_way(root, _rel(d, MANIFEST), None, "")
        if listed:
            changes.append((_rel(d, MANIFEST), manifest_text(listed)))
        elif old is not None:
            changes.append((_rel(d, MANIFEST), None))
    return changes


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _check_in_the_way(root: Path, rel: str, listed: dict[str, str] | None, manifest: str) -> None:
    try:
        st = os.lstat(root / rel)
    except FileNotFoundError:
        return
    kind = kind_of(st.st_mode)
    if kind is not None:
        raise output_error("output-not-regular", say("output-not-regular", path=str(root / rel), kind=kind))
    if listed is not None and PurePosixPath(rel).name not in listed:
        raise output_error("output-not-generated", say("compile-not-generated", path=str(root / rel),
                                                       manifest=str(root / manifest)))


# ---- 3-6. stage, journal, commit, done ----------------------------------------------------------


def _commit(root: Path, changes: list[tuple[str, str | None]]) -> None:
    _step("stage")
    stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=root))
    keep_stage = False
    try:
        (stage / "new").mkdir()
        (stage / "old").mkdir()
        ops: list[Op] = []
        for i, (path, text) in enumerate(changes):
            final = root / path
            new = None
            if text is not None:
                _step(f"write {path}")
                new = str(i)
                with open(stage / "new" / new, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(text)
                if _regular(final):
                    os.chmod(stage / "new" / new, stat.S_IMODE(os.stat(final).st_mode))
            ops.append(Op(path, new, os.path.lexists(final)))
        made = _missing_dirs(root, [op.path for op in ops if op.new is not None])
        _step("journal")
        _write_journal(stage, ops, made)
        try:
            for d in made:
                _step(f"mkdir {d}")
                (root / d).mkdir(exist_ok=True)
            for i, op in enumerate(ops):
                if op.existed:
                    _step(f"backup {op.path}")
                    os.replace(root / op.path, stage / "old" / str(i))
                if op.new is not None:
                    _step(f"move {op.path}")
                    os.replace(stage / "new" / op.new, root / op.path)
            _step("commit")
            os.replace(stage / JOURNAL, stage / DONE)
        except BaseException:
            keep_stage = not _undo(root, stage, ops, made)
            raise
        _step("cleanup")
    finally:
        if not keep_stage:
            shutil.rmtree(stage, ignore_errors=True)


def _missing_dirs(root: Path, paths: list[str]) -> list[str]:
    """Directories the new files need that do not exist yet, parents first."""
    out: list[str] = []
    for path in paths:
        parents = list(PurePosixPath(path).parents)[:-1]  # without '.'
        for d in reversed(parents):
            if str(d) not in out and not (root / str(d)).is_dir():
                out.append(str(d))
    return out


def _write_journal(stage: Path, ops: list[Op], made: list[str]) -> None:
    data = {"ops": [[op.path, op.new, op.existed] for op in ops], "made": made}
    tmp = stage / (JOURNAL + ".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, stage / JOURNAL)


def _read_journal(stage: Path) -> tuple[list[Op], list[str]] | None:
    try:
        data = json.loads((stage / JOURNAL).read_text(encoding="utf-8"))
        ops = [Op(str(p), None if n is None else str(n), bool(e)) for p, n, e in data["ops"]]
        return ops, [str(d) for d in data["made"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _undo(root: Path, stage: Path, ops: list[Op], made: list[str]) -> bool:
    """Put every backup back and take out every new file that replaced nothing; True when all went well."""
    ok = True
    for i in reversed(range(len(ops))):
        op = ops[i]
        final, backup = root / op.path, stage / "old" / str(i)
        try:
            if os.path.lexists(backup):
                os.replace(backup, final)
            elif op.new is not None and not op.existed and not os.path.lexists(stage / "new" / op.new) \
                    and os.path.lexists(final):
                os.unlink(final)
        except OSError:
            ok = False
    for d in reversed(made):
        with contextlib.suppress(OSError):
            (root / d).rmdir()  # only if empty: something else may have been put there since
    return ok


# ---- 1. recover ---------------------------------------------------------------------------


def recover(root: Path) -> bool:
    """Undo and remove what killed runs left in ``root``; True if some outputs were restored.

    Call with the lock held. A staging directory without a journal changed nothing, and
    one with ``done.json`` finished: both are removed. One with neither whose ``old``
    directory is not empty was left by an older lifefsm (it moved whole directories) and
    is kept, with a warning, for a person to look at.
    """
    restored = False
    for stage in sorted(root.glob(STAGE_PREFIX + "*")):
        if stage.is_symlink() or not stage.is_dir():
            continue
        journal = _read_journal(stage)
        if journal is not None:
            if not _undo(root, stage, *journal):
                raise output_error("output-failed", say("compile-cannot-undo", stage=str(stage)))
            restored = True
        elif _has_backups(stage) and not (stage / DONE).exists():
            print(say("compile-old-stage", stage=str(stage)), file=sys.stderr)
            continue
        shutil.rmtree(stage, ignore_errors=True)
    return restored


def _has_backups(stage: Path) -> bool:
    try:
        return any((stage / "old").iterdir())
    except OSError:
        return False


__all__ = ["write_all", "recover", "Written", "STAGE_PREFIX", "MANIFEST"]
