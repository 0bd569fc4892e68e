"""Held variable ranges (lifecycle_fsm/instantiate/ranges.py): a clock compared with a variable is
bounded by what the variable can hold at the binding, not by its declaration; verdicts never move."""

from __future__ import annotations

from pathlib import Path

import pytest

from lifecycle_fsm import compile_source, pipeline
from lifecycle_fsm.instantiate import instantiate
from lifecycle_fsm.instantiate import ranges as held

ROOT = Path(__file__).resolve().parents[2]

SPEC = """\
param grace: 0..3600 = 2
machine M(g: 0..3600 = 0) {
  var budget: 0..3600 = 0
  var n: 0..100 = 0
  var copy: 0..3600 = 7
  clock t
  clock u
  clock w
  input kill, tick_n, done
  initial state Run
  state Dying { invariant t <= budget }
  final state Gone
  Run -> Dying on kill do budget = g, copy = budget + 1, reset t
  Run -> Run on tick_n when n < 100 do n = n + 1
  Dying -> Gone on done when t >= budget and u >= n and w >= copy
}
system S { instance m: M(g = grace) }
"""


def caps(grace: int) -> dict[str, int]:
    model = compile_source(SPEC, "held.lfsm")
    system = instantiate(model, {"grace": grace})
    return {f.clock: f.cap for f in system.clocks.facts}


def test_a_clock_compared_with_a_variable_is_bounded_by_what_it_holds() -> None:
    # budget holds 0 (its initial value) or the grace: t is compared with nothing above it
    assert caps(2)["t"] == 3
    assert caps(30)["t"] == 31
    assert caps(3600)["t"] == 3601


def test_a_variable_assigned_from_another_follows_it() -> None:
    # copy holds 7 (initial) or budget + 1: up to grace + 1, through the fixpoint
    assert caps(2)["w"] == 8
    assert caps(30)["w"] == 32


def test_a_counter_takes_its_declared_range() -> None:
    # n = n + 1 grows by one each round of the fixpoint: widened to 0..100 after ROUNDS rounds
    assert held.ROUNDS < 100
    assert caps(2)["u"] == 101


SPECS = sorted([*ROOT.glob("tests/cases/ok/*.lfsm"), *ROOT.glob("tests/cases/violations/*.lfsm"),
                ROOT / "spec/examples/graceful-stop.lfsm"])


def verdicts(path: Path, defines: tuple[str, ...] = (),
             engine: str = "python") -> list[tuple[str, str, bool | None, int]]:
    model = pipeline.load(path)
    out = []
    for name in [s.name for s in model.systems]:
        r = pipeline.check(model, pipeline.bind(model, list(defines)), name,
                           search=pipeline.search_engine(engine, lambda _: None, model))
        out += [(name, p.name, p.holds, len(p.trace.steps) if p.trace else 0) for p in r.properties]
    return out


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_verdicts_are_those_of_the_declared_ranges(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bounding clocks by held ranges may merge states that no guard tells apart, never change a verdict."""
    with_held = verdicts(path)
    monkeypatch.setattr("lifecycle_fsm.instantiate.held_ranges", lambda *a: {})
    monkeypatch.setattr("lifecycle_fsm.instantiate._CACHE", {})
    assert verdicts(path) == with_held


NARROW = (("0..3600", "0..3"), ("-1..3600", "-1..3"))


@pytest.mark.parametrize(("spec", "defines"), [
    ("caveats.lfsm", ()),
    ("pod.lfsm", ("n_init=0", "n_side=0")),
    ("pod.lfsm", ("n_init=0", "n_side=0", "pre=Sleep", "sleep_for=2", "grace=3", "override=-1")),
])
def test_the_pod_at_kubernetes_ranges_checks_as_it_did_at_scaled_ones(
        spec: str, defines: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """spec/pod declares its seconds up to 3,600; with held ranges a small binding costs and answers what the
    same binding did when the declarations stopped at 3 (every declaration narrowed back, held ranges off)."""
    wide = verdicts(ROOT / "spec" / spec, defines, "auto")
    copy = tmp_path / "spec"
    for f in (ROOT / "spec").rglob("*.lfsm"):
        text = f.read_text()
        for a, b in NARROW:
            text = text.replace(a, b)
        (copy / f.relative_to(ROOT / "spec")).parent.mkdir(parents=True, exist_ok=True)
        (copy / f.relative_to(ROOT / "spec")).write_text(text)
    monkeypatch.setattr("lifecycle_fsm.instantiate.held_ranges", lambda *a: {})
    monkeypatch.setattr("lifecycle_fsm.instantiate._CACHE", {})
    assert verdicts(copy / spec, defines, "auto") == wide


@pytest.mark.parametrize("n_side", [0, 1])
def test_an_array_of_no_element_bounds_nothing(n_side: int) -> None:
    """`for c in side: ... c.obs_c >= c.obs_g` with no sidecar: the variable is still the machine's, held small
    (not its declared 3,600, which made every obs_c of the apps count to 3,600)."""
    model = pipeline.load(ROOT / "spec" / "pod.lfsm")
    system = instantiate(model, pipeline.bind(model, [f"n_side={n_side}", "grace=1", "override=-1"]))
    assert max(f.bound or 0 for f in system.clocks.facts) <= 3
