"""Writing one output file (``check --json FILE``, ``diagram -o FILE``) or standard output (``-``).

The rules, the same for every single-file output:

* ``-`` is standard output.
* The path is resolved first, following symbolic links at every level, as a shell's
  ``>`` does: a link is never replaced, the file it points to is.
* What is at the resolved path must be a regular file or nothing. A directory, a
  device, a FIFO or a socket is refused with ``[output-not-regular]``: renaming a
  regular file over ``/dev/null`` (which root may do) breaks the machine, and writing
  into a FIFO would block.
* The data goes to a temporary file in the same directory, which is then renamed
  over the target: a reader sees the old file or the new one, never half of one.
* An existing file keeps its permission bits; a new one gets 0666 minus the umask
  (as any program that creates files; ``mkstemp`` alone would give 0600).
* Any failure (no such directory, permission denied, read-only file system, disk
  full) raises LfsmError ``[output-failed]``, which the CLI reports with exit status 2,
  and leaves the target untouched. A failure to write standard output (a full
  device, a closed pipe other than EPIPE) is ``[output-failed]`` too.

``compile`` writes many files in one transaction with its own rules (a manifest, a lock,
a journal); it lives in ``backends/files.py`` and uses the helpers below.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .diagnostics import Diagnostic, LfsmError
from .messages import say

STDOUT = "-"


def output_error(code: str, message: str) -> LfsmError:
    return LfsmError([Diagnostic(code, message, None)])


def reason(e: OSError) -> str:
    """What went wrong, in the operating system's words (``No space left on device``)."""
    return e.strerror or str(e)


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"))


def kind_of(mode: int) -> str | None:
    """How to name a file that is not a regular file (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # elsewhere: the classic set-and-restore
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    return 0o666 & ~umask()


def write_stdout(data: bytes) -> None:
    """Write ``data`` to standard output and flush it; a failure is ``[output-failed]``."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        raise output_error("output-failed", say("stdout-failed", why=reason(e))) from None


def write_output(path: str, data: bytes | str) -> None:
    """Write ``data`` to ``path`` by the rules above (``-``: standard output)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path == STDOUT:
        write_stdout(raw)
        return
    target = Path(os.path.realpath(path))
    mode = new_file_mode()
    try:
        st = os.stat(target)
    except FileNotFoundError:
        pass
    except OSError as e:
        raise output_error("output-failed", say("output-failed", path=path, why=reason(e))) from None
    else:
        kind = kind_of(st.st_mode)
        if kind is not None:
            raise output_error("output-not-regular", say("output-not-regular", path=path, kind=kind))
        mode = stat.S_IMODE(st.st_mode)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".lifefsm-tmp", dir=target.parent)
    except OSError as e:
        raise output_error("output-failed", say("output-failed", path=path, why=reason(e))) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
        os.replace(tmp, target)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise output_error("output-failed", say("output-failed", path=path, why=reason(e))) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def locked(directory: Path, on_wait: str | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``directory`` (flock on the directory itself: no lock file is left).

    Blocks while another process holds it, after printing ``on_wait`` to stderr. Where the
    system has no ``fcntl`` (Windows) there is no lock: concurrent runs are not serialised.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    fd = os.open(directory, flags)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            if on_wait:
                print(on_wait, file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def stdout_is_broken() -> bool:
    """Whether flushing standard output fails now (used to name the culprit of an OSError)."""
    try:
        sys.stdout.flush()
    except OSError:
        return True
    except ValueError:  # closed
        return True
    return False


def detach_stdout() -> None:
    """Point standard output at the null device, so that the flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


__all__ = ["STDOUT", "write_output", "write_stdout", "locked", "new_file_mode", "kind_of", "output_error"]
