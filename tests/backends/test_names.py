"""Spec names can never inject code: hostile-but-legal names work, everything else is rejected earlier."""

from __future__ import annotations

import ast

import pytest

from lifecycle_fsm import LfsmError, compile_source, runtime
from lifecycle_fsm.backends.writer import UnsafeName, free_name, ident, py_str

from .conftest import HERE, emit_python, load_module, random_walks, spec_model, system_class

HOSTILE = HERE / "specs" / "hostile.lfsm"


def test_hostile_names_generate_a_working_module() -> None:
    model = spec_model(HOSTILE)
    (f,) = emit_python(model, HOSTILE)
    assert f.path.endswith("/lfsm_system.py")
    mod = load_module(f.text, "gen_hostile_names")
    # classes that would shadow transitions' Machine, the support's ModelError or LfsmSystem get a suffix;
    # a machine starting with '_' would enter the module's private namespace, so it gets a prefix
    assert mod.Machine_.__name__ == "Machine_" and mod.ModelError_.__name__ == "ModelError_"
    assert mod.X_lf_elem.__name__ == "X_lf_elem"
    cls = system_class(mod)
    assert cls.__name__ == "LfsmSystem_"
    assert mod.Machine is not mod.Machine_ and issubclass(mod.ModelError, Exception)
    s = cls(clock=mod.VirtualClock())
    m0 = s.Machine[0]
    m0.print()  # the events keep their spec names as methods
    assert (m0.sum, m0.sorted, m0.staticmethod, m0.is_state_(), m0.is___init__()) == (1, True, 0, True, True)
    assert s.signals == (("Machine[0]", "classmethod"),) and s.print == 2 and m0.int is True
    s.tick()
    m0.open()
    assert m0.frozenset == "compile" and sum([1, 2]) == 3  # the builtins are untouched
    n = random_walks(lambda: cls(clock=mod.VirtualClock()),
                     lambda: runtime.build(model, clock=runtime.VirtualClock()))
    assert n > 100


def test_hostile_module_defines_only_expected_top_level_names() -> None:
    (f,) = emit_python(spec_model(HOSTILE), HOSTILE)
    top = [n for n in ast.parse(f.text).body if isinstance(n, ast.ClassDef)]
    names = [c.name for c in top]
    assert names[-4:] == ["Machine_", "ModelError_", "X_lf_elem", "LfsmSystem_"]


@pytest.mark.parametrize("bad", ["", "a b", 'a"', "x\nimport os", "é", "class", "None", "1x", "a.b", "a;b"])
def test_ident_refuses_anything_but_plain_identifiers(bad: str) -> None:
    with pytest.raises(UnsafeName):
        ident(bad)


@pytest.mark.parametrize("text", ["'", '"', '"""', "\\", "\n", "'''; import os; '''", "\x00", "é\u2028"])
def test_string_data_is_emitted_as_a_literal(text: str) -> None:
    assert ast.literal_eval(py_str(text)) == text


def test_free_name_avoids_builtins_support_names_and_private_names() -> None:
    assert free_name("all", []) == "all_"
    assert free_name("Pod", ["Pod"]) == "Pod_"
    assert free_name("_x", []) == "X_x"
    assert free_name("Pod", []) == "Pod"


# Attempts to get code or odd names through the front end: each is refused with a diagnostic.
REJECTED = {
    'machine "M" { input go initial state A }': "syntax-error",
    "machine M\u0430 { input go initial state A }": "non-ascii-character",
    'machine M { input go initial state A } __import__("os")': "syntax-error",
    "machine M { input go; initial state A }": "unexpected-character",
    "machine M$ { input go initial state A }": "unexpected-character",
    "machine M { input go initial state 'A' }": "unexpected-character",
    'machine M { signal s initial state A  A -> A on go do emit "x\\ny" }': "unterminated-string",
    "machine class { input go initial state A }": "reserved-name",
    "machine M { var None: bool = false input go initial state A }": "reserved-name",
    "machine M { var _x: bool = false input go initial state A }": "reserved-name",
    "machine M { var state: bool = false input go initial state A }": "reserved-name",
    "machine M { input is_ready initial state A  A -> A on is_ready }": "reserved-name",
    "machine M { input __class__ initial state A  A -> A on __class__ }": "reserved-name",
    "type T = match | B\nmachine M { input go initial state A }": "reserved-name",
}


@pytest.mark.parametrize("source", list(REJECTED), ids=list(REJECTED.values()))
def test_the_front_end_rejects_names_that_are_not_safe(source: str) -> None:
    with pytest.raises(LfsmError) as info:
        compile_source(source, "bad.lfsm")
    assert [d.code for d in info.value.diagnostics] == [REJECTED[source]]
