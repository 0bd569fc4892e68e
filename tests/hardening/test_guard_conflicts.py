"""The near-linear overlap check reports exactly the transitions a comparison of every pair would.

conflicts.py skips pairs it can tell apart cheaply (no shared source leaf, atoms
fixed to different literals, disjoint literal bounds) and stops at the first
conflict of each transition. Random small machines check that nothing is lost:
a transition is reported iff an earlier distinct transition sharing a source leaf
has a guard that can hold with its own, decided here by brute force over every
value of the variables; a repeated transition is reported as a duplicate instead.
"""

from __future__ import annotations

import itertools
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lifecycle_fsm import LfsmError, compile_source

Env = dict[str, object]
ATOMS: list[tuple[str, Callable[[Env], bool]]] = []
for k in range(6):
    ATOMS += [(f"x == {k}", lambda v, k=k: v["x"] == k), (f"x != {k}", lambda v, k=k: v["x"] != k),
              (f"x < {k}", lambda v, k=k: v["x"] < k), (f"{k} <= x", lambda v, k=k: k <= v["x"])]
ATOMS += [("b", lambda v: v["b"] is True), ("not b", lambda v: v["b"] is False)]
ATOMS += [(f"e == {m}", lambda v, m=m: v["e"] == m) for m in ("Ea", "Eb", "Ec")]
DOMAIN = [{"x": x, "b": b, "e": e} for x, b, e in itertools.product(range(6), (False, True), ("Ea", "Eb", "Ec"))]
SOURCES = {"S0": {"S0"}, "S1": {"S1"}, "S2": {"S2"}, "P": {"S1", "S2"}}


def _all_of(tests: tuple[Callable[[Env], bool], ...]) -> Callable[[Env], bool]:
    return lambda v: all(f(v) for f in tests)


def _random_machine(rng: random.Random) -> tuple[str, list[tuple[str, str, Callable[[Env], bool]]]]:
    transitions = []
    for _ in range(rng.randint(2, 9)):
        src = rng.choice(list(SOURCES))
        atoms = rng.sample(ATOMS, rng.randint(0, 2))
        text = " and ".join(a for a, _ in atoms)
        transitions.append((src, text, _all_of(tuple(f for _, f in atoms))))
    if rng.random() < 0.3:
        transitions.append(rng.choice(transitions))  # a repeated line
    lines = [f"  {src} -> S0 on go" + (f" when {g}" if g else "") for src, g, _ in transitions]
    spec = ("type E = Ea | Eb | Ec\nmachine M {\n  var x: 0..5 = 0\n  var b: bool = false\n  var e: E = Ea\n"
            "  input go, enter\n  initial state S0\n  state P { initial state S1  state S2 }\n"
            "  S0 -> P on enter\n  S1 -> S2 on enter\n" + "\n".join(lines) + "\n}\n")
    return spec, transitions


def _expected(transitions: list[tuple[str, str, Callable[[Env], bool]]]) -> dict[int, str]:
    """Line (1-based, as in the spec) -> the code reported there, by comparing every pair."""
    out: dict[int, str] = {}
    first: dict[tuple[str, str], int] = {}
    unique: list[int] = []
    for i, (src, guard, _) in enumerate(transitions):
        if (src, guard) in first:
            out[11 + i] = "duplicate-transition"
            continue
        first[(src, guard)] = i
        for j in unique:
            if SOURCES[src] & SOURCES[transitions[j][0]] and any(
                    transitions[j][2](v) and transitions[i][2](v) for v in DOMAIN):
                out[11 + i] = "overlapping-guards"
                break
        unique.append(i)
    return out


@pytest.mark.parametrize("seed", range(4))
def test_reported_transitions_match_every_pair_compared(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        spec, transitions = _random_machine(rng)
        try:
            compile_source(spec, "random.lfsm")
            got: dict[int, str] = {}
        except LfsmError as e:
            got = {d.span.line: d.code for d in e.diagnostics if d.span is not None}
        assert got == _expected(transitions), spec


def test_1000_transitions_told_apart_by_ranges_are_accepted(tmp_path: Path) -> None:
    lines = "".join(f"  A -> B on go when x >= {i} and x < {i + 1}\n" for i in range(1000))
    (tmp_path / "ranges.lfsm").write_text("machine M { var x: 0..1000 = 0  input go\n  initial state A\n  state B\n"
                                          + lines + "}\n", encoding="utf-8")
    code = "from lifecycle_fsm import load_spec; load_spec('ranges.lfsm'); print('ok')"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.stdout == "ok\n", done.stderr


def test_one_message_per_transition_names_the_first_conflict() -> None:
    spec = ("machine M { var x: 0..3 = 0  input go\n  initial state A\n  state B\n"
            "  A -> B on go when x < 2\n  A -> B on go when x > 2\n  A -> B on go when x >= 1\n}\n")
    with pytest.raises(LfsmError) as e:
        compile_source(spec, "first.lfsm")
    [d] = e.value.diagnostics
    assert d.code == "overlapping-guards" and d.span is not None and d.span.line == 6
    [other, *_] = d.notes
    assert other.span is not None and other.span.line == 4  # the first it overlaps, not the one on line 5
    assert re.search("x = 1", d.notes[1].message)
