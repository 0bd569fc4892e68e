"""Valid specs that crashed the checker, the compiler or the runtime (issue 11, "Crashes").

Each spec here is valid, so ``check`` and ``compile`` must finish with a verdict, the
generated module must import, and the runtime must answer ``False``/``NotEnabled`` or
ignore a received event (docs/semantics.md, "Send and receive") instead of raising.
"""

from __future__ import annotations

import importlib
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lifecycle_fsm import runtime
from lifecycle_fsm.cli import main

UNUSED_EVENT = "machine A { input go, unused  initial state X  state Y  X -> Y on go }\n"
SEND_IGNORED = """\
machine S { input go  initial state A  state B  A -> B on go do send ping to r }
machine R { receive ping, pong  initial state X  state Y  X -> Y on pong }
system Sys { instance s: S  instance r: R }
"""
FALSE_RECEIVE = """\
machine S { input go  initial state A  state B  A -> B on go do send ping to r }
machine R { receive ping  initial state X  state Y  X -> Y on ping when false }
system Sys { instance s: S  instance r: R }
"""


def write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


def check_json(tmp: Path, spec: Path, *extra: str) -> tuple[int, dict[str, object]]:
    out = tmp / "result.json"
    code = main(["check", str(spec), "--json", str(out), *extra])
    return code, json.loads(out.read_text(encoding="utf-8"))


def verdicts(data: dict[str, object]) -> dict[str, tuple[str, str]]:
    runs = data["runs"]
    assert isinstance(runs, list) and len(runs) == 1
    return {p["name"]: (p["verdict"], p["message"]) for p in runs[0]["properties"]}


@pytest.fixture
def generated(tmp_path: Path) -> Iterator[Path]:
    """A fresh import path for the modules that `compile` writes under ``tmp_path``."""
    sys.path.insert(0, str(tmp_path / "codegen"))
    before = set(sys.modules)
    yield tmp_path
    sys.path.remove(str(tmp_path / "codegen"))
    for name in set(sys.modules) - before:
        del sys.modules[name]


def compile_and_import(tmp: Path, stem: str, text: str, module: str) -> object:
    spec = write(tmp, f"{stem}.lfsm", text)
    assert main(["compile", str(spec), "--out", str(tmp), "--target", "python,tests"]) == 0
    return importlib.import_module(f"{stem}.{module}")


# ---- 1. a declared event that no transition uses ------------------------------------------


def test_an_unused_event_is_checked(tmp_path: Path) -> None:
    code, data = check_json(tmp_path, write(tmp_path, "unused.lfsm", UNUSED_EVENT))
    assert code == 0
    assert verdicts(data) == {"model_errors": ("holds", "")}


def test_an_unused_event_compiles_and_is_never_enabled(generated: Path) -> None:
    mod = compile_and_import(generated, "unused", UNUSED_EVENT, "a")
    a = mod.ASystem()  # type: ignore[attr-defined]
    assert a["A"].may_trigger("unused") is False
    with pytest.raises(mod.NotEnabled, match="'unused' is not enabled in state 'X'"):  # type: ignore[attr-defined]
        a.trigger("A", "unused")
    assert a.state == {"A": "X"}
    assert a.trigger("A", "go") is True and a.state == {"A": "Y"}


def test_an_unused_event_in_the_runtime(tmp_path: Path) -> None:
    a = runtime.load(write(tmp_path, "unused.lfsm", UNUSED_EVENT))
    assert a["A"].may_trigger("unused") is False
    with pytest.raises(runtime.NotEnabled):
        a["A"].trigger("unused")
    assert a.state == {"A": "X"}


# ---- 2. a send that the receiver has no transition for -------------------------------------


def test_a_send_nobody_takes_is_checked(tmp_path: Path) -> None:
    code, data = check_json(tmp_path, write(tmp_path, "send.lfsm", SEND_IGNORED))
    assert code == 0 and data["runs"][0]["statistics"]["states"] == 2  # type: ignore[index]


@pytest.mark.parametrize("how", ["generated", "runtime"])
def test_a_send_nobody_takes_is_ignored_by_the_receiver(generated: Path, how: str) -> None:
    if how == "generated":
        mod = compile_and_import(generated, "send", SEND_IGNORED, "sys")
        pod = mod.Sys()  # type: ignore[attr-defined]
    else:
        pod = runtime.load(write(generated, "send.lfsm", SEND_IGNORED))
    assert pod.trigger("s", "go") is True
    assert pod.state == {"s": "B", "r": "X"}


