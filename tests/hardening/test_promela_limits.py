"""The Promela export refuses what SPIN cannot represent exactly (backends/promela_limits.py).

SPIN computes in 32-bit ``int`` and stores clocks, leaf codes, enum codes and send
slots in bytes; lifefsm's integers are unbounded. Each limit is tested on both
sides: one past it is refused with ``[promela-unrepresentable]`` at the spec's
place, the limit itself is written (and, where SPIN is installed, pan agrees with
lifefsm's state count).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from lifecycle_fsm import compile_source
from lifecycle_fsm.backends.promela import emit_promela
from lifecycle_fsm.backends.promela_layout import PromelaError
from lifecycle_fsm.backends.promela_run import compile_pan, missing_tools
from lifecycle_fsm.cli import main

INT_MAX = 2**31 - 1


def _machine(var: str, body: str, extra: str = "") -> str:
    return f"""{extra}
machine M {{
  {var}
  input go
  initial state A
  state B
  {body}
}}
"""


def _refused(text: str, *, line: int | None = None, params: dict[str, object] | None = None) -> str:
    model = compile_source(text, "limits.lfsm")
    with pytest.raises(PromelaError) as caught:
        emit_promela(model, params or {})  # type: ignore[arg-type]
    assert caught.value.code == "promela-unrepresentable", caught.value
    if line is not None:
        assert caught.value.span is not None and caught.value.span.line == line, caught.value.span
    return str(caught.value)


def _written(text: str, params: dict[str, object] | None = None) -> str:
    return emit_promela(compile_source(text, "limits.lfsm"), params or {})  # type: ignore[arg-type]


@pytest.mark.parametrize("lo, hi, ok", [
    (0, INT_MAX, True), (0, INT_MAX + 1, False), (-INT_MAX, 0, True), (-INT_MAX - 1, 0, False),
    (-1, INT_MAX - 1, True), (-1, INT_MAX, False),  # stored shifted up by 1
    (0, 2**70, False),
])
def test_a_variable_range_must_fit_int_as_stored(lo: int, hi: int, ok: bool) -> None:
    text = _machine(f"var x: {lo}..{hi} = 0", "A -> B on go")
    if ok:
        assert f"int M_x[1] = {{{-lo if lo < 0 else 0}}};" in _written(text)
    else:
        assert f"variable 'M.x' ranges over {lo}..{hi}" in _refused(text, line=3)


def test_a_literal_beyond_int_is_refused_and_a_folded_constant_is_not() -> None:
    assert "'1180591620717411303424' ranges over" in _refused(
        _machine("var x: 0..3 = 0", "A -> B on go when x * 1180591620717411303424 == 0"), line=7)
    text = _written(_machine("var x: 0..3 = 0", "A -> B on go when x == 4294967296 / 2147483648"))
    assert "M_x[0] == 2" in text  # folded before SPIN sees it


@pytest.mark.parametrize("factor, ok", [(1000, True), (1000000, False)])
def test_an_intermediate_value_must_fit_int(factor: int, ok: bool) -> None:
    text = _machine("var x: 0..10000 = 0", f"A -> B on go when x * {factor} / 7 > 3 do x = 1")
    if ok:
        assert f"(M_x[0] * {factor})" in _written(text)
    else:
        assert f"'x * {factor}' ranges over 0..{10000 * factor}" in _refused(text, line=7)


def test_a_parameter_makes_an_expression_too_wide_only_at_its_value() -> None:
    text = _machine("var x: 0..100000 = 0", "A -> B on go when x * k > 3", "param k: 1..100000 = 2")
    assert "(M_x[0] * 2)" in _written(text)
    assert "ranges over 0..10000000000" in _refused(text, params={"k": 100000})


@pytest.mark.parametrize("cap, ok", [(254, True), (255, False)])
def test_a_clock_cap_must_fit_a_byte(cap: int, ok: bool) -> None:
    text = _machine("clock t", f"A -> B on go when t >= {cap}")
    if ok:
        assert "M_t[0] < 255" in _written(text)
    else:
        assert "clock 'M.t' is compared with values up to 255" in _refused(text)


@pytest.mark.parametrize("n, ok", [(256, True), (257, False)])
def test_leaf_states_and_enum_members_must_fit_a_byte(n: int, ok: bool) -> None:
    chain = [f"state S{i}" for i in range(n - 2)] + ["A -> S0 on go"]
    chain += [f"S{i} -> S{i + 1} on go" for i in range(n - 3)] + [f"S{n - 3} -> B on go"]
    text = _machine("", "\n  ".join(chain))
    members = " | ".join(f"E{i}" for i in range(n))
    enum = _machine("var e: Big = E0", "A -> B on go", f"type Big = {members}")
    if ok:
        _written(text)
        _written(enum)
    else:
        assert f"machine 'M' (leaf states) has {n} values" in _refused(text)
        assert f"enum 'Big' has {n} values" in _refused(enum)


SENDER = """
param n: 1..300 = 3
machine Boss {
  var i: 0..299 = 0
  input go
  initial state Idle
  Idle -> Idle on go do send poke to w[i]
}
machine W {
  receive poke
  initial state Idle
  Idle -> Idle on poke
}
system S {
  instance boss: Boss
  instance w[n]: W
}
"""


def test_an_indexed_send_needs_the_index_in_a_byte() -> None:
    assert "'send ... to w[...]' with 256 elements" in _refused(SENDER, params={"n": 256}, line=7)
    _written(SENDER, params={"n": 255})


FAIR = """
param n: 1..300 = 2
machine W {
  fair input go
  initial state A
  final state B
  A -> B on go
}
system S {
  instance w[n]: W
  property done: eventually all x in w: x in B
}
"""


@pytest.mark.parametrize("n, ok", [(253, True), (254, False)])
def test_the_liveness_variant_stops_with_an_error_beyond_pans_process_limit(n: int, ok: bool,
                                                                           tmp_path: Path) -> None:
    text = _written(FAIR, params={"n": n})  # n fair processes, the tick, and a never claim
    assert ("#error" not in text) == ok
    if missing_tools():
        pytest.skip(f"not installed: {', '.join(missing_tools())}")
    (tmp_path / "m.pml").write_text(text, encoding="utf-8")
    live = subprocess.run(["spin", "-DLIVE", "-a", "m.pml"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (live.returncode == 0) == ok, live.stdout + live.stderr
    if not ok:
        assert "[promela-too-many-processes]" in live.stdout + live.stderr
    safety = subprocess.run(["spin", "-a", "m.pml"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert safety.returncode == 0, safety.stdout + safety.stderr  # the safety variant is unaffected


EDGE = """
machine M {
  var x: -2147483647..0 = 0
  var y: 0..2147483647 = 0
  input go, back
  initial state A
  state B
  final state C
  A -> B on go do x = -2147483647, y = 2147483647
  B -> C on go when x + y == 0 and y - 1 == 2147483646 and x / 2 == -1073741823
  B -> A on back do x = 0, y = 0
}
"""


def test_at_the_limits_pan_and_lifefsm_agree() -> None:
    if missing_tools():
        pytest.skip(f"not installed: {', '.join(missing_tools())}")
    from lifecycle_fsm.checker import check_model

    model = compile_source(EDGE, "edge.lfsm")
    with compile_pan(emit_promela(model), cflags=["-O0"]) as pan:
        run = pan.run(["-c0", "-n"], timeout=120)
    assert run.states == check_model(model).states == 3


def test_the_cli_reports_the_refusal_with_its_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "wide.lfsm"
    spec.write_text(_machine("var x: 0..4294967296 = 0", "A -> B on go do x = 4294967296"), encoding="utf-8")
    assert main(["compile", str(spec), "--target", "promela", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{spec}:3:3: error: system 'M' cannot be written as Promela: variable 'M.x' ranges over " in err
    assert "[promela-unrepresentable]" in err and "Traceback" not in err
    assert not (tmp_path / "codegen").exists()
