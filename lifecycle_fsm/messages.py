"""Every user-facing message of the front end, one function per message.

Conventions: lower-case start, names from the spec in single quotes, say what
was found and what was expected, suggest the fix when there is one. Keeping
the wording here lets it be read and reviewed as a whole.
"""

from __future__ import annotations

from . import ast as A
from .escape import visible

# ---- input files ---------------------------------------------------------------


def file_not_found(path: str) -> str:
    return f"cannot read '{path}': no such file"


def is_a_directory(path: str) -> str:
    return f"cannot read '{path}': it is a directory, expected a .lfsm file"


def file_not_readable(path: str, why: str) -> str:
    return f"cannot read '{path}': {why}"


def file_too_large(size: int | None, limit: int) -> str:
    if size is None:  # a device or a pipe that kept on giving
        return f"spec is larger than the limit of {limit:,} bytes (split it with 'import')"
    return f"spec is {size:,} bytes; the limit is {limit:,} bytes (split it with 'import')"


def does_not_exist() -> str:
    return "it does not exist"


def is_a_directory_reason() -> str:
    return "it is a directory"


def not_a_regular_file(kind: str) -> str:
    return f"it is a {kind}, not a regular file"


def not_a_spec_name() -> str:
    return "its name does not end in '.lfsm', so it is not a spec"


def link_not_a_spec() -> str:
    return "it is a link to a file whose name does not end in '.lfsm', so it is not a spec"


def nul_byte() -> str:
    return "NUL byte in spec: this looks like a binary file, expected UTF-8 text"


def not_utf8(byte: int) -> str:
    return f"byte 0x{byte:02x} is not valid UTF-8: specs must be UTF-8 text"


def utf16() -> str:
    return "the spec is UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8"


def empty_file() -> str:
    return "the spec is empty: expected at least one declaration (machine, system, param, ...)"


def nesting_too_deep(what: str, limit: int) -> str:
    if what == "states":
        return f"states nest more than {limit} levels deep; flatten the state hierarchy"
    if what == "definitions":
        return (f"expression is nested more than {limit} levels deep once its definitions ('let', 'const') "
                "are expanded; simplify the definitions")
    return f"expression is nested more than {limit} levels deep; simplify it"


# ---- output files (lifecycle_fsm/outputs.py, backends/files.py) ------------------------------
# Paths are shown through escape.visible: a file name may hold newlines or terminal escapes.


def output_not_regular(path: str, kind: str) -> str:
    return (f"refusing to write '{visible(path)}': it is {kind}; lifefsm writes only regular files "
            "(use '-' for standard output)")


def output_failed(path: str, why: str) -> str:
    return f"cannot write '{visible(path)}': {why}; nothing there was changed"


def stdout_failed(why: str) -> str:
    return f"cannot write to standard output: {why}"


def os_error(path: str, why: str) -> str:
    return f"'{visible(path)}': {why}" if path else why


def compile_failed(why: str) -> str:
    return f"writing the outputs failed ({why}); earlier outputs are unchanged"


def compile_outside(path: str) -> str:
    return f"refusing to write outside the output directory: '{visible(path)}'"


def compile_not_generated(path: str, manifest: str) -> str:
    return (f"refusing to replace '{visible(path)}': lifefsm did not generate it (it is not listed in "
            f"'{visible(manifest)}'); move it away or choose another --out")


def compile_waiting(root: str) -> str:
    return f"waiting for another lifefsm compile that is writing to '{visible(root)}'"


def compile_cannot_undo(stage: str) -> str:
    return (f"cannot undo the interrupted run recorded in '{visible(stage)}'; its journal and backups are "
            "kept there")


def compile_old_stage(stage: str) -> str:
    return (f"warning: '{visible(stage)}' was left by an older lifefsm that was interrupted; its 'old' directory "
            "holds the outputs it had moved aside: look at them, then delete the directory")


def compile_recovered(root: str) -> str:
    return f"note: an interrupted lifefsm compile had left '{visible(root)}' half written; its outputs were restored"
def name_too_long(length: int, limit: int) -> str:
    return f"name of {length:,} characters: names are limited to {limit} characters"


def integer_literal_too_long(digits: int, bits: int, limit: int) -> str:
    return f"integer literal has {digits:,} digits: integers are limited to {bits} bits (at most {limit:,})"


