"""The native search against the Python engine (checker/search.py) on the hand-written modules.

The runtime must visit the states in exactly the Python engine's order, so everything is
compared exactly: the stored states in search order, transitions, depth, the first violation of
every property (state index and move), deadlocks, witnesses, and the paths to them. The same
holds with two and three threads: the parallel search puts each layer in the one-thread order
when it is done (lf_par.c, lf_settle), whatever the threads' timing (the wide rings have
thousands of states a layer, which the threads share out).
"""

from __future__ import annotations

from itertools import accumulate, chain

import pytest
from native_harness import module, plan, ring_defines, wave_defines

from lifecycle_fsm.checker.search import Outcome, bfs
from lifecycle_fsm.native.engine import NativeSearch


def python_run(name: str, params: dict[str, object] | None = None, symmetry: bool = True,
               max_states: int | None = None) -> tuple[Outcome, list[int]]:
    p = plan(name, params, symmetry)
    out = bfs(p, symmetric=bool(p.symmetric), keep_layers=True, max_states=max_states)
    if out.layers is None:  # a stopped search drops its layers (liveness is never judged on it)
        assert max_states is not None and not out.complete
        return out, []
    return out, list(chain.from_iterable(out.layers))


def python_found(name: str, out: Outcome, params: dict[str, object] | None = None) -> dict[int, tuple[int, int]]:
    """Python's first violations, the deadlock properties' entries left out (the runtime keeps one deadlock)."""
    dead = set(plan(name, params).checks.deadlock)
    return {pid: (f.index, f.move) for pid, f in out.found.items() if pid not in dead}


def layer_starts(out: Outcome) -> list[int]:
    assert out.layers is not None
    return list(accumulate((len(x) for x in out.layers[:-1]), initial=0))


CASES = [
    ("ring", ring_defines(4), {"n": 4}, False),
    ("ring", ring_defines(4), {"n": 4}, True),
    ("ring", ring_defines(9), {"n": 9}, False),
    ("ring", ring_defines(9), {"n": 9}, True),
    ("stepper", {"NN": "5"}, {"n": 5}, False),
    ("stepper", {"NN": "12"}, {"n": 12}, False),
    ("team", None, {}, False),
    ("crew", None, {}, True),
    ("crew", None, {}, False),
    ("ring", ring_defines(14), {"n": 14}, False),  # 3,432 states in the widest layer
    ("ring", ring_defines(16), {"n": 16}, False),
    ("wave", wave_defines(12, 6), {"n": 12, "h": 6}, False),
    ("wave", wave_defines(16, 8), {"n": 16, "h": 8}, False),  # 12,870
    # the table's two slot widths (lf_store.h, LF_WIDE_SLOTS), each at a state width where it is not the
    # default: 8 bytes up to 2 words (the models above), 4 bytes above
    ("ring", {**ring_defines(14), "RING_BITS": "202"}, {"n": 14}, False),
    ("ring", {**ring_defines(14), "RING_BITS": "202", "LF_WIDE_SLOTS": "1"}, {"n": 14}, False),
    ("ring", {**ring_defines(14), "LF_WIDE_SLOTS": "0"}, {"n": 14}, False),
    ("crew", {"LF_WIDE_SLOTS": "0"}, {}, True),
]


