"""Fuzzing the front end: it either returns a Model or raises LfsmError, quickly, whatever it is fed.

Two sources of input:

* specs generated from the grammar itself (the compiled BNF rules of the lark
  parser, expanded at random with a bounded depth, names drawn from a small pool
  so that references often resolve and the checks past the parser run too);
* byte mutations (insert, delete, replace, duplicate, truncate) of the valid
  specs in tests/cases/ok/, read through ``load_spec`` like a file on disk.

Each example is bounded by hypothesis' ``deadline`` and, where the platform has
SIGALRM, by a hard alarm that turns a hang into a failure instead of a stuck
test run. Example counts keep the whole module at a few seconds.
"""

from __future__ import annotations

import contextlib
import random
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark.grammar import NonTerminal, Rule, Terminal

from lifecycle_fsm import LfsmError, compile_source, load_spec
from lifecycle_fsm.diagnostics import render_all
from lifecycle_fsm.params import bind_params
from lifecycle_fsm.parse import parser
from lifecycle_fsm.pipeline import sources_of

OK = Path(__file__).parent.parent / "cases" / "ok"
VALID = sorted(OK.glob("*.lfsm"))
HARD_LIMIT_S = 10  # per example; a hang fails the test instead of stalling CI

NAMES = ["A", "B", "S", "M", "Sys", "go", "stop", "x", "n", "c", "app", "kubelet", "Running", "Done", "grace",
         "T", "Ok", "Failed", "init", "t", "SIGTERM", "index"]
REGEX_TERMINALS = {
    "NAME": NAMES,
    "INT": ["0", "1", "2", "3", "7", "200000", "99999999999"],
    "STRING": ['"lib/types.lfsm"', '"missing.lfsm"', '"."', '""'],
    "COMP_OP": ["==", "!=", "<", "<=", ">", ">="],
    "ADD_OP": ["+", "-"],
    "MUL_OP": ["*", "/", "%"],
}


class HangError(Exception):
    pass


@contextmanager
def hard_limit(seconds: int) -> Iterator[None]:
    """Raise HangError in this thread after ``seconds`` (POSIX main thread only; else no limit)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise HangError(f"the front end ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def front_end_accepts_or_explains(run: object) -> None:
    """Call ``run()``; only LfsmError may escape it, and its diagnostics must render."""
    assert callable(run)
    with hard_limit(HARD_LIMIT_S):
        try:
            model = run()
        except LfsmError as e:
            assert e.diagnostics, "LfsmError without diagnostics"
            text = render_all(e.diagnostics, sources_of(e))
            assert "Found" in text
            return
        with contextlib.suppress(LfsmError):  # binding may refuse a value: reported, not a crash
            bind_params(model, {})


# ---- (a) specs generated from the grammar ----------------------------------------------


@lru_cache(maxsize=1)
def grammar_rules() -> tuple[dict[str, list[Rule]], dict[str, int]]:
    """The parser's BNF rules by head, and each head's minimum expansion height (for bounding depth)."""
    by_head: dict[str, list[Rule]] = {}
    for rule in parser().rules:
        by_head.setdefault(rule.origin.name, []).append(rule)
    height: dict[str, int] = {}
    changed = True
    while changed:
        changed = False
        for head, rules in by_head.items():
            for rule in rules:
                hs = [height.get(s.name) if isinstance(s, NonTerminal) else 0 for s in rule.expansion]
                if all(h is not None for h in hs):
                    h = 1 + max([x for x in hs if x is not None], default=0)
                    if h < height.get(head, 1 << 30):
                        height[head] = h
                        changed = True
    return by_head, height


def terminal_text(name: str, rnd: random.Random) -> str:
    if name in REGEX_TERMINALS:
        return rnd.choice(REGEX_TERMINALS[name])
    pattern = parser().get_terminal(name).pattern
    return str(pattern.value)


def generate(rnd: random.Random, max_depth: int) -> str:
    """One random sentence of the grammar, expanded without recursion."""
    by_head, height = grammar_rules()
    out: list[str] = []
    stack: list[tuple[object, int]] = [(NonTerminal("start"), 0)]
    while stack:
        sym, depth = stack.pop()
        if isinstance(sym, Terminal):
            out.append(terminal_text(sym.name, rnd))
            continue
        assert isinstance(sym, NonTerminal)
        rules = by_head[sym.name]
        if depth >= max_depth:  # finish as fast as possible
            best = min(1 + max([height[s.name] for s in r.expansion if isinstance(s, NonTerminal)], default=0)
                       for r in rules)
            rules = [r for r in rules
                     if 1 + max([height[s.name] for s in r.expansion if isinstance(s, NonTerminal)], default=0) == best]
        nonempty = [r for r in rules if r.expansion]
        rule = rnd.choice(nonempty if nonempty and depth < max_depth and rnd.random() < 0.8 else rules)
        for s in reversed(rule.expansion):
            stack.append((s, depth + 1))
    return " ".join(out)


def test_generator_makes_parseable_text() -> None:
    rnd = random.Random(7)
    texts = [generate(rnd, 12) for _ in range(50)]
    for text in texts:
        parser().parse(text)  # the generator follows the grammar: no syntax errors
    assert any("machine" in t for t in texts)


@settings(max_examples=250, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), depth=st.integers(4, 18))
def test_generated_specs(seed: int, depth: int) -> None:
    text = generate(random.Random(seed), depth)
    front_end_accepts_or_explains(lambda: compile_source(text, "generated.lfsm", base=OK))


# ---- (b) byte mutations of the valid specs --------------------------------------------


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """A copy of the imported helper files, so that mutated specs can still import them."""
    with tempfile.TemporaryDirectory() as d:
        shutil.copytree(OK / "lib", Path(d) / "lib")
        yield Path(d)


mutation = st.one_of(
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=4)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 40)),
    st.tuples(st.just("replace"), st.floats(0, 1), st.binary(min_size=1, max_size=2)),
    st.tuples(st.just("duplicate"), st.floats(0, 1), st.integers(1, 60)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("token"), st.floats(0, 1), st.sampled_from(
        [b"{", b"}", b"(", b")", b"->", b"on", b"when", b"do", b",", b"=", b"==", b"state", b"initial ", b"final ",
         b"not ", b"all x in app: ", b"self", b".", b"[0]", b"|", b"/*", b"//", b'"', b"\xd0\xb0", b"\xff", b"\x00"])),
)


def mutate(data: bytes, steps: list[tuple[str, float, object]]) -> bytes:
    for kind, where, arg in steps:
        pos = int(where * len(data))
        if kind in ("insert", "token"):
            assert isinstance(arg, bytes)
            data = data[:pos] + arg + data[pos:]
        elif kind == "delete":
            assert isinstance(arg, int)
            data = data[:pos] + data[pos + arg:]
        elif kind == "replace":
            assert isinstance(arg, bytes)
            data = data[:pos] + arg + data[pos + len(arg):]
        elif kind == "duplicate":
            assert isinstance(arg, int)
            data = data[:pos] + data[pos:pos + arg] + data[pos:]
        else:
            data = data[:pos]
    return data


@settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.sampled_from(VALID), steps=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_specs(workdir: Path, case: Path, steps: list[tuple[str, float, object]]) -> None:
    data = mutate(case.read_bytes(), steps)
    path = workdir / "mutated.lfsm"
    path.write_bytes(data)
    front_end_accepts_or_explains(lambda: load_spec(path))