def integer_too_large(value_bits: int, bits: int, limit: int) -> str:
    return f"integer value has {value_bits:,} bits: integers are limited to {bits} bits (at most {limit:,})"


# ---- lexing and syntax --------------------------------------------------------------


def unterminated_comment() -> str:
    return "unterminated block comment: '/*' has no matching '*/'"


def unterminated_string() -> str:
    return "unterminated string: expected a closing '\"' on the same line"


_CHARACTER_HINTS = {
    "&&": "logical and is written 'and'",
    "&": "logical and is written 'and'",
    "!": "negation is written 'not' (and inequality '!=')",
    ";": "declarations end without ';': remove it",
    "#": "comments start with '//' or are written '/* ... */'",
    "'": "strings are written in double quotes, and only 'import' takes one",
    "~": "leads-to is written '~>'",
}


def unexpected_character(ch: str, two: str) -> str:
    hint = _CHARACTER_HINTS.get(two) or _CHARACTER_HINTS.get(ch)
    shown = repr(ch) if not ch.isprintable() else f'"{ch}"' if ch == "'" else f"'{ch}'"
    return f"unexpected character {shown}" + (f": {hint}" if hint else "")


def non_ascii_character(ch: str, code: int, uname: str, word: str | None) -> str:
    where = f" in '{word}'" if word and word.isprintable() else ""
    shown = f" '{ch}'" if ch.isprintable() and not ch.isspace() else ""
    return f"non-ASCII character{shown} (U+{code:04X} {uname}){where}: names and keywords are ASCII only"


def lookalike_hint(ascii_form: str) -> str:
    return f"it looks like '{ascii_form}'; retype it on an ASCII keyboard layout"


def invisible_hint() -> str:
    return "it is an invisible or space-like character; delete it and type a plain space if one is needed"


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
TERMINAL_NAMES = {
    "NAME": "a name", "INT": "a number", "STRING": "a string", "COMP_OP": "a comparison",
    "ADD_OP": "'+' or '-'", "MUL_OP": "'*', '/' or '%'", "$END": "end of file",
}


def describe_token(kind: str, text: str) -> str:
    if kind == "$END":
        return "end of file"
    if kind == "NAME":
        return f"name '{text}'"
    if kind == "INT":
        return f"number {text}"
    if kind == "STRING":
        return f"string {text}"
    if text.isidentifier():
        return f"keyword '{text}'"
    return f"'{text}'"


def unexpected_end(expected: list[str]) -> str:
    return f"unexpected end of file; expected {_one_of(expected)}"


def unexpected_token(found: str, expected: list[str]) -> str:
    return f"unexpected {found}; expected {_one_of(expected)}"


def unclosed(opener: str, closer: str, found: str) -> str:
    what = {"{": "block", "(": "parenthesis", "[": "bracket"}.get(opener, "bracket")
    return f"unclosed {what}: expected {closer} before {found}"


def opened_here(opener: str) -> str:
    return f"the '{opener}' opened here is never closed"


def keyword_as_name(word: str) -> str:
    return f"'{word}' is a keyword here, not a name; rename what you called '{word}'"


def _one_of(items: list[str]) -> str:
    if not items:
        return "nothing more"
    if len(items) == 1:
        return items[0]
    if len(items) > 8:
        return ", ".join(items[:8]) + ", ..."
    return ", ".join(items[:-1]) + " or " + items[-1]