def assert_python_search(s: NativeSearch, name: str, params: dict[str, object], out: Outcome,
                         order: list[int]) -> None:
    """``s``, run, is the Python search ``out`` (states in ``order``): every state at the same index,
    the same counts, first violations, deadlock, witnesses, layers and paths."""
    assert s.complete and s.stop_reason == ""
    assert [s.state(i) for i in range(s.stored)] == order
    assert s.stats()[1:3] == (out.transitions, out.depth)
    found, dead, witnesses, gave_up = s.results()
    assert {pid: (f.index, f.move) for pid, f in found.items()} == python_found(name, out, params)
    deadlocks = {(f.index, f.move) for pid, f in out.found.items() if pid in plan(name, params).checks.deadlock}
    assert ({(dead.index, dead.move)} if dead else set()) == deadlocks
    assert witnesses == out.witnesses
    assert gave_up == out.gave_up == set()
    for i in [f.index for f in found.values()] + list(witnesses.values()) + [len(order) - 1]:
        assert s.path(i) == out.path(i)
    assert s.layers() == layer_starts(out)
    for i in range(1, len(order), max(1, len(order) // 500)):  # stored states' paths: parents and moves
        assert s.path(i) == out.path(i)


@pytest.mark.parametrize("threads", [1, 2, 3])
@pytest.mark.parametrize(("name", "defines", "params", "symmetry"), CASES)
def test_any_thread_count_is_the_python_search(name: str, defines: dict[str, str] | None,
                                               params: dict[str, object], symmetry: bool, threads: int) -> None:
    out, order = python_run(name, params, symmetry)
    with NativeSearch(module(name, defines), symmetry=symmetry, threads=threads) as s:
        s.run()
        assert_python_search(s, name, params, out, order)


@pytest.mark.parametrize("threads", [2, 3])
def test_a_slow_state_changes_nothing(threads: int) -> None:
    """The state of the first violation takes 20 ms to expand (the module sleeps before its checks):
    meanwhile the other threads expand the states after it in its layer, report later violations
    and add their successors first. The result is still the one-thread search's: the new layer is
    put in order when it is done, and a property violated in a layer stays open until the layer
    is done, so that the slow state is checked and its violation, the earliest, kept."""
    params = {"n": 12, "h": 6}
    out, order = python_run("wave", params, False)
    slow = order[out.found[0].index]
    assert out.found[0].index - layer_starts(out)[6] > 100  # late in its layer (924 states)
    with NativeSearch(module("wave", {**wave_defines(12, 6), "WAVE_SLOW": hex(slow)}), symmetry=False,
                      threads=threads) as s:
        s.run()
        assert_python_search(s, "wave", params, out, order)


@pytest.mark.parametrize(("bits", "words", "slot_bytes"), [(64, 1, 8), (121, 2, 8), (129, 3, 4), (202, 4, 4)])
def test_slot_width_by_state_width(bits: int, words: int, slot_bytes: int) -> None:
    """A module's table slots are 8 bytes while its states take at most 2 words, 4 bytes above."""
    info = module("ring", {**ring_defines(4), "RING_BITS": str(bits)}).info
    assert (info.words, info.slot_bytes) == (words, slot_bytes)


@pytest.mark.parametrize("bits", [121, 202])
def test_bytes_per_stored_state_goal(bits: int) -> None:
    """Issue 13's goal, at most 48 bytes a stored state, at the pod model's widths (the default pod,
    the smallest pod with 4 app containers and its monitor bits): everything the search holds (table
    at 1/2 load here, records with one chunk reserved ahead, layers, buffers) over the 2^21 states of
    the ring stored that wide. (8-byte slots at 202 bits would take 52 B.)"""
    with NativeSearch(module("ring", {**ring_defines(21), "RING_BITS": str(bits)}), symmetry=False) as s:
        s.run()
        assert s.stored == 1 << 21
        assert s.stats().memory_bytes / s.stored <= 48


def test_stepper_answers_by_hand() -> None:
    """n = 5: c counts up to 5 and sticks there; quit may come at c = 0 or 1; back returns from 1 to 0."""
    with NativeSearch(module("stepper", {"NN": "5"})) as s:
        s.run()
        found, dead, witnesses, _ = s.results()
        assert s.stats()[:3] == (10, 10, 5)
        assert found[0].move == -1 and len(s.path(found[0].index)) == 5  # below_n fails where c == 5
        assert dead is not None and len(s.path(dead.index)) == 5  # stuck at c == 5, not final
        assert (found[2].index, found[2].move) == (0, 2)  # quit at the start, before any go
        assert [len(s.path(witnesses[j])) for j in (0, 1)] == [1, 5]
        assert s.counts() == (8, 8)  # the monitor bit doubles (Run, 0) and (Done, 0) only


def test_ring_by_hand() -> None:
    """2^n states and n transitions each; with symmetry n + 1 states standing for 2^n."""
    m = module("ring", ring_defines(9))
    with NativeSearch(m, symmetry=False) as s:
        s.run()
        assert s.stats()[:3] == (512, 512 * 9, 9)
        assert s.counts() == (512, 512)
    with NativeSearch(m, symmetry=True) as s:
        s.run()
        assert s.stats()[:3] == (10, 10 * 9, 9)
        assert s.counts() == (10, 512)


@pytest.mark.parametrize("n", [64, 65, 100])
def test_wide_states(n: int) -> None:
    """States of more than one 64-bit word: n toggles, reduced to n + 1 states."""
    out, order = python_run("ring", {"n": n}, True)
    with NativeSearch(module("ring", ring_defines(n))) as s:
        s.run()
        assert [s.state(i) for i in range(s.stored)] == order
        assert s.stats()[:3] == (n + 1, (n + 1) * n, n)
        assert s.counts() == (n + 1, 2 ** n)
        assert s.path(s.results()[2][0]) == out.path(out.witnesses[0])


def test_max_states_stops_where_python_stops() -> None:
    p = plan("ring", {"n": 9}, False)
    out = bfs(p, symmetric=False, keep_layers=True, max_states=100)
    assert out.layers is None  # a stopped search drops its layers: the order comes from a whole run
    _, order = python_run("ring", {"n": 9}, False)
    with NativeSearch(module("ring", ring_defines(9)), symmetry=False, max_states=100) as s:
        s.run()
        assert not s.complete and s.stop_reason == "max-states"
        states = [s.state(i) for i in range(s.stored)]
        assert states == order[:len(states)] and set(states) == out.seen
        assert s.stats()[:3] == (100, out.transitions, out.depth)
    with NativeSearch(module("ring", ring_defines(9)), symmetry=False, max_states=100, threads=2) as s:
        assert s.threads == 1  # a state limit cuts a layer: one thread (lf_new)
        s.run()
        assert [s.state(i) for i in range(s.stored)] == states and s.stop_reason == "max-states"


def test_max_states_keeps_violations_found_before_the_stop() -> None:
    """The stepper's quit violation is found expanding state 0; the deadlock lies beyond the limit."""
    out, _ = python_run("stepper", {"n": 5}, max_states=3)
    with NativeSearch(module("stepper", {"NN": "5"}), max_states=3) as s:
        s.run()
        found, dead, witnesses, _ = s.results()
        assert {p: (f.index, f.move) for p, f in found.items()} == python_found("stepper", out, {"n": 5})
        assert dead is None and witnesses == out.witnesses
        assert s.stats()[:2] == (3, out.transitions)


def test_until_decided_stops_once_everything_is_found() -> None:
    m = module("stepper", {"NN": "12"})
    # the driver closes what has no check in states or steps: the deadlock, reachable and leads-to
    # properties (they are decided through their own flags, or after the search)
    with NativeSearch(m, until_decided=True, closed=(1, 3, 4, 5)) as s:
        s.run()
        assert s.stop_reason == "decided" and not s.complete
        found, dead, witnesses, _ = s.results()
        assert set(found) == {0, 2} and dead is not None and set(witnesses) == {0, 1}
    with NativeSearch(m, until_decided=True, closed=(0, 1, 3, 4, 5, -2), closed_reach=(0, 1)) as s:
        s.run()  # only quit_after_go is left, violated from the initial state
        assert s.stop_reason == "decided" and s.stats().expanded == 1 and set(s.results()[0]) == {2}


def test_closed_properties_are_not_checked() -> None:
    with NativeSearch(module("stepper", {"NN": "5"}), closed=(0, 2, -2), closed_reach=(1,)) as s:
        s.run()
        found, dead, witnesses, _ = s.results()
        assert found == {} and dead is None and set(witnesses) == {0}


def test_memory_budget_stops_the_search() -> None:
    """A budget too small for 2^20 states: the search stops with what it has, inside the budget."""
    budget = 6 << 20
    with NativeSearch(module("ring", ring_defines(20)), symmetry=False, memory_limit=budget) as s:
        s.run()
        assert not s.complete and s.stop_reason == "memory"
        assert 0 < s.stored < 1 << 20 and s.stats().memory_bytes <= budget
        assert s.counts() == (s.stored, s.stored)  # no monitors: counting allocates nothing


def test_budget_too_small_to_start() -> None:
    from lifecycle_fsm.native.engine import NativeError

    with pytest.raises(NativeError):
        NativeSearch(module("ring", ring_defines(4)), memory_limit=1000)


def test_slices_progress_and_should_stop() -> None:
    calls: list[tuple[int, int, int, float]] = []

    def progress(states: int, transitions: int, depth: int, seconds: float) -> None:
        calls.append((states, transitions, depth, seconds))

    with NativeSearch(module("ring", ring_defines(20)), symmetry=False) as s:
        s.run(progress=progress, should_stop=lambda: len(calls) >= 2, slice_seconds=0.001)
        assert s.stop_reason == "interrupted" and not s.complete
        assert len(calls) == 2 and calls[0][0] <= calls[1][0] < 1 << 20
        assert s.stored == calls[1][0]
        s.run()  # resumes where it stopped
        assert s.stored == 1 << 20 and s.stats().transitions == 20 << 20


def test_keyboard_interrupt_between_slices() -> None:
    def progress(states: int, transitions: int, depth: int, seconds: float) -> None:
        raise KeyboardInterrupt

    with NativeSearch(module("ring", ring_defines(20)), symmetry=False, threads=2) as s:
        s.run(progress=progress, slice_seconds=0.001)
        assert s.stop_reason == "interrupted" and 0 < s.stored < 1 << 20


BROKEN = """
#define LF_WORDS 1
#define LF_BITS 2
#define LF_NMOVES 1
#define LF_NPROPS 0
#include "lf_runtime.h"
static const lf_word lf_model_mask[1] = {3};
static const lf_move_info lf_model_moves[1] = {{0, -1, -1, -1}};
static void lf_model_init(lf_word *s) { (void)s; }
static int lf_model_final(const lf_word *s) { (void)s; return 1; }
static int lf_model_pred(int k, const lf_word *s) { (void)k; (void)s; return 2; }
static void lf_model_expand(lf_ctx *X, const lf_word *s) {  /* two successors from one move */
    lf_word n[1] = {(s[0] + 1) & 3};
    lf_succ(X, 0, n);
    n[0] = (s[0] + 2) & 3;
    lf_succ(X, 0, n);
}
#include "lf_engine.c"
"""


@pytest.mark.parametrize("threads", [1, 2])
def test_a_module_breaking_the_abi_stops_the_search(threads: int) -> None:
    from lifecycle_fsm.native.build import load_module
    from lifecycle_fsm.native.engine import NativeError, NativeModule

    with NativeSearch(NativeModule(load_module(BROKEN, opt="-O0").lib), threads=threads) as s, \
            pytest.raises(NativeError, match="more successors than moves"):
        s.run()
