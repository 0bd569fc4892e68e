"""Every committed .mmd renders in a real browser, shows what the committed SVG shows, and nothing else.

One Chromium session renders all of them (tests/backends/browser.py), in both of Mermaid's
label modes, plus the pod's machines at the guards and full levels (their escapes decode with
HTML labels, Mermaid's default). Skips, saying why, where Chromium or mermaid.min.js is missing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from lifecycle_fsm.backends.chart import machine_chart
from lifecycle_fsm.backends.mermaid import machine_mermaid

from . import browser
from .conftest import ROOT, spec_model

COMMITTED = sorted((ROOT / "diagrams").rglob("*.mmd"))
POD = ROOT / "spec" / "pod.lfsm"
HOSTILE = ROOT / "tests" / "backends" / "specs" / "hostile.lfsm"  # names like __init__, state_, _A
SVG_NS = "{http://www.w3.org/2000/svg}"
CODES = re.compile(r"#\w+;|&#?\w+;|</?[A-Za-z]")  # entity codes and markup shown as text


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, Any]]:
    why = browser.missing()
    if why:
        pytest.skip(why)
    model = spec_model(POD)
    diagrams = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in COMMITTED]
    diagrams += [(f"{m}@{level}", machine_mermaid(model.machine(m), level))
                 for m in ("Container", "Kubelet") for level in ("guards", "full")]
    hostile = spec_model(HOSTILE)
    diagrams += [(f"hostile:{m.name}@{level}", machine_mermaid(m, level))
                 for m in hostile.machines for level in ("names", "full")]
    results = browser.render_all(diagrams, tmp_path_factory.mktemp("mermaid"))
    return {(r["name"], r["mode"]): r for r in results}


def svg_texts(path: Path) -> dict[str, list[list[str]]]:
    """The labels of a Graphviz SVG by kind of group (node, edge, cluster), each as its lines."""
    out: dict[str, list[list[str]]] = {"node": [], "edge": [], "cluster": []}
    for g in ET.parse(path).getroot().iter(f"{SVG_NS}g"):
        kind = g.get("class")
        if kind in out:
            lines = [" ".join("".join(t.itertext()).split()) for t in g.iter(f"{SVG_NS}text")]
            if any(lines):
                out[kind].append(lines)
    return out


def joined(labels: list[list[str]]) -> list[str]:
    return [" ".join(lines) for lines in labels]


def test_every_committed_mermaid_file_is_tested() -> None:
    assert len(COMMITTED) >= 7, COMMITTED
    for p in COMMITTED:
        assert p.with_suffix(".svg").is_file(), f"{p} has no SVG to compare with"


@pytest.mark.parametrize("mode", ["html", "svg"])
@pytest.mark.parametrize("path", COMMITTED, ids=[str(p.relative_to(ROOT)) for p in COMMITTED])
def test_committed_mermaid_renders_clean(rendered: dict[tuple[str, str], dict[str, Any]], path: Path,
                                         mode: str) -> None:
    r = rendered[(str(path.relative_to(ROOT)), mode)]
    assert "error" not in r, r.get("error")
    assert not CODES.findall(r["text"]), CODES.findall(r["text"])
    assert r["marks"] == 0, "a label was read as Markdown emphasis"
    assert not CODES.findall(path.read_text(encoding="utf-8")), "a committed .mmd holds an entity code"


@pytest.mark.parametrize("mode", ["html", "svg"])
@pytest.mark.parametrize("path", COMMITTED, ids=[str(p.relative_to(ROOT)) for p in COMMITTED])
def test_committed_mermaid_shows_what_the_svg_shows(rendered: dict[tuple[str, str], dict[str, Any]], path: Path,
                                                    mode: str) -> None:
    r = rendered[(str(path.relative_to(ROOT)), mode)]
    svg = svg_texts(path.with_suffix(".svg"))
    if "sequenceDiagram" in path.read_text(encoding="utf-8"):
        shown = set(r["messages"]) | set(r["notes"]) | set(r["actors"])
        drawn = {line for kind in ("node", "edge") for lines in svg[kind] for line in lines}
        assert shown == drawn
        return
    assert sorted(set(r["nodes"]) | set(r["clusters"])) == sorted(set(joined(svg["node"] + svg["cluster"])))
    assert sorted(r["edges"]) == sorted(joined(svg["edge"]))


HOSTILE_NAMES = [f"hostile:{m.name}@{level}" for m in spec_model(HOSTILE).machines for level in ("names", "full")]


@pytest.mark.parametrize("name", ["Container@guards", "Container@full", "Kubelet@guards", "Kubelet@full",
                                  *HOSTILE_NAMES])
def test_labels_show_as_written(rendered: dict[tuple[str, str], dict[str, Any]], name: str) -> None:
    """With HTML labels (Mermaid's default) every escape decodes: the text shown is the spec's."""
    r = rendered[(name, "html")]
    assert "error" not in r, r.get("error")
    assert not CODES.findall(r["text"]) and r["marks"] == 0
    where, _, level = name.rpartition("@")
    model = spec_model(HOSTILE) if where.startswith("hostile:") else spec_model(POD)
    machine = model.machine(where.removeprefix("hostile:"))
    chart = machine_chart(machine, level)
    assert sorted(r["edges"]) == sorted(" ".join(" ".join(e.lines).split()) for e in chart.edges)
    notes = {" ".join(chart.state(s.name).notes) for s in machine.states} - {""}
    shown = {" ".join([s.name, chart.state(s.name).loop]).strip() for s in machine.states}  # names: loops inside
    assert set(r["nodes"]) | set(r["clusters"]) == shown | notes
