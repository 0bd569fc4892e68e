"""Front-end limits under hostile sizes: huge integers, constant folding, many transitions, long names.

Each input here used to crash (OverflowError, ValueError) or to run for minutes
with memory growing; each must now end quickly in a located diagnostic with a
code and exit 2 (or be accepted, where it is a valid spec). Inputs that used to
hang run in a child process whose timeout turns a hang into a failure; no test
asserts a duration beyond that guard.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lifecycle_fsm import LfsmError, compile_source

from .frontend_cli import cli_child

BIG = 2**64  # past 2**63: Python's len() of a range this long overflows a C ssize_t


def _codes(text: str) -> list[str]:
    with pytest.raises(LfsmError) as e:
        compile_source(text, "big.lfsm")
    return [d.code for d in e.value.diagnostics]


def test_overlapping_guards_over_a_range_past_2_63_are_decided() -> None:
    text = (f"machine M {{ var x: 0..{BIG} = 0  var y: 0..1 = 0  input go  initial state A  state B\n"
            "  A -> B on go when x > y\n  A -> B on go when x + y > 2\n}\n")
    with pytest.raises(LfsmError) as e:
        compile_source(text, "big.lfsm")
    [d] = e.value.diagnostics
    assert d.code in ("overlapping-guards", "guard-overlap-undecided")


def test_exclusive_guards_over_a_range_past_2_63_are_accepted() -> None:
    text = (f"machine M {{ var x: 0..{BIG} = 0  input go  initial state A  state B\n"
            f"  A -> B on go when x < {BIG - 1}\n  A -> B on go when x >= {BIG - 1}\n}}\n")
    compile_source(text, "big.lfsm")


def test_an_integer_literal_of_5000_digits_is_refused() -> None:
    text = "param p: 0..1 = " + "1" * 5000 + "\nmachine M { initial state A }\n"
    with pytest.raises(LfsmError) as e:
        compile_source(text, "big.lfsm")
    [d] = e.value.diagnostics
    assert (d.code, d.span.line, d.span.column) == ("integer-too-large", 1, 17) if d.span else False
    assert d.message == ("integer literal has 5,000 digits: integers are limited to 128 bits "
                         "(at most 340,282,366,920,938,463,463,374,607,431,768,211,455)")


def test_integers_up_to_128_bits_are_accepted() -> None:
    top = 2**128 - 1
    compile_source(f"const T = {top}\nconst L = -{top}\nparam p: -{top}..{top} = T - 1\n"
                   "machine M { initial state A }\n", "big.lfsm")
    assert _codes(f"const T = {top} + 1\nmachine M {{ initial state A }}\n") == ["integer-too-large"]
    assert _codes(f"const T = {top + 1}\nmachine M {{ initial state A }}\n") == ["integer-too-large"]
    assert _codes(f"const T = -{top} - 1\nmachine M {{ initial state A }}\n") == ["integer-too-large"]


def test_repeated_squaring_of_constants_stops_at_the_limit(tmp_path: Path) -> None:
    names = [chr(ord("A") + i) for i in range(26)]
    lines = ["const A = 2"] + [f"const {b} = {a}*{a}*{a}*{a}" for a, b in zip(names, names[1:])]
    (tmp_path / "squares.lfsm").write_text("\n".join(lines) + "\nmachine Squares { initial state X }\n",
                                                   encoding="utf-8")
    result = cli_child(["check", "squares.lfsm"], tmp_path, timeout=60)
    assert result.status == 2
    # A..D are 2, 2**4, 2**16, 2**64; in E = D*D*D*D, the first product D*D is already 2**128
    assert result.err.splitlines()[0] == ("squares.lfsm:5:11: error: integer value has 129 bits: integers are "
                                          "limited to 128 bits (at most 340,282,366,920,938,463,463,374,607,431,"
                                          "768,211,455)  [integer-too-large]")
    assert result.codes == ["integer-too-large"]  # later constants built on E stay quiet


def test_repeated_squaring_through_definitions_stops_at_the_limit(tmp_path: Path) -> None:
    lets = "".join(f"  let d{i + 1} = d{i} * d{i} * d{i} * d{i}\n" for i in range(40))
    spec = ("machine M {\n  input go\n  let d0 = 3\n" + lets +
            "  initial state A\n  state B\n  A -> B on go when d40 > 0\n}\n")
    (tmp_path / "lets.lfsm").write_text(spec, encoding="utf-8")
    result = cli_child(["check", "lets.lfsm"], tmp_path, timeout=60)
    assert result.status == 2
    assert result.codes == ["integer-too-large"]
    # d3 = 3**64 (102 bits); in d4, d3 * d3 = 3**128 has 203 bits
    assert result.err.startswith("lets.lfsm:7:12: error: integer value has 203 bits")


def _load_in_child(tmp_path: Path, name: str, text: str, timeout: float) -> str:
    """Load a spec in a child process (a hang fails the test); its diagnostic codes, or 'ok'."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    code = (f"from lifecycle_fsm import LfsmError, load_spec\ntry:\n    load_spec({name!r})\n    print('ok')\n"
            "except LfsmError as e:\n    print(sorted({d.code for d in e.diagnostics}))\n")
    try:
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"loading {name} did not finish within {timeout} s")
    return done.stdout.strip() or done.stderr


