"""Pictures of runs: a checker trace as a Mermaid sequenceDiagram and as DOT, timelines, early stops."""

from __future__ import annotations

from typing import Any

import pytest

from lifecycle_fsm import compile_source
from lifecycle_fsm.backends.runs import timeline_properties, trace_diagrams
from lifecycle_fsm.backends.sequence import run_dot, run_mermaid, run_of
from lifecycle_fsm.pipeline import timelines as timeline_traces

from .conftest import HERE, ROOT, spec_model

checker = pytest.importorskip("lifecycle_fsm.checker", reason="the model checker is not installed")
MINIPOD = HERE / "specs" / "minipod.lfsm"


def counterexample() -> Any:
    result = checker.check_model(spec_model(MINIPOD), {}, system="Pod")
    (trace,) = [p.trace for p in result.properties if p.name == "no_kill_after_delete"]
    return trace


EXPECTED = """---
title: Pod.no_kill_after_delete (expected violation)
---
sequenceDiagram
  participant p0 as kubelet
  participant p1 as app[0]
  participant p2 as app[1]
  Note over p0: Syncing
  Note over p1: Running
  Note over p2: Running
  Note over p0,p2: t = 0 s
  p0->>p0: delete
  Note over p0: Terminating
  p0-->>p0: DeleteRequested
  p0->>p1: kill
  Note over p1: Stopping
  p1-->>p1: PreStop
  p1-->>p1: SIGTERM
  p0->>p2: kill
  Note over p2: Stopping
  p2-->>p2: PreStop
  p2-->>p2: SIGTERM
  Note over p0,p2: t = 1 s
  Note over p0,p2: t = 2 s
  p1->>p1: expire
  Note over p1: Terminated
  p1-->>p1: SIGKILL
"""


def test_a_counterexample_as_a_mermaid_sequence_diagram() -> None:
    assert run_mermaid("Pod.no_kill_after_delete (expected violation)", counterexample()) == EXPECTED


def test_a_counterexample_as_dot() -> None:
    dot = run_dot("Pod.no_kill_after_delete (expected violation)\nn_apps = 2", counterexample())
    assert dot.startswith('digraph "Pod.no_kill_after_delete (expected violation)" {\n')
    assert 'label="Pod.no_kill_after_delete (expected violation)\\nn_apps = 2\\nbold: the event taken' in dot
    assert 'c0_1 [style="rounded,filled", fillcolor="#eeeeee", label="app[0]\\nRunning"];' in dot
    assert "  t0 -> c0_0 -> c0_1 -> c0_2 [style=invis];\n" in dot  # lifelines in declaration order
    assert "c1_0 [label=<<b>delete</b><br/>Terminating<br/><i>DeleteRequested</i>>, penwidth=2];" in dot
    assert "c1_2 [label=<<b>kill</b><br/>Stopping<br/><i>PreStop</i><br/><i>SIGTERM</i>>];" in dot
    assert 'c1_0 -> c1_2 [label="kill", color="#1f5fbf", fontcolor="#1f5fbf", constraint=false];' in dot
    assert 't3 [shape=plaintext, label="t = 2 s"];' in dot
    assert "c4_1 [label=<<b>expire</b><br/>Terminated<br/><i>SIGKILL</i>>, penwidth=2];" in dot


def test_what_a_run_reads_from_a_trace() -> None:
    run = run_of(counterexample())
    assert run.instances == ("kubelet", "app[0]", "app[1]") and run.initial == ("Syncing", "Running", "Running")
    assert [(r.time, r.tick) for r in run.rows] == [(0, False), (1, True), (2, True), (2, False)]
    first = run.rows[0].acts
    assert [(a.instance, a.event, a.sender, a.state, a.signals) for a in first] == [
        ("kubelet", "delete", "kubelet", "Terminating", ("DeleteRequested",)),
        ("app[0]", "kill", "kubelet", "Stopping", ("PreStop", "SIGTERM")),
        ("app[1]", "kill", "kubelet", "Stopping", ("PreStop", "SIGTERM"))]


LASSO = """
machine M {
  input go, spin
  initial state A
  state B
  A -> B on go
  B -> B on spin
  property ends expect violated: unfair eventually self in A and self in B
}"""


def test_a_lasso_frames_the_steps_that_repeat() -> None:
    (p,) = [p for p in checker.check_model(compile_source(LASSO, "lasso.lfsm"), {}).properties if p.name == "ends"]
    assert p.trace is not None and p.trace.loop_start == 0
    assert run_mermaid("M.ends (expected violation)", p.trace).splitlines()[4:] == [
        "  participant p0 as M", "  Note over p0: A", "  Note over p0: t = 0 s",
        "  loop the steps below repeat forever", "    Note over p0: t = 1 s", "  end"]
    dot = run_dot("lasso", p.trace)
    assert 't1 [shape=plaintext, label="t = 1 s   (repeats from here)"];' in dot
    assert 't1 -> t1 [style=dashed, constraint=false, label="repeat"];' in dot