# ---- 3. a receive transition whose guard is constantly false -------------------------------


def test_a_constantly_false_receive_guard_is_checked(tmp_path: Path) -> None:
    code, data = check_json(tmp_path, write(tmp_path, "false.lfsm", FALSE_RECEIVE))
    assert code == 0 and data["runs"][0]["statistics"]["states"] == 2  # type: ignore[index]


def test_a_constantly_false_receive_guard_at_run_time(generated: Path) -> None:
    mod = compile_and_import(generated, "falsegd", FALSE_RECEIVE, "sys")
    pod = mod.Sys()  # type: ignore[attr-defined]
    pod.trigger("s", "go")
    assert pod.state == {"s": "B", "r": "X"}


# ---- 4. a property whose expression hits a model error ----------------------------------------

DIV = """\
machine A {{ var z: 0..1 = 0  input go  initial state X  state Y  X -> Y on go
  property p: {prop} }}
"""
UNDECIDED = "undecided: evaluating it hits a model error (see model_errors)"


@pytest.mark.parametrize(("prop", "error"), [
    ("invariant 1 / z == 1", "evaluating property 'p' for A: division by zero"),
    ("reachable 1 / z == 1", "evaluating property 'p' for A: division by zero"),
    ("stable 1 / z == 1", "evaluating property 'p' for A: division by zero"),
    ("stable self in X or 1 / z == 1",
     "evaluating property 'p' for A after step 1 (A.go (div.lfsm:1:66)): division by zero"),
    ("go only when 1 / z == 1",
     "evaluating property 'p' for A before step 1 (A.go (div.lfsm:1:66)): division by zero"),
    ("1 / z == 1 ~> self in Y", "evaluating property 'p' for A: division by zero"),
    ("self in Y ~> 1 / z == 1", "evaluating property 'p' for A: division by zero"),
])
def test_a_model_error_in_a_property_is_a_model_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      prop: str, error: str) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "div.lfsm", DIV.format(prop=prop))
    code, data = check_json(tmp_path, Path("div.lfsm"))
    assert code == 1
    assert verdicts(data) == {"p": ("unknown", UNDECIDED), "model_errors": ("VIOLATED", error)}
    assert data["runs"][0]["statistics"]["states"] == 2  # type: ignore[index]  # properties never block a step
    model_errors = data["runs"][0]["properties"][1]  # type: ignore[index]
    assert model_errors["trace"] is not None


def test_a_violation_found_before_the_error_stands(tmp_path: Path) -> None:
    spec = write(tmp_path, "div.lfsm", DIV.format(prop="invariant self in X and 1 / (1 - z) == 1").replace(
        "X -> Y on go", "X -> Y on go do z = 1  Y -> X on go"))
    code, data = check_json(tmp_path, spec)
    assert code == 1
    v = verdicts(data)
    assert v["p"][0] == "VIOLATED" and v["model_errors"] == ("holds", "")


# ---- 5. instance arrays of thousands ---------------------------------------------------------

ARRAY = """\
param n: 1..5000 = 2
machine W { input go  initial state A  state B  A -> B on go }
system S { instance w[n]: W }
"""


def test_the_canonical_form_of_a_huge_array_compiles() -> None:
    from lifecycle_fsm import compile_source
    from lifecycle_fsm.checker.build import build_plan
    from lifecycle_fsm.checker.symmetry import make_canon

    plan = build_plan(compile_source(ARRAY, "arr.lfsm"), {"n": 4000})
    canon = make_canon(plan)  # was: RecursionError while compiling one expression of 4,000 terms
    moved = plan.init | 1 << plan.layout.blocks[plan.arrays()["w"][0].gid][0]  # w[0] in B
    assert canon(moved) == plan.init | 1 << plan.layout.blocks[plan.arrays()["w"][-1].gid][0]


