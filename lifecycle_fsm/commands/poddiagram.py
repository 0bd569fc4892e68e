"""`lifefsm pod --diagram DIR`: each pod's timelines, and each finding's shortest run, as pictures.

(``pod/command.py`` runs it as its ``draw``: drawing needs the back ends, a layer above ``pod``.)

For every timeline of an Analysis (the delete, and the liveness kill of each
container with a liveness probe) and every finding that carries a run, two files:

* ``<pod>-<what>.mmd``: a Mermaid ``sequenceDiagram``, for Markdown pages and
  review comments. One lifeline for the kubelet and one per container, time going
  down; the kubelet's actions on a container (preStop start, TERM, SIGKILL) are
  arrows to it, the container's answers (preStop end, exit) arrows back, and each
  label ends with its time in seconds: the earliest and the latest over the runs
  in which it happens, exactly as in the text table.
* ``<pod>-<what>.svg``: the same picture drawn from DOT by the renderer of every
  other lifefsm diagram (Graphviz ``dot``, else graphviz-pure): a column per
  lifeline, a row per event with its text on the container's lifeline and a blue
  arrow from whoever acts, the times in the left margin.

``<pod>`` is ``<kind>-<name>`` in lower case, with every character outside
``a-z 0-9 . -`` replaced by ``_`` and cut to 80 characters (a manifest's name
never reaches a path as written), and ``-2``, ``-3``, ... when two pictures would share a name. ``<what>`` is
``delete``, ``liveness-kill-<container>`` or ``finding-<code>[-<container>]``.

Rows are ordered by time: an event by its earliest time, an exit by its latest
(an app may exit on its own at any moment, so its earliest time is the request;
drawing it there would put it above the TERM that usually causes it). Events of
one time keep the causal order preStop start, preStop end, TERM, SIGKILL, exit.

Every text taken from a manifest goes through ``backends.mermaid.label`` (Mermaid)
or ``escape.dot_str``/``_html`` (DOT); the titles keep only name characters.

The files are written by ``backends.files.write_all``, the writer of ``compile``:
as one transaction, into DIR (created if missing), replacing only files an
earlier ``--diagram`` run wrote there (its manifest says which) and removing the
ones it no longer draws; a file of anyone else in the way is refused, exit 2.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..backends.dot import BLUE, FONT, q
from ..backends.files import write_all
from ..backends.generated import GeneratedFile
from ..backends.mermaid import label
from ..backends.render import render_svg
from ..backends.sequence import GREY, mermaid_sequence
from ..backends.sequence import _html as html
from ..backends.writer import Writer
from ..pod.analysis import Analysis, Event, Occurs, Scenario, Timeline
from ..pod.report import bounds
from ..pod.results import Bounds, Finding

TARGET = "pod-diagram"
KUBELET = "kubelet"
_UNSAFE = re.compile(r"[^a-z0-9.-]")
_ORDER = {e: i for i, e in enumerate((Event.PRESTOP_START, Event.PRESTOP_END, Event.TERM, Event.SIGKILL,
                                      Event.EXIT))}


@dataclass(frozen=True, slots=True)
class Item:
    """One row of a picture: ``text`` at ``at`` on lifeline ``target``, sent from ``source`` (None: a note)."""

    at: Bounds
    target: str
    text: str
    source: str | None = None
    kill: bool = False  # drawn as a cross (SIGKILL)
    note: str = ""  # after the time: " (some runs)"

    @property
    def when(self) -> str:
        return bounds(self.at) + self.note


@dataclass(frozen=True, slots=True)
class Picture:
    name: str  # the file name without extension
    title: str
    lifelines: tuple[str, ...]  # the kubelet first, then the containers in spec order
    items: tuple[Item, ...]
    footer: str


def slug(text: str) -> str:
    """A file name part: name characters only, at most 80 of them (a file name has a length limit)."""
    return _UNSAFE.sub("_", text.lower())[:80] or "_"


def _plain_title(text: str) -> str:
    """A title with name characters only: it goes into Mermaid's YAML front matter and a DOT label."""
    return re.sub(r"[^A-Za-z0-9 .,()/'_-]", "_", text)


