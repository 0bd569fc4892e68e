"""Every user-facing message of instantiation (binding a system to parameter values), one function per message.

Conventions as in lifecycle_fsm/messages.py: lower-case start, names from the spec in single
quotes, what was found and what was expected, the fix when there is one.
"""

from __future__ import annotations


def unknown_system(name: str, known: list[str]) -> str:
    return f"no system named '{name}'; the spec defines: {', '.join(known) or 'none'}"


def no_system() -> str:
    return "the spec defines no system and no machine to run as one"


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


def index_out_of_bounds(array: str, index: object, size: int) -> str:
    return f"index {index} is out of bounds for '{array}' (size {size})"


def self_outside_machine() -> str:
    return "self outside a machine"