_LABELS = {
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


def syntax_label(label: str, found: str) -> str:
    return f"{_LABELS[label]} (found {found})"


def syntax_labels() -> dict[str, str]:
    return dict(_LABELS)


# ---- names -------------------------------------------------------------------


def kind_of(item: A.Item) -> str:
    return {A.Param: "parameter", A.Const: "constant", A.TypeDecl: "type", A.Machine: "machine",
            A.System: "system"}.get(type(item), "declaration")


def undefined(what: str, name: str) -> str:
    if " of " in what:  # "event of machine 'C'" -> "event 'kill' is not defined in machine 'C'"
        kind, owner = what.split(" of ", 1)
        return f"{kind} '{name}' is not defined in {owner}"
    return f"{what} '{name}' is not defined"


def int_type_hint() -> str:
    return "integers are bounded ranges: write 'LO..HI', e.g. '0..3'"


def did_you_mean(name: str) -> str:
    return f"did you mean '{name}'?"


def duplicate(what: str, name: str) -> str:
    return f"{what} '{name}' is defined more than once"


def first_defined_here(name: str) -> str:
    return f"'{name}' is first defined here"


def declared_here(name: str) -> str:
    return f"'{name}' is declared here"


def reserved_name(name: str, why: str) -> str:
    if why == "keyword":
        return f"'{name}' is a keyword of the .lfsm language and cannot name anything in a spec"
    if why == "python":
        return f"'{name}' is reserved: it is a Python keyword or constant and cannot name anything in a spec"
    if why == "attribute":
        return f"'{name}' is reserved: generated state machines have an attribute of that name"
    prefix = why.split(":", 1)[1]
    return (f"'{name}' is reserved: names starting with '{prefix}' would collide with the methods "
            "that transitions adds to a model")


def ambiguous_member(name: str, enums: list[str]) -> str:
    return f"'{name}' is a member of several enums ({', '.join(enums)}); qualify it as 'Type.{name}'"


def type_as_value(name: str) -> str:
    return f"'{name}' is a type, not a value"


def state_as_value(name: str) -> str:
    return f"'{name}' is a state, not a value; test it with 'self in {name}'"


def event_as_value(name: str, machine: str | None = None) -> str:
    owner = f" of machine '{machine}'" if machine else ""
    return (f"'{name}' is an event{owner}, not a value; events appear in properties "
            f"('... only after {name}') and as triggers ('A -> B on {name}')")


def state_as_field(name: str, machine: str) -> str:
    return f"'{name}' is a state of machine '{machine}', not a field; test it with 'x in {name}'"


def recursive_definition(name: str) -> str:
    return f"'{name}' is defined in terms of itself"


def definition_too_large(name: str, limit: int) -> str:
    return (f"definition '{name}' expands to more than {limit:,} operations once the definitions it uses are "
            "inlined; compute the value in a variable instead")


def recursive_let(cycle: tuple[str, ...]) -> str:
    if len(cycle) <= 2:
        return f"definition '{cycle[0]}' refers to itself"
    return f"definition '{cycle[0]}' refers to itself through " + " -> ".join(f"'{c}'" for c in cycle)


# ---- types and values --------------------------------------------------------------


def mismatch(what: str, want: str, got: str) -> str:
    return f"{what} must be {want}, found {got}"


def out_of_range(what: str, v: int, lo: int, hi: int) -> str:
    return f"{what} is {v}, outside its range {lo}..{hi}"


def empty_range(lo: int, hi: int) -> str:
    return f"empty range {lo}..{hi}: the lower bound is above the upper bound"


def range_bounds() -> str:
    return "range bounds must be integers"


def not_constant() -> str:
    return "expected a constant: literals, constants and enum members only"


def invalid_constant(why: str) -> str:
    return f"constant expression cannot be evaluated: {why}"


def size_not_constant() -> str:
    return "an array size may use parameters and constants only"


def argument_not_constant(name: str) -> str:
    return f"argument '{name}' may use parameters and constants only"


def mparam_default_not_constant(name: str) -> str:
    return f"the default of machine parameter '{name}' may use parameters and constants only"


def negative_size(n: int) -> str:
    return f"array size is {n}; it must be 0 or more"


def param_default(name: str) -> str:
    return f"default of '{name}'"


def initial_value(name: str) -> str:
    return f"initial value of '{name}'"


def assignment(name: str) -> str:
    return f"value assigned to '{name}'"


def argument(name: str) -> str:
    return f"argument '{name}'"


def array_size(name: str) -> str:
    return f"size of array '{name}'"


def too_many_instances(name: str, size: int, limit: int) -> str:
    return (f"instance array '{name}' would have {size:,} instances; a system may have at most {limit:,} "
            "(choose a smaller size or parameter value)")


def array_index() -> str:
    return "an array index"


def guard() -> str:
    return "a guard"


def state_invariant(name: str) -> str:
    return f"invariant of state '{name}'"


def invariant_expr() -> str:
    return "an invariant"


def leads_to_side() -> str:
    return "each side of '~>' (and the argument of 'eventually')"


def only_when_condition() -> str:
    return "the condition of 'only when'"


def if_condition() -> str:
    return "the condition of 'if'"


def quantifier_body(kind: str) -> str:
    return f"the body of '{kind}'"


def operand_of(op: str) -> str:
    return f"operand of '{op}'"


def if_branches(a: str, b: str) -> str:
    return f"the branches of 'if' have different types: {a} and {b}"


def ordering_operands(op: str, a: str, b: str) -> str:
    return f"'{op}' compares integers and clocks, found {a} and {b}"


def equality_operands(op: str, a: str, b: str) -> str:
    return f"'{op}' compares values of one type, found {a} and {b}"


def clock_arithmetic() -> str:
    return "clocks can only be compared and reset, not used in arithmetic"


def instance_as_value() -> str:
    return "an instance is not a value: use one of its fields ('x.var'), 'x.index' or 'x in State'"


def in_needs_instance(t: str) -> str:
    return f"'in' tests the state of an instance ('self', a name, 'app[i]'), found {t}"


def field_of_non_instance(name: str, t: str) -> str:
    return f"'.{name}' needs an instance on its left, found {t}"


def index_non_array(t: str) -> str:
    return f"only instance arrays can be indexed, found {t}"


def self_outside_machine() -> str:
    return "'self' is only meaningful inside a machine"


# ---- machines ------------------------------------------------------------------


def no_states(machine: str) -> str:
    return f"machine '{machine}' declares no states; mark one 'initial state'"


def missing_initial(owner: str) -> str:
    if owner.startswith("machine"):
        return f"{owner} has no initial state; mark exactly one of its top-level states 'initial'"
    return f"{owner} has sub-states but no initial one; mark exactly one of them 'initial'"


def mark_initial_hint(first: str) -> str:
    return f"perhaps 'initial state {first}'"


def multiple_initial(owner: str, extra: str) -> str:
    return f"{owner} has more than one initial state: '{extra}' is marked initial too"


def first_initial_here(name: str) -> str:
    return f"'{name}' is already initial"


def duplicate_modifier(mod: str) -> str:
    return f"'{mod}' is given twice"


def final_children(name: str) -> str:
    return f"final state '{name}' cannot have sub-states"


def transition_from_final(name: str) -> str:
    return f"transition out of final state '{name}': a final state has no outgoing transitions"


def declared_final_here(name: str) -> str:
    return f"'{name}' is declared final here"


def unreachable_state(name: str, machine: str) -> str:
    return f"state '{name}' of machine '{machine}' is unreachable from the initial state"


def trigger_is_signal(name: str) -> str:
    return f"'{name}' is a signal (an output); transitions are triggered by input, internal or receive events"


def declared_as(name: str, kind: str) -> str:
    return f"'{name}' is declared as '{kind}' here"


def emit_not_signal(name: str, kind: str) -> str:
    return f"only signals can be emitted, but '{name}' is declared '{kind}'"


def send_not_receive(name: str, machine: str, kind: str) -> str:
    return f"'{name}' of machine '{machine}' is declared '{kind}'; only 'receive' events can be sent"


def send_in_receiver(event: str) -> str:
    return (f"a transition on the received event '{event}' cannot send: sends do not cascade "
            "(one send, one atomic step)")


def send_to_self() -> str:
    return "an instance cannot send to itself; change state directly"


def send_to_array(name: str) -> str:
    return f"'{name}' is an array: send to one element '{name}[i]' or to all '{name}[*]'"


def send_index_single(name: str) -> str:
    return f"'{name}' is a single instance, not an array: send to '{name}'"


def send_without_system(name: str) -> str:
    return f"'{name}' is not defined: this machine is not part of any system, so it has no instances to send to"


def duplicate_assignment(name: str) -> str:
    return f"'{name}' is assigned twice in one transition"


def first_assigned_here(name: str) -> str:
    return f"'{name}' is first assigned here"


def assign_clock(name: str) -> str:
    return f"'{name}' is a clock: clocks are set only by 'reset {name}'"


def not_assignable(name: str) -> str:
    return f"'{name}' cannot be assigned: only a machine's own variables can"


def not_a_clock(name: str) -> str:
    return f"'{name}' is a variable, not a clock; assign it with '{name} = ...'"


def invalid_fairness(fairness: str, kind: str) -> str:
    return f"'{fairness}' applies to input and internal events, not to '{kind}' events"


def duplicate_transition() -> str:
    return "this transition repeats an earlier one (same sources, event, guard, effects and target)"


def first_written_here() -> str:
    return "first written here"


def overlapping_guards(event: str, state: str) -> str:
    return (f"two transitions on '{event}' can both fire from state '{state}': their guards overlap, "
            "and declaration order is never a priority")


def overlap_undecided(event: str, limit: int) -> str:
    return (f"cannot decide whether the guards of two transitions on '{event}' overlap "
            f"(more than {limit:,} value combinations); make them syntactically exclusive")


def overlap_witness(values: tuple[tuple[str, object], ...]) -> str:
    def show(v: object) -> str:
        return str(v).lower() if isinstance(v, bool) else str(v)
    parts = [f"{name} = {show(v)}" if not name.startswith("the state of") else f"{name} is {v}"
             for name, v in values]
    return "both guards hold when " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0])


