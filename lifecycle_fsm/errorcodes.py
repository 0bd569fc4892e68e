"""Every stable diagnostic code of lifefsm, declared once: its default severity, its area, what it means.

A code is the bracketed word at the end of a diagnostic (``[undefined-state]``),
also written to JSON and SARIF: scripts and editors rely on it, so a code is
added here before anything reports it, and is never renamed. Diagnostics carry
the code as a string; ``Diagnostic`` refuses one that is not declared here when
it is constructed, so a code cannot escape the registry on any path, including
codes computed at run time (a pod finding's rule, a Promela error's kind, an
output error's cause). That was chosen over references to registry entries at
each of the ~90 places that report: the string is what users see and what the
tests compare, and a check at construction covers every path with one line.

``tested_by`` says where a test shows the code, when that is not the error case
``tests/cases/errors/<code>.lfsm``: a golden file that renders it, a test module
that names it, or ``module.py::test`` (tests/test_errorcodes.py checks each).
docs/errors.md lists the registry as a table (``table()``; the same test keeps it
current).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

Severity = Literal["error", "warning", "info"]

AREAS = {
    "files": "reading spec files and their imports (and other input files)",
    "syntax": "parsing a spec",
    "spec": "the checks of a parsed spec (names, types, structure, guards)",
    "parameters": "binding parameter values (-D, the Python API)",
    "checker": "preparing and running the model checker",
    "backends": "generating code and diagrams",
    "outputs": "writing output files",
    "cli": "command-line options",
    "mutate": "lifefsm mutate",
    "pod": "reading Kubernetes manifests (lifefsm pod)",
    "findings": "what lifefsm pod finds in a manifest (docs/pod.md)",
}


@dataclass(frozen=True, slots=True)
class ErrorCode:
    code: str
    severity: Severity  # the default: a pod finding may be raised or lowered by what it finds
    area: str  # a key of AREAS
    description: str  # one line: what is wrong
    tested_by: str = ""  # see the module docstring; empty: tests/cases/errors/<code>.lfsm


E: Severity = "error"
W: Severity = "warning"
INFO: Severity = "info"
BAD_INPUT = "tests/frontend/golden/bad_input"
ERRORS = "tests/cases/errors"
MANIFESTS = "tests/data/manifests"
BAD_YAML = "tests/data/manifests/bad"


def _area(area: str, rows: list[tuple[str, ...]]) -> list[ErrorCode]:
    """The codes of ``area``: rows ``(code, meaning[, tested_by])``, errors all; for the findings, whose
    severities differ, ``(code, severity, meaning, tested_by)``."""
    assert area in AREAS, f"unknown area '{area}'"
    if area == "findings":
        return [ErrorCode(code, cast(Severity, severity), area, meaning, tested)
                for code, severity, meaning, tested in rows]
    return [ErrorCode(row[0], "error", area, *row[1:]) for row in rows]


def _registry(*codes: ErrorCode) -> dict[str, ErrorCode]:
    out: dict[str, ErrorCode] = {}
    for c in codes:
        assert c.code not in out, f"diagnostic code '{c.code}' is declared twice"
        assert c.area in AREAS, f"diagnostic code '{c.code}': unknown area '{c.area}'"
        out[c.code] = c
    return out


CODES: dict[str, ErrorCode] = _registry(
    *_area("files", [
        ("file-not-found", "a file to read does not exist", f"{BAD_INPUT}/missing.expected"),
        ("is-a-directory", "a file to read is a directory", f"{BAD_INPUT}/directory.expected"),
        ("not-a-regular-file", "a file to read is a device, FIFO or socket", f"{BAD_INPUT}/fifo.expected"),
        ("not-a-spec-file", "a spec file's name (or the name a link leads to) does not end in .lfsm",
                            f"{BAD_INPUT}/not-named-lfsm.expected"),
        ("file-not-readable", "a file cannot be read (permissions, a name too long, ...)",
                              f"{BAD_INPUT}/name-too-long.expected"),
        ("file-too-large", "a file, or a spec with its imports, is larger than the limit",
                           f"{BAD_INPUT}/ten-megabytes.expected"),
        ("not-utf8", "a file is not UTF-8 text", f"{BAD_INPUT}/latin1.expected"),
        ("nul-byte", "a file holds a NUL byte (a binary file)", f"{BAD_INPUT}/binary.expected"),
        ("empty-file", "a spec file holds nothing but blanks and comments"),
        ("import-not-found", "an import names no spec file"),
        ("import-cycle", "a file imports itself, directly or through others"),
    ]),
    *_area("syntax", [
        ("syntax-error", "the text does not follow the grammar", f"{ERRORS}/syntax-error-unexpected-token.expected"),
        ("unexpected-end", "the text ends inside a declaration or an open bracket",
                           f"{ERRORS}/unexpected-end-unclosed.expected"),
        ("unexpected-character", "a character that cannot start any token"),
        ("non-ascii-character", "a non-ASCII character outside strings and comments"),
        ("unterminated-comment", "a /* comment that is never closed"),
        ("unterminated-string", "a string that is not closed on its line"),
        ("name-too-long", "a name longer than the limit"),
        ("integer-too-large", "an integer (written or folded) beyond the limit"),
        ("nesting-too-deep", "brackets, states or definitions nested deeper than the limit",
                             f"{ERRORS}/nesting-too-deep-definitions.expected"),
    ]),
    *_area("spec", [
        ("duplicate-definition", "a name declared twice where names must be unique"),
        ("reserved-name", "a name that is a keyword or would collide in generated code"),
        ("undefined-name", "a name that is not declared where it is read"),
        ("undefined-state", "a state that the machine does not declare"),
        ("undefined-event", "an event that the machine does not declare"),
        ("undefined-machine", "an instance of a machine that is not declared"),
        ("undefined-type", "a type name that is not declared"),
        ("ambiguous-name", "an enum member declared by several types, used unqualified"),
        ("type-mismatch", "an expression of the wrong type"),
        ("value-out-of-range", "a value outside its declared range"),
        ("empty-range", "a range whose lower bound exceeds its upper bound"),
        ("clock-arithmetic", "arithmetic on a clock"),
        ("not-constant", "an expression that must be fixed by parameters and constants is not"),
        ("invalid-constant", "a constant expression that cannot be evaluated (division by zero)"),
        ("recursive-definition", "a constant or definition that reads itself"),
        ("definition-too-large", "a definition whose inlined form exceeds the limit"),
        ("self-outside-machine", "'self' outside a machine"),
        ("missing-initial-state", "a machine or composite state without an initial state"),
        ("multiple-initial-states", "more than one initial state among siblings"),
        ("duplicate-modifier", "a state modifier written twice"),
        ("final-state-has-children", "a final state with sub-states"),
        ("transition-from-final", "a transition out of a final state"),
        ("unreachable-state", "a state no transition leads to from the initial state"),
        ("invalid-fairness", "a fairness mark on an event that cannot be fair"),
        ("wrong-event-kind", "an event used against its kind (a signal as a trigger, ...)"),
        ("not-assignable", "an assignment to something that is not a variable"),
        ("not-a-clock", "a reset of something that is not a clock"),
        ("duplicate-assignment", "one variable assigned twice by one transition"),
        ("duplicate-transition", "a transition written twice"),
        ("overlapping-guards", "two transitions on one event can be enabled in one state"),
        ("guard-overlap-undecided", "whether two guards overlap is too costly to decide"),
        ("send-in-receiver", "a send in a transition triggered by a received event"),
        ("invalid-send-target", "a send to self, to a whole array with 'to one', ..."),
        ("empty-system", "a system without instances"),
        ("missing-argument", "a machine parameter without a default gets no argument"),
        ("unknown-argument", "an argument for a parameter the machine does not declare"),
        ("system-dependent-machine", "a machine whose code means different things in two systems"),
        ("bad-citation", "a property citation that is not a guarantee id (G12)"),
        ("default-violates-constraint", "the parameters' defaults violate a 'require'"),
    ]),
    *_area("parameters", [
        ("unknown-parameter", "a value for a parameter the spec does not declare",
                              f"{BAD_INPUT}/unknown-parameter.expected"),
        ("bad-parameter-value", "a parameter value that is not of the parameter's type",
                                f"{BAD_INPUT}/bad-parameter-value.expected"),
        ("parameter-out-of-range", "a parameter value outside its range",
                                   f"{BAD_INPUT}/parameter-out-of-range.expected"),
        ("constraint-violated", "parameter values that violate a 'require'",
                                "tests/frontend/golden/constraints/constraint-violated.expected"),
    ]),
    *_area("checker", [
        ("unknown-system", "a system name the spec does not declare", "tests/checker/test_command.py"),
        ("unknown-property", "a property name the spec does not declare", "tests/checker/test_command.py"),
        ("bad-array-size", "an instance array whose size is negative at the bound parameters",
                           "tests/test_errorcodes.py::test_bad_array_size"),
        ("too-many-instances", "more instances than the checker supports", "tests/hardening/test_checker_crashes.py"),
        ("bad-initial-value", "an initial value outside its variable's range at the bound values"),
        ("model-error", "the model cannot be built at these parameter values (x / 0)"),
        ("unsupported-clock-use", "a clock used in a way the checker cannot bound"),
        ("unsupported-event-reference", "an event of an array element whose index is not fixed"),
        ("event-index-out-of-range", "an event of an array element beyond the array", "tests/checker/test_command.py"),
        ("too-many-runs", "a sweep of more runs than allowed", "tests/hardening/test_cli_output.py"),
    ]),
    *_area("backends", [
        ("output-name-clash", "two generated files whose names differ only in letter case",
                              "tests/test_errorcodes.py::test_output_name_clash"),
        ("promela-unsupported", "a model that cannot be written as Promela", "tests/backends/test_cli.py"),
        ("promela-unrepresentable", "a value beyond what Promela's integers hold",
                                    "tests/hardening/test_promela_limits.py"),
        ("render-failed", "Graphviz could not render a diagram", "tests/backends/test_cli.py"),
        ("timeline-without-run", "a timeline asked of a property that has no run", "tests/backends/test_cli.py"),
        ("unknown-name", "a machine or system name that the spec does not declare",
                         "tests/test_errorcodes.py::test_unknown_name"),
        ("state-graph-too-large", "a state diagram of more states than can be drawn",
                                  "tests/test_errorcodes.py::test_state_graph_too_large"),
    ]),
    *_area("outputs", [
        ("output-failed", "an output file (or standard output) could not be written",
                          "tests/hardening/test_outputs.py"),
        ("output-not-regular", "an output path that is not a regular file", "tests/hardening/test_outputs.py"),
        ("output-not-generated", "compile would overwrite a file it did not generate",
                                 "tests/hardening/test_compile_atomic.py"),
        ("os-error", "an operating-system error on a named file, nothing else reported",
                     "tests/test_errorcodes.py::test_os_error"),
    ]),
    *_area("cli", [
        ("bad-option", "a command-line option or its value is not accepted", f"{BAD_INPUT}/bad-option-flag.expected"),
    ]),
    *_area("mutate", [
        ("bad-equivalents", "a line of the equivalent-mutants file is malformed", "tests/mutate/test_mutate.py"),
        ("unknown-mutant", "the equivalent-mutants file names a mutant that does not exist",
                           "tests/mutate/test_mutate.py"),
    ]),
    *_area("pod", [
        ("yaml-syntax", "a manifest is not valid YAML", f"{BAD_YAML}/invalid-yaml.err"),
        ("yaml-bad-character", "a character YAML does not allow", f"{BAD_YAML}/control-character.err"),
        ("yaml-too-deep", "a manifest nested deeper than the limit", f"{BAD_YAML}/deep-nesting.err"),
        ("yaml-bad-alias", "an alias to an anchor that is not defined (or to itself)",
                           f"{BAD_YAML}/undefined-alias.err"),
        ("yaml-alias-bomb", "aliases that expand to more nodes than the limit", f"{BAD_YAML}/alias-bomb.err"),
        ("yaml-complex-key", "a mapping key that is not a scalar", f"{BAD_YAML}/complex-key.err"),
        ("yaml-bad-merge", "a merge key whose value is not a mapping", f"{BAD_YAML}/bad-merge.err"),
        ("duplicate-key", "a key written twice in one mapping", f"{BAD_YAML}/duplicate-keys.err"),
        ("not-an-object", "a manifest document that is not a mapping", f"{BAD_YAML}/not-an-object.err"),
        ("missing-field", "a field the Kubernetes API requires is missing", f"{BAD_YAML}/missing-kind.err"),
        ("unknown-field", "a field the Kubernetes API does not define", f"{BAD_YAML}/unknown-field.err"),
        ("wrong-type", "a field of the wrong type", f"{BAD_YAML}/wrong-type-grace.err"),
        ("bad-value", "a field value the Kubernetes API does not allow", f"{BAD_YAML}/bad-values.err"),
        ("bad-handler", "a lifecycle handler with no action or several", f"{BAD_YAML}/bad-handler.err"),
    ]),
    # pod/results.py adds the findings' guarantees and where they come from
    *_area("findings", [
        ("sh-c-arguments", W, "'sh -c' runs only the argument after -c; the arguments after it become $0, $1... "
                              "(error when the command then fails every time)", f"{MANIFESTS}/sh-c-prestop.golden"),
        ("tcpsocket-hook", W, "a tcpSocket lifecycle handler always fails at runtime (error for postStart: the "
                              "container never runs)", f"{MANIFESTS}/kubevela-tcpsocket-hook.golden"),
        ("sleep-exceeds-grace", E, "a sleep action longer than terminationGracePeriodSeconds: the API server rejects "
                                   "the pod", f"{MANIFESTS}/prestop-sleep-action-too-long.golden"),
        ("init-container-lifecycle", E, "lifecycle hooks or probes on a regular init container: the API server "
                                        "rejects the pod", f"{MANIFESTS}/cass-operator-init-probe.golden"),
        ("duration-unknown", INFO, "a handler whose duration cannot be read from the manifest: it is analysed as any "
                                   "duration", f"{MANIFESTS}/nginx-lifecycle-demo.golden"),
        ("prestop-stops-main-process", W, "a preStop handler that stops the container's main process itself",
                                          f"{MANIFESTS}/nginx-lifecycle-demo.golden"),
        ("restart-policy-not-allowed", E, "a pod template restartPolicy the workload does not allow (Job/CronJob: "
                                          "OnFailure or Never; Deployment, StatefulSet, DaemonSet, ReplicaSet, "
                                          "ReplicationController: Always)",
                                          f"{MANIFESTS}/cronjob-default-restart-policy.golden"),
        ("duplicate-container-name", E, "two containers of one pod share a name: the API server rejects the pod",
                                        f"{MANIFESTS}/duplicate-container-name.golden"),
        ("probe-grace-invalid", E, "a probe terminationGracePeriodSeconds the API server rejects (set on a readiness "
                                   "probe, or below 1)", f"{MANIFESTS}/probe-grace-on-readiness.golden"),
        ("prestop-exceeds-grace", W, "preStop can run as long as the grace period or longer: SIGKILL can arrive "
                                     "during the hook", "tests/pod/test_pod_seam.py"),
        ("prestop-term-exceeds-grace", W, "preStop plus the container's SIGTERM handling cannot fit in the grace "
                                          "period", "tests/pod/test_pod_seam.py"),
        ("grace-zero-prestop", W, "terminationGracePeriodSeconds 0 with a preStop hook: the hook may be skipped or "
                                  "cut to 1 s", "tests/test_errorcodes.py::test_model_rules_reach_the_outputs"),
        ("poststart-may-hang", W, "a postStart handler that can hang holds the container (and the containers after "
                                  "it) out of Running", "tests/pod/test_pod_outputs.py"),
        ("httpget-hook-not-retried", INFO, "an httpGet hook is sent once and not retried; any HTTP status counts as "
                                           "success", f"{MANIFESTS}/contour-envoy.golden"),
        ("sidecar-stop-order", INFO, "sidecars get TERM only after every app container has exited, in reverse order, "
                                     "while their preStop hooks start with the apps'", "tests/pod/test_pod_seam.py"),
        ("init-failure-fails-pod", INFO, "a failing regular init container fails the whole pod under restartPolicy "
                                         "Never", "tests/test_errorcodes.py::test_model_rules_reach_the_outputs"),
        ("probe-kill-grace", W, "a liveness or startup kill uses the probe's own grace, which can cut the preStop "
                                "short", f"{MANIFESTS}/linkerd-proxy-await.golden"),
    ]),
)


def lookup(code: str) -> ErrorCode:
    """The registry entry of ``code``; ValueError (a bug in lifefsm, never the user's) if it is not declared."""
    entry = CODES.get(code)
    if entry is None:
        raise ValueError(f"diagnostic code '{code}' is not declared in lifecycle_fsm/errorcodes.py")
    return entry


def table() -> str:
    """The registry as a Markdown table, by area (docs/errors.md holds it)."""
    lines = ["| code | severity | meaning |", "| --- | --- | --- |"]
    for area, what in AREAS.items():
        lines.append(f"| **{area}** | | *{what}* |")
        lines += [f"| `{c.code}` | {c.severity} | {c.description} |" for c in CODES.values() if c.area == area]
    return "\n".join(lines) + "\n"
