"""The native engine's memory (issue 13, "Bad input and limits"): every allocation that grows with
the model or the search is counted against the runtime's budget, the budget is what the memory
bound leaves the process, and every search a check runs is freed when the check is done (by
close, not by the collector), so that a sweep worker running check after check does not grow.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from native_harness import module, ring_defines

from lifecycle_fsm import compile_source
from lifecycle_fsm.checker.api import check_model
from lifecycle_fsm.checker.memory import MemoryBound, current_usage
from lifecycle_fsm.native.engine import NativeSearch, open_searches
from lifecycle_fsm.native.run import NativeEngine, budget

SPECS = Path(__file__).parent / "specs"

BIG = """\
machine Big {
  var a: 0..99999 = 0
  var b: 0..99999 = 0
  var c: 0..99999 = 0
  input ia, ib, ic
  initial state S
  S -> S on ia do a = (a + 1) % 100000
  S -> S on ib do b = (b + 1) % 100000
  S -> S on ic do c = (c + 1) % 100000
  property sane: invariant a + b + c >= 0
}
"""


def test_successor_buffers_are_counted() -> None:
    """The runtime's count includes each thread's successor buffers (state words, move ids, hashes,
    graph nodes: LF_NMOVES of each, in each of the thread's ``batch`` contexts), not only the table
    and the records."""
    m = module("ring", ring_defines(4))
    assert m.info.batch == 8  # small buffers: a batch of 8 states a thread
    buffers = m.info.batch * m.info.moves * (8 * m.info.words + 2 + 8 + 4)
    with NativeSearch(m, threads=1) as one, NativeSearch(m, threads=2) as two:
        assert two.stats().memory_bytes - one.stats().memory_bytes == buffers
        assert one.stats().memory_bytes > buffers


def test_budget_is_the_bound_less_what_the_process_holds() -> None:
    rss, _ = current_usage()
    assert abs(budget(MemoryBound(rss + (64 << 20), None)) - (64 << 20)) < 16 << 20
    assert budget(MemoryBound(rss // 2, None)) == 1  # already over: the runtime cannot start
    assert budget(MemoryBound(None, None)) == 0  # --max-memory 0 and no ulimit: no budget
    assert budget(None) is None  # the runtime's default


def test_checks_in_a_row_free_their_stores() -> None:
    """Five native checks in one process: after each, no search is left open and none was left to
    the collector; by the runtime's own accounting each held its store while it ran."""
    model = compile_source(BIG.replace("99999", "99"), "small.lfsm")  # 10^6 states
    held: list[int] = []
    real = NativeEngine(lambda text: None)

    def engine(*args: Any, **kw: Any) -> Any:
        out = real(*args, **kw)
        held.append(open_searches()[1])
        return out

    collected = open_searches()[2]
    for _ in range(5):
        r = check_model(model, search=engine)
        assert r.complete and r.states == 100 ** 3
        assert open_searches() == (0, 0, collected)
    assert len(held) == 5 and min(held) > 10 * 100 ** 3  # 10^6 states of at least 10 bytes each


def run_big(tmp: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], Any]:
    spec = tmp / "big.lfsm"
    spec.write_text(BIG, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "lifecycle_fsm", "check", str(spec), "--json", str(tmp / "r.json"),
                          *args], capture_output=True, text=True, timeout=600)
    return out, json.loads((tmp / "r.json").read_text(encoding="utf-8"))


def test_native_search_stops_at_the_bound_with_a_partial_result(tmp_path: Path) -> None:
    """10^15 states under --max-memory 200M: the native search itself (no fallback note) stops with
    exit 3 and what it found."""
    out, data = run_big(tmp_path, "--engine", "native", "--max-memory", "200M")
    assert out.returncode == 3, out.stderr[-2000:]
    assert "note:" not in out.stderr and "Traceback" not in out.stderr
    assert "stopped at the memory bound (--max-memory 200.0 MiB)" in out.stderr
    run = data["runs"][0]
    assert run["complete"] is False and run["stop_reason"] == "memory"
    assert run["statistics"]["states"] > 1_000_000
    # (no test of peak_memory_bytes: Linux keeps ru_maxrss across fork + exec, so a child of a
    # large pytest process reports the parent's size)
