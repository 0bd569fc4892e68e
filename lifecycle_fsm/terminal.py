"""What a long run shows on a terminal and how it stops: the progress line, and Ctrl-C during a search.

Shared by every command that runs the checker (check, its sweeps, mutate): a one-line
status on standard error, shown only on a terminal and only once a run has lasted a
second; and an ``Interrupt`` guard that lets the search finish the slice it is in before
it stops (its generated code may be updating the visited set).
"""

from __future__ import annotations

import signal
import sys
from types import FrameType
from typing import Any


class Interrupt:
    """SIGINT during a run: raise KeyboardInterrupt at once, except inside the search's generated
    code, which may be mid-update of the visited set: there only a flag is set, which the search
    reads after its slice (a few milliseconds). A second Ctrl-C raises at once wherever it lands."""

    def __init__(self) -> None:
        self.flag = False
        self.previous: Any = None

    def __enter__(self) -> Interrupt:
        try:
            self.previous = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread
            self.previous = None
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        searching = frame is not None and frame.f_code.co_filename.startswith("<lifefsm ")
        if self.flag or not searching:
            self.flag = True
            raise KeyboardInterrupt
        self.flag = True

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


class ProgressLine:
    """A one-line status on a terminal, shown once a run has taken more than a second."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.shown = False
        self.last = 0.0

    def __call__(self, states: int, transitions: int, depth: int, seconds: float) -> None:
        if not self.enabled or seconds < 1.0 or seconds - self.last < 0.2:
            return
        self.last = seconds
        rate = states / seconds if seconds else 0.0
        self.show(f"{states:,} states, {transitions:,} transitions, depth {depth}, {rate:,.0f} states/s, "
                  f"{seconds:.1f} s")

    def show(self, text: str) -> None:
        """Write ``text`` on the status line (cleared by ``clear``)."""
        if self.enabled:
            sys.stderr.write("\r\033[K  " + text)
            sys.stderr.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.shown = False


__all__ = ["Interrupt", "ProgressLine"]
