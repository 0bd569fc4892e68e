"""The package's import graph: no module imports itself through others, and the parts point one way.

Every import of every module under lifecycle_fsm/ is read with the ast module (imports inside
functions count: a lazy import is still a dependency). Each module belongs to one part
(``PARTS``, the table docs/architecture.md shows); a part may import only the parts
``MAY_IMPORT`` lists for it. A cycle between two modules, or a part importing a part it may
not, fails with the modules and lines that make it. An import under ``if TYPE_CHECKING:``
counts for the layers but makes no cycle (it never runs).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lifecycle_fsm"

# part -> the modules and packages in it (dotted, below lifecycle_fsm; a package covers what is under it)
PARTS: dict[str, tuple[str, ...]] = {
    # what every part may use: positions and diagnostics, the message catalogue and the registry of codes, the
    # syntax tree's data classes, escaping, writing outputs, the terminal
    "common": ("source", "cachedir", "diagnostics", "limits", "escape", "colour", "outputs", "terminal", "messages",
               "version", "ast", "errorcodes", "cpus"),
    "ir": ("model", "evaluate", "intervals"),
    "front end": ("parse", "transform", "syntax_errors", "reading", "imports", "symbols", "context", "reporting",
                  "scope", "check", "declare", "elaborate", "constants", "structure", "transitions", "bodies",
                  "systems", "properties", "constraints", "conflicts", "overlap", "lower", "loader", "modelcache"),
    "instantiation": ("params", "instantiate"),
    "checker": ("checker",),
    "runtime": ("runtime",),
    "back ends": ("backends",),
    "sweep": ("sweep",),
    "mutate": ("mutate",),
    "pod": ("pod",),
    "native": ("native",),
    "zones": ("zones",),
    "driver": ("pipeline", "commands"),
    "cli": ("cli", "__main__"),
    "face": ("__init__",),  # the package's own __init__: the front end's entry points, re-exported
}

# part -> the other parts it may import (the layers, bottom up; docs/architecture.md explains each)
MAY_IMPORT: dict[str, set[str]] = {
    "common": set(),
    "ir": {"common"},
    "front end": {"common", "ir"},
    # binding checks the spec's `require` constraints (constraints.py) and suggests names (symbols.py)
    "instantiation": {"common", "ir", "front end"},
    "checker": {"common", "ir", "instantiation"},
    "zones": {"common", "ir", "instantiation", "checker"},
    # the native symbolic search prints the zone semantics and reads back what zones/check.py judges
    "native": {"common", "ir", "instantiation", "checker", "zones"},
    # runtime.load reads a spec file itself (the embedding API)
    "runtime": {"common", "ir", "front end", "instantiation"},
    # the Python target copies the runtime's engine; state graphs run it
    "back ends": {"common", "ir", "instantiation", "runtime"},
    "sweep": {"common", "ir", "front end", "instantiation", "checker"},
    "mutate": {"common", "ir", "front end", "instantiation", "checker", "sweep"},
    "pod": {"common"},
    "driver": {"common", "ir", "front end", "instantiation", "checker", "runtime", "back ends", "sweep", "mutate",
               "pod", "native", "zones"},
    "cli": {"common", "ir", "front end", "instantiation", "checker", "back ends", "driver", "mutate", "pod", "sweep"},
    "face": {"common", "front end"},
}


def modules() -> dict[str, Path]:
    """Dotted name (below lifecycle_fsm; a package is its name) -> file, for every module of the package."""
    out: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts.pop()
        out[".".join(parts)] = path
    return out


def part_of(module: str) -> str:
    for part, members in PARTS.items():
        for m in members:
            if module == m or module.startswith(m + "."):
                return part
    raise AssertionError(f"lifecycle_fsm/{module.replace('.', '/')}: in no part of tests/test_layers.py's PARTS "
                         "(and docs/architecture.md): say where it belongs")


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[str, int, bool]]:
    """(imported module, line, only for type checking) for every import of the package in ``path``."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if name != "__init__" else []
    package = here if is_package else here[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and _is_type_checking(block.test)
                   for stmt in block.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("lifecycle_fsm."):
                    yield _known(alias.name.removeprefix("lifecycle_fsm."), known), node.lineno, id(node) in typing_only
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module is None or not (node.module + ".").startswith("lifecycle_fsm."):
                    continue
                base = node.module.split(".")[1:]
            else:
                up = node.level - 1
                if up > len(package):
                    continue
                base = package[:len(package) - up] + (node.module.split(".") if node.module else [])
            for alias in node.names:  # 'from . import x': the submodule x when there is one
                sub = ".".join([*base, alias.name])
                target = sub if sub in known else _known(".".join(base) or "__init__", known)
                yield target, node.lineno, id(node) in typing_only


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _known(module: str, known: dict[str, Path]) -> str:
    while module not in known and "." in module:
        module = module.rsplit(".", 1)[0]
    return module


def graph(*, type_only: bool = True) -> dict[str, dict[str, int]]:
    """module -> {imported module: first line}, self-imports left out (``type_only``: with the imports
    made only for type checking)."""
    known = modules()
    out: dict[str, dict[str, int]] = {}
    for name, path in known.items():
        edges = out.setdefault(name, {})
        for target, line, typing in imports(name, path, known):
            if target != name and target in known and (type_only or not typing):
                edges.setdefault(target, line)
    return out


def cycles(g: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    for root in sorted(g):
        if root in index:
            continue
        work = [(root, iter(sorted(g[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(g.get(w, {})))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    x = stack.pop()
                    on.discard(x)
                    comp.append(x)
                    if x == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def test_every_module_is_in_a_part() -> None:
    for name in modules():
        part_of(name)


def test_every_listed_module_exists() -> None:
    """A module renamed or removed leaves no stale entry in PARTS (nor in docs/architecture.md)."""
    names = modules()
    stale = [m for members in PARTS.values() for m in members if m not in names]
    assert not stale, f"in PARTS but not in lifecycle_fsm/: {stale}"


def test_no_module_imports_itself_through_others() -> None:
    g = graph(type_only=False)
    found = cycles(g)
    shown = ["; ".join(f"{a} -> {b} (line {g[a][b]})" for a in comp for b in comp if b in g[a]) for comp in found]
    assert not found, "import cycles:\n" + "\n".join(shown)


def test_parts_import_only_what_they_may() -> None:
    files = modules()
    bad = []
    for name, edges in graph().items():
        mine = part_of(name)
        for target, line in edges.items():
            theirs = part_of(target)
            if theirs != mine and theirs not in MAY_IMPORT[mine]:
                where = files[name].relative_to(ROOT).as_posix()
                bad.append(f"{where}:{line}: {mine} imports {theirs} (lifecycle_fsm.{target})")
    assert not bad, "imports against the layers:\n" + "\n".join(bad)


def test_the_parts_point_one_way() -> None:
    """The allowed imports themselves form no cycle (so the layers can be drawn bottom up)."""
    g = {p: {q: 0 for q in deps} for p, deps in MAY_IMPORT.items()}
    assert not cycles(g)


def test_nothing_imports_the_cli() -> None:
    g = graph()
    importers = sorted(m for m, edges in g.items() if "cli" in edges and m != "__main__")
    assert importers == []


def test_the_architecture_page_shows_the_table() -> None:
    """docs/architecture.md's table of parts is this file's PARTS and MAY_IMPORT, row for row."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows: dict[str, tuple[set[str], set[str]]] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in PARTS:
            mods = set(re.findall(r"`([\w.]+)`", cells[1]))
            deps = set() if cells[3] == "nothing" else {d.strip() for d in cells[3].split(",")}
            rows[cells[0]] = (mods, deps)
    assert rows == {p: (set(PARTS[p]), MAY_IMPORT[p]) for p in PARTS}


def test_the_graph_sees_imports() -> None:
    """The reader finds relative, package-level and lazy imports (else every other test passes vacuously)."""
    g = graph()
    assert "instantiate" in g["checker.build"] and "model" in g["checker.build"]  # from ..instantiate import ...
    assert "checker.program" in g["checker.pyprint"]  # from . import program as p
    assert "commands.check" in g["cli"]  # imported inside a function
    assert "loader" in g["__init__"]
    assert cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == [["a", "b", "c"]]