def _transitions(lines: list[str], var: str = "") -> str:
    return "machine M { " + var + " input go\n  initial state A\n  state B\n" + "\n".join(lines) + "\n}\n"


def test_4000_identical_transitions_give_one_message_each_and_a_summary(tmp_path: Path) -> None:
    (tmp_path / "dup.lfsm").write_text(_transitions(["  A -> B on go"] * 4000), encoding="utf-8")
    result = cli_child(["check", "dup.lfsm"], tmp_path, timeout=120)
    assert result.status == 2
    assert result.codes == ["duplicate-transition"] * 20
    lines = result.err.splitlines()
    assert lines[:4] == [
        "dup.lfsm:5:3: error: this transition repeats an earlier one (same sources, event, guard, effects "
        "and target)  [duplicate-transition]",
        "      A -> B on go",
        "      ^~~~~~~~~~~~",
        "dup.lfsm:4:3: note: first written here",
    ]
    assert lines[-2:] == ["note: 3,979 more errors [duplicate-transition] not shown",
                          "Found 3,999 errors in 1 file"]


def test_4000_transitions_with_overlapping_guards_give_one_message_each(tmp_path: Path) -> None:
    states = "".join(f"  state T{i}\n" for i in range(4000))
    moves = "\n".join(f"  A -> T{i} on go" for i in range(4000))
    (tmp_path / "overlap.lfsm").write_text("machine M { input go\n  initial state A\n" + states + moves + "\n}\n",
                                           encoding="utf-8")
    result = cli_child(["check", "overlap.lfsm"], tmp_path, timeout=120)
    assert result.status == 2
    assert set(result.codes) == {"overlapping-guards"}
    assert result.err.splitlines()[-1] == "Found 3,999 errors in 1 file"


def test_4000_exclusive_guards_on_one_event_are_accepted(tmp_path: Path) -> None:
    lines = [f"  A -> B on go when x == {i}" for i in range(4000)]
    assert _load_in_child(tmp_path, "exclusive.lfsm", _transitions(lines, "var x: 0..4000 = 0 "), timeout=120) == "ok"


def test_a_machine_of_20000_states_in_a_chain_is_checked(tmp_path: Path) -> None:
    n = 20000
    states = "".join(f"  state S{i}\n" for i in range(1, n))
    moves = "".join(f"  S{i} -> S{i + 1} on go\n" for i in range(n - 1))
    text = "machine M { input go\n  initial state S0\n" + states + moves + "}\n"
    assert _load_in_child(tmp_path, "chain.lfsm", text, timeout=180) == "ok"


def test_a_name_longer_than_the_limit_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    name = "x" * 100_000
    with pytest.raises(LfsmError) as e:
        compile_source(f"machine {name} {{ initial state A }}\n", "long.lfsm")
    [d] = e.value.diagnostics
    assert d.code == "name-too-long"
    assert d.message == "name of 100,000 characters: names are limited to 128 characters"
    assert len(d.message) < 200


def test_a_state_with_8000_children_is_checked(tmp_path: Path) -> None:
    n = 8000
    children = "".join(f"    {'initial ' if i == 0 else ''}state C{i}\n" for i in range(n))
    moves = "".join(f"  C{i} -> C{i + 1} on go\n" for i in range(n - 1))
    text = "machine M { input go, stop\n  initial state P {\n" + children + "  }\n  state Q\n" + moves + \
        "  P -> Q on stop\n  Q -> Q on go when not (self in P)\n}\n"
    assert _load_in_child(tmp_path, "wide.lfsm", text, timeout=120) == "ok"


def test_5000_undefined_names_among_5000_declarations_end_quickly(tmp_path: Path) -> None:
    consts = "".join(f"const C{i} = {i}\n" for i in range(5000))
    props = "".join(f"  property p{i}: invariant D{i} == 1\n" for i in range(5000))
    text = consts + "machine M {\n  initial state A\n" + props + "}\n"
    assert _load_in_child(tmp_path, "typos.lfsm", text, timeout=120) == "['undefined-name']"
