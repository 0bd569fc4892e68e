"""Diagrams: levels of detail, the system overview and its property table, escaping, rendering, state graphs."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from lifecycle_fsm import compile_source, runtime
from lifecycle_fsm.backends.chart import machine_chart
from lifecycle_fsm.backends.dot import machine_dot, q, wrap_items
from lifecycle_fsm.backends.mermaid import label, machine_mermaid
from lifecycle_fsm.backends.overview import md_cell, properties_markdown, system_dot
from lifecycle_fsm.backends.render import RenderError, find_renderer, render, render_svg, svg_source_digest
from lifecycle_fsm.backends.stategraph import explore, state_graph_dot
from lifecycle_fsm.instantiate import instantiate
from lifecycle_fsm.params import bind_params

from .conftest import HERE, ROOT, spec_model

MINIPOD = HERE / "specs" / "minipod.lfsm"


def test_names_level_shows_states_and_merged_events_only() -> None:
    dot = machine_dot(spec_model(MINIPOD).machine("App"))
    assert 'subgraph "cluster_Alive"' in dot and 'label="Alive"; style="rounded"' in dot
    assert '"s_Terminated" [label="Terminated", peripheries=2];' in dot
    assert '"s_Restarting" [label="Restarting", style="rounded,bold"];' in dot  # urgent: bold, no text
    # two transitions Running -> Terminated (exit_ok; exit_fail with a guard): one edge
    assert '"s_Running" -> "s_Terminated" [label="exit_ok, exit_fail"];' in dot
    # a transition from the compound state leaves its cluster; back edges do not rank
    assert '"exit_Alive" -> "s_Stopping" [label="kill", color="#1f5fbf", fontcolor="#1f5fbf", ' \
           'ltail="cluster_Alive"];' in dot
    assert '"s_Restarting" -> "s_Running" [label="restart", style=dashed, constraint=false];' in dot
    assert "[" not in dot.split("label=")[1].split("]")[0]  # the title: no guards, no parameters
    assert "grace" not in dot and "emit" not in dot and "restarts" not in dot


def test_guards_level_adds_guards_signals_and_sends_but_no_bookkeeping() -> None:
    model = spec_model(MINIPOD)
    app = machine_dot(model.machine("App"), "guards")
    assert '"s_Stopping" [label="Stopping\\ninvariant t <= grace"];' in app
    assert '"s_Restarting" [label="Restarting\\nurgent", style="rounded,bold"];' in app
    assert 'label="exit_ok\\nexit_fail [policy == Never or restarts >= 2\\n  or kubelet.deleting]"' in app
    assert "kill [prestop]\\n/ emit PreStop, emit SIGTERM" in app
    assert "restarts + 1" not in app and "reset t" not in app  # assignments and resets hidden
    assert "machine App(prestop: bool)\\nsignal SIGTERM, SIGKILL, PreStop\\n" in app
    kubelet = machine_dot(model.machine("Kubelet"), "guards")
    assert "/ emit DeleteRequested, send kill to app[*]" in kubelet and "deleting = true" not in kubelet


def test_full_level_shows_every_effect_and_the_data() -> None:
    model = spec_model(MINIPOD)
    app = machine_dot(model.machine("App"), "full")
    assert "/ restarts = restarts + 1" in app and "/ emit PreStop, emit SIGTERM, reset t" in app
    assert "var restarts: 0..2 = 0\\nclock t\\nsignal SIGTERM, SIGKILL, PreStop" in app
    kubelet = machine_dot(model.machine("Kubelet"), "full")
    assert "/ deleting = true, emit DeleteRequested,\\n  send kill to app[*]" in kubelet


SOURCES = """
machine M {
  input a, b, c
  initial state Up {
    initial state X
    state Y
  }
  state Down
  X, Y -> Down on a
  X, Y -> X on b
  X -> Y on c
  Down -> Up on c
  Down -> Down on a
  Down -> Down on b
}"""


def test_sources_covering_a_compound_state_are_drawn_from_it() -> None:
    chart = machine_chart(compile_source(SOURCES, "m.lfsm").machine("M"))
    edges = {(e.src, e.dst): e.lines for e in chart.edges}
    assert edges == {("Up", "Down"): ("a",), ("Y", "X"): ("b",), ("X", "Y"): ("c",), ("Down", "Up"): ("c",)}
    # names: a state's transitions to itself are a line in the state, not an edge
    assert (chart.state("X").loop, chart.state("Down").loop, chart.state("Y").loop) == ("↻ b", "↻ a, b", "")
    guards = machine_chart(compile_source(SOURCES, "m.lfsm").machine("M"), "guards")
    assert {(e.src, e.dst): e.lines for e in guards.edges}[("Down", "Down")] == ("a", "b")
    assert all(not s.loop for s in guards.states)
    dot = machine_dot(compile_source(SOURCES, "m.lfsm").machine("M"))
    assert '"s_Down" [label="Down\\n↻ a, b"];' in dot  # self-loops of a state: one line in it
    assert '"s_Down":e -> "s_Down":e;' in dot and '"s_X":e -> "s_X":e;' in dot  # a bare loop: the events are inside
    assert '"s_Down" -> "init_Up" [label="c", constraint=false, lhead="cluster_Up"];' in dot


IMPLIED = """
machine N {
  input go, stop, kick
  internal settle
  var f: bool = false
  initial state A {
    initial state A1
    state A2
  }
  state B
  state P
  A1 -> A2 on go
  A1, A2 -> B on stop
  A1, A2 -> B on kick when f
  A1 -> B on kick when not f
  A2 -> B on go
  A2 -> P on settle
  P -> B on kick
  B -> A on go
  B -> B on settle
}"""


def test_names_level_leaves_out_edges_a_composite_edge_implies() -> None:
    machine = compile_source(IMPLIED, "n.lfsm").machine("N")
    names = {(e.src, e.dst): e.lines for e in machine_chart(machine).edges}
    # A1 -> B on kick says nothing that A -> B on stop, kick does not; A2 -> B on go does
    assert names == {("A1", "A2"): ("go",), ("A", "B"): ("stop, kick",), ("A2", "B"): ("go",),
                     ("A2", "P"): ("settle",), ("P", "B"): ("kick",), ("B", "A"): ("go",)}
    guards = {(e.src, e.dst): e.lines for e in machine_chart(machine, "guards").edges}
    assert guards[("A1", "B")] == ("kick [not f]",)  # with guards it is a different transition


def test_back_edges_are_the_ones_closing_a_cycle_not_the_ones_against_declaration_order() -> None:
    dot = machine_dot(compile_source(IMPLIED, "n.lfsm").machine("N"))
    # P is declared after B but reached before it: P -> B ranks; B -> A (a restart) does not
    assert '"s_P" -> "s_B" [label="kick"];' in dot
    assert '"s_B" -> "init_A" [label="go", constraint=false, lhead="cluster_A"];' in dot
    assert dot.count("constraint=false") == 1
    assert '"s_B":e -> "s_B":e [style=dashed];' in dot  # an internal self-transition: a dashed loop
    assert "newrank=true" in dot  # Graphviz 2.43 fails on some cluster rankings without it


def test_system_overview_shows_instances_and_messages_only() -> None:
    model = spec_model(MINIPOD)
    dot = system_dot(instantiate(model, {"n_apps": 3}))
    assert '"i_app" [label="app[3]: App\\nprestop = true", shape=box3d];' in dot
    assert '"i_kubelet" -> "i_app" [label="kill[*] on delete", color="#1f5fbf", fontcolor="#1f5fbf"];' in dot
    assert "reads" not in dot and "property" not in dot and "notes" not in dot
    assert dot.count(" -> ") == 1
    assert "system Pod\\nn_apps = 3, grace = 2, policy = OnFailure" in dot


def test_properties_go_to_a_markdown_table() -> None:
    model = spec_model(MINIPOD)
    md = properties_markdown(instantiate(model))
    assert md.startswith("# System Pod: definitions and properties\n")
    assert "| `phase` | `if all a in app: a in Terminated then 2 else if any a in app: a in Stopping then 1 " \
           "else 0` |" in md
    assert "| `App.kill_after_term` | G24 | holds | `SIGKILL only after SIGTERM` |" in md
    assert "| `Pod.no_kill_after_delete` |  | violated | `for a in app: never a.SIGKILL after kubelet.delete` |" \
           in md
    assert md_cell("a.x | b.y") == "`a.x \\| b.y`" and md_cell("x `y`") == "`` x `y` ``"


def test_dot_and_mermaid_escaping() -> None:
    assert q('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert label("x < 2 and {A, B}: y; #z & app[*] * 2") == "x #lt; 2 and {A, B}#58; y#59; #35;z #amp; app[#42;] #42; 2"
    assert label("exit_ok, post_http_5xx [p] (q) | r") == "exit_ok, post_http_5xx [p] (q) | r"  # nothing needed
    assert wrap_items(["a = 1", "bb = 2", "c = 3"], 13) == ["a = 1, bb = 2,", "c = 3"]


def test_mermaid_state_diagram_at_each_level() -> None:
    app = spec_model(MINIPOD).machine("App")
    lines = machine_mermaid(app).splitlines()
    assert lines[:5] == ["---", "title: machine App", "---", "stateDiagram-v2", "  direction LR"]
    assert "  state s_Alive {" in lines and "    [*] --> s_Running" in lines
    assert "  s_Alive --> s_Stopping : kill" in lines and "  s_Running --> s_Terminated : exit_ok, exit_fail" in lines
    assert "  s_Terminated --> [*]" in lines
    assert lines[-2:] == ["  classDef urgent stroke-width:3px", "  class s_Restarting urgent"]
    assert not any("note" in line or "#" in line for line in lines)
    guards = machine_mermaid(app, "guards").splitlines()
    assert "  s_Alive --> s_Stopping : kill [prestop]<br>/ emit PreStop, emit SIGTERM" in guards
    assert "  note right of s_Stopping : invariant t #lt;= grace" in guards


def test_the_same_names_in_dot_and_mermaid() -> None:
    """Every edge label of every committed machine diagram reads the same in DOT and Mermaid."""
    model = spec_model(ROOT / "spec" / "pod.lfsm")
    for m in model.machines:
        for level in ("names", "guards", "full"):
            chart = machine_chart(m, level)
            dot, mmd = machine_dot(m, level), machine_mermaid(m, level)
            for e in chart.edges:
                assert " ".join(e.lines) in " ".join(mmd.replace("<br>", " ").replace("#lt;", "<").replace(
                    "#gt;", ">").replace("#58;", ":").replace("#42;", "*").split())
                assert all(word in dot for line in e.lines for word in line.split())
            for name in m.leaves:
                assert f'label="{name}' in dot and f'state "{name}" as s_{name}' in mmd


@pytest.mark.parametrize("renderer", ["graphviz-pure", "dot"])
def test_svg_rendering_records_its_source(renderer: str) -> None:
    if renderer == "dot" and shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not on PATH")
    dot = machine_dot(spec_model(MINIPOD).machine("App"))
    svg = render_svg(dot, "App.dot", renderer)
    assert svg.startswith("<?xml") and "</svg>" in svg and ">Stopping</text>" in svg
    import hashlib

    assert svg_source_digest(svg) == hashlib.sha256(dot.encode()).hexdigest()
    assert render(dot, "png", renderer).startswith(b"\x89PNG")


def test_render_errors_are_reported() -> None:
    with pytest.raises(RenderError, match="unknown renderer"):
        find_renderer("magic")
    with pytest.raises(RenderError, match="exited with status"):
        render("digraph { a -> }", "svg", "graphviz-pure")


def test_reachable_state_graph_matches_the_runtime_and_the_checker() -> None:
    model = spec_model(MINIPOD)
    params = bind_params(model, ["n_apps=1", "grace=0"])
    g = explore(model, "Pod", params, 1000)
    assert g is not None
    assert explore(model, "Pod", params, len(g.states) - 1) is None  # the limit is honoured
    dot = state_graph_dot(model, "Pod", g)
    assert f"{len(g.states)} reachable states\\nat n_apps = 1, grace = 0, policy = OnFailure\\n(the parameter " \
           "values given)" in dot and "peripheries=2" in dot
    pod = runtime.build(model, params)
    assert g.states[0] == tuple((n, tuple(d.items())) for n, d in pod.snapshot().items())
    checker = pytest.importorskip("lifecycle_fsm.checker")
    result = checker.check_model(model, params, symmetry=False, properties=[])
    assert result.states == len(g.states)


def test_state_graph_marks_deadlocks_and_model_errors() -> None:
    model = compile_source("""
machine M {
  var x: 0..1 = 0
  input up, stop
  initial state A
  state B
  A -> A on up do x = x + 1
  A -> B on stop
}""", "m.lfsm")
    g = explore(model, "M", {}, 10)
    assert g is not None and g.errors == ("M: x = 2 is outside its range 0..1",)
    dot = state_graph_dot(model, "M", g)
    assert 'color="#c0392b", fontcolor="#c0392b"' in dot  # B: nothing enabled, not final
    assert "err1 [shape=octagon" in dot


def test_graphviz_dot_and_graphviz_pure_agree_on_what_is_drawn() -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not on PATH")
    dot = machine_dot(spec_model(MINIPOD).machine("App"), "full")
    texts = []
    for r in ("dot", "graphviz-pure"):
        svg = render(dot, "svg", r).decode()
        texts.append(sorted(line.split(">")[1].split("<")[0] for line in svg.splitlines() if "<text" in line))
    assert texts[0] == texts[1]
    assert subprocess.run(["dot", "-V"], capture_output=True).returncode == 0
