"""Diagrams: what the DOT and Mermaid text show, rendering with either renderer, the state graph."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from lifecycle_fsm import compile_source, runtime
from lifecycle_fsm.backends.bind import bind
from lifecycle_fsm.backends.dot import machine_dot, q, system_dot
from lifecycle_fsm.backends.mermaid import esc, machine_mermaid
from lifecycle_fsm.backends.render import RenderError, find_renderer, render, render_svg, svg_source_digest
from lifecycle_fsm.backends.stategraph import explore, state_graph_dot
from lifecycle_fsm.params import bind_params

from .conftest import HERE, spec_model

MINIPOD = HERE / "specs" / "minipod.lfsm"


def test_machine_diagram_shows_structure_guards_effects_and_kinds() -> None:
    dot = machine_dot(spec_model(MINIPOD).machine("App"))
    assert 'subgraph "cluster_Alive"' in dot and 'label="Alive"' in dot
    assert '"s_Terminated" [label="Terminated", peripheries=2];' in dot
    assert '"s_Restarting" [label="Restarting\\nurgent", style="rounded,bold"];' in dot
    assert "invariant t <= grace" in dot
    assert "[t >= grace]\\n/ emit SIGKILL" in dot and "style=dashed" in dot  # internal event
    assert 'ltail="cluster_Alive"' in dot and 'color="#1f5fbf"' in dot  # compound source, receive event
    assert "signal SIGTERM, SIGKILL, PreStop" in dot
    assert '"init_" -> "init_Alive" [lhead="cluster_Alive"];' in dot


def test_system_overview_shows_instances_sends_reads_and_properties() -> None:
    model = spec_model(MINIPOD)
    dot = system_dot(bind(model, bind_params(model, ["n_apps=3"])))
    assert '"i_app" [label="app[3]: App\\n(prestop = true)", shape=box3d];' in dot
    assert '"i_kubelet" -> "i_app" [label="kill[*] (on delete)"' in dot
    assert '"i_app" -> "i_kubelet" [label="reads deleting"' in dot
    assert "property App.kill_after_term [G24]: SIGKILL only after SIGTERM\\l" in dot
    assert "property Pod.no_kill_after_delete (expected violated): for a in app: never\\l  a.SIGKILL after" in dot
    assert '"i_kubelet" -> "i_app" [label="reads state"' in dot


def test_dot_strings_are_escaped() -> None:
    assert q('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert esc("x < 2 and {A, B}: y") == "x #lt; 2 and #123;A, B#125;#58; y"


def test_mermaid_state_diagram() -> None:
    text = machine_mermaid(spec_model(MINIPOD).machine("App"))
    lines = text.splitlines()
    assert lines[:5] == ["---", "title: machine App", "---", "stateDiagram-v2", "  direction LR"]
    assert "  state s_Alive {" in lines and "    [*] --> s_Running" in lines
    assert "  s_Alive --> s_Stopping : kill #91;prestop#93; / emit PreStop, emit SIGTERM, reset t" in lines
    assert "  s_Terminated --> [*]" in lines
    assert "  note right of s_Stopping : invariant t #lt;= grace" in lines


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
    assert f"{len(g.states)} reachable states" in dot and "peripheries=2" in dot
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
    dot = machine_dot(spec_model(MINIPOD).machine("App"))
    texts = []
    for r in ("dot", "graphviz-pure"):
        svg = render(dot, "svg", r).decode()
        texts.append(sorted(line.split(">")[1].split("<")[0] for line in svg.splitlines() if "<text" in line))
    assert texts[0] == texts[1]
    assert subprocess.run(["dot", "-V"], capture_output=True).returncode == 0


def test_counterexamples_are_drawn_as_sequence_pictures() -> None:
    checker = pytest.importorskip("lifecycle_fsm.checker", reason="the model checker is not installed")
    from lifecycle_fsm.backends.sequence import trace_dot

    model = spec_model(MINIPOD)
    result = checker.check_model(model, {}, system="Pod")
    (trace,) = [p.trace for p in result.properties if p.name == "no_kill_after_delete"]
    dot = trace_dot("Pod.no_kill_after_delete: expected violation", trace)
    assert 'c0_1 [style="rounded,filled", fillcolor="#eeeeee", label="app[0]\\nRunning"];' in dot
    assert 'c1_0 [label="delete\\nTerminating\\n!DeleteRequested", penwidth=2];' in dot
    assert 'c1_0 -> c1_2 [label="kill", color="#1f5fbf"' in dot
    assert 't2 [shape=plaintext, label="2. tick, t=1"];' in dot
    assert 'c4_1 [label="expire\\nTerminated\\n!SIGKILL", penwidth=2];' in dot
    assert render(dot, "svg", "graphviz-pure").startswith(b"<?xml")
    lasso = compile_source("""
machine M {
  input go, spin
  initial state A
  state B
  A -> B on go
  B -> B on spin
  property ends expect violated: unfair eventually self in A and self in B
}""", "lasso.lfsm")
    (p,) = [p for p in checker.check_model(lasso, {}).properties if p.name == "ends"]
    assert p.trace is not None and p.trace.loop_start is not None
    assert "[style=dashed, constraint=false, label=\"repeat from" in trace_dot("lasso", p.trace)
