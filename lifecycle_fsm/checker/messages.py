"""Every user-facing message of the model checker, one function per message.

The front end keeps its catalogue in lifecycle_fsm/messages.py; the checker's own
wording (model errors found during the search, and the few static limits of the
checker) lives here so that it too can be read and reviewed as a whole.
"""

from __future__ import annotations


def unknown_system(name: str, known: list[str]) -> str:
    return f"no system named '{name}'; the spec defines: {', '.join(known) or 'none'}"


def bad_array_size(name: str, size: object) -> str:
    return f"instance array '{name}' has size {size}; a size must be an integer >= 0"


def clock_vs_clock() -> str:
    return ("the checker cannot compare two clocks (their values saturate at different caps); "
            "compare each with a constant")


def clock_unbounded() -> str:
    return "a clock is compared with a value whose upper bound the checker cannot determine"


def clock_outside_comparison() -> str:
    return "a clock may only be used directly in a comparison (t >= grace), not inside another expression"


def dynamic_event_index() -> str:
    return "the index of an instance in an event reference must be constant (literals, parameters)"


def event_index_out_of_range(array: str, index: int, size: int) -> str:
    return f"event reference '{array}[{index}]' is out of bounds: '{array}' has {size} element(s)"


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


def index_out_of_bounds(array: str, index: object, size: int) -> str:
    return f"index {index} is out of bounds for '{array}' (size {size})"

