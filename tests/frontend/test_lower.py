"""Lowering: the IR facts that model.py promises to every consumer (checker, back ends, runtime)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lifecycle_fsm import compile_source, load_spec
from lifecycle_fsm import model as ir

OK = Path(__file__).parent.parent / "cases" / "ok"
ROOT = Path(__file__).parent.parent.parent

NESTED = """
param grace: 1..3 = 2
const LIMIT = 2 * 3 - 1
machine C {
  var n: 0..5 = LIMIT - 5
  clock t
  input go, abort
  internal tick_
  fair input done
  unfair internal drift
  initial state Outer {
    invariant t <= grace
    initial state Mid {
      urgent state Deep0
      initial state Deep1 { invariant n < LIMIT }
    }
    urgent state Side
  }
  final state End
  Outer -> End on abort
  Deep1 -> Side on go when ready and n < LIMIT do n = n + 1
  Side -> Mid on tick_
  Side -> Deep0 on go
  Side -> End on done
  Deep0 -> End on drift
  let ready = n >= 0 and self in Outer
}
"""


@pytest.fixture(scope="module")
def nested() -> ir.Model:
    return compile_source(NESTED, "nested.lfsm")


def test_states_are_preorder_with_parents_and_depths(nested: ir.Model) -> None:
    m = nested.machine("C")
    assert [(s.name, s.parent, s.depth) for s in m.states] == [
        ("Outer", None, 0), ("Mid", "Outer", 1), ("Deep0", "Mid", 2), ("Deep1", "Mid", 2),
        ("Side", "Outer", 1), ("End", None, 0)]
    assert m.leaves == ("Deep0", "Deep1", "Side", "End")


def test_initial_state_descends_to_a_leaf(nested: ir.Model) -> None:
    assert nested.machine("C").initial == "Deep1"


def test_transition_from_compound_lists_every_leaf(nested: ir.Model) -> None:
    abort = nested.machine("C").transitions[0]
    assert abort.sources == ("Deep0", "Deep1", "Side")
    assert abort.declared_sources == ("Outer",)
    assert abort.target == "End"


def test_transition_into_compound_enters_its_initial_leaf(nested: ir.Model) -> None:
    back = nested.machine("C").transitions[2]
    assert back.declared_target == "Mid"
    assert back.target == "Deep1"


def test_invariants_and_urgency_are_inherited(nested: ir.Model) -> None:
    m = nested.machine("C")
    t_le_grace = ir.Bin("<=", ir.VarRef(ir.SelfInst(), "t", ir.ClockT()), ir.ParamRef("grace", ir.IntT(1, 3)))
    n_lt_limit = ir.Bin("<", ir.VarRef(ir.SelfInst(), "n", ir.IntT(0, 5)), ir.Lit(5, ir.IntT()))
    assert m.state("Deep1").invariants == (t_le_grace, n_lt_limit)
    assert m.state("Deep0").invariants == (t_le_grace,)
    assert m.state("End").invariants == ()
    assert [s.name for s in m.states if s.urgent] == ["Deep0", "Side"]
    assert m.state("Deep1").urgent is False


def test_constants_are_folded(nested: ir.Model) -> None:
    m = nested.machine("C")
    (n,) = m.vars
    assert n.init == ir.Lit(0, ir.IntT())  # LIMIT - 5 with LIMIT = 2 * 3 - 1
    guard = m.transitions[1].guard
    assert isinstance(guard, ir.Bin) and guard.right == ir.Bin("<", ir.VarRef(ir.SelfInst(), "n", ir.IntT(0, 5)),
                                                               ir.Lit(5, ir.IntT()))


def test_definitions_are_inlined(nested: ir.Model) -> None:
    m = nested.machine("C")
    ready = ir.Bin("and", ir.Bin(">=", ir.VarRef(ir.SelfInst(), "n", ir.IntT(0, 5)), ir.Lit(0, ir.IntT())),
                   ir.InStateE(ir.SelfInst(), "C", ("Deep0", "Deep1", "Side")))
    guard = m.transitions[1].guard
    assert isinstance(guard, ir.Bin) and guard.left == ready
    assert m.lets == (ir.LetDef("ready", ir.BoolT(), ready),)


def test_event_kinds_and_default_fairness(nested: ir.Model) -> None:
    m = nested.machine("C")
    assert [(e.name, e.kind, e.fair) for e in m.events] == [
        ("go", "input", False), ("abort", "input", False), ("tick_", "internal", True),
        ("done", "input", True), ("drift", "internal", False)]


def test_no_system_gives_one_implicit_system_per_machine() -> None:
    model = compile_source("machine A(k: 0..2 = 1) { initial state S }  machine B { initial state T }", "x.lfsm")
    assert [(s.name, s.implicit) for s in model.systems] == [("A", True), ("B", True)]
    (inst,) = model.system("A").instances
    assert (inst.name, inst.machine, inst.size, inst.args) == ("A", "A", None, (("k", ir.Lit(1, ir.IntT())),))


def test_system_instances_arguments_and_properties() -> None:
    model = load_spec(OK / "machine_params.lfsm")
    pod = model.system("Pod")
    assert not pod.implicit
    init, app, solo = pod.instances
    assert init.size == ir.ParamRef("n_init", ir.IntT(0, 3))
    assert app.size == ir.Lit(2, ir.IntT())
    assert dict(app.args) == {"restartable": ir.Lit(True, ir.BoolT()),
                              "hook": ir.Lit("Exec", ir.EnumT("HookKind", ("NoHook", "Exec", "Sleep"))),
                              "max_restarts": ir.Lit(2, ir.IntT())}
    assert [name for name, _ in solo.args] == ["restartable", "hook", "max_restarts"]  # defaults filled in
    ordered = next(p for p in pod.properties if p.name == "ordered")
    assert (ordered.cites, ordered.expect_holds, ordered.owner, ordered.owner_is_machine) == (("G49",), True,
                                                                                                "Pod", False)
    assert isinstance(ordered.body, ir.OnlyWhenP)
    assert ordered.body.binder == ir.Binder("a", "app", "App")
    machine_prop = model.machine("App").properties[0]
    assert (machine_prop.owner, machine_prop.owner_is_machine) == ("App", True)


def test_expectations_and_liveness_fairness() -> None:
    model = load_spec(OK / "properties.lfsm")
    props = {p.name: p for p in model.system("Pod").properties}
    assert props["may_never_start"].expect_holds is False
    body = props["may_never_start"].body
    assert isinstance(body, ir.LeadsToP) and body.fair is False and body.lhs is None
    stop = props["stop_ends"].body
    assert isinstance(stop, ir.LeadsToP) and stop.fair is True and stop.lhs is not None
    order = props["kill_needs_term"].body
    assert isinstance(order, ir.OrderP)
    assert [e.event for e in order.second] == ["SIGTERM", "exit"]
    assert [e.event for e in order.reset] == ["start"]
    assert order.first[0].inst == ir.BoundInst("c")


def test_sends_and_enums_and_params() -> None:
    model = load_spec(OK / "sends.lfsm")
    delete = model.machine("Kubelet").transitions[0]
    sends = [e for e in delete.effects if isinstance(e, ir.SendEvent)]
    assert [(s.event, s.kind, s.instance, s.index) for s in sends] == [("kill", "all", "app", None),
                                                                        ("stop", "one", "sidecar", None)]
    poke = model.machine("Kubelet").transitions[1]
    (wake,) = poke.effects
    assert isinstance(wake, ir.SendEvent) and wake.kind == "index"
    assert wake.index == ir.Bin("-", ir.ParamRef("n", ir.IntT(1, 3)), ir.Lit(1, ir.IntT()))
    typed = load_spec(OK / "params_and_types.lfsm")
    # declared types first, then the inline enums of parameters (named after them)
    assert [e.name for e in typed.enums] == ["Phase", "Outcome", "policy"]
    assert typed.param("policy").default == "OnFailure"
    assert typed.param("offset").type == ir.IntT(-2, 2)


def test_sources_travel_with_the_model() -> None:
    model = load_spec(OK / "imports.lfsm")
    names = [name for name, _ in model.sources]
    assert any(name.endswith("imports.lfsm") for name in names)
    assert any(name.endswith("types.lfsm") for name in names)
    assert model.machine("Worker").transitions[0].span.file.endswith("machines.lfsm")


def test_lowering_is_deterministic_across_hash_seeds() -> None:
    script = ("import sys; from pathlib import Path; from lifecycle_fsm import load_spec; "
              "[print(repr(load_spec(p))) for p in sorted(Path(sys.argv[1]).glob('*.lfsm'))]")
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", script, str(OK)], capture_output=True, text=True, env=env,
                              cwd=ROOT, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("Model(") == len(list(OK.glob("*.lfsm")))
