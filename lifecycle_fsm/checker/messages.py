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


# ---- the native engine: one-line notices, after which the Python engine runs ---------------


def native_no_compiler() -> str:
    return "no C compiler found (set CC or install cc/gcc); using the Python engine"


def native_compiler_broken(compiler: str, why: str) -> str:
    return f"the C compiler '{compiler}' does not work ({why}); using the Python engine"


def native_compile_failed(compiler: str, status: int, first_line: str) -> str:
    return f"'{compiler}' failed to compile the native checker (exit {status}: {first_line}); using the Python engine"


def native_compiler_crashed(compiler: str, signal: int) -> str:
    return f"'{compiler}' crashed (signal {signal}) compiling the native checker; using the Python engine"


def native_compiler_timeout(compiler: str, seconds: float) -> str:
    return f"'{compiler}' took more than {seconds:g} s to compile the native checker; using the Python engine"


def native_no_cache(directory: str, why: str) -> str:
    return f"cannot cache the native checker in {directory} ({why}); it is compiled for this run only"


def native_build_failed(why: str) -> str:
    return f"cannot build the native checker ({why}); using the Python engine"


def native_load_failed(why: str) -> str:
    return f"cannot load the native checker ({why}); using the Python engine"


def native_too_wide(what: str) -> str:
    return f"the model is too wide for the native checker ({what}); using the Python engine"


def native_failed(why: str) -> str:
    return f"the native checker could not run this model ({why}); using the Python engine"
