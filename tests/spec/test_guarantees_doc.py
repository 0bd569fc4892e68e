"""docs/guarantees.md and the specs agree: every G-id has a row, every cited property is listed
under each G-id it cites, and every listed property exists and cites that G-id."""

from __future__ import annotations

import re
from pathlib import Path

from lifecycle_fsm import load_spec

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec"
SPECS = [SPEC / "pod.lfsm", SPEC / "caveats.lfsm", *sorted((SPEC / "examples").glob("*.lfsm"))]
ROW = re.compile(r"^\| (G\d+) \| (.*?) \| (.*?) \| (.*?) \|$")


def rows() -> dict[str, tuple[set[str], str]]:
    out: dict[str, tuple[set[str], str]] = {}
    for line in (ROOT / "docs" / "guarantees.md").read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m:
            assert m.group(1) not in out, f"two rows for {m.group(1)}"
            out[m.group(1)] = (set(re.findall(r"`([a-z0-9_]+)`", m.group(3))), m.group(4))
    return out


def cited() -> dict[str, set[str]]:
    """property name -> the G-ids it cites, over every spec (names are unique per G-id use)."""
    out: dict[str, set[str]] = {}
    for path in SPECS:
        model = load_spec(path)
        props = [p for m in model.machines for p in m.properties] + [p for s in model.systems for p in s.properties]
        for p in props:
            out.setdefault(p.name, set()).update(p.cites)
    return out


def test_every_guarantee_has_a_row() -> None:
    assert sorted(rows(), key=lambda g: int(g[1:])) == [f"G{i}" for i in range(1, 57)]


def test_rows_and_citations_agree() -> None:
    table, props = rows(), cited()
    for name, gids in props.items():
        for g in gids:
            assert name in table[g][0], f"{name} cites {g} but is not listed in its row"
    for g, (names, verdict) in table.items():
        for name in names:
            assert name in props, f"{g} lists {name}, which no spec declares"
            assert g in props[name], f"{g} lists {name}, which does not cite it"
        assert names or verdict.startswith("not modelled"), f"{g}: no property and no reason"
        if verdict.startswith("not modelled"):
            assert not names and ":" in verdict, f"{g}: a guarantee out of scope says why, and lists nothing"


def test_summary_counts() -> None:
    table = rows()
    out = sum(1 for _, v in table.values() if v.startswith("not modelled"))
    text = " ".join((ROOT / "docs" / "guarantees.md").read_text(encoding="utf-8").split())
    assert f"{56 - out} of 56 guarantees are checked" in text and f"{out} are not modelled" in text