def _time_key(item: Item, event: Event | None) -> tuple[float, int]:
    at = item.at
    when = at.best if event is not Event.EXIT else (at.worst if at.worst is not None else float("inf"))
    return when, _ORDER.get(event, 0) if event is not None else 0


def timeline_picture(pod_slug: str, title: str, order: Sequence[str], t: Timeline) -> Picture:
    keyed: list[tuple[tuple[float, int, int], Item]] = []
    order = list(dict.fromkeys([*order, *(e.container for e in t.entries)]))  # spec order, then any other
    rank = {name: i for i, name in enumerate(order)}
    marked = any(e.occurs is Occurs.ALWAYS for e in t.entries)  # as the text table: else the footer says it
    for e in t.entries:
        if e.occurs is Occurs.NEVER:
            continue
        some = " (some runs)" if marked and e.occurs is Occurs.SOMETIMES else ""
        if e.event is Event.PRESTOP_START:
            item = Item(e.at, e.container, "preStop starts", KUBELET, note=some)
        elif e.event is Event.PRESTOP_END:
            item = Item(e.at, KUBELET, "preStop ends", e.container, note=some)
        elif e.event is Event.TERM:
            item = Item(e.at, e.container, "TERM", KUBELET, note=some)
        elif e.event is Event.SIGKILL:
            item = Item(e.at, e.container, "SIGKILL", KUBELET, kill=True, note=some)
        else:
            item = Item(e.at, KUBELET, "exits", e.container, note=some)
        keyed.append((_time_key(item, e.event) + (rank.get(e.container, len(rank)),), item))
    keyed.sort(key=lambda pair: pair[0])
    if t.scenario is Scenario.DELETE:
        what, start = "delete", "delete request"
    else:
        what, start = f"liveness-kill-{slug(t.trigger or '')}", f"the liveness probe of {t.trigger} fails"
    items = [Item(Bounds(0, 0), KUBELET, start)] + [item for _, item in keyed]
    used = {i.target for i in items} | {i.source for i in items if i.source is not None}
    lifelines = tuple(dict.fromkeys(n for n in (KUBELET, *order) if n in used))
    since = "the request" if t.scenario is Scenario.DELETE else "the probe failure"
    scenario = "delete" if t.scenario is Scenario.DELETE else f"liveness kill of {t.trigger}"
    return Picture(f"{pod_slug}-{what}", _plain_title(f"{title}, {scenario}"), lifelines, tuple(items),
                   f"seconds from {since}, each time the earliest and the latest over the runs in which it happens")


def finding_picture(pod_slug: str, title: str, order: Sequence[str], f: Finding) -> Picture:
    items = tuple(Item(s.at, s.container if s.container is not None else KUBELET, s.event)
                  for s in f.trace or ())
    order = list(dict.fromkeys([*order, *(i.target for i in items)]))
    used = {i.target for i in items}
    lifelines = tuple(dict.fromkeys(n for n in (KUBELET, *order) if n in used))
    what = f"finding-{slug(f.code)}" + (f"-{slug(f.container)}" if f.container else "")
    return Picture(f"{pod_slug}-{what}", _plain_title(f"{title}, {f.code}"), lifelines, items,
                   "the shortest run that shows the finding, seconds from its start")


def pictures(analyses: Sequence[Analysis]) -> list[Picture]:
    out: list[Picture] = []
    for a in analyses:
        pod_slug = slug(f"{a.pod.kind}-{a.pod.name}")
        title = f"{a.pod.kind} {a.pod.name}"
        order = [c.name.value for c in a.pod.containers]
        out += [timeline_picture(pod_slug, title, order, t) for t in a.timelines]
        out += [finding_picture(pod_slug, title, order, f) for f in a.findings if f.trace]
    used: set[str] = set()
    unique: list[Picture] = []
    for p in out:  # two pods of one name (or cut to one), two findings of one code: -2, -3, ...
        name, n = p.name, 1
        while name in used:
            n += 1
            name = f"{p.name}-{n}"
        used.add(name)
        unique.append(p if name == p.name else Picture(name, p.title, p.lifelines, p.items, p.footer))
    return unique


# ---- Mermaid -------------------------------------------------------------------------------


def picture_mermaid(p: Picture) -> str:
    return mermaid_sequence(p.title, p.lifelines, lambda w, pid: _mermaid_items(w, p, pid))


