"""User-facing messages of the back ends that refuse a model, one function per message.

Conventions as in lifecycle_fsm/messages.py: lower-case start, names from the spec in
single quotes, what was found and what was expected, the fix when there is one.
"""

from __future__ import annotations

INT_BITS = 32


def promela_unsupported(system: str, why: str) -> str:
    return f"system '{system}' cannot be written as Promela: {why}"


def promela_int_range(what: str, lo: int, hi: int, limit: int) -> str:
    return (f"{what} ranges over {lo}..{hi}, but SPIN computes with {INT_BITS}-bit integers "
            f"(-{limit}..{limit}); narrow the range, or check this system with lifefsm alone")


def promela_stored_range(var: str, lo: int, hi: int, limit: int) -> str:
    return (f"variable '{var}' ranges over {lo}..{hi}: SPIN stores it in a {INT_BITS}-bit integer (at most "
            f"{limit}, {lo}..{hi} is stored shifted up to start at 0); narrow its range")


def promela_unbounded(what: str) -> str:
    return f"{what} has no known bounds, so it cannot be shown to fit SPIN's {INT_BITS}-bit integers"


def promela_clock_cap(machine: str, clock: str, cap: int, limit: int) -> str:
    return (f"clock '{machine}.{clock}' is compared with values up to {cap - 1}; SPIN stores clocks in a byte "
            f"(caps up to {limit}); compare it with smaller values")


def promela_too_many_codes(what: str, count: int, limit: int) -> str:
    return f"{what} has {count} values; SPIN stores them in a byte (at most {limit})"


def promela_indexed_send(array: str, size: int, limit: int) -> str:
    return (f"'send ... to {array}[...]' with {size} elements in '{array}': SPIN carries the receiver's index in "
            f"a byte (at most {limit} elements); use a smaller array")


def promela_too_many_processes(count: int, limit: int) -> str:
    return (f"lifefsm [promela-too-many-processes]: the liveness variant needs {count} processes (one per "
            f"instance and fair event); pan allows {limit}")


__all__ = ["promela_unsupported", "promela_int_range", "promela_stored_range", "promela_unbounded",
           "promela_clock_cap", "promela_too_many_codes", "promela_indexed_send", "promela_too_many_processes"]
