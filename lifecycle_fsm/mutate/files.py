"""Reading the small text files `lifefsm mutate` is given: the equivalence file, --configs, --ids."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic, LfsmError
from ..messages import say


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path``, or a ``file-not-readable`` error naming the path and the reason
    (missing, a directory, a permission, bad UTF-8)."""
    text = read_text_if_present(path)
    if text is None:
        raise _unreadable(path, FileNotFoundError(2, "No such file or directory"))
    return text


def read_text_if_present(path: Path) -> str | None:
    """``read_text``, but None when ``path`` does not exist."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise _unreadable(path, e) from None


def _unreadable(path: Path, e: OSError | UnicodeDecodeError) -> LfsmError:
    why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
    return LfsmError([Diagnostic("file-not-readable", say("file-not-readable", path=str(path), why=why), None)])
