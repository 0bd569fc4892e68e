"""No input makes `lifefsm pod` fail with anything but diagnostics: mutated corpus manifests and random text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifecycle_fsm.diagnostics import LfsmError, render_all
from lifecycle_fsm.pod.analysis import analyse
from lifecycle_fsm.pod.reader import read_text
from lifecycle_fsm.pod.report import render_report

from .conftest import CORPUS

TEXTS = [p.read_text(encoding="utf-8") for p in CORPUS]


def _check(text: str) -> None:
    try:
        m = read_text(text, "fuzz.yaml")
    except LfsmError as e:
        assert e.diagnostics
        rendered = render_all(e.diagnostics, {"fuzz.yaml": text})
        assert all(d.code in rendered for d in e.diagnostics)
        return
    render_report([analyse(p) for p in m.pods], m.skipped, m.sources)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEXTS), st.integers(0, 10_000), st.integers(0, 10_000),
       st.sampled_from(["", "-", ":", " ", "\n", "[", "{", "'", '"', "&a", "*a", "<<: *a", "- ", "\t", "0", "~"]))
def test_mutated_corpus_manifests(text: str, start: int, length: int, insert: str) -> None:
    a = start % (len(text) + 1)
    b = min(len(text), a + length % 40)
    _check(text[:a] + insert + text[b:])


PIECES = list("abk:- \n[]{}&*!|>'\"#0123,.~<") + [
    "apiVersion: v1\n", "kind: Pod\n", "spec:\n", "containers:\n", "  - name: c\n", "    lifecycle:\n",
    "preStop: {sleep: {seconds: 5}}"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_random_yaml_like_text(pieces: list[str]) -> None:
    _check("".join(pieces))
