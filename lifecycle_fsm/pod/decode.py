"""Typed reads of manifest fields, collecting a located diagnostic for each problem.

The rules are those of the API server's JSON decoding after sigs.k8s.io/yaml:
an integer field takes an integer (a quoted "30" is a string and is refused, a
whole float like 30.0 is accepted as JSON 30); a string field takes any scalar
(kubectl turns `5` into "5" and the YAML 1.1 boolean `yes` into "true"); a null
or empty value is an omitted field. Reading never stops at the first problem:
each read returns None when it cannot give a value, so that one run reports
every problem of a manifest.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic, Note
from ..messages import say
from ..source import Span
from .config import Field
from .fields import suggest
from .yamlnodes import Node, describe, scalar_value


class Reader:
    """Reads fields of nodes; ``diags`` collects the bad-input diagnostics found so far."""

    def __init__(self) -> None:
        self.diags: list[Diagnostic] = []

    def error(self, code: str, message: str, span: Span, notes: Sequence[Note] = ()) -> None:
        self.diags.append(Diagnostic(code, message, span, tuple(notes)))

    def wrong(self, path: str, expected: str, node: Node) -> None:
        self.error("wrong-type", say("pod.wrong-type", field=path, expected=expected, found=describe(node)), node.span)

    def mapping(self, node: Node | None, path: str) -> Node | None:
        """``node`` when it is a mapping (None when absent); a wrong-type diagnostic otherwise."""
        if node is None:
            return None
        if node.kind != "map":
            self.wrong(path, "a mapping", node)
            return None
        return node

    def check_fields(self, node: Node, known: frozenset[str], where: str) -> None:
        for key, _ in node.pairs:
            if key.text not in known:
                hint = suggest(key.text, known)
                message = say("pod.unknown-field-hint", field=key.text, where=where, suggestion=hint) if hint else \
                    say("pod.unknown-field", field=key.text, where=where)
                self.error("unknown-field", message, key.span)

    def field_span(self, node: Node, key: str) -> Span:
        """Where a finding about ``key`` points: its key when present, else the start of the mapping."""
        k = node.key_node(key)
        if k is not None:
            return k.span
        s = node.span
        return Span(s.file, s.line, s.column, s.line, s.column + 1, s.start, s.start + 1)

    def integer(self, node: Node, key: str, path: str) -> Field[int] | None:
        value = node.get(key)
        if value is None:
            return None
        got = scalar_value(value) if value.kind == "scalar" else None
        if isinstance(got, float) and got.is_integer():
            got = int(got)
        if not isinstance(got, int) or isinstance(got, bool):
            self.wrong(path, "an integer", value)
            return None
        return Field(got, value.span)

    def string(self, node: Node, key: str, path: str) -> Field[str] | None:
        value = node.get(key)
        if value is None:
            return None
        text = self.scalar_text(value, path)
        return None if text is None else Field(text, value.span)

    def scalar_text(self, value: Node, path: str) -> str | None:
        if value.kind != "scalar":
            self.wrong(path, "a string", value)
            return None
        got = scalar_value(value)
        if isinstance(got, bool):  # sigs.k8s.io/yaml renders a YAML 1.1 boolean as JSON true/false
            return "true" if got else "false"
        return value.text

    def strings(self, node: Node, key: str, path: str) -> Field[tuple[str, ...]] | None:
        value = self.seq(node, key, path, "a list of strings")
        if value is None:
            return None
        out: list[str] = []
        for i, item in enumerate(value.items):
            if item.is_null:
                out.append("")
                continue
            text = self.scalar_text(item, f"{path}[{i}]")
            if text is None:
                return None
            out.append(text)
        return Field(tuple(out), value.span)

    def items(self, node: Node, key: str, path: str) -> tuple[Node, ...] | None:
        value = self.seq(node, key, path, "a list")
        return None if value is None else value.items

    def seq(self, node: Node, key: str, path: str, expected: str) -> Node | None:
        """The list at ``key``; None when absent, or when not a list (reported: ``expected`` was wanted)."""
        value = node.get(key)
        if value is None:
            return None
        if value.kind != "seq":
            self.wrong(path, expected, value)
            return None
        return value

    def boolean(self, node: Node, key: str, path: str) -> bool:
        value = node.get(key)
        if value is None:
            return False
        got = scalar_value(value) if value.kind == "scalar" else None
        if not isinstance(got, bool):
            self.wrong(path, "a boolean (true or false)", value)
            return False
        return got

    def enum(self, node: Node, key: str, path: str, allowed: Sequence[str]) -> Field[str] | None:
        got = self.string(node, key, path)
        if got is not None and got.value not in allowed:
            self.error("bad-value", say("pod.bad-enum", field=path, value=got.value, allowed=", ".join(allowed)),
                       got.span)
            return None
        return got

    def non_negative(self, node: Node, key: str, path: str) -> Field[int] | None:
        got = self.integer(node, key, path)
        if got is not None and got.value < 0:
            self.error("bad-value", say("pod.negative", field=path, value=got.value), got.span)
            return None
        return got
