"""The CPUs this process may run on: the one count behind ``check --threads`` (the native search's
threads), ``--sweep``'s worker processes and the native build's choice of a split compile."""

from __future__ import annotations

import os


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity: a container or ``taskset`` may give it fewer
    than the machine has), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)
