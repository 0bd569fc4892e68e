"""Loading a spec and the files it imports: each file read and parsed once, in import order.

An import names a file relative to the importing file. Files are known by their
resolved path (``locate``, computed once per import: the key that tells two
imports of one file apart, the name shown in messages and the target a link
leads to all come from it). A file imported along several paths is read once;
an import that leads back to a file still being loaded is a cycle; every
problem of every file is collected, and an importer fails with the diagnostics
of the files it imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from . import ast as A
from .diagnostics import Diagnostic, LfsmError, Note
from .limits import MAX_TOTAL_BYTES
from .messages import say
from .reading import Refusal, read_source, refusal_code, spec_file_refusal
from .source import SourceFile


class Loaded:
    """Every file of a spec, parsed, in import order (imports first)."""

    def __init__(self, overrides: dict[str, str] | None = None) -> None:
        # texts to use instead of files on disk, by resolved path (mutation testing)
        self.overrides = dict(overrides or {})
        self.files: dict[str, SourceFile] = {}
        self.specs: dict[str, A.Spec] = {}
        self.order: list[str] = []
        self.total = 0  # characters read, over all files


@dataclass(frozen=True)
class Located:
    """A spec file as named (``path``), by the key it is known by and the name messages show."""

    path: Path
    key: str  # the resolved path (absolute when it cannot be resolved)
    display: str  # relative to the working directory when inside it


def locate(path: Path) -> Located:
    """Resolve ``path`` once (a name too long or a symbolic link loop leaves it unresolved)."""
    try:
        real: Path | None = path.resolve()
    except (OSError, RuntimeError, ValueError):
        real = None
    key = str(real) if real is not None else str(path.absolute())
    try:
        display = str(real.relative_to(Path.cwd())) if real is not None else str(path)
    except (ValueError, OSError):
        display = str(path)
    return Located(path, key, display)


def source_key(path: str | Path) -> str:
    """The key of a file in ``load_spec``'s ``overrides``."""
    return locate(Path(path)).key


@dataclass
class _Frame:
    """A file whose imports are being loaded: the explicit stack of ``load``."""

    key: str
    display: str
    path: Path
    spec: A.Spec
    imports: list[A.Import]
    next: int = 0  # index in ``imports`` of the next import to follow
    # An ordered set: in a lattice of imports, one bad file is reached along many paths,
    # and a list would double its diagnostics at every level.
    diags: dict[Diagnostic, None] = field(default_factory=dict)
    undecoded: dict[str, str] = field(default_factory=dict)  # texts of files that could not be decoded


def _open(at: Located, display: str, key: str, loaded: Loaded, text: str | None = None) -> _Frame:
    if text is None and key in loaded.overrides:  # load_spec(overrides=...): e.g. a mutant of this file
        text = loaded.overrides[key]
    source = read_source(at.path, display, real=at.key) if text is None else SourceFile(display, text)
    loaded.files[display] = source
    loaded.total += len(source.text)  # characters: at most the bytes read
    from .parse import parse  # lark, only when a spec is parsed (not for a model from the cache)

    spec = parse(source)
    return _Frame(key, display, at.path, spec, [i for i in spec.items if isinstance(i, A.Import)])


def load(path: Path, display: str, loaded: Loaded, text: str | None = None) -> None:
    """Parse one file and, depth first, the files it imports; imports come first in ``loaded.order``.

    ``text``: the main file's text, given in memory (it is known by ``display``).
    An explicit stack, not recursion: an import chain can be thousands of files long.
    Every problem of every file is collected; a file with problems is not added to
    ``loaded`` and its importers fail with its diagnostics.
    """
    at = locate(path)
    frames = [_open(at, display, at.key if text is None else display, loaded, text)]
    on_stack = {frames[0].key: 0}
    failed: dict[str, dict[Diagnostic, None]] = {}  # files with problems -> their diagnostics
    while frames:
        f = frames[-1]
        if f.next < len(f.imports):
            item = f.imports[f.next]
            f.next += 1
            child = _follow(f, item, frames, on_stack, failed, loaded)
            if child is not None:
                on_stack[child.key] = len(frames)
                frames.append(child)
            continue
        frames.pop()
        del on_stack[f.key]
        if not f.diags:
            loaded.specs[f.key] = f.spec
            loaded.order.append(f.key)
        elif frames:
            failed[f.key] = f.diags
            frames[-1].diags.update(f.diags)
            frames[-1].undecoded.update(f.undecoded)
        else:
            raise LfsmError(f.diags, f.undecoded)


def _follow(f: _Frame, item: A.Import, frames: list[_Frame], on_stack: dict[str, int],
            failed: dict[str, dict[Diagnostic, None]], loaded: Loaded) -> _Frame | None:
    """Check the import ``item`` of ``f``; open and parse its file if it is new (else None)."""
    at = locate(f.path.parent / item.path)
    if at.key in on_stack:
        chain = [fr.display for fr in frames[on_stack[at.key]:]]
        f.diags[Diagnostic("import-cycle", say("import-cycle", chain=" -> ".join(chain + [at.display])),
                           item.span)] = None
        return None
    if at.key in loaded.specs:
        return None
    if at.key in failed:
        f.diags.update(failed[at.key])
        return None
    refusal = spec_file_refusal(at.path, real=at.key)
    if refusal is not None:
        f.diags[_import_refused(item, refusal)] = None
        return None
    if loaded.total > MAX_TOTAL_BYTES:
        f.diags[Diagnostic("file-too-large", say("imports-too-large", limit=MAX_TOTAL_BYTES), item.span)] = None
        return None
    try:
        return _open(at, at.display, at.key, loaded)
    except LfsmError as e:
        f.undecoded.update(e.sources)
        # a file that could not be read at all says so at line 0: point at the import too
        diags = dict.fromkeys(d if d.span is None or d.span.line > 0 else
                              replace(d, notes=d.notes + (Note(say("imported-here"), item.span),))
                              for d in e.diagnostics)
        failed[at.key] = diags
        f.diags.update(diags)
        return None


def _import_refused(item: A.Import, r: Refusal) -> Diagnostic:
    """An import that names no spec file, reported at the import (nothing of the file is read)."""
    code = "import-not-found" if r.kind in ("missing", "directory") else refusal_code(r)
    return Diagnostic(code, say("import-not-found", path=item.path, why=r.reason), item.span)
