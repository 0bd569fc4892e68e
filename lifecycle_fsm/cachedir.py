"""The user's private cache directory for lifefsm (parser tables, compiled checker modules).

Things cached there are loaded as code (lark's tables are a pickle, the native checker's
modules are shared objects), so the directory must be one only this user can write: a file
planted in a shared or group-writable directory would run as the user. ``LIFEFSM_CACHE_DIR``
overrides the location; an empty value turns caching off. Default: ``$XDG_CACHE_HOME/lifefsm``,
else ``~/.cache/lifefsm``.

The directory is kept under a size (``LIFEFSM_CACHE_MAX_MB``, default 256 MB): after a command that
added to it, the least recently used entries go first (``trim``; a hit ``touch``-es its entry). Only
the entries lifefsm writes there are removed: files directly in it, never a temporary file (a
name starting with a dot), a directory, or anything else.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DEFAULT_MAX_MB = 256  # the cache directory's size bound, unless LIFEFSM_CACHE_MAX_MB says another


def user_cache_dir(create: bool = True) -> Path | None:
    """The cache directory (created if missing, unless not ``create``), or None: caching off, no home, not
    private, or (not ``create``) not there."""
    configured = os.environ.get("LIFEFSM_CACHE_DIR")
    if configured is not None and not configured:
        return None
    if configured:
        base = Path(configured)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "lifefsm"
    try:
        if create:
            base.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = base.stat()
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
            return None
    except (OSError, RuntimeError):  # RuntimeError: no home directory
        return None
    return base


@lru_cache(maxsize=1)
def code_hash() -> str:
    """A hash of the package's own code (Python sources, grammar, C runtime): part of the key of
    anything cached that this code computed, so an edited or upgraded package never reads what an
    older one wrote (the version number alone does not change while the code is developed)."""
    h = hashlib.sha256()
    for f in sorted(x for x in PACKAGE.rglob("*") if x.suffix in (".py", ".lark", ".c", ".h") and x.is_file()):
        h.update(f.relative_to(PACKAGE).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        h.update(f.read_bytes() + b"\0")
    return h.hexdigest()


def touch(entry: Path) -> None:
    """Mark a cache entry as used now (``trim`` removes the least recently used first)."""
    with contextlib.suppress(OSError):
        os.utime(entry)


def cache_limit() -> int:
    """The cache directory's size bound in bytes: ``LIFEFSM_CACHE_MAX_MB`` megabytes (a positive whole
    number; anything else is said once on standard error and the default used), else DEFAULT_MAX_MB."""
    raw = os.environ.get("LIFEFSM_CACHE_MAX_MB")
    if raw is None:
        return DEFAULT_MAX_MB << 20
    try:
        mb = int(raw.strip())
    except ValueError:
        mb = 0
    if mb < 1 or mb > 1 << 30:
        print(f"lifefsm: LIFEFSM_CACHE_MAX_MB={raw!r} is not a whole number of megabytes from 1; "
              f"the cache keeps {DEFAULT_MAX_MB} MB", file=sys.stderr)
        return DEFAULT_MAX_MB << 20
    return mb << 20


def trim(base: Path, limit: int) -> int:
    """Remove the least recently used entries of ``base`` until its entries take at most ``limit`` bytes;
    how many were removed. Entries are the regular files directly in it whose names do not start with a
    dot; one another process removes first, or that cannot be removed, is passed over."""
    entries: list[tuple[float, int, str]] = []
    try:
        with os.scandir(base) as it:
            for e in it:
                if e.name.startswith(".") or not e.is_file(follow_symlinks=False):
                    continue
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                entries.append((st.st_mtime, st.st_size, e.path))
    except OSError:
        return 0
    total = sum(size for _, size, _ in entries)
    removed = 0
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size
        removed += 1
    return removed


def trim_if_grown(since: float) -> None:
    """``trim`` the cache directory to ``cache_limit()`` if an entry was added or replaced since ``since``
    (its modification time, a second of slack): one stat for a command that only read from it, none (and
    no directory made) for one that never used it."""
    base = user_cache_dir(create=False)
    if base is None:
        return
    try:
        if base.stat().st_mtime < since - 1.0:
            return
    except OSError:
        return
    trim(base, cache_limit())
