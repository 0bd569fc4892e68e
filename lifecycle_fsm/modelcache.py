"""A warm start without parsing: the checked Model of a spec file, pickled in the user's cache.

Reading, parsing, checking and lowering the pod takes about a second; unpickling its Model a
twentieth of that. ``load`` keys an entry by the package's own code (cachedir.code_hash), the
working directory (the names messages show are relative to it), the path as given and resolved;
the entry is the Model, whose ``sources`` are the texts of every file it was built from. A hit is
used only if every one of those files still reads (under the loader's rules, reading.read_source)
as exactly that text, so an edited spec or import is read afresh. Only a spec that loads without
errors is stored. The cache directory is private to the user (cachedir.py), so the pickle is our
own data; anything that goes wrong reading or writing an entry (missing, corrupt, unwritable,
from another Python) is a miss, and the spec is loaded as without the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from . import model as ir
from .cachedir import code_hash, touch, user_cache_dir
from .diagnostics import LfsmError
from .reading import read_source


def _entry(path: Path) -> Path | None:
    cache = user_cache_dir()
    if cache is None:
        return None
    try:
        parts = [code_hash(), sys.version, os.getcwd(), str(path), str(path.resolve())]
    except (OSError, RuntimeError, ValueError):
        return None
    h = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape"))
    return cache / f"model-{h.hexdigest()[:32]}.pickle"


def _current(model: ir.Model) -> bool:
    """Every file the model was built from still reads as the text it was built from."""
    try:
        return bool(model.sources) and all(read_source(Path(name), name).text == text for name, text in model.sources)
    except (LfsmError, OSError, ValueError):
        return False


def load(path: str | Path, loader: Callable[[str | Path], ir.Model]) -> ir.Model:
    """``loader(path)``, or the Model it returned last time if its files are unchanged (module docstring)."""
    entry = _entry(Path(path))
    if entry is not None:
        try:
            with open(entry, "rb") as f:
                model = pickle.load(f)
            if isinstance(model, ir.Model) and _current(model):
                touch(entry)
                return model
        except Exception:  # noqa: BLE001 - any unreadable entry is a miss
            pass
    model = loader(path)
    if entry is not None:
        _store(entry, model)
    return model


JOIN_PATIENCE = 60.0  # seconds a child loading a model may take (a spec loads in a second or two)


class Loading:
    """A child process ``prefetch`` started; ``wait`` reaps it once (later calls return at once: its id may by
    then be another process's)."""

    def __init__(self, pid: int) -> None:
        self.pid: int | None = pid

    def wait(self) -> None:
        """Wait for the child (its entry, if any, is then in place); ``join``'s patience."""
        if self.pid is not None:
            pid, self.pid = self.pid, None
            join(pid)


def prefetch(path: str | Path, loader: Callable[[str | Path], ir.Model]) -> Loading | None:
    """Start ``load(path, loader)`` in a forked child, which stores the entry, where that is a gain: the
    entry is missing, there is a cache directory, and processes can be forked. The child (``Loading``), or
    None. The child prints nothing and ends with ``os._exit``: whatever it meets (bad input, a
    full disk, Ctrl-C) only leaves the entry missing, and ``load`` then does the work and reports it."""
    entry = _entry(Path(path))
    if entry is None or entry.exists() or not hasattr(os, "fork"):
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid:
        return Loading(pid)
    code = 1
    try:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        load(path, loader)
        code = 0
    except BaseException:  # noqa: BLE001,S110 - the parent loads it again and reports what went wrong
        pass
    finally:
        os._exit(code)


def join(pid: int, patience: float = JOIN_PATIENCE) -> None:
    """Wait for the child process ``pid`` (Loading.wait); after ``patience``
    seconds, stop it: a child forked from a process with other threads can, rarely, wait forever for a lock
    one of them held (then ``load`` does the work itself)."""
    deadline = time.monotonic() + patience
    with contextlib.suppress(ChildProcessError):  # already reaped
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return
            time.sleep(0.002)


def _store(entry: Path, model: ir.Model) -> None:
    try:
        data = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(prefix=".model-", dir=entry.parent)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.rename(tmp, entry)  # (POSIX: atomic, replaces; os.replace is the outputs' rename, files.py)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
