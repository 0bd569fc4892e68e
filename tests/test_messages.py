"""The message catalogue (lifecycle_fsm/messages.py): every ``say`` call matches its template.

The calls are read with the ast module, not run: each ``say("key", field=...)`` in the package
names a key of ``TEMPLATES`` and passes exactly the template's placeholders, so a misspelt or
forgotten field fails here rather than in front of a user on a rare error path. Every template is
used by some call (no dead wording), and ``say`` itself refuses what the reading cannot see.
"""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from lifecycle_fsm.messages import TEMPLATES, placeholders, say

PACKAGE = Path(__file__).resolve().parents[1] / "lifecycle_fsm"


def calls() -> Iterator[tuple[str, ast.Call]]:
    """(file:line, call) for every call of ``say`` in the package."""
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "say":
                yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", node


CALLS = list(calls())


def test_the_package_says_its_messages() -> None:
    assert len(CALLS) >= 250


def keys(node: ast.expr) -> list[str] | None:
    """The keys a call may say: a string, or ``"a" if cond else "b"`` (then both must take the same fields)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = keys(node.body), keys(node.orelse)
        return a + b if a is not None and b is not None else None
    return None


@pytest.mark.parametrize("where,call", CALLS, ids=[w for w, _ in CALLS])
def test_each_call_passes_exactly_the_fields_of_its_template(where: str, call: ast.Call) -> None:
    said = keys(call.args[0]) if call.args else None
    assert said is not None, f"{where}: say's key must be written out, so that this test can check it"
    assert len(call.args) == 1 and all(k.arg is not None for k in call.keywords), f"{where}: fields go by name"
    passed = {k.arg for k in call.keywords}
    for key in said:
        assert key in TEMPLATES, f"{where}: no message '{key}' in lifecycle_fsm/messages.py"
        assert passed == placeholders(TEMPLATES[key]), f"{where}: '{key}' reads {sorted(placeholders(TEMPLATES[key]))}"


def test_every_template_is_used() -> None:
    used = {key for _, c in CALLS if c.args for key in keys(c.args[0]) or []}
    assert set(TEMPLATES) - used == set()


def test_templates_are_well_formed() -> None:
    for key, template in TEMPLATES.items():
        assert key == key.lower() and " " not in key
        for _, name, spec, conversion in string.Formatter().parse(template):
            assert name is None or name.isidentifier(), f"'{key}': placeholder '{name}'"
            assert conversion in (None, "r", "v"), f"'{key}': conversion '!{conversion}'"
            assert "{" not in (spec or ""), f"'{key}': nested placeholder"
        first = template.split(" ", 1)[0]
        assert not first[:1].isupper() or first in ("NUL", "PNG", "YAML", "Mermaid"), f"'{key}': lower-case start"


def test_say_refuses_an_unknown_key_and_wrong_fields() -> None:
    with pytest.raises(KeyError, match="no-such-message"):
        say("no-such-message")
    with pytest.raises(TypeError, match=r"takes \['path'\], got \['pth'\]"):
        say("file-not-found", pth="x")
    with pytest.raises(TypeError):
        say("file-not-found")


def test_v_shows_a_file_name_safely() -> None:
    shown = say("compile-outside", path="a\nb\x1b[31m")
    assert shown == "refusing to write outside the output directory: 'a\\nb\\x1b[31m'"
