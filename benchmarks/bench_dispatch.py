"""Per-event dispatch: the generated machine against a hand-written ``transitions.Machine``.

Both machines have the same states and transitions, the same guards and effects
(a guard reading a variable, an assignment with a range check, a signal); the
hand-written one is the plain ``transitions`` idiom (model methods named in
``conditions``/``before``, triggers bound on the model). Both run the same event
sequence in the same process, interleaved, best of several rounds. Goal: the
generated machine within 1.1x of the hand-written one.

    python benchmarks/bench_dispatch.py [--events 60000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import sys
import time
import types
from pathlib import Path
from typing import Any

from transitions import Machine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lifecycle_fsm import compile_source  # noqa: E402
from lifecycle_fsm.backends import Options  # noqa: E402
from lifecycle_fsm.backends.emit import emit  # noqa: E402

SPEC = """
machine Worker {
  var n: 0..999 = 0
  var busy: bool = false
  input start, stop, probe
  signal Started
  initial state Idle
  state Running
  Idle -> Running on start when not busy do n = (n + 1) % 1000, emit Started
  Running -> Running on probe when n >= 0
  Running -> Idle on stop do busy = false
}
"""
CYCLE = ("start", "probe", "stop")


class HandWritten:
    """What a programmer would write with transitions for the same machine."""

    def __init__(self) -> None:
        self.n = 0
        self.busy = False
        self.signals: list[str] = []
        self.machine = Machine(model=self, states=["Idle", "Running"], initial="Idle", auto_transitions=False,
                               transitions=[
                                   {"trigger": "start", "source": "Idle", "dest": "Running",
                                    "conditions": "can_start", "before": "on_start"},
                                   {"trigger": "probe", "source": "Running", "dest": "Running",
                                    "conditions": "can_probe"},
                                   {"trigger": "stop", "source": "Running", "dest": "Idle", "before": "on_stop"},
                               ])

    def can_start(self) -> bool:
        return not self.busy

    def on_start(self) -> None:
        v = (self.n + 1) % 1000
        if not 0 <= v <= 999:
            raise ValueError(v)
        self.n = v
        self.signals.append("Started")

    def can_probe(self) -> bool:
        return self.n >= 0

    def on_stop(self) -> None:
        self.busy = False


def generated_system() -> Any:
    model = compile_source(SPEC, "worker.lfsm")
    (f,) = [f for f in emit(model, Options(spec_path="worker.lfsm"), ("python",)) if f.path.endswith("worker.py")]
    mod = types.ModuleType("worker_generated")
    sys.modules[mod.__name__] = mod
    exec(compile(f.text, f.path, "exec"), mod.__dict__)
    return mod.WorkerSystem(clock=mod.VirtualClock())


def run(triggers: list[Any], n: int) -> float:
    """Seconds for ``n`` events cycling through ``triggers`` (bound methods)."""
    k = len(triggers)
    loops = n // k
    start = time.perf_counter()
    for _ in range(loops):
        for t in triggers:
            t()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=60_000)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    gen = generated_system().Worker
    hand = HandWritten()
    gen_triggers = [getattr(gen, e) for e in CYCLE]
    hand_triggers = [getattr(hand, e) for e in CYCLE]
    run(gen_triggers, 3000)
    run(hand_triggers, 3000)
    best_gen = best_hand = float("inf")
    for _ in range(args.rounds):
        best_hand = min(best_hand, run(hand_triggers, args.events))
        best_gen = min(best_gen, run(gen_triggers, args.events))
        hand.signals.clear()
    assert gen.state == hand.state == "Idle" and gen.n == hand.n
    n = args.events // len(CYCLE) * len(CYCLE)
    us_gen, us_hand = best_gen / n * 1e6, best_hand / n * 1e6
    print(f"hand-written transitions.Machine: {us_hand:6.2f} us/event")
    print(f"generated lifefsm machine:        {us_gen:6.2f} us/event")
    print(f"ratio generated / hand-written:   {us_gen / us_hand:6.3f}x  (goal <= 1.1x)")


if __name__ == "__main__":
    main()