def other_transition() -> str:
    return "the guard of the other transition"


def overlap_hint() -> str:
    return "make the guards exclusive (add 'and not ...'), or use two different events for a nondeterministic choice"


# ---- systems ------------------------------------------------------------------


def empty_system(name: str) -> str:
    return f"system '{name}' has no instances"


def implicit_instance_needs_default(param: str, machine: str) -> str:
    return (f"parameter '{param}' of machine '{machine}' needs a default: the spec has no system, so the "
            f"machine runs as one implicit instance with default arguments")


def system_dependent_machine(machine: str, s1: str, s2: str) -> str:
    return (f"machine '{machine}' reads differently in systems '{s1}' and '{s2}': this expression resolves to "
            "different definitions or instances in each")


def system_dependent_hint() -> str:
    return ("a machine is compiled once for every system that uses it; give the systems the same definitions, "
            "or use a separate machine per system")


def missing_argument(param: str, machine: str) -> str:
    return f"missing argument '{param}' for machine '{machine}' (it has no default)"


# ---- properties -----------------------------------------------------------------


def bad_citation(text: str) -> str:
    return f"'{text}' is not a guarantee id: cite guarantees as G1, G2, ..."


def event_needs_instance(name: str) -> str:
    return f"event '{name}' needs an instance here: write 'x.{name}' (system properties have no 'self')"


