"""Writing generated files atomically: all of them, or none.

Everything is first written to a staging directory next to the outputs (same
file system, so renames are atomic). Then, in ``replace`` mode, each output
directory is swapped for its staged copy as a whole (stale files disappear);
otherwise each file is renamed into place. Whatever was there before is moved
aside first and put back if any step fails, so a failed run leaves the earlier
outputs exactly as they were.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from . import GeneratedFile


class WriteError(Exception):
    """The outputs could not be written; earlier outputs are untouched."""


def write_all(files: Sequence[GeneratedFile], root: Path, replace_dirs: Sequence[str] = ()) -> None:
    """Write ``files`` (paths relative to ``root``); directories in ``replace_dirs`` are replaced whole."""
    for f in files:
        p = PurePosixPath(f.path)
        if p.is_absolute() or ".." in p.parts:
            raise WriteError(f"refusing to write outside the output directory: {f.path}")
    try:
        root.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".lifefsm-stage-", dir=root))
    except OSError as e:
        raise WriteError(f"cannot write to {root}: {e.strerror or e}") from None
    moved: list[tuple[Path, Path | None]] = []  # (final path, backup or None if it did not exist)
    try:
        new = stage / "new"
        backup = stage / "old"
        backup.mkdir()
        for f in files:
            target = new / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(f.text)
        units = _units(files, replace_dirs)
        for k, rel in enumerate(units):
            final = root / rel
            staged = new / rel
            saved: Path | None = None
            if final.exists() or final.is_symlink():
                saved = backup / str(k)
                os.replace(final, saved)
            moved.append((final, saved))
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)
    except OSError as e:
        _roll_back(moved)
        shutil.rmtree(stage, ignore_errors=True)
        raise WriteError(f"writing the outputs failed ({e.strerror or e}); earlier outputs are unchanged") from None
    shutil.rmtree(stage, ignore_errors=True)


def _units(files: Sequence[GeneratedFile], replace_dirs: Sequence[str]) -> list[str]:
    """What to move: each replaced directory once, and every file outside them."""
    out: list[str] = []
    for d in replace_dirs:
        if any(f.path.startswith(d.rstrip("/") + "/") for f in files):
            out.append(d.rstrip("/"))
    for f in files:
        if not any(f.path.startswith(d.rstrip("/") + "/") for d in replace_dirs):
            out.append(f.path)
    return out


def _roll_back(moved: list[tuple[Path, Path | None]]) -> None:
    for final, saved in reversed(moved):
        try:
            if final.is_dir() and not final.is_symlink():
                shutil.rmtree(final)
            elif final.exists() or final.is_symlink():
                final.unlink()
            if saved is not None:
                os.replace(saved, final)
        except OSError:
            pass


def write_one(path: Path, data: bytes) -> None:
    """Write one file atomically (temporary file in the same directory, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".lifefsm-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise WriteError(f"cannot write {path}: {e.strerror or e}") from None