def test_a_huge_array_is_checked_and_stopped_by_max_states(tmp_path: Path) -> None:
    spec = write(tmp_path, "arr.lfsm", ARRAY)
    code, data = check_json(tmp_path, spec, "-D", "n=4000", "--max-states", "5")
    assert code == 3
    stats = data["runs"][0]["statistics"]  # type: ignore[index]
    assert (stats["states"], stats["full_states"]) == (5, sum(math.comb(4000, k) for k in range(5)))


def test_max_states_stops_inside_the_expansion_of_one_state(tmp_path: Path) -> None:
    # without symmetry, the first state alone has 2,000 successors: the limit cuts that expansion short
    code, data = check_json(tmp_path, write(tmp_path, "arr.lfsm", ARRAY), "-D", "n=2000", "--no-symmetry",
                            "--max-states", "10")
    assert code == 3
    assert data["runs"][0]["statistics"]["stored_states"] == 10  # type: ignore[index]


def test_counts_beyond_a_float_are_reported() -> None:
    from lifecycle_fsm.checker.api import _ratio
    from lifecycle_fsm.checker.report import format_stats, result_json
    from lifecycle_fsm.checker.result import CheckResult

    full = math.comb(1030, 515) * 2**40  # what -D n=1030 ends with, and more
    r = CheckResult(system="S", params={"n": 1030}, states=1031, transitions=1, depth=1, seconds=1.0, complete=True,
                    symmetry_factor=_ratio(full * 2**600, 1031), peak_memory_bytes=0, properties=[],
                    full_states=full * 2**600, stored_states=1031, symmetry=("w",))
    assert format_stats(r)[0] == ("  states: 1,031 reachable, symmetry-reduced "
                                  "(w; 1.30e+501 without reduction, x1.27e+498)")
    stats = result_json(r)["statistics"]
    assert stats["full_states"] == "1.30e+501" and stats["symmetry_factor"] is None
    json.dumps(result_json(r))  # plain JSON: no Infinity, no int too long to print


def test_an_array_beyond_the_instance_limit_is_refused_before_it_is_built(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path, "arr.lfsm", ARRAY.replace("1..5000 = 2", "1..99999999999 = 99999999999"))
    for argv in (["check", str(spec)], ["compile", str(spec), "--out", str(tmp_path)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert ("error: instance array 'w' would have 99,999,999,999 instances; a system may have at most 10,000 "
                "(choose a smaller size or parameter value)  [too-many-instances]") in err


def test_random_systems_with_unused_events_compile_and_run() -> None:
    """The random-spec generator of the checker's differential tests: many of its specs declare events
    no transition uses (that is how KeyError was found in 4,372 of 12,037 specs)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "checker"))
    from randspec import random_spec

    from lifecycle_fsm import compile_source
    from lifecycle_fsm.backends.stategraph import explore

    unused = 0
    for seed in range(25):
        model = compile_source(random_spec(seed), f"rand{seed}.lfsm")
        used = {(m.name, t.event) for m in model.machines for t in m.transitions}
        unused += sum((m.name, e.name) not in used for m in model.machines for e in m.events)
        explore(model, "S", {}, 50)  # what 'compile' does for the state-graph diagram
        pod = runtime.build(model)
        for inst in pod:
            for event, kind in type(inst)._lf_kinds.items():
                if kind in ("input", "internal") and not inst.may_trigger(event):
                    with pytest.raises(runtime.NotEnabled):
                        inst.trigger(event)
    assert unused > 10


def test_a_step_that_hits_a_model_error_records_no_violation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The step emits S (a violation of 'T precedes S') and then leaves v's range: it does not happen,
    so neither does the violation (the generated search reported it, and explaining it crashed).
    Found by benchmarks/fuzz_cli.py in random systems (4 of 37,601 cases)."""
    spec = write(tmp_path, "undo.lfsm", """\
machine A { var v: 0..1 = 1  input go, ok  signal S, T  initial state X  state Y
  X -> X on go do emit S, v = v + 1
  X -> Y on ok do emit T
  Y -> Y on go
  property pre: T precedes S
  property after: S only after T }
""")
    monkeypatch.chdir(tmp_path)
    code, data = check_json(tmp_path, Path(spec.name))
    assert code == 1
    v = verdicts(data)
    assert v["pre"] == ("holds", "") and v["after"] == ("holds", "")
    assert v["model_errors"] == ("VIOLATED", "A.go (undo.lfsm:2:3): assigns A.v = 2, outside its range 0..1")