def _mermaid_items(w: Writer, p: Picture, pid: dict[str, str]) -> None:
    for item in p.items:
        if item.source is None:
            w.line(f"Note over {pid[item.target]}: {label(item.text + ', ' + item.when)}")
        else:
            arrow = "-x" if item.kill else ("->>" if item.source == KUBELET else "-->>")
            w.line(f"{pid[item.source]}{arrow}{pid[item.target]}: {label(item.text + ', ' + item.when)}")
    if p.lifelines:
        span = pid[p.lifelines[0]] + ("," + pid[p.lifelines[-1]] if len(p.lifelines) > 1 else "")
        w.line(f"Note over {span}: {label(p.footer)}")


# ---- DOT -----------------------------------------------------------------------------------


def picture_dot(p: Picture) -> str:
    """A column per lifeline, a row per item; a message is a blue arrow within its row."""
    col = {n: i for i, n in enumerate(p.lifelines)}
    heading = "\n".join([p.title, *p.footer.split(", ", 1)])
    w = Writer(indent_unit="  ")
    w.line(f"digraph {q(p.title)} {{")
    with w.indent():
        w.line(f"graph [rankdir=TB, fontname={q(FONT)}, fontsize=12, labelloc=t, nodesep=0.5, ranksep=0.15, "
               f"newrank=true, label={q(heading)}];")
        w.line(f"node [shape=box, style=rounded, fontname={q(FONT)}, fontsize=10, height=0.3];")
        w.line(f"edge [fontname={q(FONT)}, fontsize=9, arrowsize=0.6];")
        heads = " ".join(f"h{i} [style=\"rounded,filled\", fillcolor={q(GREY)}, label={q(n)}];"
                         for n, i in col.items())
        w.line(f"{{ rank=same; r0 [shape=plaintext, label=\"\"]; {heads} }}")
        w.line(" -> ".join(["r0", *(f"h{i}" for i in col.values())]) + " [style=invis];")
        for k, item in enumerate(p.items, start=1):
            cells = [f"r{k} [shape=plaintext, label={q(item.when)}];"]
            # the text goes on the container's lifeline, whichever way the arrow points
            where = item.source if item.target == KUBELET and item.source is not None else item.target
            for n, i in col.items():
                if n == where:
                    bold = ", penwidth=2" if item.kill else ""
                    cells.append(f"c{k}_{i} [label=<{html(item.text)}>{bold}];")
                else:
                    cells.append(f"c{k}_{i} [shape=point, width=0.03, label=\"\"];")
            w.line("{ rank=same; " + " ".join(cells) + " }")
            if item.source is not None and item.source in col:
                w.line(f"c{k}_{col[item.source]} -> c{k}_{col[item.target]} [color={q(BLUE)}, constraint=false];")
        rows = range(len(p.items) + 1)
        for i in col.values():
            chain = " -> ".join("h" + str(i) if k == 0 else f"c{k}_{i}" for k in rows)
            w.line(f"{chain} [style=dotted, arrowhead=none, weight=10];")
        w.line(" -> ".join(f"r{k}" for k in rows) + " [style=invis, weight=10];")
    w.line("}")
    return w.text()


# ---- files ---------------------------------------------------------------------------------


def diagram_files(analyses: Sequence[Analysis], renderer: str = "auto") -> list[GeneratedFile]:
    files: list[GeneratedFile] = []
    for p in pictures(analyses):
        files.append(GeneratedFile(f"{p.name}.mmd", picture_mermaid(p), TARGET))
        files.append(GeneratedFile(f"{p.name}.svg", render_svg(picture_dot(p), f"{p.name}.dot", renderer), TARGET))
    return files


def write_diagrams(analyses: Sequence[Analysis], directory: str, renderer: str = "auto") -> int:
    """Draw and write every picture (see the module docstring); the number of pictures. Raises LfsmError on a
    render or write failure (nothing written then)."""
    from ..backends.render import RenderError
    from ..diagnostics import Diagnostic, LfsmError

    try:
        files = diagram_files(analyses, renderer)
    except RenderError as e:
        raise LfsmError([Diagnostic("render-failed", str(e), None)]) from None
    write_all(files, Path(directory), {TARGET})
    return len(files) // 2
