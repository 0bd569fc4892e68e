"""The front end in one call: read, parse, resolve imports, check, lower.

``compile_source`` and ``load_spec`` are the seams that tests, the driver
(``lifecycle_fsm.pipeline``) and embedding tools call; reading a spec and its
imports is ``imports.py``. Both raise LfsmError (carrying every diagnostic, sorted)
on bad input and return a frozen ``Model`` otherwise.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from . import ast as A
from .diagnostics import Diagnostic, LfsmError, Note
from .imports import Loaded, load, source_key
from .limits import MAX_DEPTH
from .messages import say
from .model import Model
from .reading import decode_source, read_source
from .source import SourceFile, Span


def _finish(loaded: Loaded, main: str, extra: Sequence[A.Item] = ()) -> Model:
    items: list[A.Item] = []
    for key in loaded.order:
        items.extend(i for i in loaded.specs[key].items if not isinstance(i, A.Import))
    items.extend(extra)
    from .check import check  # the front end proper: not imported for a model from the cache
    from .lower import lower

    try:
        tables, diags = check(items)
        errors = [d for d in diags if d.severity == "error"]
        if errors:
            raise LfsmError(errors)
        sources = tuple((name, f.text) for name, f in loaded.files.items())
        return lower(tables, main, sources)
    except RecursionError:  # pragma: no cover - the depth limits of parse.py and elaborate.py come first
        raise LfsmError([Diagnostic("nesting-too-deep", say("nesting-too-deep-expressions", limit=MAX_DEPTH),
                                    Span(main, 0, 0, 0, 0))]) from None


def _with_sources(e: LfsmError, loaded: Loaded) -> LfsmError:
    sources = {name: f.text for name, f in loaded.files.items()}
    sources.update(e.sources)
    return LfsmError(e.diagnostics, sources)


def load_spec(path: str | Path, overrides: dict[str, str] | None = None, requires: Sequence[str] = ()) -> Model:
    """Load a spec file (and its imports) into a checked Model.

    ``overrides`` maps files (by resolved path, see ``source_key``) to texts read instead of the file.
    ``requires``: texts ``[NAME:] EXPR`` of `check --sweep --require`, each checked as one more
    ``require`` of the spec (in a source of its own, ``<--require N>``) that only restricts sweeps.
    """
    loaded = Loaded(overrides)
    display = str(path)
    try:
        load(Path(path), display, loaded)
        return _finish(loaded, display, _sweep_requires(requires, loaded))
    except LfsmError as e:
        raise _with_sources(e, loaded) from None


def _sweep_requires(texts: Sequence[str], loaded: Loaded) -> list[A.Item]:
    """The ``require`` items of ``--require`` texts (each parsed as ``require TEXT``), marked sweep-only."""
    from .parse import parse

    out: list[A.Item] = []
    diags: list[Diagnostic] = []
    for n, text in enumerate(texts, start=1):
        name = f"<--require {n}>"
        source = SourceFile(name, f"require {text}")
        loaded.files[name] = source
        try:
            items = parse(source).items
        except LfsmError as e:
            diags.extend(e.diagnostics)
            continue
        if len(items) != 1 or not isinstance(items[0], A.Require):
            diags.append(Diagnostic("bad-option", say("sweep.bad-require", text=text), Span(name, 0, 0, 0, 0)))
            continue
        out.append(replace(items[0], sweep_only=True))
    if diags:
        raise LfsmError(diags)
    return out


def compile_source(text: str, name: str = "<string>", base: Path | None = None) -> Model:
    """Check spec text given in memory; imports resolve relative to ``base`` (default: cwd)."""
    loaded = Loaded()
    virtual = (base or Path.cwd()) / "__lfsm_virtual__"
    try:
        source = decode_source(text.encode("utf-8", "surrogatepass"), name)
        load(virtual, name, loaded, text=source.text)
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


__all__ = ["load_spec", "compile_source", "LfsmError", "Note", "sources_of", "source_key"]
