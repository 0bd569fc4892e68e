"""Manifest files in, PodConfigs out: the front half of `lifefsm pod`.

``read_manifests(paths)`` reads every file (``-`` is standard input), refuses
what is not sane UTF-8 text of bounded size, composes the YAML documents
(yamlnodes.py) and maps each object onto PodConfigs (mapping.py). Every problem
of every file is collected; if there is any, LfsmError carries them all, with
the texts they point into, so the CLI can show each with its source line.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..diagnostics import Diagnostic, LfsmError
from ..messages import say
from ..source import Span
from .config import PodConfig
from .decode import Reader
from .mapping import Mapped, Skipped, map_document
from .yamlnodes import compose

MAX_BYTES = 8 << 20  # 8 MiB a file: the API server takes at most 3 MiB a request
STDIN = "<stdin>"


@dataclass
class Manifests:
    """What the files hold: pods in file and document order, skipped objects, and the texts read."""

    pods: list[PodConfig] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


def read_manifests(paths: Sequence[str], stdin: BinaryIO | None = None) -> Manifests:
    """Read and map every file; raise LfsmError with every diagnostic when any input is bad."""
    out = Manifests()
    diags: list[Diagnostic] = []
    for path in paths:
        name = STDIN if path == "-" else path
        out.files.append(name)
        try:
            data = _read_bytes(path, name, stdin)
            text = decode(data, name, out.sources)
            _read_text(text, name, out, diags)
        except LfsmError as e:
            diags.extend(e.diagnostics)
            out.sources.update(e.sources)
    if diags:
        raise LfsmError(diags, out.sources)
    return out


def read_text(text: str, name: str = "<string>") -> Manifests:
    """Map manifest text given in memory (tests, embedding); LfsmError on bad input."""
    out = Manifests(files=[name])
    diags: list[Diagnostic] = []
    try:
        _read_text(text, name, out, diags)
    except LfsmError as e:
        diags.extend(e.diagnostics)
    if diags:
        raise LfsmError(diags, out.sources)
    return out


def _read_text(text: str, name: str, out: Manifests, diags: list[Diagnostic]) -> None:
    out.sources[name] = text
    reader = Reader()
    mapped = Mapped()
    documents = compose(text, name, reader.diags)  # raises on YAML errors; duplicate keys land in reader.diags
    for doc in documents:
        map_document(reader, doc, mapped)
    diags.extend(reader.diags)
    out.pods.extend(mapped.pods)
    out.skipped.extend(mapped.skipped)


def _whole_file(name: str) -> Span:
    return Span(name, 0, 0, 0, 0)


def _read_bytes(path: str, name: str, stdin: BinaryIO | None) -> bytes:
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read(MAX_BYTES + 1)
    p = Path(path)
    problem: str | None = None
    code = "file-not-readable"
    try:
        if not p.exists():
            code, problem = "file-not-found", say("file-not-found", path=name)
        elif p.is_dir():
            code, problem = "is-a-directory", say("pod.is-a-directory", path=name)
        elif p.stat().st_size > MAX_BYTES:
            code, problem = "file-too-large", say("pod.file-too-large", size=p.stat().st_size, limit=MAX_BYTES)
        else:
            with p.open("rb") as f:
                return f.read(MAX_BYTES + 1)  # a device or a growing file is not trusted to stop
    except OSError as e:
        problem = say("file-not-readable", path=name, why=e.strerror or str(e))
    raise LfsmError([Diagnostic(code, problem or say("file-not-readable", path=name, why="unknown error"),
                                _whole_file(name))])


def decode(data: bytes, name: str, sources: dict[str, str]) -> str:
    """UTF-8 text of at most MAX_BYTES without NUL bytes; the undecodable text is kept for the caret line."""
    if len(data) > MAX_BYTES:
        raise LfsmError([Diagnostic("file-too-large", say("pod.file-too-large-unknown", limit=MAX_BYTES),
                                    _whole_file(name))])
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raise LfsmError([Diagnostic("not-utf8", say("pod.utf16"), _whole_file(name))])
    shown = data.decode("utf-8", "replace")
    sources[name] = shown
    nul = data.find(b"\0")
    if nul >= 0:
        raise LfsmError([Diagnostic("nul-byte", say("pod.nul-byte"), _at_byte(data, nul, name))], {name: shown})
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LfsmError([Diagnostic("not-utf8", say("pod.not-utf8", byte=data[e.start]),
                                    _at_byte(data, e.start, name))],
                        {name: shown}) from None
    return text[1:] if text.startswith("\ufeff") else text


def _at_byte(data: bytes, offset: int, name: str) -> Span:
    """The span of the byte at ``offset``; its column counts the characters before it on its line."""
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    return Span.point(name, data.count(b"\n", 0, offset) + 1, column, offset)
