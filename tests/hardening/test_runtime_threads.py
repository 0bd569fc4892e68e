"""The runtime shared by threads (issue 11): one system, many threads, no step lost or mixed.

Each system has a lock: a step (with its receivers and host callbacks), a tick, ``advance``,
``may_*`` and ``snapshot`` are atomic with respect to other threads, and ``signals`` is what
the calling thread's own last step emitted. Before, 8 threads lost dozens of 40,000 sends and
read thousands of other threads' ``signals``. Both engines: a generated module and the
in-process runtime.
"""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from lifecycle_fsm import compile_source, runtime
from lifecycle_fsm.backends import Options
from lifecycle_fsm.backends.emit import emit

THREADS, SENDS = 8, 5000
SPEC = f"""\
machine Sender {{
  input go
  signal S
  initial state A
  A -> A on go do emit S, send ping to r
}}
machine Counter {{
  var n: 0..{THREADS * SENDS} = 0
  receive ping
  signal Got
  initial state X
  X -> X on ping do n = n + 1, emit Got
}}
system Sys {{ instance s[{THREADS}]: Sender  instance r: Counter }}
"""


@pytest.fixture
def busy_switching() -> Iterator[None]:
    """Switch threads as often as the interpreter can: races that hide at 5 ms show at once."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def generated() -> runtime.LfsmSystem:
    model = compile_source(SPEC, "threads.lfsm")
    (f,) = [f for f in emit(model, Options(spec_path="threads.lfsm"), ("python",)) if f.path.endswith("sys.py")]
    mod = types.ModuleType("threads_generated")
    sys.modules[mod.__name__] = mod
    exec(compile(f.text, f.path, "exec"), mod.__dict__)
    system: runtime.LfsmSystem = mod.Sys()
    return system


def in_process(tmp: Path) -> runtime.LfsmSystem:
    (tmp / "threads.lfsm").write_text(SPEC, encoding="utf-8")
    return runtime.load(tmp / "threads.lfsm")


@pytest.mark.usefixtures("busy_switching")
@pytest.mark.parametrize("engine", ["generated", "runtime"])
def test_eight_threads_lose_no_send_and_read_their_own_signals(engine: str, tmp_path: Path) -> None:
    pod = generated() if engine == "generated" else in_process(tmp_path)
    wrong: list[object] = []
    start = threading.Barrier(THREADS)

    def sender(i: int) -> None:
        me = f"s[{i}]"
        start.wait()
        for _ in range(SENDS):
            pod.trigger(me, "go")
            if pod.signals != ((me, "S"), ("r", "Got")):
                wrong.append(pod.signals)

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert pod.snapshot()["r"]["n"] == THREADS * SENDS
    assert wrong == []


@pytest.mark.usefixtures("busy_switching")
def test_callbacks_run_inside_the_step_and_may_trigger_more(tmp_path: Path) -> None:
    (tmp_path / "threads.lfsm").write_text(SPEC, encoding="utf-8")
    got: list[str] = []
    pod: runtime.LfsmSystem

    def on_signal(instance: str, signal: str) -> None:
        got.append(f"{instance}.{signal}")
        if signal == "S" and instance == "s[0]" and len(got) < 4:
            pod.trigger("s[1]", "go")  # re-entrant: the same thread holds the lock

    pod = runtime.load(tmp_path / "threads.lfsm", on_signal=on_signal)
    pod.trigger("s[0]", "go")
    assert got == ["s[0].S", "s[1].S", "r.Got", "r.Got"]  # s[1]'s step ran whole inside s[0]'s callbacks
    assert pod.snapshot()["r"]["n"] == 2
