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

The registry (``CODES``) is written by area, a row per code: the code and its
meaning (and, for the pod findings, its severity; every other code is an error).
``TESTED_BY`` says where a test shows a code, when that is not the error case
``tests/cases/errors/<code>.lfsm``: a golden file that renders it, a test module
that names it, or ``module.py::test`` (tests/test_errorcodes.py checks each, as
the entry's ``tested_by``). docs/errors.md lists the registry as a table
(``table()``; the same test keeps it current).
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
    """The codes of ``area``: rows ``(code, meaning)``, errors all; for the findings, whose severities
    differ, ``(code, severity, meaning)``."""
    assert area in AREAS, f"unknown area '{area}'"
    if area == "findings":
        return [ErrorCode(code, cast(Severity, severity), area, meaning, TESTED_BY.get(code, ""))
                for code, severity, meaning in rows]
    return [ErrorCode(code, "error", area, meaning, TESTED_BY.get(code, "")) for code, meaning in rows]


def _registry(*codes: ErrorCode) -> dict[str, ErrorCode]:
    out: dict[str, ErrorCode] = {}
    for c in codes:
        assert c.code not in out, f"diagnostic code '{c.code}' is declared twice"
        assert c.area in AREAS, f"diagnostic code '{c.code}': unknown area '{c.area}'"
        out[c.code] = c
    assert not set(TESTED_BY) - set(out), f"TESTED_BY names undeclared codes: {sorted(set(TESTED_BY) - set(out))}"
    return out


# Where a test shows a code, when not by its error case tests/cases/errors/<code>.lfsm (module docstring).
TESTED_BY: dict[str, str] = {
    "file-not-found": f"{BAD_INPUT}/missing.expected",
    "is-a-directory": f"{BAD_INPUT}/directory.expected",
    "not-a-regular-file": f"{BAD_INPUT}/fifo.expected",
    "not-a-spec-file": f"{BAD_INPUT}/not-named-lfsm.expected",
    "file-not-readable": f"{BAD_INPUT}/name-too-long.expected",
    "file-too-large": f"{BAD_INPUT}/ten-megabytes.expected",
    "not-utf8": f"{BAD_INPUT}/latin1.expected",
    "nul-byte": f"{BAD_INPUT}/binary.expected",
    "syntax-error": f"{ERRORS}/syntax-error-unexpected-token.expected",
    "unexpected-end": f"{ERRORS}/unexpected-end-unclosed.expected",
    "nesting-too-deep": f"{ERRORS}/nesting-too-deep-definitions.expected",
    "unknown-parameter": f"{BAD_INPUT}/unknown-parameter.expected",
    "bad-parameter-value": f"{BAD_INPUT}/bad-parameter-value.expected",
    "parameter-out-of-range": f"{BAD_INPUT}/parameter-out-of-range.expected",
    "constraint-violated": "tests/frontend/golden/constraints/constraint-violated.expected",
    "unknown-system": "tests/checker/test_command.py",
    "unknown-property": "tests/checker/test_command.py",
    "bad-array-size": "tests/test_errorcodes.py::test_bad_array_size",
    "too-many-instances": "tests/hardening/test_checker_crashes.py",
    "event-index-out-of-range": "tests/checker/test_command.py",
    "not-symbolic": "tests/zones/test_ready.py",
    "too-many-runs": "tests/hardening/test_cli_output.py",
    "output-name-clash": "tests/test_errorcodes.py::test_output_name_clash",
    "promela-unsupported": "tests/backends/test_cli.py",
    "promela-unrepresentable": "tests/hardening/test_promela_limits.py",
    "render-failed": "tests/backends/test_cli.py",
    "timeline-without-run": "tests/backends/test_cli.py",
    "unknown-name": "tests/test_errorcodes.py::test_unknown_name",
    "state-graph-too-large": "tests/test_errorcodes.py::test_state_graph_too_large",
    "output-failed": "tests/hardening/test_outputs.py",
    "output-not-regular": "tests/hardening/test_outputs.py",
    "output-not-generated": "tests/hardening/test_compile_atomic.py",
    "os-error": "tests/test_errorcodes.py::test_os_error",
    "bad-option": f"{BAD_INPUT}/bad-option-flag.expected",
    "bad-equivalents": "tests/mutate/test_mutate.py",
    "unknown-mutant": "tests/mutate/test_mutate.py",
    "bad-configs-line": "tests/mutate/test_configs.py",
    "no-configurations": "tests/mutate/test_configs.py",
    "yaml-syntax": f"{BAD_YAML}/invalid-yaml.err",
    "yaml-bad-character": f"{BAD_YAML}/control-character.err",
    "yaml-too-deep": f"{BAD_YAML}/deep-nesting.err",
    "yaml-bad-alias": f"{BAD_YAML}/undefined-alias.err",
    "yaml-alias-bomb": f"{BAD_YAML}/alias-bomb.err",
    "yaml-complex-key": f"{BAD_YAML}/complex-key.err",
    "yaml-bad-merge": f"{BAD_YAML}/bad-merge.err",
    "duplicate-key": f"{BAD_YAML}/duplicate-keys.err",
    "not-an-object": f"{BAD_YAML}/not-an-object.err",
    "missing-field": f"{BAD_YAML}/missing-kind.err",
    "unknown-field": f"{BAD_YAML}/unknown-field.err",
    "wrong-type": f"{BAD_YAML}/wrong-type-grace.err",
    "bad-value": f"{BAD_YAML}/bad-values.err",
    "bad-handler": f"{BAD_YAML}/bad-handler.err",
    "sh-c-arguments": f"{MANIFESTS}/sh-c-prestop.golden",
    "tcpsocket-hook": f"{MANIFESTS}/kubevela-tcpsocket-hook.golden",
    "sleep-exceeds-grace": f"{MANIFESTS}/prestop-sleep-action-too-long.golden",
    "init-container-lifecycle": f"{MANIFESTS}/cass-operator-init-probe.golden",
    "duration-unknown": f"{MANIFESTS}/nginx-lifecycle-demo.golden",
    "prestop-stops-main-process": f"{MANIFESTS}/nginx-lifecycle-demo.golden",
    "restart-policy-not-allowed": f"{MANIFESTS}/cronjob-default-restart-policy.golden",
    "duplicate-container-name": f"{MANIFESTS}/duplicate-container-name.golden",
    "probe-grace-invalid": f"{MANIFESTS}/probe-grace-on-readiness.golden",
    "prestop-exceeds-grace": "tests/pod/test_pod_seam.py",
    "prestop-term-exceeds-grace": "tests/pod/test_pod_seam.py",
    "grace-zero-prestop": "tests/test_errorcodes.py::test_model_rules_reach_the_outputs",
    "poststart-may-hang": "tests/pod/test_pod_rules.py",
    "httpget-hook-not-retried": f"{MANIFESTS}/contour-envoy.golden",
    "sidecar-stop-order": "tests/pod/test_pod_seam.py",
    "init-failure-fails-pod": f"{MANIFESTS}/kapitelshelf-migrator-job.golden",
    "probe-kill-grace": f"{MANIFESTS}/kep-2238-probe-grace-cuts-prestop.golden",
}

CODES: dict[str, ErrorCode] = _registry(
    *_area("files", [
        ("file-not-found", "a file to read does not exist"),
        ("is-a-directory", "a file to read is a directory"),
        ("not-a-regular-file", "a file to read is a device, FIFO or socket"),
        ("not-a-spec-file", "a spec file's name (or the name a link leads to) does not end in .lfsm"),
        ("file-not-readable", "a file cannot be read (permissions, a name too long, ...)"),
        ("file-too-large", "a file, or a spec with its imports, is larger than the limit"),
        ("not-utf8", "a file is not UTF-8 text"),
        ("nul-byte", "a file holds a NUL byte (a binary file)"),
        ("empty-file", "a spec file holds nothing but blanks and comments"),
        ("import-not-found", "an import names no spec file"),
        ("import-cycle", "a file imports itself, directly or through others"),
    ]),
    *_area("syntax", [
        ("syntax-error", "the text does not follow the grammar"),
        ("unexpected-end", "the text ends inside a declaration or an open bracket"),
        ("unexpected-character", "a character that cannot start any token"),
        ("non-ascii-character", "a non-ASCII character outside strings and comments"),
        ("unterminated-comment", "a /* comment that is never closed"),
        ("unterminated-string", "a string that is not closed on its line"),
        ("name-too-long", "a name longer than the limit"),
        ("integer-too-large", "an integer (written or folded) beyond the limit"),
        ("nesting-too-deep", "brackets, states or definitions nested deeper than the limit"),
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
        ("unknown-parameter", "a value for a parameter the spec does not declare"),
        ("bad-parameter-value", "a parameter value that is not of the parameter's type"),
        ("parameter-out-of-range", "a parameter value outside its range"),
        ("constraint-violated", "parameter values that violate a 'require'"),
    ]),
    *_area("checker", [
        ("unknown-system", "a system name the spec does not declare"),
        ("unknown-property", "a property name the spec does not declare"),
        ("bad-array-size", "an instance array whose size is negative at the bound parameters"),
        ("too-many-instances", "more instances than the checker supports"),
        ("bad-initial-value", "an initial value outside its variable's range at the bound values"),
        ("model-error", "the model cannot be built at these parameter values (x / 0)"),
        ("unsupported-clock-use", "a clock used in a way the checker cannot bound"),
        ("not-symbolic", "a clock used in a way the symbolic (zone) check cannot represent"),
        ("unsupported-event-reference", "an event of an array element whose index is not fixed"),
        ("event-index-out-of-range", "an event of an array element beyond the array"),
        ("too-many-runs", "a sweep of more runs than allowed"),
    ]),
    *_area("backends", [
        ("output-name-clash", "two generated files whose names differ only in letter case"),
        ("promela-unsupported", "a model that cannot be written as Promela"),
        ("promela-unrepresentable", "a value beyond what Promela's integers hold"),
        ("render-failed", "Graphviz could not render a diagram"),
        ("timeline-without-run", "a timeline asked of a property that has no run"),
        ("unknown-name", "a machine or system name that the spec does not declare"),
        ("state-graph-too-large", "a state diagram of more states than can be drawn"),
    ]),
    *_area("outputs", [
        ("output-failed", "an output file (or standard output) could not be written"),
        ("output-not-regular", "an output path that is not a regular file"),
        ("output-not-generated", "compile would overwrite a file it did not generate"),
        ("os-error", "an operating-system error on a named file, nothing else reported"),
    ]),
    *_area("cli", [
        ("bad-option", "a command-line option or its value is not accepted"),
    ]),
    *_area("mutate", [
        ("bad-equivalents", "a line of the equivalent-mutants file is malformed, or marks an id marked before"),
        ("unknown-mutant", "the equivalent-mutants file or an --ids file names a mutant that does not exist"),
        ("bad-configs-line", "a line of a mutate configurations file (--configs, SPEC.mutate) is malformed"),
        ("no-configurations", "a mutate configurations file lists no configuration"),
    ]),
    *_area("pod", [
        ("yaml-syntax", "a manifest is not valid YAML"),
        ("yaml-bad-character", "a character YAML does not allow"),
        ("yaml-too-deep", "a manifest nested deeper than the limit"),
        ("yaml-bad-alias", "an alias to an anchor that is not defined (or to itself)"),
        ("yaml-alias-bomb", "aliases that expand to more nodes than the limit"),
        ("yaml-complex-key", "a mapping key that is not a scalar"),
        ("yaml-bad-merge", "a merge key whose value is not a mapping"),
        ("duplicate-key", "a key written twice in one mapping"),
        ("not-an-object", "a manifest document that is not a mapping"),
        ("missing-field", "a field the Kubernetes API requires is missing"),
        ("unknown-field", "a field the Kubernetes API does not define"),
        ("wrong-type", "a field of the wrong type"),
        ("bad-value", "a field value the Kubernetes API does not allow"),
        ("bad-handler", "a lifecycle handler with no action or several"),
    ]),
    *_area("findings", [
        ("sh-c-arguments", W, "'sh -c' runs only the argument after -c; the arguments after it become $0, $1... "
                              "(error when the command then fails every time)"),
        ("tcpsocket-hook", W, "a tcpSocket lifecycle handler always fails at runtime (error for postStart: the "
                              "container never runs)"),
        ("sleep-exceeds-grace", E, "a sleep action longer than terminationGracePeriodSeconds: the API server rejects "
                                   "the pod"),
        ("init-container-lifecycle", E, "lifecycle hooks or probes on a regular init container: the API server "
                                        "rejects the pod"),
        ("duration-unknown", INFO, "a handler whose duration cannot be read from the manifest: it is analysed as any "
                                   "duration"),
        ("prestop-stops-main-process", W, "a preStop handler that stops the container's main process itself"),
        ("restart-policy-not-allowed", E, "a pod template restartPolicy the workload does not allow (Job/CronJob: "
                                          "OnFailure or Never; Deployment, StatefulSet, DaemonSet, ReplicaSet, "
                                          "ReplicationController: Always)"),
        ("duplicate-container-name", E, "two containers of one pod share a name: the API server rejects the pod"),
        ("probe-grace-invalid", E, "a probe terminationGracePeriodSeconds the API server rejects (set on a readiness "
                                   "probe, or below 1)"),
        ("prestop-exceeds-grace", W, "preStop can run as long as the grace period or longer: SIGKILL can arrive "
                                     "during the hook"),
        ("prestop-term-exceeds-grace", W, "preStop plus the container's SIGTERM handling cannot fit in the grace "
                                          "period"),
        ("grace-zero-prestop", W, "terminationGracePeriodSeconds 0 with a preStop hook: the hook may be skipped or "
                                  "cut to 1 s"),
        ("poststart-may-hang", W, "a postStart handler that can hang holds the container (and the containers after "
                                  "it) out of Running"),
        ("httpget-hook-not-retried", INFO, "an httpGet hook is sent once and not retried; any HTTP status counts as "
                                           "success"),
        ("sidecar-stop-order", INFO, "sidecars get TERM only after every app container has exited, in reverse order, "
                                     "while their preStop hooks start with the apps'"),
        ("init-failure-fails-pod", INFO, "a failing regular init container fails the whole pod under restartPolicy "
                                         "Never"),
        ("probe-kill-grace", W, "a liveness or startup kill uses the probe's own grace, which can cut the preStop "
                                "short"),
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
