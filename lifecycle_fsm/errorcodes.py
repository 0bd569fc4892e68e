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
from typing import Literal

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


def _registry(*codes: ErrorCode) -> dict[str, ErrorCode]:
    out: dict[str, ErrorCode] = {}
    for c in codes:
        assert c.code not in out, f"diagnostic code '{c.code}' is declared twice"
        assert c.area in AREAS, f"diagnostic code '{c.code}': unknown area '{c.area}'"
        out[c.code] = c
    return out


CODES: dict[str, ErrorCode] = _registry(
    # ---- files ----
    ErrorCode("file-not-found", E, "files", "a file to read does not exist", f"{BAD_INPUT}/missing.expected"),
    ErrorCode("is-a-directory", E, "files", "a file to read is a directory", f"{BAD_INPUT}/directory.expected"),
    ErrorCode("not-a-regular-file", E, "files", "a file to read is a device, FIFO or socket",
              f"{BAD_INPUT}/fifo.expected"),
    ErrorCode("not-a-spec-file", E, "files", "a spec file's name (or the name a link leads to) does not end in .lfsm",
              f"{BAD_INPUT}/not-named-lfsm.expected"),
    ErrorCode("file-not-readable", E, "files", "a file cannot be read (permissions, a name too long, ...)",
              f"{BAD_INPUT}/name-too-long.expected"),
    ErrorCode("file-too-large", E, "files", "a file, or a spec with its imports, is larger than the limit",
              f"{BAD_INPUT}/ten-megabytes.expected"),
    ErrorCode("not-utf8", E, "files", "a file is not UTF-8 text", f"{BAD_INPUT}/latin1.expected"),
    ErrorCode("nul-byte", E, "files", "a file holds a NUL byte (a binary file)", f"{BAD_INPUT}/binary.expected"),
    ErrorCode("empty-file", E, "files", "a spec file holds nothing but blanks and comments"),
    ErrorCode("import-not-found", E, "files", "an import names no spec file"),
    ErrorCode("import-cycle", E, "files", "a file imports itself, directly or through others"),
    # ---- syntax ----
    ErrorCode("syntax-error", E, "syntax", "the text does not follow the grammar",
              f"{ERRORS}/syntax-error-unexpected-token.expected"),
    ErrorCode("unexpected-end", E, "syntax", "the text ends inside a declaration or an open bracket",
              f"{ERRORS}/unexpected-end-unclosed.expected"),
    ErrorCode("unexpected-character", E, "syntax", "a character that cannot start any token"),
    ErrorCode("non-ascii-character", E, "syntax", "a non-ASCII character outside strings and comments"),
    ErrorCode("unterminated-comment", E, "syntax", "a /* comment that is never closed"),
    ErrorCode("unterminated-string", E, "syntax", "a string that is not closed on its line"),
    ErrorCode("name-too-long", E, "syntax", "a name longer than the limit"),
    ErrorCode("integer-too-large", E, "syntax", "an integer (written or folded) beyond the limit"),
    ErrorCode("nesting-too-deep", E, "syntax", "brackets, states or definitions nested deeper than the limit",
              f"{ERRORS}/nesting-too-deep-definitions.expected"),
    # ---- spec ----
    ErrorCode("duplicate-definition", E, "spec", "a name declared twice where names must be unique"),
    ErrorCode("reserved-name", E, "spec", "a name that is a keyword or would collide in generated code"),
    ErrorCode("undefined-name", E, "spec", "a name that is not declared where it is read"),
    ErrorCode("undefined-state", E, "spec", "a state that the machine does not declare"),
    ErrorCode("undefined-event", E, "spec", "an event that the machine does not declare"),
    ErrorCode("undefined-machine", E, "spec", "an instance of a machine that is not declared"),
    ErrorCode("undefined-type", E, "spec", "a type name that is not declared"),
    ErrorCode("ambiguous-name", E, "spec", "an enum member declared by several types, used unqualified"),
    ErrorCode("type-mismatch", E, "spec", "an expression of the wrong type"),
    ErrorCode("value-out-of-range", E, "spec", "a value outside its declared range"),
    ErrorCode("empty-range", E, "spec", "a range whose lower bound exceeds its upper bound"),
    ErrorCode("clock-arithmetic", E, "spec", "arithmetic on a clock"),
    ErrorCode("not-constant", E, "spec", "an expression that must be fixed by parameters and constants is not"),
    ErrorCode("invalid-constant", E, "spec", "a constant expression that cannot be evaluated (division by zero)"),
    ErrorCode("recursive-definition", E, "spec", "a constant or definition that reads itself"),
    ErrorCode("definition-too-large", E, "spec", "a definition whose inlined form exceeds the limit"),
    ErrorCode("self-outside-machine", E, "spec", "'self' outside a machine"),
    ErrorCode("missing-initial-state", E, "spec", "a machine or composite state without an initial state"),
    ErrorCode("multiple-initial-states", E, "spec", "more than one initial state among siblings"),
    ErrorCode("duplicate-modifier", E, "spec", "a state modifier written twice"),
    ErrorCode("final-state-has-children", E, "spec", "a final state with sub-states"),
    ErrorCode("transition-from-final", E, "spec", "a transition out of a final state"),
    ErrorCode("unreachable-state", E, "spec", "a state no transition leads to from the initial state"),
    ErrorCode("invalid-fairness", E, "spec", "a fairness mark on an event that cannot be fair"),
    ErrorCode("wrong-event-kind", E, "spec", "an event used against its kind (a signal as a trigger, ...)"),
    ErrorCode("not-assignable", E, "spec", "an assignment to something that is not a variable"),
    ErrorCode("not-a-clock", E, "spec", "a reset of something that is not a clock"),
    ErrorCode("duplicate-assignment", E, "spec", "one variable assigned twice by one transition"),
    ErrorCode("duplicate-transition", E, "spec", "a transition written twice"),
    ErrorCode("overlapping-guards", E, "spec", "two transitions on one event can be enabled in one state"),
    ErrorCode("guard-overlap-undecided", E, "spec", "whether two guards overlap is too costly to decide"),
    ErrorCode("send-in-receiver", E, "spec", "a send in a transition triggered by a received event"),
    ErrorCode("invalid-send-target", E, "spec", "a send to self, to a whole array with 'to one', ..."),
    ErrorCode("empty-system", E, "spec", "a system without instances"),
    ErrorCode("missing-argument", E, "spec", "a machine parameter without a default gets no argument"),
    ErrorCode("unknown-argument", E, "spec", "an argument for a parameter the machine does not declare"),
    ErrorCode("system-dependent-machine", E, "spec", "a machine whose code means different things in two systems"),
    ErrorCode("bad-citation", E, "spec", "a property citation that is not a guarantee id (G12)"),
    ErrorCode("default-violates-constraint", E, "spec", "the parameters' defaults violate a 'require'"),
    # ---- parameters ----
    ErrorCode("unknown-parameter", E, "parameters", "a value for a parameter the spec does not declare",
              f"{BAD_INPUT}/unknown-parameter.expected"),
    ErrorCode("bad-parameter-value", E, "parameters", "a parameter value that is not of the parameter's type",
              f"{BAD_INPUT}/bad-parameter-value.expected"),
    ErrorCode("parameter-out-of-range", E, "parameters", "a parameter value outside its range",
              f"{BAD_INPUT}/parameter-out-of-range.expected"),
    ErrorCode("constraint-violated", E, "parameters", "parameter values that violate a 'require'",
              "tests/frontend/golden/constraints/constraint-violated.expected"),
    # ---- checker ----
    ErrorCode("unknown-system", E, "checker", "a system name the spec does not declare",
              "tests/checker/test_command.py"),
    ErrorCode("unknown-property", E, "checker", "a property name the spec does not declare",
              "tests/checker/test_command.py"),
    ErrorCode("bad-array-size", E, "checker", "an instance array whose size is negative at the bound parameters",
              "tests/test_errorcodes.py::test_bad_array_size"),
    ErrorCode("too-many-instances", E, "checker", "more instances than the checker supports",
              "tests/hardening/test_checker_crashes.py"),
    ErrorCode("bad-initial-value", E, "checker", "an initial value outside its variable's range at the bound values"),
    ErrorCode("model-error", E, "checker", "the model cannot be built at these parameter values (x / 0)"),
    ErrorCode("unsupported-clock-use", E, "checker", "a clock used in a way the checker cannot bound"),
    ErrorCode("not-symbolic", E, "checker", "a clock used in a way the symbolic (zone) check cannot represent",
              "tests/zones/test_ready.py"),
    ErrorCode("unsupported-event-reference", E, "checker", "an event of an array element whose index is not fixed"),
    ErrorCode("event-index-out-of-range", E, "checker", "an event of an array element beyond the array",
              "tests/checker/test_command.py"),
    ErrorCode("too-many-runs", E, "checker", "a sweep of more runs than allowed", "tests/hardening/test_cli_output.py"),
    # ---- backends ----
    ErrorCode("output-name-clash", E, "backends", "two generated files whose names differ only in letter case",
              "tests/test_errorcodes.py::test_output_name_clash"),
    ErrorCode("promela-unsupported", E, "backends", "a model that cannot be written as Promela",
              "tests/backends/test_cli.py"),
    ErrorCode("promela-unrepresentable", E, "backends", "a value beyond what Promela's integers hold",
              "tests/hardening/test_promela_limits.py"),
    ErrorCode("render-failed", E, "backends", "Graphviz could not render a diagram", "tests/backends/test_cli.py"),
    ErrorCode("timeline-without-run", E, "backends", "a timeline asked of a property that has no run",
              "tests/backends/test_cli.py"),
    ErrorCode("unknown-name", E, "backends", "a machine or system name that the spec does not declare",
              "tests/test_errorcodes.py::test_unknown_name"),
    ErrorCode("state-graph-too-large", E, "backends", "a state diagram of more states than can be drawn",
              "tests/test_errorcodes.py::test_state_graph_too_large"),
    # ---- outputs ----
    ErrorCode("output-failed", E, "outputs", "an output file (or standard output) could not be written",
              "tests/hardening/test_outputs.py"),
    ErrorCode("output-not-regular", E, "outputs", "an output path that is not a regular file",
              "tests/hardening/test_outputs.py"),
    ErrorCode("output-not-generated", E, "outputs", "compile would overwrite a file it did not generate",
              "tests/hardening/test_compile_atomic.py"),
    ErrorCode("os-error", E, "outputs", "an operating-system error on a named file, nothing else reported",
              "tests/test_errorcodes.py::test_os_error"),
    # ---- cli ----
    ErrorCode("bad-option", E, "cli", "a command-line option or its value is not accepted",
              f"{BAD_INPUT}/bad-option-flag.expected"),
    # ---- mutate ----
    ErrorCode("bad-equivalents", E, "mutate", "a line of the equivalent-mutants file is malformed",
              "tests/mutate/test_mutate.py"),
    ErrorCode("unknown-mutant", E, "mutate", "the equivalent-mutants file names a mutant that does not exist",
              "tests/mutate/test_mutate.py"),
    # ---- pod: manifests ----
    ErrorCode("yaml-syntax", E, "pod", "a manifest is not valid YAML", f"{BAD_YAML}/invalid-yaml.err"),
    ErrorCode("yaml-bad-character", E, "pod", "a character YAML does not allow", f"{BAD_YAML}/control-character.err"),
    ErrorCode("yaml-too-deep", E, "pod", "a manifest nested deeper than the limit", f"{BAD_YAML}/deep-nesting.err"),
    ErrorCode("yaml-bad-alias", E, "pod", "an alias to an anchor that is not defined (or to itself)",
              f"{BAD_YAML}/undefined-alias.err"),
    ErrorCode("yaml-alias-bomb", E, "pod", "aliases that expand to more nodes than the limit",
              f"{BAD_YAML}/alias-bomb.err"),
    ErrorCode("yaml-complex-key", E, "pod", "a mapping key that is not a scalar", f"{BAD_YAML}/complex-key.err"),
    ErrorCode("yaml-bad-merge", E, "pod", "a merge key whose value is not a mapping", f"{BAD_YAML}/bad-merge.err"),
    ErrorCode("duplicate-key", E, "pod", "a key written twice in one mapping", f"{BAD_YAML}/duplicate-keys.err"),
    ErrorCode("not-an-object", E, "pod", "a manifest document that is not a mapping",
              f"{BAD_YAML}/not-an-object.err"),
    ErrorCode("missing-field", E, "pod", "a field the Kubernetes API requires is missing",
              f"{BAD_YAML}/missing-kind.err"),
    ErrorCode("unknown-field", E, "pod", "a field the Kubernetes API does not define",
              f"{BAD_YAML}/unknown-field.err"),
    ErrorCode("wrong-type", E, "pod", "a field of the wrong type", f"{BAD_YAML}/wrong-type-grace.err"),
    ErrorCode("bad-value", E, "pod", "a field value the Kubernetes API does not allow", f"{BAD_YAML}/bad-values.err"),
    ErrorCode("bad-handler", E, "pod", "a lifecycle handler with no action or several", f"{BAD_YAML}/bad-handler.err"),
    # ---- pod: findings (pod/results.py adds their guarantees and where they come from) ----
    ErrorCode("sh-c-arguments", W, "findings", "'sh -c' runs only the argument after -c; the arguments after it "
              "become $0, $1... (error when the command then fails every time)", f"{MANIFESTS}/sh-c-prestop.golden"),
    ErrorCode("tcpsocket-hook", W, "findings", "a tcpSocket lifecycle handler always fails at runtime (error for "
              "postStart: the container never runs)", f"{MANIFESTS}/kubevela-tcpsocket-hook.golden"),
    ErrorCode("sleep-exceeds-grace", E, "findings", "a sleep action longer than terminationGracePeriodSeconds: the "
              "API server rejects the pod", f"{MANIFESTS}/prestop-sleep-action-too-long.golden"),
    ErrorCode("init-container-lifecycle", E, "findings", "lifecycle hooks or probes on a regular init container: "
              "the API server rejects the pod", f"{MANIFESTS}/cass-operator-init-probe.golden"),
    ErrorCode("duration-unknown", INFO, "findings", "a handler whose duration cannot be read from the manifest: it is "
              "analysed as any duration", f"{MANIFESTS}/nginx-lifecycle-demo.golden"),
    ErrorCode("prestop-stops-main-process", W, "findings", "a preStop handler that stops the container's main "
              "process itself", f"{MANIFESTS}/nginx-lifecycle-demo.golden"),
    ErrorCode("restart-policy-not-allowed", E, "findings", "a pod template restartPolicy the workload does not "
              "allow (Job/CronJob: OnFailure or Never; Deployment, StatefulSet, DaemonSet, ReplicaSet, "
              "ReplicationController: Always)", f"{MANIFESTS}/cronjob-default-restart-policy.golden"),
    ErrorCode("duplicate-container-name", E, "findings", "two containers of one pod share a name: the API server "
              "rejects the pod", f"{MANIFESTS}/duplicate-container-name.golden"),
    ErrorCode("probe-grace-invalid", E, "findings", "a probe terminationGracePeriodSeconds the API server rejects "
              "(set on a readiness probe, or below 1)", f"{MANIFESTS}/probe-grace-on-readiness.golden"),
    ErrorCode("prestop-exceeds-grace", W, "findings", "preStop can run as long as the grace period or longer: "
              "SIGKILL can arrive during the hook", "tests/pod/test_pod_seam.py"),
    ErrorCode("prestop-term-exceeds-grace", W, "findings", "preStop plus the container's SIGTERM handling cannot "
              "fit in the grace period", "tests/pod/test_pod_seam.py"),
    ErrorCode("grace-zero-prestop", W, "findings", "terminationGracePeriodSeconds 0 with a preStop hook: the hook "
              "may be skipped or cut to 1 s", "tests/test_errorcodes.py::test_model_rules_reach_the_outputs"),
    ErrorCode("poststart-may-hang", W, "findings", "a postStart handler that can hang holds the container (and "
              "the containers after it) out of Running", "tests/pod/test_pod_outputs.py"),
    ErrorCode("httpget-hook-not-retried", INFO, "findings", "an httpGet hook is sent once and not retried; any HTTP "
              "status counts as success", f"{MANIFESTS}/contour-envoy.golden"),
    ErrorCode("sidecar-stop-order", INFO, "findings", "sidecars get TERM only after every app container has exited, "
              "in reverse order, while their preStop hooks start with the apps'", "tests/pod/test_pod_seam.py"),
    ErrorCode("init-failure-fails-pod", INFO, "findings", "a failing regular init container fails the whole pod "
              "under restartPolicy Never", "tests/test_errorcodes.py::test_model_rules_reach_the_outputs"),
    ErrorCode("probe-kill-grace", W, "findings", "a liveness or startup kill uses the probe's own grace, which "
              "can cut the preStop short", f"{MANIFESTS}/linkerd-proxy-await.golden"),
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
