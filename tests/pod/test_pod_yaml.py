"""YAML nodes (lifecycle_fsm/pod/yamlnodes.py): positions, go-yaml v2 scalar resolution, merges, limits."""

from __future__ import annotations

import pytest

from lifecycle_fsm.diagnostics import Diagnostic, LfsmError
from lifecycle_fsm.pod import yamlnodes as Y
from lifecycle_fsm.pod.yamlnodes import compose, scalar_value


def root(text: str) -> Y.Node:
    diags: list[Diagnostic] = []
    docs = compose(text, "t.yaml", diags)
    assert not diags
    node = docs[0].root
    assert node is not None
    return node


@pytest.mark.parametrize("text,value", [
    ("30", 30), ("030", 24), ("0x1F", 31), ("0o17", 15), ("-5", -5), ("1_000", 1000), ("30.0", 30.0),
    ("yes", True), ("On", True), ("no", False), ("off", False), ("true", True), ("~", None), ("null", None),
    ("", None), ("'30'", "30"), ('"yes"', "yes"), ("!!str 30", "30"), ("!!int 7", 7), ("thirty", "thirty"),
    (".inf", float("inf")), ("1e3", 1000.0),
])
def test_scalars_resolve_as_the_api_server_sees_them(text: str, value: object) -> None:
    node = root(f"a: {text}\nb: 1\n")
    got = node.get("a")
    if value is None:
        assert got is None  # null is an omitted field
    else:
        assert got is not None and scalar_value(got) == value


def test_positions_are_one_based_and_point_at_the_value() -> None:
    node = root("spec:\n  grace: 30\n")
    value = node.get("spec").get("grace")  # type: ignore[union-attr]
    assert (value.span.line, value.span.column, value.span.end_column) == (2, 10, 12)  # type: ignore[union-attr]


def test_merge_keys_fill_in_what_is_not_written() -> None:
    node = root("base: &b {image: nginx, tty: true}\nc:\n  <<: *b\n  image: nginx:1.27\n")
    c = node.get("c")
    assert c is not None
    assert {k.text: scalar_value(v) for k, v in c.pairs} == {"image": "nginx:1.27", "tty": True}


def test_aliases_share_the_anchored_node_and_count_its_size() -> None:
    node = root("a: &x [1, 2, 3]\nb: *x\n")
    assert node.get("a") is node.get("b")
    assert node.size == 1 + 2 * (1 + 4)


def test_duplicate_keys_are_collected_with_both_positions() -> None:
    diags: list[Diagnostic] = []
    compose("a: 1\nb: 2\na: 3\n", "t.yaml", diags)
    assert [(d.code, d.span.line, d.notes[0].span.line) for d in diags] == [("duplicate-key", 3, 1)]  # type: ignore


def test_the_nesting_limit_is_checked_before_anything_recursive() -> None:
    with pytest.raises(LfsmError) as e:
        compose("a: " + "[" * 100_000, "t.yaml", [])
    assert [d.code for d in e.value.diagnostics] == ["yaml-too-deep"]


def test_many_aliases_of_a_small_node_are_not_a_bomb() -> None:
    text = "x: &x {a: 1}\nitems:\n" + "".join("- *x\n" for _ in range(5000))
    assert len(root(text).get("items").items) == 5000  # type: ignore[union-attr]
