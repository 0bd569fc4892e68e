"""The front end in one call: read, parse, resolve imports, check, lower.

``compile_source`` and ``load_spec`` are the seams that tests, the CLI and
embedding tools call. Both raise LfsmError (carrying every diagnostic, sorted)
on bad input and return a frozen ``Model`` otherwise.
"""

from __future__ import annotations

from pathlib import Path

from . import ast as A
from . import messages as M
from .check import check
from .diagnostics import Diagnostic, LfsmError, Note
from .lower import lower
from .model import Model
from .parse import decode_source, parse, read_source
from .source import SourceFile, Span


class Loaded:
    """Every file of a spec, parsed, in import order (imports first)."""

    def __init__(self) -> None:
        self.files: dict[str, SourceFile] = {}
        self.specs: dict[str, A.Spec] = {}
        self.order: list[str] = []


def _load(path: Path, display: str, loaded: Loaded, stack: list[tuple[str, Span | None]],
          text: str | None = None) -> None:
    key = str(path.resolve()) if text is None else display
    if key in loaded.specs:
        return
    source = read_source(path, display) if text is None else SourceFile(display, text)
    loaded.files[display] = source
    spec = parse(source)
    diags: list[Diagnostic] = []
    stack_keys = [k for k, _ in stack]
    for item in spec.items:
        if not isinstance(item, A.Import):
            continue
        target = path.parent / item.path
        tkey = str(target.resolve())
        shown = _display(target)
        if tkey in stack_keys or tkey == key:
            chain = [_display(Path(k)) for k in stack_keys[stack_keys.index(tkey):]] if tkey in stack_keys else []
            chain += [display, shown]
            diags.append(Diagnostic("import-cycle", M.import_cycle(chain), item.span))
            continue
        if not target.is_file():
            diags.append(Diagnostic("import-not-found", M.import_not_found(item.path), item.span))
            continue
        try:
            _load(target, shown, loaded, stack + [(key, item.span)])
        except LfsmError as e:
            diags.extend(e.diagnostics)
    if diags:
        raise LfsmError(diags)
    loaded.specs[key] = spec
    loaded.order.append(key)


def _display(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def _finish(loaded: Loaded, main: str) -> Model:
    items: list[A.Item] = []
    for key in loaded.order:
        items.extend(i for i in loaded.specs[key].items if not isinstance(i, A.Import))
    checker, diags = check(items)
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise LfsmError(errors)
    sources = tuple((name, f.text) for name, f in loaded.files.items())
    return lower(checker, main, sources)


def load_spec(path: str | Path) -> Model:
    """Load a spec file (and its imports) into a checked Model."""
    p = Path(path)
    loaded = Loaded()
    display = str(path)
    _load(p, display, loaded, [])
    return _finish(loaded, display)


def compile_source(text: str, name: str = "<string>", base: Path | None = None) -> Model:
    """Check spec text given in memory; imports resolve relative to ``base`` (default: cwd)."""
    loaded = Loaded()
    virtual = (base or Path.cwd()) / "__lfsm_virtual__"
    _load_text(virtual, name, text, loaded)
    return _finish(loaded, name)


def _load_text(virtual: Path, name: str, text: str, loaded: Loaded) -> None:
    source = decode_source(text.encode("utf-8", "surrogatepass"), name) if text else SourceFile(name, text)
    _load(virtual, name, loaded, [], text=source.text)


def sources_of(e: LfsmError, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The texts needed to render ``e``'s diagnostics with source lines."""
    out: dict[str, str] = dict(extra or {})
    for d in e.diagnostics:
        for span in [d.span] + [n.span for n in d.notes]:
            if span is not None and span.file not in out and span.line > 0:
                try:
                    out[span.file] = Path(span.file).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    pass
    return out


__all__ = ["load_spec", "compile_source", "LfsmError", "Note", "sources_of"]
