"""Every user-facing message of `lifefsm pod`, one function per code.

Same conventions as lifecycle_fsm/messages.py: lower-case start, names from the
manifest in single quotes, say what was found and what was expected, suggest the
fix when there is one. Bad input (exit 2) comes first, then the findings.
"""

from __future__ import annotations

from collections.abc import Sequence

# ---- reading files -----------------------------------------------------------------


def file_not_found(path: str) -> str:
    return f"cannot read '{path}': no such file"


def is_a_directory(path: str) -> str:
    return f"cannot read '{path}': it is a directory, expected a YAML manifest (pass the files, e.g. 'dir/*.yaml')"


def file_not_readable(path: str, why: str) -> str:
    return f"cannot read '{path}': {why}"


def file_too_large(size: int | None, limit: int) -> str:
    if size is None:
        return f"manifest is larger than the limit of {limit:,} bytes"
    return f"manifest is {size:,} bytes; the limit is {limit:,} bytes"


def nul_byte() -> str:
    return "NUL byte in the manifest: this looks like a binary file, expected UTF-8 YAML"


def not_utf8(byte: int) -> str:
    return f"byte 0x{byte:02x} is not valid UTF-8: manifests must be UTF-8 text"


def utf16() -> str:
    return "the manifest is UTF-16 or UTF-32 text (it starts with a byte order mark): save it as UTF-8"


def stdout_twice() -> str:
    return "--json - and --sarif - cannot both write to standard output; give one of them a file name"


def stdin_twice() -> str:
    return "'-' (standard input) can be read only once"


# ---- YAML --------------------------------------------------------------------------


def yaml_syntax(problem: str) -> str:
    return f"invalid YAML: {problem}"


def yaml_syntax_context(context: str) -> str:
    return f"{context} (started here)"


def yaml_bad_character(ch: str) -> str:
    return f"invalid YAML: character U+{ord(ch):04X} is not allowed in a YAML stream"


def yaml_too_deep(limit: int) -> str:
    return f"YAML nodes nest more than {limit} levels deep; a Kubernetes manifest needs far fewer"


def yaml_alias_bomb(nodes: int, limit: int) -> str:
    return (f"aliases expand this document to more than {limit:,} nodes ({nodes:,} so far): refusing a possible "
            "'billion laughs' document")


def yaml_undefined_alias(name: str) -> str:
    return f"alias '*{name}' refers to no anchor defined before it"


def yaml_recursive_alias(name: str) -> str:
    return f"alias '*{name}' refers to the node that contains it: a recursive structure is not JSON"


def yaml_complex_key() -> str:
    return "mapping keys must be strings; Kubernetes objects are JSON, whose keys are strings"


def yaml_bad_merge() -> str:
    return "the merge key '<<' needs a mapping or a list of mappings"


def duplicate_key(key: str) -> str:
    return f"duplicate key '{key}': the API server rejects duplicate fields (kubectl's default strict validation)"


def first_key_here(key: str) -> str:
    return f"'{key}' was first given here"


# ---- objects and fields ---------------------------------------------------------------


def not_an_object(found: str) -> str:
    return f"a manifest document must be a mapping with 'apiVersion' and 'kind', found {found}"


def missing_kind_or_version(missing: str, present: str) -> str:
    return f"the object has '{present}' but no '{missing}': every Kubernetes object needs both"


def unknown_field(field: str, where: str, suggestion: str | None) -> str:
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    return f"unknown field '{field}' in {where}{hint} (the API server rejects it under strict field validation)"


def wrong_type(field: str, expected: str, found: str) -> str:
    return f"'{field}' must be {expected}, found {found}"


def missing_field(field: str, where: str, why: str) -> str:
    return f"{where} has no '{field}': {why}"


def bad_enum(field: str, value: str, allowed: Sequence[str]) -> str:
    return f"'{field}' is '{value}'; expected one of {', '.join(allowed)}"


def negative(field: str, value: int) -> str:
    return f"'{field}' is {value}; it must not be negative"


def not_positive(field: str, value: int) -> str:
    return f"'{field}' is {value}; it must be at least 1"


def handler_count(where: str, kinds: Sequence[str], allowed: Sequence[str]) -> str:
    if not kinds:
        return f"{where} names no handler: expected exactly one of {', '.join(allowed)}"
    return f"{where} names {len(kinds)} handlers ({', '.join(kinds)}); expected exactly one of {', '.join(allowed)}"


def empty_command(where: str) -> str:
    return f"{where} has an empty 'command': the exec handler needs the program to run"


# ---- notes ---------------------------------------------------------------------------


def skipped_kind(kind: str, name: str) -> str:
    return f"skipped {kind} '{name}': not a Pod or an object with a pod template"


def skipped_version(kind: str, name: str, version: str, expected: str) -> str:
    return f"skipped {kind} '{name}': apiVersion '{version}' is not read (expected '{expected}')"


def skipped_not_object() -> str:
    return "skipped a document without 'apiVersion' and 'kind': not a Kubernetes object"


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


def init_container_lifecycle(field: str, name: str) -> str:
    return (f"'{field}' on the regular init container '{name}': the API server rejects the pod (only sidecars, "
            "init containers with restartPolicy: Always, may have hooks and probes)")


def duration_unknown(hook: str, what: str) -> str:
    return (f"the duration of this {hook} handler cannot be read from the manifest: {what}; "
            "lifefsm takes it as any duration, from instant to never returning")


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


def duplicate_container_name(name: str) -> str:
    return (f"container name '{name}' is used twice: the API server rejects the pod "
            "(names are unique across init and app containers)")


def probe_grace_readiness() -> str:
    return ("readinessProbe.terminationGracePeriodSeconds is set: the API server rejects it "
            "(a readiness failure never kills the container)")


def probe_grace_not_positive(probe: str, value: int) -> str:
    return f"{probe}.terminationGracePeriodSeconds is {value}: the API server rejects it (it must be at least 1)"
