"""Every user-facing message of `lifefsm pod`, one function per code.

Same conventions as lifecycle_fsm/messages.py: lower-case start, names from the
manifest in single quotes, say what was found and what was expected, suggest the
fix when there is one. Bad input (exit 2) comes first, then the findings.
"""

from __future__ import annotations

from collections.abc import Sequence

# ---- reading files -----------------------------------------------------------------


def file_too_large(size: int | None, limit: int) -> str:
    if size is None:
        return f"manifest is larger than the limit of {limit:,} bytes"
    return f"manifest is {size:,} bytes; the limit is {limit:,} bytes"


# ---- YAML --------------------------------------------------------------------------


def yaml_bad_character(ch: str) -> str:
    return f"invalid YAML: character U+{ord(ch):04X} is not allowed in a YAML stream"


# ---- objects and fields ---------------------------------------------------------------


def unknown_field(field: str, where: str, suggestion: str | None) -> str:
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    return f"unknown field '{field}' in {where}{hint} (the API server rejects it under strict field validation)"


def bad_enum(field: str, value: str, allowed: Sequence[str]) -> str:
    return f"'{field}' is '{value}'; expected one of {', '.join(allowed)}"


def handler_count(where: str, kinds: Sequence[str], allowed: Sequence[str]) -> str:
    if not kinds:
        return f"{where} names no handler: expected exactly one of {', '.join(allowed)}"
    return f"{where} names {len(kinds)} handlers ({', '.join(kinds)}); expected exactly one of {', '.join(allowed)}"


# ---- notes ---------------------------------------------------------------------------


# ---- findings (configuration facts) --------------------------------------------------


def sh_c_arguments(shell: str, script: str, ignored: Sequence[str], fails: bool) -> str:
    extra = " ".join(ignored)
    if fails:
        return (f"'{shell} -c' runs only '{script}' and passes '{extra}' as $0...: '{script}' gets no operand "
                f"and fails at once; write the whole command as one argument: ['{shell}', '-c', '{script} {extra}']")
    return (f"'{shell} -c' runs only '{script}' and passes '{extra}' as $0...: the extra arguments are ignored; "
            f"write the whole command as one argument: ['{shell}', '-c', '{script} {extra}']")


def tcpsocket_hook(hook: str) -> str:
    if hook == "postStart":
        return ("postStart uses 'tcpSocket', which the kubelet does not run for hooks: the hook fails every time, "
                "so the container is killed after each start and never becomes Running; use exec, httpGet or sleep")
    return ("preStop uses 'tcpSocket', which the kubelet does not run for hooks: the hook fails at once "
            "(FailedPreStopHook) and TERM follows immediately; use exec, httpGet or sleep")


def sleep_exceeds_grace(seconds: int, grace: int, defaulted: bool) -> str:
    which = "the default terminationGracePeriodSeconds" if defaulted else "terminationGracePeriodSeconds"
    return (f"the sleep action waits {seconds} s, more than {which} ({grace} s): the API server rejects the pod "
            f"(sleep.seconds must be <= the grace period)")


def grace_here(grace: int, defaulted: bool) -> str:
    return f"grace period {grace} s {'(the default: not set in the manifest)' if defaulted else 'set here'}"


def prestop_stops_main(command: str, waits: bool) -> str:
    if waits:
        return (f"preStop runs '{command}' and waits for the process to go: the container stops inside its own "
                "hook, the hook is reported failed (FailedPreStopHook) and the TERM that follows has nothing to stop")
    return (f"preStop runs '{command}', which stops the main process and returns at once: the kubelet sends TERM "
            "right after it, while the process may still be stopping gracefully")


def restart_policy_not_allowed(kind: str, policy: str, allowed: Sequence[str], defaulted: bool) -> str:
    shown = f"'{policy}' (the default)" if defaulted else f"'{policy}'"
    return (f"a {kind} pod template with restartPolicy {shown}: the API server rejects it; "
            f"allowed: {', '.join(allowed)}")


