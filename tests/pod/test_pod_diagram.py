"""`lifefsm pod --diagram DIR`: the pictures of the timelines and findings' runs (lifecycle_fsm/commands/poddiagram.py).

The Mermaid text of every picture of the corpus is a golden under
tests/data/manifests/diagrams/ (refresh with UPDATE_GOLDEN=1 and review by eye);
the browser test renders all of them, and a hostile pod's, in Mermaid in
Chromium (skipped, saying why, where Chromium or mermaid.min.js is missing).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from backends import browser  # tests/backends: the Chromium + Mermaid harness

from lifecycle_fsm.backends.render import render_svg
from lifecycle_fsm.commands.poddiagram import KUBELET, Picture, picture_dot, picture_mermaid, pictures
from lifecycle_fsm.commands.podmodel import ReferenceModel
from lifecycle_fsm.pod.analysis import Analysis, Event, Occurs, Scenario, Timeline, TimelineEntry, analyse
from lifecycle_fsm.pod.reader import read_manifests
from lifecycle_fsm.pod.results import Bounds

from .conftest import CORPUS, MANIFESTS, ROOT, UPDATE, rel, run

GOLDEN = MANIFESTS / "diagrams"
HOSTILE = """\
apiVersion: v1
kind: Pod
metadata:
  name: "x: y; #z <b>**__init__**</b> ../../etc"
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: "a: b; c#d <i>__x__</i> & *e*"
    image: nginx
    lifecycle:
      preStop:
        exec:
          command: ["sleep", "10"]
"""
MODEL = ReferenceModel()


@cache
def corpus_analyses() -> tuple[Analysis, ...]:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        m = read_manifests([rel(p) for p in CORPUS])
    finally:
        os.chdir(cwd)
    return tuple(analyse(p, MODEL) for p in m.pods)


@cache
def corpus_pictures() -> tuple[Picture, ...]:
    return tuple(pictures(corpus_analyses()))


def hostile_analyses(tmp_path: Path) -> list[Analysis]:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return [analyse(p, MODEL) for p in read_manifests([str(path)]).pods]


def test_the_corpus_pictures_match_their_goldens() -> None:
    drawn = {f"{p.name}.mmd": picture_mermaid(p) for p in corpus_pictures()}
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.glob("*.mmd"):
            if old.name not in drawn:
                old.unlink()
        for name, text in drawn.items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
    committed = {p.name: p.read_text(encoding="utf-8") for p in GOLDEN.glob("*.mmd")}
    assert sorted(committed) == sorted(drawn), "UPDATE_GOLDEN=1 python -m pytest tests/pod/test_pod_diagram.py"
    for name, text in drawn.items():
        assert committed[name] == text, f"{name} differs from its golden"


def test_every_timeline_and_every_finding_run_is_drawn_once() -> None:
    analyses = corpus_analyses()
    want = sum(len(a.timelines) + sum(1 for f in a.findings if f.trace) for a in analyses)
    got = corpus_pictures()
    assert len(got) == want > 20
    assert len({p.name for p in got}) == len(got)
    assert any("-liveness-kill-" in p.name for p in got) and any("-finding-" in p.name for p in got)


def _key(item_at: Bounds, text: str) -> float:
    at = item_at.worst if text == "exits" else item_at.best
    return float("inf") if at is None else at


def test_rows_go_down_in_time_and_each_container_in_causal_order() -> None:
    causal = ["preStop starts", "preStop ends", "TERM", "SIGKILL", "exits"]
    for p in corpus_pictures():
        if "-finding-" in p.name:
            times = [i.at.best for i in p.items]
            assert times == sorted(times), p.name
            continue
        keys = [_key(i.at, i.text) for i in p.items]
        assert keys == sorted(keys), p.name
        assert p.items[0].target == KUBELET and p.items[0].source is None and p.items[0].at == Bounds(0, 0)
        for c in p.lifelines[1:]:
            mine = [i.text for i in p.items if c in (i.target, i.source)]
            assert mine == sorted(mine, key=causal.index), (p.name, c, mine)


def test_a_picture_says_what_the_timeline_says() -> None:
    """Every event of a timeline that happens is one arrow, with the table's time; nothing else is drawn."""
    for a in corpus_analyses():
        for t in a.timelines:
            pic = next(p for p in pictures([a]) if p.items[0].text.startswith(
                "delete" if t.scenario is Scenario.DELETE else f"the liveness probe of {t.trigger} "))
            want = sorted((e.container, e.event.value, e.at) for e in t.entries if e.occurs is not Occurs.NEVER)
            names = {"preStop starts": "preStop-start", "preStop ends": "preStop-end", "TERM": "TERM",
                     "SIGKILL": "SIGKILL", "exits": "exit"}
            got = sorted((i.target if i.source == KUBELET else i.source, names[i.text], i.at) for i in pic.items[1:])
            assert got == want, pic.name


def test_an_event_that_happens_only_in_some_runs_says_so_when_others_happen_in_all() -> None:
    t = Timeline(Scenario.DELETE, None, (
        TimelineEntry("app", Event.TERM, Bounds(0, 0), Occurs.ALWAYS),
        TimelineEntry("app", Event.SIGKILL, Bounds(30, 30), Occurs.SOMETIMES),
        TimelineEntry("app", Event.PRESTOP_START, Bounds(0, 0), Occurs.NEVER)))
    a = corpus_analyses()[0]
    pic = pictures([Analysis(a.pod, a.startup, (t,), "computed", (), ())])[0]
    text = picture_mermaid(pic)
    assert "-x" in text and "SIGKILL, 30 s (some runs)" in text and "TERM, 0 s\n" in text
    assert "preStop" not in text


