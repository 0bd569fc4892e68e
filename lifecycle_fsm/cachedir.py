"""The user's private cache directory for lifefsm (parser tables, compiled checker modules).

Things cached there are loaded as code (lark's tables are a pickle, the native checker's
modules are shared objects), so the directory must be one only this user can write: a file
planted in a shared or group-writable directory would run as the user. ``LIFEFSM_CACHE_DIR``
overrides the location; an empty value turns caching off. Default: ``$XDG_CACHE_HOME/lifefsm``,
else ``~/.cache/lifefsm``.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def user_cache_dir() -> Path | None:
    """The cache directory (created if missing), or None: caching off, no home, or not private."""
    configured = os.environ.get("LIFEFSM_CACHE_DIR")
    if configured is not None and not configured:
        return None
    if configured:
        base = Path(configured)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "lifefsm"
    try:
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
