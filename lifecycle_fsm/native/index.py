"""A warm check without printing the C: the cached object found from the inputs that determine it.

build.py caches a compiled module under a hash of its C text, and printing that text takes about
a second for the pod. So a check whose model was read from spec files (their texts are
``Model.sources``) also records an index entry, keyed by everything that determines the text:
the spec texts (imports included), the system, the parameter values, symmetry on or off, the
selected properties, whether monitors are laid out, the package's own code (cachedir.code_hash:
the printer and the C runtime), the compiler and the optimisation level. A later check with the
same inputs loads the object named by the entry without printing the module. The entry also
carries what the printer returns beside the text (``CModule.preds``, ``.property_errors``), and
how many states the last complete search stored: the next search sizes its hash table from it
instead of doubling it a dozen times (each doubling rehashes every state).
A model built or changed in memory (its sources no longer say what it is: mutants, tests) is
never keyed: the caller decides (``NativeEngine(keyed=...)``). Reading an entry that is missing,
corrupt or whose object is gone is a miss: the module is printed as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..cachedir import code_hash, user_cache_dir
from ..checker.build import Plan
from .build import Compiler

OBJECT = re.compile(r"native-[0-9a-f]{32}\.so")


@dataclass(frozen=True, slots=True)
class Entry:
    path: Path  # the cached object
    preds: list[tuple[int | None, int]]
    property_errors: bool
    stored: int  # states the last complete search stored (0: unknown): the hash table's first size


def inputs_key(plan: Plan, compiler: Compiler, opt: str) -> str:
    """The hash of what determines ``plan``'s module (the module docstring)."""
    parts = [code_hash(), compiler.ident, opt, repr(plan.model.sources), plan.system.name,
             repr(sorted(plan.params.items())), repr(plan.symmetric), repr([p.name for p in plan.checks.props]),
             repr([(f.gid, f.kind, f.key) for f in plan.layout.fields])]
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()[:32]


def _entry_path(key: str) -> Path | None:
    cache = user_cache_dir()
    return None if cache is None else cache / f"native-in-{key}.json"


def recall(key: str) -> Entry | None:
    """The entry recorded for ``key`` whose object still exists, or None."""
    path = _entry_path(key)
    try:
        if path is None or not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data["object"]
        if not isinstance(name, str) or not OBJECT.fullmatch(name) or not (path.parent / name).exists():
            return None
        preds = [(None if a is None else int(a), int(b)) for a, b in data["preds"]]
        return Entry(path.parent / name, preds, bool(data["property_errors"]), max(0, int(data.get("stored", 0))))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(key: str, obj: Path, preds: list[tuple[int | None, int]], property_errors: bool,
             stored: int = 0) -> None:
    """Record the entry for ``key`` (atomically; a cache that cannot be written is no error)."""
    path = _entry_path(key)
    if path is None or obj.parent != path.parent or not OBJECT.fullmatch(obj.name):
        return
    text = json.dumps({"object": obj.name, "preds": preds, "property_errors": property_errors, "stored": stored})
    try:
        fd, tmp = tempfile.mkstemp(prefix=".index-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.rename(tmp, path)  # (POSIX: atomic, replaces an older entry)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
    except OSError:
        pass
