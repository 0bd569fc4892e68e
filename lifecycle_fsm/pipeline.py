"""The front end in one call: read, parse, resolve imports, check, lower.

``compile_source`` and ``load_spec`` are the seams that tests, the CLI and
embedding tools call. Both raise LfsmError (carrying every diagnostic, sorted)
on bad input and return a frozen ``Model`` otherwise.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import ast as A
from . import messages as M
from .check import check
from .diagnostics import Diagnostic, LfsmError, Note
from .limits import MAX_DEPTH, MAX_TOTAL_BYTES
from .lower import lower
from .model import Model
from .parse import parse
from .reading import Refusal, decode_source, read_source, spec_file_refusal
from .source import SourceFile, Span


class Loaded:
    """Every file of a spec, parsed, in import order (imports first)."""

    def __init__(self, overrides: dict[str, str] | None = None) -> None:
        # texts to use instead of files on disk, by resolved path (mutation testing)
        self.overrides = dict(overrides or {})
        self.files: dict[str, SourceFile] = {}
        self.specs: dict[str, A.Spec] = {}
        self.order: list[str] = []
        self.total = 0  # characters read, over all files


@dataclass
class _Frame:
    """A file whose imports are being loaded: the explicit stack of ``_load``."""

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


def _open(path: Path, display: str, key: str, loaded: Loaded, text: str | None = None) -> _Frame:
    if text is None and key in loaded.overrides:  # load_spec(overrides=...): e.g. a mutant of this file
        text = loaded.overrides[key]
    source = read_source(path, display) if text is None else SourceFile(display, text)
    loaded.files[display] = source
    loaded.total += len(source.text)  # characters: at most the bytes read
    spec = parse(source)
    return _Frame(key, display, path, spec, [i for i in spec.items if isinstance(i, A.Import)])


def _load(path: Path, display: str, loaded: Loaded, text: str | None = None) -> None:
    """Parse one file and, depth first, the files it imports; imports come first in ``loaded.order``.

    An explicit stack, not recursion: an import chain can be thousands of files long.
    Every problem of every file is collected; a file with problems is not added to
    ``loaded`` and its importers fail with its diagnostics.
    """
    frames = [_open(path, display, _key(path) if text is None else display, loaded, text)]
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
    target = f.path.parent / item.path
    tkey, shown = _key(target), _display(target)
    if tkey in on_stack:
        chain = [fr.display for fr in frames[on_stack[tkey]:]]
        f.diags[Diagnostic("import-cycle", M.import_cycle(chain + [shown]), item.span)] = None
        return None
    if tkey in loaded.specs:
        return None
    if tkey in failed:
        f.diags.update(failed[tkey])
        return None
    refusal = spec_file_refusal(target)
    if refusal is not None:
        f.diags[_import_refused(item, refusal)] = None
        return None
    if loaded.total > MAX_TOTAL_BYTES:
        f.diags[Diagnostic("file-too-large", M.imports_too_large(MAX_TOTAL_BYTES), item.span)] = None
        return None
    try:
        return _open(target, shown, tkey, loaded)
    except LfsmError as e:
        f.undecoded.update(e.sources)
        # a file that could not be read at all says so at line 0: point at the import too
        diags = dict.fromkeys(d if d.span is None or d.span.line > 0 else
                              replace(d, notes=d.notes + (Note(M.imported_here(), item.span),))
                              for d in e.diagnostics)
        failed[tkey] = diags
        f.diags.update(diags)
        return None


def _import_refused(item: A.Import, r: Refusal) -> Diagnostic:
    """An import that names no spec file, reported at the import (nothing of the file is read)."""
    code = "import-not-found" if r.kind in ("missing", "directory") else \
        "not-a-regular-file" if r.kind == "special" else \
        "not-a-spec-file" if r.kind in ("not-spec", "link-not-spec") else "file-not-readable"
    return Diagnostic(code, M.import_not_found(item.path, r.reason), item.span)


def source_key(path: str | Path) -> str:
    """The key of a file in ``load_spec``'s ``overrides``."""
    return _key(Path(path))


def _key(p: Path) -> str:
    try:
        return str(p.resolve())
    except (OSError, RuntimeError):  # a name too long, a symlink loop
        return str(p.absolute())


def _display(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):
        return str(p)


def _finish(loaded: Loaded, main: str) -> Model:
    items: list[A.Item] = []
    for key in loaded.order:
        items.extend(i for i in loaded.specs[key].items if not isinstance(i, A.Import))
    try:
        checker, diags = check(items)
        errors = [d for d in diags if d.severity == "error"]
        if errors:
            raise LfsmError(errors)
        sources = tuple((name, f.text) for name, f in loaded.files.items())
        return lower(checker, main, sources)
    except RecursionError:  # pragma: no cover - the depth limits of parse.py and checkbase.py come first
        raise LfsmError([Diagnostic("nesting-too-deep", M.nesting_too_deep("expressions", MAX_DEPTH),
                                    Span(main, 0, 0, 0, 0))]) from None


def _with_sources(e: LfsmError, loaded: Loaded) -> LfsmError:
    sources = {name: f.text for name, f in loaded.files.items()}
    sources.update(e.sources)
    return LfsmError(e.diagnostics, sources)


def load_spec(path: str | Path, overrides: dict[str, str] | None = None) -> Model:
    """Load a spec file (and its imports) into a checked Model.

    ``overrides`` maps files (by resolved path, see ``source_key``) to texts read instead of the file.
    """
    loaded = Loaded(overrides)
    display = str(path)
    try:
        _load(Path(path), display, loaded)
        return _finish(loaded, display)
    except LfsmError as e:
        raise _with_sources(e, loaded) from None


def compile_source(text: str, name: str = "<string>", base: Path | None = None) -> Model:
    """Check spec text given in memory; imports resolve relative to ``base`` (default: cwd)."""
    loaded = Loaded()
    virtual = (base or Path.cwd()) / "__lfsm_virtual__"
    try:
        source = decode_source(text.encode("utf-8", "surrogatepass"), name)
        _load(virtual, name, loaded, text=source.text)
        return _finish(loaded, name)
    except LfsmError as e:
        raise _with_sources(e, loaded) from None


def sources_of(e: LfsmError, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The texts needed to render ``e``'s diagnostics with source lines.

    The texts the front end read are carried by ``e``; a spec file named only by a
    diagnostic (the checker's errors carry no texts) is read again as a last resort,
    under the same rules as any spec file.
    """
    out: dict[str, str] = dict(extra or {})
    for name, text in e.sources.items():
        out.setdefault(name, text)
    for d in e.diagnostics:
        for span in [d.span] + [n.span for n in d.notes]:
            if span is not None and span.file not in out and span.line > 0:
                with contextlib.suppress(LfsmError):
                    out[span.file] = read_source(span.file).text
    return out


__all__ = ["load_spec", "compile_source", "LfsmError", "Note", "sources_of"]
