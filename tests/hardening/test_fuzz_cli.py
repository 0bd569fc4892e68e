"""The CLI keeps its promises whatever spec it is given (issue 11): hypothesis over the grammar,
over byte mutations of the repository's specs, and over mutated random valid systems, each
case run through ``lifecycle_fsm.cli.main`` for ``check`` (bounded by --max-states) and
``compile``; tests/hardening/cli_fuzzing.py lists the promises. About a minute in all; the
long run is ``python benchmarks/fuzz_cli.py --minutes 30``.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))  # the harness beside this file, however pytest imports it
from cli_fuzzing import MUTATION, grammar_case, mutated_case, run_case, sources, system_case  # noqa: E402


def fast(examples: int) -> settings:
    """Reproducible (derandomized) runs of ``examples`` cases; each case is bounded by cli_fuzzing's alarm."""
    return settings(max_examples=examples, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def work() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)


def kept(data: bytes, work: Path) -> None:
    out = run_case(data, work)
    assert not out.broken, "\n".join(out.broken) + "\n--- spec ---\n" + data.decode(errors="replace")


@fast(250)
@given(seed=st.integers(0, 2**32 - 1), depth=st.integers(4, 18))
def test_specs_from_the_grammar(work: Path, seed: int, depth: int) -> None:
    kept(grammar_case(seed, depth), work)


@fast(400)
@given(source=st.integers(0, 10**6), steps=st.lists(MUTATION, min_size=1, max_size=6))
def test_mutated_specs(work: Path, source: int, steps: list[tuple[str, float, object]]) -> None:
    kept(mutated_case(source, steps), work)


@fast(60)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 3), steps=st.lists(MUTATION, max_size=3))
def test_mutated_systems(work: Path, seed: int, n: int, steps: list[tuple[str, float, object]]) -> None:
    kept(system_case(seed, n, steps), work)


def test_every_source_spec_keeps_the_promises(work: Path) -> None:
    for data in sources():
        kept(data, work)
