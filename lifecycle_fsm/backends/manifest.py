"""The manifest ``compile`` keeps in every directory it writes: which files there are its own.

``<dir>/.lifefsm-manifest.json`` lists each file lifefsm generated in that directory
with the target that made it (``python``, ``dot``, ``replay+svg`` for a file that
needs both targets). ``compile`` replaces or removes only files listed there:

* a generated file whose name is taken by a file the manifest does not list is
  refused (``[output-not-generated]``), never overwritten;
* a listed file is stale, and removed, when every target that made it is being
  generated again and it is not among the new files (a machine was renamed);
* files of targets not run this time stay listed and untouched;
* anything else in the directory (a ``conftest.py``, notes) is never touched.

A directory without a manifest (written before manifests existed, or by hand) is
adopted: its files whose names lifefsm generates are replaced, nothing is removed.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from pathlib import Path, PurePosixPath

from . import GeneratedFile

MANIFEST = ".lifefsm-manifest.json"
_FORMAT = "lifefsm-manifest/1"


def manifest_text(entries: dict[str, str]) -> str:
    """The manifest listing ``entries`` (file name -> target), deterministic."""
    data = {"format": _FORMAT,
            "about": "files lifefsm compile generated here; it replaces or removes only these",
            "files": dict(sorted(entries.items()))}
    return json.dumps(data, indent=2, ensure_ascii=True) + "\n"


def read_manifest(directory: Path) -> dict[str, str] | None:
    """The entries of ``directory``'s manifest; None when there is none or it cannot be read as one."""
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) and data.get("format") == _FORMAT else None
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    return {k: v for k, v in files.items() if k and "/" not in k and k not in (".", "..", MANIFEST)}


def needs(target: str) -> set[str]:
    """The targets that together make a file of ``target`` (``replay+dot`` -> replay and dot)."""
    return set(target.split("+")) if target else {""}


def stale(old: dict[str, str], new: Collection[str], targets: Collection[str]) -> list[str]:
    """Listed files that this run would have generated (all their targets run) but did not."""
    run = set(targets)
    return sorted(n for n, t in old.items() if n not in new and needs(t) <= run)


def kept(old: dict[str, str], new: Collection[str], targets: Collection[str]) -> dict[str, str]:
    """Listed files this run leaves alone (some target that made them is not run)."""
    run = set(targets)
    return {n: t for n, t in old.items() if n not in new and not needs(t) <= run}


def by_directory(files: Sequence[GeneratedFile]) -> dict[str, dict[str, str]]:
    """Generated files grouped by directory: dir -> {file name: target}, in first-seen order."""
    out: dict[str, dict[str, str]] = {}
    for f in files:
        p = PurePosixPath(f.path)
        out.setdefault(str(p.parent), {})[p.name] = f.target
    return out


def fresh_manifests(files: Sequence[GeneratedFile]) -> list[GeneratedFile]:
    """The manifests a compile of ``files`` into an empty output root writes (for comparisons)."""
    return [GeneratedFile(f"{d}/{MANIFEST}", manifest_text(entries), "manifest")
            for d, entries in by_directory(files).items()]


__all__ = ["MANIFEST", "manifest_text", "read_manifest", "stale", "kept", "by_directory", "fresh_manifests"]
