"""The front end in one call: read, parse, resolve imports, check, lower.

``compile_source`` and ``load_spec`` are the seams that tests, the CLI and
embedding tools call. Both raise LfsmError (carrying every diagnostic, sorted)
on bad input and return a frozen ``Model`` otherwise.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path

from . import ast as A
from . import messages as M
from .check import check
from .diagnostics import Diagnostic, LfsmError, Note
from .lower import lower
from .model import Model
from .parse import MAX_DEPTH, decode_source, parse, read_source
from .source import SourceFile, Span


class Loaded:
    """Every file of a spec, parsed, in import order (imports first)."""

    def __init__(self, overrides: dict[str, str] | None = None) -> None:
        # texts to use instead of files on disk, by resolved path (mutation testing)
        self.overrides = dict(overrides or {})
        self.files: dict[str, SourceFile] = {}
        self.specs: dict[str, A.Spec] = {}
        self.order: list[str] = []


def _load(path: Path, display: str, loaded: Loaded, stack: list[str], text: str | None = None) -> None:
    """Parse one file and, depth first, the files it imports; imports come first in ``loaded.order``."""
    key = _key(path) if text is None else display
    if key in loaded.specs:
        return
    if text is None and key in loaded.overrides:
        text = loaded.overrides[key]
    source = read_source(path, display) if text is None else SourceFile(display, text)
    loaded.files[display] = source
    spec = parse(source)
    diags: list[Diagnostic] = []
    undecoded: dict[str, str] = {}  # texts of imported files that could not be decoded
    for item in spec.items:
        if not isinstance(item, A.Import):
            continue
        target = path.parent / item.path
        tkey, shown = _key(target), _display(target)
        if tkey in stack or tkey == key:
            chain = [_display(Path(k)) for k in stack[stack.index(tkey):]] if tkey in stack else []
            diags.append(Diagnostic("import-cycle", M.import_cycle(chain + [display, shown]), item.span))
            continue
        problem = _import_problem(target)
        if problem is not None:
            diags.append(Diagnostic("import-not-found", M.import_not_found(item.path, problem), item.span))
            continue
        try:
            _load(target, shown, loaded, stack + [key])
        except LfsmError as e:
            undecoded.update(e.sources)
            # a file that could not be read at all says so at line 0: point at the import too
            diags.extend(d if d.span is None or d.span.line > 0 else
                         replace(d, notes=d.notes + (Note(M.imported_here(), item.span),))
                         for d in e.diagnostics)
    if diags:
        raise LfsmError(diags, undecoded)
    loaded.specs[key] = spec
    loaded.order.append(key)


def source_key(path: str | Path) -> str:
    """The key of a file in ``load_spec``'s ``overrides``."""
    return _key(Path(path))


def _key(p: Path) -> str:
    try:
        return str(p.resolve())
    except (OSError, RuntimeError):  # a name too long, a symlink loop
        return str(p.absolute())


def _import_problem(target: Path) -> str | None:
    """Why an imported path cannot be read as a spec, or None."""
    try:
        if target.is_file():
            return None
        return "is a directory" if target.is_dir() else "does not exist"
    except OSError as e:
        return e.strerror or str(e)


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
        _load(Path(path), display, loaded, [])
        return _finish(loaded, display)
    except LfsmError as e:
        raise _with_sources(e, loaded) from None


def compile_source(text: str, name: str = "<string>", base: Path | None = None) -> Model:
    """Check spec text given in memory; imports resolve relative to ``base`` (default: cwd)."""
    loaded = Loaded()
    virtual = (base or Path.cwd()) / "__lfsm_virtual__"
    try:
        source = decode_source(text.encode("utf-8", "surrogatepass"), name)
        _load(virtual, name, loaded, [], text=source.text)
        return _finish(loaded, name)
    except LfsmError as e:
        raise _with_sources(e, loaded) from None


def sources_of(e: LfsmError, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The texts needed to render ``e``'s diagnostics with source lines.

    The texts the front end read are carried by ``e``; a file named only by a
    diagnostic (none today) is read from disk as a last resort.
    """
    out: dict[str, str] = dict(extra or {})
    for name, text in e.sources.items():
        out.setdefault(name, text)
    for d in e.diagnostics:
        for span in [d.span] + [n.span for n in d.notes]:
            if span is not None and span.file not in out and span.line > 0:
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    out[span.file] = Path(span.file).read_text(encoding="utf-8")
    return out


__all__ = ["load_spec", "compile_source", "LfsmError", "Note", "sources_of"]
