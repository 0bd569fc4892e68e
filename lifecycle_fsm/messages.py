"""Every user-facing message of lifefsm, as data: one template per message, in one table.

A message is a ``str.format`` template in ``TEMPLATES``, under a key: the message's own name
(``"undefined-state"``-style, hyphens), prefixed by its area outside the front end
(``"checker."``, ``"backends."``, ``"instantiate."``, ``"sweep."``, ``"pod."``). Code reports it
with ``say(key, field=value, ...)``; ``say`` refuses a key that is not here and fields that are
not exactly the template's placeholders, and tests/test_messages.py checks every ``say`` call in
the package against the table without running it, so a misspelt field fails a test, not a user.
``{path!v}`` shows a file name through ``escape.visible`` (a name may hold newlines or terminal
escapes). Lists are joined by the caller (``known=", ".join(names)``).

Conventions: lower-case start, names from the spec in single quotes, say what was found and
what was expected, suggest the fix when there is one. Keeping the wording here lets it be read
and reviewed as a whole; a message whose sentence depends on the values has one template per
sentence, and the caller picks the key. Reading a file is worded once (``file-not-found``,
``file-not-readable``) for specs, manifests and the equivalence file alike.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from .escape import visible


class _Formatter(string.Formatter):
    """``str.format`` plus the conversion ``!v``: a file name shown safely (escape.visible)."""

    def convert_field(self, value: object, conversion: str | None) -> object:
        if conversion == "v":
            return visible(str(value))
        return super().convert_field(value, conversion)


_FORMAT = _Formatter()


def placeholders(template: str) -> set[str]:
    """The field names a template reads."""
    return {name for _, name, _, _ in _FORMAT.parse(template) if name}


def say(key: str, /, **fields: object) -> str:
    """The message ``key`` of ``TEMPLATES`` with ``fields`` filled in (exactly its placeholders)."""
    template = TEMPLATES.get(key)
    if template is None:
        raise KeyError(f"message '{key}' is not in lifecycle_fsm/messages.py")
    wanted = placeholders(template)
    if set(fields) != wanted:
        raise TypeError(f"message '{key}' takes {sorted(wanted)}, got {sorted(fields)}")
    return _FORMAT.vformat(template, (), fields)


TEMPLATES: Mapping[str, str] = {
    # ==== the front end ====
    # ---- input files ----
    "file-not-found": "cannot read '{path}': no such file",
    "is-a-directory": "cannot read '{path}': it is a directory, expected a .lfsm file",
    "file-not-readable": "cannot read '{path}': {why}",
    "file-too-large": "spec is {size:,} bytes; the limit is {limit:,} bytes (split it with 'import')",
    "does-not-exist": "it does not exist",
    "is-a-directory-reason": "it is a directory",
    "not-a-regular-file": "it is a {kind}, not a regular file",
    "not-a-spec-name": "its name does not end in '.lfsm', so it is not a spec",
    "link-not-a-spec": "it is a link to a file whose name does not end in '.lfsm', so it is not a spec",
    "nul-byte": "NUL byte in spec: this looks like a binary file, expected UTF-8 text",
    "not-utf8": "byte 0x{byte:02x} is not valid UTF-8: specs must be UTF-8 text",
    "utf16": "the spec is UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8",
    "empty-file": "the spec is empty: expected at least one declaration (machine, system, param, ...)",
    "nesting-too-deep-states": "states nest more than {limit} levels deep; flatten the state hierarchy",
    "nesting-too-deep-definitions": ("expression is nested more than {limit} levels deep once its definitions "
                                     "('let', 'const') are expanded; simplify the definitions"),
    "nesting-too-deep-expressions": "expression is nested more than {limit} levels deep; simplify it",
    # ---- output files (lifecycle_fsm/outputs.py, backends/files.py) ----
    "output-not-regular": ("refusing to write '{path!v}': it is {kind}; lifefsm writes only regular "
                           "files (use '-' for standard output)"),
    "output-failed": "cannot write '{path!v}': {why}; nothing there was changed",
    "stdout-failed": "cannot write to standard output: {why}",
    "os-error": "'{path!v}': {why}",
    "compile-failed": "writing the outputs failed ({why}); earlier outputs are unchanged",
    "compile-outside": "refusing to write outside the output directory: '{path!v}'",
    "compile-not-generated": ("refusing to replace '{path!v}': lifefsm did not generate it (it is not "
                              "listed in '{manifest!v}'); move it away or choose another --out"),
    "compile-waiting": "waiting for another lifefsm compile that is writing to '{root!v}'",
    "compile-cannot-undo": ("cannot undo the interrupted run recorded in '{stage!v}'; its journal and "
                            "backups are kept there"),
    "compile-old-stage": ("warning: '{stage!v}' was left by an older lifefsm that was interrupted; its"
                          " 'old' directory holds the outputs it had moved aside: look at them, then "
                          "delete the directory"),
    "compile-recovered": ("note: an interrupted lifefsm compile had left '{root!v}' half written; its "
                          "outputs were restored"),
    "name-too-long": "name of {length:,} characters: names are limited to {limit} characters",
    "integer-literal-too-long": ("integer literal has {digits:,} digits: integers are limited to "
                                 "{bits} bits (at most {limit:,})"),
    "integer-too-large": ("integer value has {value_bits:,} bits: integers are limited to {bits} bits "
                          "(at most {limit:,})"),
    # ---- lexing and syntax ----
    "unterminated-comment": "unterminated block comment: '/*' has no matching '*/'",
    "unterminated-string": "unterminated string: expected a closing '\"' on the same line",
    "unexpected-character": "unexpected character {shown}",
    "unexpected-character-hint": "unexpected character {shown}: {hint}",
    "non-ascii-character": ("non-ASCII character{shown} (U+{code:04X} {uname}){where}: names and keywords are "
                            "ASCII only"),
    "lookalike-hint": "it looks like '{ascii_form}'; retype it on an ASCII keyboard layout",
    "invisible-hint": "it is an invisible or space-like character; delete it and type a plain space if one is needed",
    "token-end-of-file": "end of file",
    "token-name": "name '{text}'",
    "token-number": "number {text}",
    "token-string": "string {text}",
    "token-keyword": "keyword '{text}'",
    "token-other": "'{text}'",
    "unexpected-end": "unexpected end of file; expected {expected}",
    "unexpected-token": "unexpected {found}; expected {expected}",
    "unclosed": "unclosed {what}: expected {closer} before {found}",
    "opened-here": "the '{opener}' opened here is never closed",
    "keyword-as-name": "'{word}' is a keyword here, not a name; rename what you called '{word}'",
    "syntax-label": "{label} (found {found})",
    # ---- names ----
    "undefined": "{what} '{name}' is not defined",
    "undefined-in": "{kind} '{name}' is not defined in {owner}",
    "int-type-hint": "integers are bounded ranges: write 'LO..HI', e.g. '0..3'",
    "did-you-mean": "did you mean '{name}'?",
    "duplicate": "{what} '{name}' is defined more than once",
    "first-defined-here": "'{name}' is first defined here",
    "declared-here": "'{name}' is declared here",
    "reserved-keyword": "'{name}' is a keyword of the .lfsm language and cannot name anything in a spec",
    "reserved-python": "'{name}' is reserved: it is a Python keyword or constant and cannot name anything in a spec",
    "reserved-attribute": "'{name}' is reserved: generated state machines have an attribute of that name",
    "reserved-prefix": ("'{name}' is reserved: names starting with '{prefix}' would collide with the methods that "
                        "transitions adds to a model"),
    "ambiguous-member": "'{name}' is a member of several enums ({enums}); qualify it as 'Type.{name}'",
    "type-as-value": "'{name}' is a type, not a value",
    "state-as-value": "'{name}' is a state, not a value; test it with 'self in {name}'",
    "event-as-value": ("'{name}' is an event, not a value; events appear in properties ('... only after {name}') "
                       "and as triggers ('A -> B on {name}')"),
    "event-of-machine-as-value": ("'{name}' is an event of machine '{machine}', not a value; events appear in "
                                  "properties ('... only after {name}') and as triggers ('A -> B on {name}')"),
    "state-as-field": "'{name}' is a state of machine '{machine}', not a field; test it with 'x in {name}'",
    "recursive-definition": "'{name}' is defined in terms of itself",
    "definition-too-large": ("definition '{name}' expands to more than {limit:,} operations once the "
                             "definitions it uses are inlined; compute the value in a variable instead"),
    "recursive-let": "definition '{name}' refers to itself",
    "recursive-let-through": "definition '{name}' refers to itself through {chain}",
    # ---- types and values ----
    "mismatch": "{what} must be {want}, found {got}",
    "out-of-range": "{what} is {v}, outside its range {lo}..{hi}",
    "empty-range": "empty range {lo}..{hi}: the lower bound is above the upper bound",
    "range-bounds": "range bounds must be integers",
    "not-constant": "expected a constant: literals, constants and enum members only",
    "invalid-constant": "constant expression cannot be evaluated: {why}",
    "size-not-constant": "an array size may use parameters and constants only",
    "argument-not-constant": "argument '{name}' may use parameters and constants only",
    "mparam-default-not-constant": "the default of machine parameter '{name}' may use parameters and constants only",
    "negative-size": "array size is {n}; it must be 0 or more",
    "param-default": "default of '{name}'",
    "initial-value": "initial value of '{name}'",
    "assignment": "value assigned to '{name}'",
    "argument": "argument '{name}'",
    "array-size": "size of array '{name}'",
    "too-many-instances": ("instance array '{name}' would have {size:,} instances; a system may have "
                           "at most {limit:,} (choose a smaller size or parameter value)"),
    "array-index": "an array index",
    "guard": "a guard",
    "state-invariant": "invariant of state '{name}'",
    "invariant-expr": "an invariant",
    "leads-to-side": "each side of '~>' (and the argument of 'eventually')",
    "only-when-condition": "the condition of 'only when'",
    "if-condition": "the condition of 'if'",
    "quantifier-body": "the body of '{kind}'",
    "operand-of": "operand of '{op}'",
    "if-branches": "the branches of 'if' have different types: {a} and {b}",
    "ordering-operands": "'{op}' compares integers and clocks, found {a} and {b}",
    "equality-operands": "'{op}' compares values of one type, found {a} and {b}",
    "clock-arithmetic": "clocks can only be compared and reset, not used in arithmetic",
    "instance-as-value": "an instance is not a value: use one of its fields ('x.var'), 'x.index' or 'x in State'",
    "in-needs-instance": "'in' tests the state of an instance ('self', a name, 'app[i]'), found {t}",
    "field-of-non-instance": "'.{name}' needs an instance on its left, found {t}",
    "index-non-array": "only instance arrays can be indexed, found {t}",
    "self-outside-machine": "'self' is only meaningful inside a machine",
    # ---- machines ----
    "no-states": "machine '{machine}' declares no states; mark one 'initial state'",
    "missing-initial-machine": "{owner} has no initial state; mark exactly one of its top-level states 'initial'",
    "missing-initial-substates": "{owner} has sub-states but no initial one; mark exactly one of them 'initial'",
    "mark-initial-hint": "perhaps 'initial state {first}'",
    "multiple-initial": "{owner} has more than one initial state: '{extra}' is marked initial too",
    "first-initial-here": "'{name}' is already initial",
    "duplicate-modifier": "'{mod}' is given twice",
    "final-children": "final state '{name}' cannot have sub-states",
    "transition-from-final": "transition out of final state '{name}': a final state has no outgoing transitions",
    "declared-final-here": "'{name}' is declared final here",
    "unreachable-state": "state '{name}' of machine '{machine}' is unreachable from the initial state",
    "trigger-is-signal": ("'{name}' is a signal (an output); transitions are triggered by input, "
                          "internal or receive events"),
    "declared-as": "'{name}' is declared as '{kind}' here",
    "emit-not-signal": "only signals can be emitted, but '{name}' is declared '{kind}'",
    "send-not-receive": "'{name}' of machine '{machine}' is declared '{kind}'; only 'receive' events can be sent",
    "send-in-receiver": ("a transition on the received event '{event}' cannot send: sends do not "
                         "cascade (one send, one atomic step)"),
    "send-to-self": "an instance cannot send to itself; change state directly",
    "send-to-array": "'{name}' is an array: send to one element '{name}[i]' or to all '{name}[*]'",
    "send-index-single": "'{name}' is a single instance, not an array: send to '{name}'",
    "send-without-system": ("'{name}' is not defined: this machine is not part of any system, so it "
                            "has no instances to send to"),
    "duplicate-assignment": "'{name}' is assigned twice in one transition",
    "first-assigned-here": "'{name}' is first assigned here",
    "assign-clock": "'{name}' is a clock: clocks are set only by 'reset {name}'",
    "not-assignable": "'{name}' cannot be assigned: only a machine's own variables can",
    "not-a-clock": "'{name}' is a variable, not a clock; assign it with '{name} = ...'",
    "invalid-fairness": "'{fairness}' applies to input and internal events, not to '{kind}' events",
    "duplicate-transition": "this transition repeats an earlier one (same sources, event, guard, effects and target)",
    "first-written-here": "first written here",
    "overlapping-guards": ("two transitions on '{event}' can both fire from state '{state}': their "
                           "guards overlap, and declaration order is never a priority"),
    "overlap-undecided": ("cannot decide whether the guards of two transitions on '{event}' overlap "
                          "(more than {limit:,} value combinations); make them syntactically exclusive"),
    "overlap-witness": "both guards hold when {values}",
    "other-transition": "the guard of the other transition",
    "overlap-hint": ("make the guards exclusive (add 'and not ...'), or use two different events for a"
                     " nondeterministic choice"),
    # ---- systems ----
    "empty-system": "system '{name}' has no instances",
    "implicit-instance-needs-default": ("parameter '{param}' of machine '{machine}' needs a default: "
                                        "the spec has no system, so the machine runs as one implicit "
                                        "instance with default arguments"),
    "system-dependent-machine": ("machine '{machine}' reads differently in systems '{s1}' and '{s2}': "
                                 "this expression resolves to different definitions or instances in "
                                 "each"),
    "system-dependent-hint": ("a machine is compiled once for every system that uses it; give the "
                              "systems the same definitions, or use a separate machine per system"),
    "missing-argument": "missing argument '{param}' for machine '{machine}' (it has no default)",
    # ---- properties ----
    "bad-citation": "'{text}' is not a guarantee id: cite guarantees as G1, G2, ...",
    "event-needs-instance": ("event '{name}' needs an instance here: write 'x.{name}' (system "
                             "properties have no 'self')"),
    "event-of-non-instance": "expected an instance before '.EVENT'",
    "event-expected": "expected an event reference: 'EVENT', 'x.EVENT' or 'arr[i].EVENT'",
    # ---- parameters on the command line ----
    "unknown-parameter-hint": "unknown parameter '{name}'; did you mean '{hint}'?",
    "unknown-parameter-none": "unknown parameter '{name}': the spec declares no parameters",
    "unknown-parameter": "unknown parameter '{name}'; the spec's parameters are {known}",
    "bad-parameter-value": "parameter '{name}' must be {want}, got '{text}'",
    "parameter-out-of-range": "parameter '{name}' = {shown} is outside its range {lo}..{hi}",
    "number-of-digits": "a number of {digits:,} digits",
    "bad-define": "-D expects NAME=VALUE, got '{text}'",
    # ---- parameter constraints (`require`) ----
    "constraint-label": "constraint '{name}'",
    "this-constraint": "this constraint",
    "constraint-violated": "the parameters violate {label}",
    "constraint-violated-values": "the parameters violate {label} ({values})",
    "default-violates-constraint": "the parameters' defaults violate {label}",
    "default-violates-constraint-values": "the parameters' defaults violate {label} ({values})",
    "default-violates-hint": "a spec is checked at its defaults: change a default, or the constraint",
    "constraint-expr": "a constraint",
    # ---- imports ----
    "import-not-found": "cannot import '{path}': {why}",
    "imports-too-large": "the spec and its imports are larger than {limit:,} bytes together; import fewer files",
    "import-cycle": "import cycle: {chain}",
    "imported-here": "imported here",
    # ---- diagrams ----
    "timeline-without-run": ("timeline '{name}' has no run to draw at these parameter values: a "
                             "timeline is a 'reachable' property (its witness is drawn) or an expected"
                             " violation (its counterexample is drawn), and the checker found neither"),
    # ==== the model checker (options, model errors, the native engine's notices) ====
    "checker.unknown-property": "no property named '{name}'; the system has: {known}",
    "checker.bad-count": "{option} must be at least 1, got {n}",
    "checker.bad-threads": "--threads must be 0 (every CPU) to {most}, got {n}",
    "checker.threads-and-sweep": "--threads is for one check; a sweep runs its configurations in -j worker processes",
    "checker.too-many-runs": ("--all-params would check {runs:,} runs{per}, more than --max-runs {limit:,}; fix some "
                              "parameters with -D NAME=VALUE, choose a --system, or raise --max-runs"),
    # ---- model errors found during the search ----
    "checker.out-of-range": "assigns {var} = {value}, outside its range {lo}..{hi}",
    # ---- the native engine: one-line notices, after which the Python engine runs ----
    "checker.native-no-compiler": "no C compiler found (set CC or install cc/gcc); using the Python engine",
    "checker.native-compiler-broken": "the C compiler '{compiler}' does not work ({why}); using the Python engine",
    "checker.native-compile-failed": ("'{compiler}' failed to compile the native checker (exit "
                                      "{status}: {first_line}); using the Python engine"),
    "checker.native-compiler-crashed": ("'{compiler}' crashed (signal {signal}) compiling the native "
                                        "checker; using the Python engine"),
    "checker.native-compiler-timeout": ("'{compiler}' took more than {seconds:g} s to compile the "
                                        "native checker; using the Python engine"),
    "checker.native-no-cache": ("cannot cache the native checker in {directory} ({why}); it is "
                                "compiled for this run only"),
    "checker.native-build-failed": "cannot build the native checker ({why}); using the Python engine",
    "checker.native-load-failed": "cannot load the native checker ({why}); using the Python engine",
    "checker.native-too-wide": "the model is too wide for the native checker ({what}); using the Python engine",
    "checker.native-failed": "the native checker could not run this model ({why}); using the Python engine",
    # ---- the symbolic (zone) check: why a spec cannot be checked with --time symbolic ----
    "checker.not-symbolic-value": ("clock '{clock}' decides a value that is not a boolean (an 'if' with integer or "
                                   "enum branches, or a 'count'): the clock's value is copied into data, which zones "
                                   "cannot represent; store a comparison (late = {clock} >= budget) or compare the "
                                   "clock where the value is used"),
    "checker.not-symbolic-invariant": ("an invariant may bound clock '{clock}' only from above ({clock} <= c, "
                                       "{clock} < c) for a symbolic check; '{op}' here bounds it from below or both "
                                       "ways"),
    "checker.not-symbolic-clock-use": ("{detail}; the symbolic check needs every clock use bounded as the tick "
                                       "check does"),
    "checker.option-needs-ticks": "{option} runs the tick engine only; drop --time symbolic or {option}",
    "checker.symbolic-first-decides": ("decided by the tick check: the property has both a violation and an "
                                       "evaluation error, and the one met first decides"),
    "checker.symbolic-native-off": "the symbolic check runs in Python: {why}",
    "checker.symbolic-cells-native-off": "the leads-to cell graphs are built in Python: {why}",
    "checker.symbolic-by-ticks": "decided by the tick check: the zones' cell graph has a candidate cycle",
    "checker.symbolic-cells-budget": "decided by the tick check: the zones' cell graph grew past {budget:,} cells",
    "checker.symbolic-counts": ("symbolic time: {discrete:,} discrete states (leaves and variables, clocks as zones), "
                                "{zones:,} zones stored"),
    # ==== the back ends (targets, pictures, models they refuse) ====
    "backends.initial-state-unbuildable": ("the initial state of system '{system}' cannot be built at "
                                           "these parameter values: {why}"),
    "backends.promela-unsupported": "system '{system}' cannot be written as Promela: {why}",
    "backends.promela-int-range": ("{what} ranges over {lo}..{hi}, but SPIN computes with 32-bit "
                                   "integers (-{limit}..{limit}); narrow the range, or check this "
                                   "system with lifefsm alone"),
    "backends.promela-stored-range": ("variable '{var}' ranges over {lo}..{hi}: SPIN stores it in a "
                                      "32-bit integer (at most {limit}, {lo}..{hi} is stored shifted "
                                      "up to start at 0); narrow its range"),
    "backends.promela-unbounded": "{what} has no known bounds, so it cannot be shown to fit SPIN's 32-bit integers",
    "backends.promela-clock-cap": ("clock '{machine}.{clock}' is compared with values up to {highest}; SPIN stores "
                                   "clocks in a byte (caps up to {limit}); compare it with smaller values"),
    "backends.promela-too-many-codes": "{what} has {count} values; SPIN stores them in a byte (at most {limit})",
    "backends.promela-indexed-send": ("'send ... to {array}[...]' with {size} elements in '{array}': "
                                      "SPIN carries the receiver's index in a byte (at most {limit} "
                                      "elements); use a smaller array"),
    "backends.promela-too-many-processes": ("lifefsm [promela-too-many-processes]: the liveness "
                                            "variant needs {count} processes (one per instance and "
                                            "fair event); pan allows {limit}"),
    "backends.unknown-target": "unknown target {bad}; expected a comma-separated subset of {known}",
    "backends.unknown-machine": "no machine named '{name}'; machines: {known}",
    "backends.mermaid-machines-only": "Mermaid output is available for machines; use --machine NAME",
    "backends.state-graph-too-large": ("system '{system}' has more than {limit} reachable states with "
                                       "these parameters, and with every integer parameter at its "
                                       "smallest value; choose smaller values with -D"),
    "backends.png-to-terminal": "PNG output is binary; write it to a file with -o FILE",
    # ==== instantiation (binding a system to parameter values) ====
    "instantiate.unknown-system": "no system named '{name}'; the spec defines: {known}",
    "instantiate.no-system": "the spec defines no system and no machine to run as one",
    "instantiate.bad-array-size": "instance array '{name}' has size {size}; a size must be an integer >= 0",
    "instantiate.clock-vs-clock": ("the checker cannot compare two clocks (their values saturate at "
                                   "different caps); compare each with a constant"),
    "instantiate.clock-unbounded": "a clock is compared with a value whose upper bound the checker cannot determine",
    "instantiate.clock-outside-comparison": ("a clock may only be used directly in a comparison (t >= "
                                             "grace), not inside another expression"),
    "instantiate.dynamic-event-index": ("the index of an instance in an event reference must be "
                                        "constant (literals, parameters)"),
    "instantiate.event-index-out-of-range": ("event reference '{array}[{index}]' is out of bounds: "
                                             "'{array}' has {size} element(s)"),
    "instantiate.index-out-of-bounds": "index {index} is out of bounds for '{array}' (size {size})",
    "instantiate.self-outside-machine": "self outside a machine",
    # ==== check --sweep and lifefsm mutate ====
    "sweep.empty-axis": "-D {name}={raw} leaves no value of '{name}' to sweep",
    "sweep.group-too-large": ("the constraints over {names} combine more than {limit:,} values; fix some of these "
                              "parameters with -D"),
    "sweep.bad-level": "--sweep expects pairwise, 3wise, full, auto or a strength N >= 1, got '{text}'",
    "sweep.bad-jobs": "--jobs must be at least 1, got {n}",
    "sweep.bad-require": "--require expects one boolean expression over the parameters ([NAME:] EXPR), got '{text}'",
    "sweep.require-needs-sweep": ("--require restricts the configurations of a sweep: give it with --sweep or "
                                  "--all-params (a single configuration is chosen with -D)"),
    "sweep.full-too-large": ("--sweep full would check {n:,} configurations, more than {limit:,} (free parameters: "
                             "{free}); fix some with -D NAME=VALUE or a narrower -D NAME=LO..HI, or use --sweep "
                             "pairwise{more}"),
    "sweep.no-valid-configuration": "no configuration satisfies the parameter constraints (with these -D options)",
    "sweep.sweep-and-all-params": "--sweep and --all-params cannot be combined (--sweep full checks the whole product)",
    "sweep.unknown-operator": "unknown mutation operator '{name}'; the operators are {known}",
    "sweep.bad-max-mutants": "--max-mutants must be at least 1, got {n}",
    "sweep.equivalents-line": "expected 'MUTANT-ID  reason' (the reason is required), got '{text}'",
    "sweep.equivalents-twice": "'{ident}' is marked already, on line {line}: one mutant, one line",
    "sweep.equivalents-unknown": ("'{ident}' is not a mutant of this spec (the ids changed? run "
                                  "`lifefsm mutate --list`)"),
    "sweep.original-refused": "the spec itself cannot be checked at configuration #{index}: {why}",
    "sweep.original-incomplete": ("the spec itself is not fully explored at configuration #{index} "
                                  "({params}): mutants are compared with complete verdicts; raise "
                                  "--max-states or restrict the sweep with -D"),
    "sweep.configs-word": "expected NAME=VALUE, got '{text}'",
    "sweep.configs-twice": "'{name}' is given twice on this line",
    "sweep.configs-repeated": "the same configuration as line {line}",
    "sweep.configs-empty": "the file lists no configuration (one a line: NAME=VALUE ... over the spec's defaults)",
    "sweep.configs-and-sweep": ("--configs lists whole configurations: give their -D values on its lines, not "
                                "with -D or --sweep"),
    "sweep.bad-score": "--min-score must be a percentage between 0 and 100, got {value}",
    # ==== lifefsm pod ====
    # ---- reading files ----
    "pod.is-a-directory": ("cannot read '{path}': it is a directory, expected a YAML manifest (pass "
                           "the files, e.g. 'dir/*.yaml')"),
    "pod.file-too-large": "manifest is {size:,} bytes; the limit is {limit:,} bytes",
    "pod.file-too-large-unknown": "manifest is larger than the limit of {limit:,} bytes",
    "pod.nul-byte": "NUL byte in the manifest: this looks like a binary file, expected UTF-8 YAML",
    "pod.not-utf8": "byte 0x{byte:02x} is not valid UTF-8: manifests must be UTF-8 text",
    "pod.utf16": "the manifest is UTF-16 or UTF-32 text (it starts with a byte order mark): save it as UTF-8",
    "pod.stdout-twice": "--json - and --sarif - cannot both write to standard output; give one of them a file name",
    "pod.diagrams": "lifefsm pod: {count} pictures (Mermaid .mmd and .svg) in {directory}",
    "pod.spec-missing": "--spec {path}: no such file",
    "pod.spec-not-reference": ("--spec {path}: not a reference model of the pod: it does not declare {missing} "
                               "(spec/pod.lfsm's parameters, which lifefsm pod binds)"),
    "pod.stdin-twice": "'-' (standard input) can be read only once",
    # ---- YAML ----
    "pod.yaml-syntax": "invalid YAML: {problem}",
    "pod.yaml-syntax-context": "{context} (started here)",
    "pod.yaml-bad-character": "invalid YAML: character U+{code:04X} is not allowed in a YAML stream",
    "pod.yaml-too-deep": "YAML nodes nest more than {limit} levels deep; a Kubernetes manifest needs far fewer",
    "pod.yaml-alias-bomb": ("aliases expand this document to more than {limit:,} nodes ({nodes:,} so "
                            "far): refusing a possible 'billion laughs' document"),
    "pod.yaml-undefined-alias": "alias '*{name}' refers to no anchor defined before it",
    "pod.yaml-recursive-alias": ("alias '*{name}' refers to the node that contains it: a recursive "
                                 "structure is not JSON"),
    "pod.yaml-complex-key": "mapping keys must be strings; Kubernetes objects are JSON, whose keys are strings",
    "pod.yaml-bad-merge": "the merge key '<<' needs a mapping or a list of mappings",
    "pod.duplicate-key": ("duplicate key '{key}': the API server rejects duplicate fields (kubectl's "
                          "default strict validation)"),
    "pod.first-key-here": "'{key}' was first given here",
    # ---- objects and fields ----
    "pod.not-an-object": "a manifest document must be a mapping with 'apiVersion' and 'kind', found {found}",
    "pod.missing-kind-or-version": "the object has '{present}' but no '{missing}': every Kubernetes object needs both",
    "pod.unknown-field": ("unknown field '{field}' in {where} (the API server rejects it under strict field "
                          "validation)"),
    "pod.unknown-field-hint": ("unknown field '{field}' in {where}; did you mean '{suggestion}'? (the API server "
                               "rejects it under strict field validation)"),
    "pod.wrong-type": "'{field}' must be {expected}, found {found}",
    "pod.missing-field": "{where} has no '{field}': {why}",
    "pod.bad-enum": "'{field}' is '{value}'; expected one of {allowed}",
    "pod.negative": "'{field}' is {value}; it must not be negative",
    "pod.no-handler": "{where} names no handler: expected exactly one of {allowed}",
    "pod.handler-count": "{where} names {count} handlers ({kinds}); expected exactly one of {allowed}",
    "pod.empty-command": "{where} has an empty 'command': the exec handler needs the program to run",
    # ---- notes ----
    "pod.skipped-kind": "skipped {kind} '{name}': not a Pod or an object with a pod template",
    "pod.skipped-version": "skipped {kind} '{name}': apiVersion '{version}' is not read (expected '{expected}')",
    "pod.skipped-not-object": "skipped a document without 'apiVersion' and 'kind': not a Kubernetes object",
    # ---- findings (configuration facts) ----
    "pod.sh-c-arguments-fails": ("'{shell} -c' runs only '{script}' and passes '{extra}' as $0...: '{script}' gets "
                                 "no operand and fails at once; write the whole command as one argument: "
                                 "['{shell}', '-c', '{script} {extra}']"),
    "pod.sh-c-arguments": ("'{shell} -c' runs only '{script}' and passes '{extra}' as $0...: the extra arguments "
                           "are ignored; write the whole command as one argument: ['{shell}', '-c', "
                           "'{script} {extra}']"),
    "pod.tcpsocket-poststart": ("postStart uses 'tcpSocket', which the kubelet does not run for hooks: the hook "
                                "fails every time, so the container is killed after each start and never becomes "
                                "Running; use exec, httpGet or sleep"),
    "pod.tcpsocket-prestop": ("preStop uses 'tcpSocket', which the kubelet does not run for hooks: the hook fails "
                              "at once (FailedPreStopHook) and TERM follows immediately; use exec, httpGet or sleep"),
    "pod.sleep-exceeds-grace": ("the sleep action waits {seconds} s, more than terminationGracePeriodSeconds "
                                "({grace} s): the API server rejects the pod (sleep.seconds must be <= the grace "
                                "period)"),
    "pod.sleep-exceeds-default-grace": ("the sleep action waits {seconds} s, more than the default "
                                        "terminationGracePeriodSeconds ({grace} s): the API server rejects the pod "
                                        "(sleep.seconds must be <= the grace period)"),
    "pod.grace-here": "grace period {grace} s set here",
    "pod.grace-default": "grace period {grace} s (the default: not set in the manifest)",
    "pod.init-container-lifecycle": ("'{field}' on the regular init container '{name}': the API server"
                                     " rejects the pod (only sidecars, init containers with "
                                     "restartPolicy: Always, may have hooks and probes)"),
    "pod.duration-unknown": ("the duration of this {hook} handler cannot be read from the manifest: "
                             "{what}; lifefsm takes it as any duration, from instant to never "
                             "returning"),
    "pod.prestop-stops-main-waits": ("preStop runs '{command}' and waits for the process to go: the container stops "
                                     "inside its own hook, the hook is reported failed (FailedPreStopHook) and the "
                                     "TERM that follows has nothing to stop"),
    "pod.prestop-stops-main": ("preStop runs '{command}', which stops the main process and returns at once: the "
                               "kubelet sends TERM right after it, while the process may still be stopping "
                               "gracefully"),
    "pod.restart-policy-not-allowed": ("a {kind} pod template with restartPolicy '{policy}': the API server rejects "
                                       "it; allowed: {allowed}"),
    "pod.restart-policy-default-not-allowed": ("a {kind} pod template with restartPolicy '{policy}' (the default): "
                                               "the API server rejects it; allowed: {allowed}"),
    "pod.duplicate-container-name": ("container name '{name}' is used twice: the API server rejects "
                                     "the pod (names are unique across init and app containers)"),
    "pod.probe-grace-readiness": ("readinessProbe.terminationGracePeriodSeconds is set: the API server"
                                  " rejects it (a readiness failure never kills the container)"),
    "pod.probe-grace-not-positive": ("{probe}.terminationGracePeriodSeconds is {value}: the API server"
                                     " rejects it (it must be at least 1)"),
}


# ---- words that messages quote (data, read by syntax_errors.py) ----------------------------------

# What an unexpected character probably meant, by the character (or the two from it).
CHARACTER_HINTS: dict[str, str] = {
    "&&": "logical and is written 'and'",
    "&": "logical and is written 'and'",
    "!": "negation is written 'not' (and inequality '!=')",
    ";": "declarations end without ';': remove it",
    "#": "comments start with '//' or are written '/* ... */'",
    "'": "strings are written in double quotes, and only 'import' takes one",
    "~": "leads-to is written '~>'",
}

# Letters of other scripts that look like ASCII letters (NFKD does not map these).
CONFUSABLES: dict[str, str] = {
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y",
    "\u0445": "x", "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M",
    "\u041d": "H", "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0425": "X",
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0397": "H", "\u0399": "I", "\u039a": "K",
    "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T", "\u03a7": "X",
    "\u03bf": "o", "\u0456": "i", "\u0458": "j", "\u2212": "-", "\u2013": "-", "\u2014": "-",
    "\u2192": "->", "\u21dd": "~>", "\u2260": "!=", "\u2264": "<=", "\u2265": ">=", "\u2227": "and",
    "\u2228": "or", "\u00ac": "not", "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
}

# Terminals whose pattern is a regular expression, named for people; the others are
# shown as their text ('->', 'state').
TERMINAL_NAMES: dict[str, str] = {
    "NAME": "a name", "INT": "a number", "STRING": "a string", "COMP_OP": "a comparison",
    "ADD_OP": "'+' or '-'", "MUL_OP": "'*', '/' or '%'", "$END": "end of file",
}

# The syntax errors that syntax_errors.py recognises by example (its SYNTAX_EXAMPLES), by label.
SYNTAX_LABELS: dict[str, str] = {
    "transition-needs-event": "a transition needs an event: write 'A -> B on EVENT'",
    "one-event-per-transition": "a transition has exactly one event: write one transition per event",
    "transition-needs-arrow": "expected '->' between the source and target states of a transition",
    "effects-need-do": "effects of a transition follow 'do': write 'A -> B on e do x = 1'",
    "expected-expression": "expected an expression",
    "param-needs-default": "a parameter needs a default value: write 'param NAME: TYPE = VALUE'",
    "var-needs-initial-value": "a variable needs an initial value: write 'var NAME: TYPE = VALUE'",
    "missing-type": "expected ':' and a type (bool, LO..HI, or an enum)",
    "enum-needs-two-members": "an enum type needs at least two members: write 'type T = A | B'",
    "state-keyword-missing": "expected the keyword 'state' after 'initial', 'final' or 'urgent'",
    "state-needs-name": "a state needs a name: write 'state NAME'",
    "assignment-not-comparison": "'=' assigns; compare with '=='",
    "comparison-chain": "comparisons do not chain: write 'a < b and b < c'",
    "boolean-operators": "logical or is written 'or' (and logical and 'and', negation 'not')",
    "property-needs-colon": "expected ':' before the property body: 'property NAME: ...'",
    "property-needs-name": "a property needs a name before its body: 'property NAME: ...'",
    "unknown-declaration": "expected a declaration: import, param, const, type, machine or system",
    "unknown-machine-member": "expected a member of the machine: state, a transition 'A -> B on e', var, clock, "
                              "input, internal, receive, signal, let or property",
    "unknown-system-member": "expected a member of the system: instance, let or property",
    "extra-closing-brace": "this '}' closes nothing: remove it",
}
