"""The front end accepts a minimal spec and produces the IR it describes."""

from lifecycle_fsm import compile_source


def test_minimal_machine_lowers_to_ir() -> None:
    model = compile_source("machine M { input go  initial state A  final state B  A -> B on go }", "m.lfsm")
    (m,) = model.machines
    assert m.initial == "A"
    assert [t.event for t in m.transitions] == ["go"]
    assert model.systems[0].implicit
