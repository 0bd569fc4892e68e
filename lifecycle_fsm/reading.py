"""Reading spec files: which files are specs, opened without blocking, read within a bound, decoded.

A *spec file* is a regular file whose name ends in '.lfsm' and which, once symbolic
links are resolved, is still a file whose name ends in '.lfsm'. Anything else is
refused before it is opened, by its name and kind alone, for the main file and for
imports alike: a diagnostic quotes source lines, so reading ``import "/etc/shadow"``
(or a link named 'x.lfsm' to a private key) as a spec would print the secret's first
line in a syntax error. docs/language.md ("Files") states the rule for users.

Reading never blocks: the file is checked with stat() before it is opened, opened
with O_NONBLOCK (a FIFO swapped in between cannot block the open) and checked again
with fstat() on the open descriptor. At most MAX_BYTES + 1 bytes are read, so the
size limit holds for a file that grows while it is read.

Lines end at LF, CRLF or a lone CR: the bytes are normalised to LF before decoding,
so lark's positions, the source lines shown and byte offsets all count lines alike.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, LfsmError
from .messages import say
from .source import SourceFile, Span

SPEC_SUFFIX = ".lfsm"
MAX_BYTES = 1 << 20  # 1 MiB: fifteen times the size of the Kubernetes model
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Refusal:
    """Why a path is not read as a spec.

    ``kind`` is one of: missing, directory, special (a device, FIFO or socket),
    not-spec (its name), link-not-spec (the name of the file a link leads to),
    unreadable; ``reason`` completes "cannot read 'x': ..." for people.
    """

    kind: str
    reason: str


def spec_file_refusal(path: Path, real: str | None = None) -> Refusal | None:
    """Why ``path`` is not a spec file to read, or None; decided without opening it.

    ``real``: the path resolved (where a link leads), when the caller has resolved it already.
    """
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return Refusal("missing", say("does-not-exist"))
    except (OSError, ValueError) as e:  # ValueError: a NUL in the path
        return Refusal("unreadable", getattr(e, "strerror", None) or str(e))
    return _refusal(path, st.st_mode, real)


def _refusal(path: Path, mode: int, real: str | None) -> Refusal | None:
    if stat.S_ISDIR(mode):
        return Refusal("directory", say("is-a-directory-reason"))
    if not stat.S_ISREG(mode):
        return Refusal("special", say("not-a-regular-file", kind=_kind_of(mode)))
    if not path.name.endswith(SPEC_SUFFIX):
        return Refusal("not-spec", say("not-a-spec-name"))
    if real is None:
        try:
            real = os.path.realpath(path)
        except (OSError, ValueError, RuntimeError):
            real = str(path)
    if not real.endswith(SPEC_SUFFIX):
        return Refusal("link-not-spec", say("link-not-a-spec"))
    return None


def refusal_code(r: Refusal) -> str:
    """The diagnostic code of a path refused as a spec file (a missing file and a directory have their own)."""
    if r.kind == "missing":
        return "file-not-found"
    if r.kind == "directory":
        return "is-a-directory"
    if r.kind == "special":
        return "not-a-regular-file"
    return "not-a-spec-file" if r.kind in ("not-spec", "link-not-spec") else "file-not-readable"


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _refused(name: str, r: Refusal) -> LfsmError:
    """The diagnostic for a main file that is not read (at line 0: there is no text to point into)."""
    where = Span(name, 0, 0, 0, 0)
    message = say("file-not-found", path=name) if r.kind == "missing" else say("is-a-directory", path=name) \
        if r.kind == "directory" else say("file-not-readable", path=name, why=r.reason)
    return LfsmError([Diagnostic(refusal_code(r), message, where)])


def read_source(path: str | Path, display: str | None = None, real: str | None = None) -> SourceFile:
    """Read a spec file, refusing what is not a spec file or not UTF-8 text of sane size.

    ``real``: the path resolved, when the caller has resolved it already (see imports.locate).
    """
    p = Path(path)
    name = display or str(path)
    refusal = spec_file_refusal(p, real)
    if refusal is not None:
        raise _refused(name, refusal)
    try:
        fd = os.open(p, _OPEN_FLAGS)
    except OSError as e:
        raise _refused(name, Refusal("unreadable", e.strerror or str(e))) from None
    try:
        st = os.fstat(fd)
        changed = _refusal(p, st.st_mode, real)  # replaced since the stat() above
        if changed is not None:
            raise _refused(name, changed)
        chunks: list[bytes] = []
        left = MAX_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as e:
        raise _refused(name, Refusal("unreadable", e.strerror or str(e))) from None
    finally:
        os.close(fd)
    return decode_source(b"".join(chunks), name, size=st.st_size)


def decode_source(data: bytes, name: str, size: int | None = None) -> SourceFile:
    """Decode spec bytes: UTF-8 only, no NUL bytes (a binary file), at most MAX_BYTES.

    ``size`` is the file's size when only its first MAX_BYTES + 1 bytes were read.
    """
    where = Span(name, 0, 0, 0, 0)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LfsmError([Diagnostic("not-utf8", say("utf16"), where)])
    if len(data) > MAX_BYTES:
        # The limit is crossed on some line of the text: point there.
        head = normalize_line_ends(data[:MAX_BYTES])
        whole = normalize_line_ends(data)
        shown = {name: whole.decode("utf-8", "replace")}
        total = max(size or 0, len(data))
        raise LfsmError([Diagnostic("file-too-large", say("file-too-large", size=total, limit=MAX_BYTES),
                                    _byte_span(whole, len(head), name))], shown)
    data = normalize_line_ends(data)
    # The text as far as it can be shown, so that the diagnostic can quote the line.
    shown = {name: data.decode("utf-8", "replace")}
    nul = data.find(b"\0")
    if nul >= 0:
        raise LfsmError([Diagnostic("nul-byte", say("nul-byte"), _byte_span(data, nul, name))], shown)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LfsmError([Diagnostic("not-utf8", say("not-utf8", byte=data[e.start]), _byte_span(data, e.start, name))],
                        shown) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return SourceFile(name, text)


def normalize_line_ends(data: bytes) -> bytes:
    """CRLF and lone CR become LF (in UTF-8, byte 0x0D is never part of another character)."""
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _byte_span(data: bytes, offset: int, name: str) -> Span:
    """The span of one byte of LF-ended ``data``, its column counted in characters before it."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    start = len(data[:offset].decode("utf-8", "replace"))
    return Span.point(name, line, col, start)
