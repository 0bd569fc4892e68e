"""Every `lfsm` example in docs/language.md is a complete spec that the front end accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lifecycle_fsm import LfsmError, compile_source
from lifecycle_fsm.diagnostics import render_all

DOC = Path(__file__).parent.parent / "docs" / "language.md"
BLOCKS = re.findall(r"```lfsm\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_reference_has_examples() -> None:
    assert len(BLOCKS) >= 10


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_example_compiles(index: int) -> None:
    text = BLOCKS[index]
    name = f"language.md#example-{index + 1}"
    try:
        compile_source(text, name)
    except LfsmError as e:  # pragma: no cover - the failure message is the point
        pytest.fail(render_all(e.diagnostics, {name: text}))


README = Path(__file__).parent.parent / "README.md"
TOUR = re.findall(r"```lfsm\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_tour_is_a_spec_whose_properties_hold() -> None:
    from lifecycle_fsm.checker import check_model

    assert len(TOUR) == 1
    result = check_model(compile_source(TOUR[0], "README.md#tour"))
    assert result.complete
    assert [p.name for p in result.properties] == ["term_after_prestop", "kill_only_after_term", "no_prestop_on_exit",
                                                   "stops", "no_deadlock", "model_errors"]
    assert all(p.holds is p.expect_holds for p in result.properties), \
        [(p.name, p.holds, p.message) for p in result.properties]
