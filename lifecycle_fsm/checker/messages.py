"""Every user-facing message of the model checker, one function per message.

The front end keeps its catalogue in lifecycle_fsm/messages.py and instantiation its own
(lifecycle_fsm/instantiate/messages.py: unknown systems, array sizes, clock uses, event
references); the checker's own wording (model errors found during the search, and the few
options of a run) lives here so that it too can be read and reviewed as a whole.
"""

from __future__ import annotations


def unknown_property(name: str, known: list[str]) -> str:
    return f"no property named '{name}'; the system has: {', '.join(known) or 'none'}"


def bad_max_states(n: int) -> str:
    return bad_count("--max-states", n)


def bad_count(option: str, n: int) -> str:
    return f"{option} must be at least 1, got {n}"


def too_many_runs(runs: int, systems: int, limit: int) -> str:
    per = f" ({systems} systems)" if systems > 1 else ""
    return (f"--all-params would check {runs:,} runs{per}, more than --max-runs {limit:,}; fix some parameters "
            f"with -D NAME=VALUE, choose a --system, or raise --max-runs")


# ---- model errors found during the search -------------------------------------------------


def out_of_range(var: str, value: object, lo: int, hi: int) -> str:
    return f"assigns {var} = {value}, outside its range {lo}..{hi}"