def test_the_svg_shows_every_row(tmp_path: Path) -> None:
    pics = [p for p in corpus_pictures() if p.name.endswith("-delete")][:3] + list(pictures(hostile_analyses(tmp_path)))
    for p in pics:
        svg = render_svg(picture_dot(p), f"{p.name}.dot")
        shown = {" ".join("".join(t.itertext()).split()) for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}
        for item in p.items:
            assert " ".join(item.text.split()) in shown, (p.name, item.text)
            assert item.when in shown, (p.name, item.when)
        assert set(p.lifelines) <= shown


def test_names_from_the_manifest_never_reach_a_path_or_the_text_unescaped(tmp_path: Path) -> None:
    pics = pictures(hostile_analyses(tmp_path))
    assert len(pics) == 2  # the delete timeline and the prestop-exceeds-grace run
    for p in pics:
        assert set(p.name) <= set("abcdefghijklmnopqrstuvwxyz0123456789.-_") and len(p.name) < 255 - 4
        text = picture_mermaid(p)
        title = text.split("---")[1].split("title: ", 1)[1]
        assert not set(title.strip()) & set(":#<>;*")
        for line in text.split("sequenceDiagram", 1)[1].strip().splitlines():
            words = line.split(": ", 1)[1] if ": " in line else line.split(" as ", 1)[1]
            assert not set(re.sub(r"#\w+;", "", words)) & set(":;#<>*&"), line
            assert "__" not in words, line
        dot = picture_dot(p)  # names go into quoted DOT strings only (never HTML-like labels)
        assert 'label="a: b; c#d <i>__x__</i> & *e*"' in dot and "=<a:" not in dot


def test_diagram_writes_pairs_replaces_its_own_and_refuses_others(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "pics"
    two = [rel(MANIFESTS / "vulcan-prestop-sleep-default-grace.yaml"),
           rel(MANIFESTS / "kep-2238-probe-grace-unset.yaml")]
    code, _, err = run(["pod", "--diagram", str(out), *two], capsys, monkeypatch)
    assert code == 1 and "pictures (Mermaid .mmd and .svg) in" in err
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    stems = sorted({n.rsplit(".", 1)[0] for n in names})
    assert names == sorted([s + ".mmd" for s in stems] + [s + ".svg" for s in stems])
    assert "deployment-vulcan-api-delete" in stems
    # a second run with one pod removes the other pod's pictures, and only those
    code, _, _ = run(["pod", "--diagram", str(out), two[0]], capsys, monkeypatch)
    left = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert left and all(n.startswith("deployment-vulcan-api-") for n in left)
    # a file lifefsm did not write is never replaced: exit 2, and nothing changes
    theirs = next(s for s in stems if not s.startswith("deployment-vulcan-api-")) + ".mmd"
    (out / theirs).write_text("mine\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    code, _, err = run(["pod", "--diagram", str(out), *two], capsys, monkeypatch)
    assert code == 2 and "Traceback" not in err and theirs in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_diagram_into_a_file_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "file"
    target.write_text("keep\n", encoding="utf-8")
    code, _, err = run(["pod", "--diagram", str(target), rel(MANIFESTS / "vulcan-prestop-sleep-default-grace.yaml")],
                       capsys, monkeypatch)
    assert code == 2 and "Traceback" not in err and "[output-failed]" in err
    assert target.read_text(encoding="utf-8") == "keep\n"


def test_no_model_no_pictures(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "pics"
    code, _, err = run(["pod", "--no-model", "--diagram", str(out),
                        rel(MANIFESTS / "vulcan-prestop-sleep-default-grace.yaml")], capsys, monkeypatch)
    assert code == 0 and " 0 pictures" in err
    assert [p for p in out.iterdir() if not p.name.startswith(".")] == []


def test_every_picture_renders_in_mermaid_as_written(tmp_path: Path) -> None:
    why = browser.missing()
    if why:
        pytest.skip(why)
    pics = list(corpus_pictures()) + list(pictures(hostile_analyses(tmp_path)))
    results = browser.render_all([(p.name, picture_mermaid(p)) for p in pics], tmp_path)
    by_name = {(r["name"], r["mode"]): r for r in results}
    for p in pics:
        want = sorted(" ".join(f"{i.text}, {i.when}".split()) for i in p.items) + [" ".join(p.footer.split())]
        for mode in ("html", "svg"):
            r = by_name[(p.name, mode)]
            assert "error" not in r, (p.name, mode, r.get("error"))
            if mode == "html":  # Mermaid decodes the escapes of labels with HTML labels (its default)
                assert sorted(r["messages"] + r["notes"]) == sorted(want), p.name
                assert r["marks"] == 0, p.name
                assert sorted(set(r["actors"])) == sorted(set(p.lifelines)), p.name


def test_the_documented_picture_is_what_lifefsm_pod_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/pod/ holds the delete timeline of docs/pod-example.yaml (docs/pod.md and the README show it)."""
    import hashlib

    from lifecycle_fsm.backends.render import svg_source_digest

    monkeypatch.chdir(ROOT)
    pods = read_manifests(["docs/pod-example.yaml"]).pods
    p = next(p for p in pictures([analyse(pod, MODEL) for pod in pods]) if p.name.endswith("-delete"))
    docs = ROOT / "docs" / "pod"
    if UPDATE:
        (docs / f"{p.name}.mmd").write_text(picture_mermaid(p), encoding="utf-8")
        (docs / f"{p.name}.svg").write_text(render_svg(picture_dot(p), f"{p.name}.dot"), encoding="utf-8")
    assert (docs / f"{p.name}.mmd").read_text(encoding="utf-8") == picture_mermaid(p)
    svg = (docs / f"{p.name}.svg").read_text(encoding="utf-8")
    assert svg_source_digest(svg) == hashlib.sha256(picture_dot(p).encode("utf-8")).hexdigest()