def test_check_results_become_pictures_named_after_the_property() -> None:
    model = spec_model(MINIPOD)
    results = [checker.check_model(model, {"n_apps": n}, system="Pod") for n in (1, 2)]
    files = trace_diagrams(results, "graphviz-pure")
    assert [f.path for f in files] == ["Pod.no_kill_after_delete.1.mmd", "Pod.no_kill_after_delete.1.svg",
                                       "Pod.no_kill_after_delete.2.mmd", "Pod.no_kill_after_delete.2.svg"]
    assert files[0].text.startswith("---\ntitle: Pod.no_kill_after_delete (expected violation)\n---\n")
    assert "n_apps = 1" in files[1].text
    assert "<!-- lifefsm: rendered from Pod.no_kill_after_delete.1.dot" in files[1].text


def test_timelines_are_found_by_an_early_stopping_search() -> None:
    text = MINIPOD.read_text(encoding="utf-8").replace(
        "  property no_deadlock: deadlock free\n",
        "  property no_deadlock: deadlock free\n  property timeline_kill: reachable kubelet in Gone and "
        "(any a in app: a.restarts == 1)\n")
    model = compile_source(text, "minipod.lfsm")
    assert [(s, p.name) for s, p in timeline_properties(model)] == [("Pod", "timeline_kill")]
    ((system, prop, trace),) = timeline_traces(model, {"n_apps": 2, "grace": 2, "policy": "OnFailure"})
    full = checker.check_model(model, {}, properties=["timeline_kill"])
    assert full.complete
    (same,) = [p.trace for p in full.properties if p.name == "timeline_kill"]
    assert trace == same  # stopping early finds the same shortest run
    assert [s.label for s in trace.steps] == ["app[0].exit_ok", "app[1].exit_fail", "kubelet.delete",
                                              "app[1].exit_ok", "kubelet.finish"]
    early = checker.check_model(model, {}, properties=["timeline_kill"], until_decided=True)
    assert not early.complete and early.stop_reason == "decided" and early.states < full.states


def test_the_pod_has_its_delete_timeline() -> None:
    model = spec_model(ROOT / "spec" / "pod.lfsm")
    assert [(s, p.name) for s, p in timeline_properties(model)] == [("Pod", "timeline_delete")]


def test_the_replay_target_draws_its_counterexamples() -> None:
    from lifecycle_fsm.backends.emit import emit

    from .conftest import options_for

    model = spec_model(MINIPOD)
    (prop,) = [p for p in model.systems[0].properties if p.name == "no_kill_after_delete"]
    files = emit(model, options_for(MINIPOD), ("replay", "dot", "mermaid"), [("Pod", prop, counterexample())])
    runs = {f.path: f.text for f in files if ".trace." in f.path}
    stem = "diagrams/minipod/Pod.Pod.no_kill_after_delete.trace"
    assert sorted(runs) == [f"{stem}.dot", f"{stem}.mmd"]
    assert runs[f"{stem}.mmd"].replace("Pod.Pod.", "Pod.") == EXPECTED


def test_the_same_names_in_statecharts_generated_code_and_runs() -> None:
    """States, events and signals of a run are the statechart's names, and the generated machine's."""
    from lifecycle_fsm.backends.chart import machine_chart
    from lifecycle_fsm.pipeline import timelines as timeline_traces

    from .conftest import emit_python, load_module

    model = spec_model(ROOT / "spec" / "pod.lfsm")
    ((_, _, trace),) = timeline_traces(model, {p.name: p.default for p in model.params})
    run = run_of(trace)
    declared = {i.name: i.machine for s in model.systems for i in s.instances}
    machine_of = {n: declared[n.split("[")[0]] for n in run.instances}
    (module,) = emit_python(model, ROOT / "spec" / "pod.lfsm")
    generated = load_module(module.text, "pod_names_check")
    classes = {c.__name__: c for c in vars(generated).values() if isinstance(c, type) and hasattr(c, "_lf_kinds")}
    for inst, first in zip(run.instances, run.initial):
        m = model.machine(machine_of[inst])
        chart = machine_chart(m)
        loops = {e for s in m.states for e in chart.state(s.name).loop.removeprefix("↻ ").split(", ") if e}
        drawn_events = {e for edge in chart.edges for e in edge.events} | loops  # names: self-loops in the state
        signals = {e.name for e in m.events if e.kind == "signal"}
        acts = [a for row in run.rows for a in row.acts if a.instance == inst]
        assert {first} | {a.state for a in acts if a.state} <= set(m.leaves)
        assert {a.event for a in acts} <= drawn_events
        assert {s for a in acts for s in a.signals} <= signals
        cls = next(c for name, c in classes.items() if name.startswith(m.name))
        assert set(cls._lf_kinds) == {e.name for e in m.events if e.kind != "signal"}
        assert set(cls._lf_machine.states) == set(m.leaves)