def event_of_non_instance() -> str:
    return "expected an instance before '.EVENT'"


def event_expected() -> str:
    return "expected an event reference: 'EVENT', 'x.EVENT' or 'arr[i].EVENT'"


# ---- parameters on the command line ------------------------------------------------


def unknown_parameter(name: str, known: list[str], hint: str | None) -> str:
    if hint is not None:
        return f"unknown parameter '{name}'; did you mean '{hint}'?"
    if not known:
        return f"unknown parameter '{name}': the spec declares no parameters"
    return f"unknown parameter '{name}'; the spec's parameters are " + ", ".join(f"'{k}'" for k in known)


def bad_parameter_value(name: str, text: str, want: str) -> str:
    return f"parameter '{name}' must be {want}, got '{text}'"


def parameter_out_of_range(name: str, shown: str, lo: int | None, hi: int | None) -> str:
    return f"parameter '{name}' = {shown} is outside its range {lo}..{hi}"


def number_of_digits(digits: int) -> str:
    return f"a number of {digits:,} digits"


def bad_define(text: str) -> str:
    return f"-D expects NAME=VALUE, got '{text}'"


# ---- parameter constraints (`require`) ------------------------------------------


def constraint_label(name: str | None, text: str) -> str:
    return f"constraint '{name}'" if name else f"constraint '{text}'"


def this_constraint() -> str:
    return "this constraint"


def constraint_violated(label: str, values: str) -> str:
    return f"the parameters violate {label}" + (f" ({values})" if values else "")


def default_violates_constraint(label: str, values: str) -> str:
    return f"the parameters' defaults violate {label}" + (f" ({values})" if values else "")


def default_violates_hint() -> str:
    return "a spec is checked at its defaults: change a default, or the constraint"


def constraint_expr() -> str:
    return "a constraint"



# ---- imports ------------------------------------------------------------------


def import_not_found(path: str, why: str) -> str:
    return f"cannot import '{path}': {why}"


def imports_too_large(limit: int) -> str:
    return f"the spec and its imports are larger than {limit:,} bytes together; import fewer files"


def import_cycle(chain: list[str]) -> str:
    return "import cycle: " + " -> ".join(chain)


def imported_here() -> str:
    return "imported here"


# ---- diagrams -----------------------------------------------------------------


def timeline_without_run(name: str) -> str:
    return (f"timeline '{name}' has no run to draw at these parameter values: a timeline is a 'reachable' "
            "property (its witness is drawn) or an expected violation (its counterexample is drawn), and "
            "the checker found neither")
