"""Every user-facing message of `check --sweep` and `lifefsm mutate`, one function per message."""

from __future__ import annotations


def empty_axis(name: str, raw: str) -> str:
    return f"-D {name}={raw} leaves no value of '{name}' to sweep"


def group_too_large(names: list[str], limit: int) -> str:
    return (f"the constraints over {', '.join(repr(n) for n in names)} combine more than {limit:,} values; "
            "fix some of these parameters with -D")


def bad_level(text: str) -> str:
    return f"--sweep expects pairwise, 3wise, full, auto or a strength N >= 1, got '{text}'"


def bad_jobs(n: int) -> str:
    return f"--jobs must be at least 1, got {n}"


def no_valid_configuration() -> str:
    return "no configuration satisfies the parameter constraints (with these -D options)"


def sweep_and_all_params() -> str:
    return "--sweep and --all-params cannot be combined (--sweep full checks the whole product)"


def unknown_operator(name: str, known: list[str]) -> str:
    return f"unknown mutation operator '{name}'; the operators are {', '.join(known)}"


def bad_max_mutants(n: int) -> str:
    return f"--max-mutants must be at least 1, got {n}"


def equivalents_line(text: str) -> str:
    return f"expected 'MUTANT-ID  reason' (the reason is required), got '{text}'"


def equivalents_unknown(ident: str) -> str:
    return f"'{ident}' is not a mutant of this spec (the ids changed? run `lifefsm mutate --list`)"


def original_refused(index: int, why: str) -> str:
    return f"the spec itself cannot be checked at configuration #{index}: {why}"


def original_incomplete(index: int, params: str) -> str:
    return (f"the spec itself is not fully explored at configuration #{index} ({params}): mutants are compared "
            "with complete verdicts; raise --max-states or restrict the sweep with -D")


def bad_score(value: float) -> str:
    return f"--min-score must be a percentage between 0 and 100, got {value}"
