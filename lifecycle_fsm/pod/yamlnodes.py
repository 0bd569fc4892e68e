"""YAML text to position-carrying nodes, with the limits a hostile file needs.

ruamel.yaml's pure-Python parser turns the text into events, each with its start
and end mark (line, column, character offset). We build the node tree from those
events ourselves instead of using ruamel's composer, for three reasons:

* depth: the loop below is iterative and refuses nodes nested deeper than
  MAX_DEPTH before anything recursive sees them (the composer recurses);
* aliases: an alias is the anchored node itself (shared, never copied), and
  every node knows its *expanded* size, so a "billion laughs" document is refused
  at the alias that makes it explode, after a few kilobytes of work;
* duplicate keys: reported with both positions and collected (the composer stops
  at the first), because the API server rejects duplicate fields.

Scalars keep their text and style; ``scalar_value`` resolves a plain scalar the
way sigs.k8s.io/yaml (go-yaml v2, YAML 1.1) does before the API server sees JSON:
``yes``/``on`` are booleans, ``0x1F`` and ``017`` are integers, ``~`` is null.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml import events as E
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from ..diagnostics import Diagnostic, LfsmError, Note
from ..messages import say
from ..source import Span

MAX_DEPTH = 100  # a pod template nests about 15 levels; CRD schemas reach 40
MAX_EXPANDED = 1_000_000  # nodes a document may expand to through aliases ...
ALIAS_RATIO = 10  # ... when that is also this many times the nodes it spells out

STR, INT, BOOL, NULL, FLOAT = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null", "float"))
MERGE = "tag:yaml.org,2002:merge"


@dataclass(frozen=True, slots=True, eq=False)
class Node:
    """One YAML node: a scalar (its text), a sequence (items) or a mapping (pairs, keys are scalars)."""

    kind: str  # "scalar" | "seq" | "map"
    span: Span
    text: str = ""
    style: str | None = None  # None: a plain scalar
    tag: str | None = None
    items: tuple[Node, ...] = ()
    pairs: tuple[tuple[Node, Node], ...] = ()
    size: int = 1  # nodes after expanding aliases
    keys: dict[str, int] = field(default_factory=dict)  # key text -> index in pairs

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and scalar_value(self) is None

    def get(self, key: str) -> Node | None:
        """The value under ``key`` of a mapping; None when absent or null (JSON null is an omitted field)."""
        i = self.keys.get(key)
        if i is None:
            return None
        value = self.pairs[i][1]
        return None if value.is_null else value

    def key_node(self, key: str) -> Node | None:
        i = self.keys.get(key)
        return None if i is None else self.pairs[i][0]


@dataclass(frozen=True, slots=True)
class Document:
    root: Node | None  # None: an empty document
    span: Span  # where the document starts
    index: int  # 1-based position in its file


_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"}
_FALSE = {"n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"}
_INT = re.compile(r"[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


def scalar_value(node: Node) -> None | bool | int | float | str:
    """The JSON value of a scalar node (go-yaml v2 resolution, as kubectl and the API server decode)."""
    text, tag = node.text, node.tag
    if tag == STR or (tag is None and node.style is not None):
        return text
    if tag in (None, INT, FLOAT, BOOL, NULL):
        if text in _NULLS and tag in (None, NULL):
            return None
        if text in _TRUE and tag in (None, BOOL):
            return True
        if text in _FALSE and tag in (None, BOOL):
            return False
        if _INT.fullmatch(text) and tag in (None, INT):
            digits = text.replace("_", "")
            sign = -1 if digits.startswith("-") else 1
            body = digits.lstrip("+-")
            if body.startswith(("0b", "0x", "0o")):
                return sign * int(body, 0)
            return sign * (int(body, 8) if len(body) > 1 and body.startswith("0") else int(body))
        if _FLOAT.fullmatch(text) and tag in (None, FLOAT):
            return float(text.replace("_", "").replace("Inf", "inf").replace("INF", "inf").replace("NaN", "nan")
                         .replace("NAN", "nan").replace(".inf", "inf").replace(".nan", "nan"))
    return text  # other explicit tags: go-yaml keeps the text


def describe(node: Node) -> str:
    """How a node reads in a message: 'the string 'thirty'', 'a list', 'the integer 5'."""
    if node.kind == "seq":
        return "a list"
    if node.kind == "map":
        return "a mapping"
    value = scalar_value(node)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {node.text}"
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f"the string '{shown}'"


def _span(name: str, start: object, end: object) -> Span:
    s, e = start, end
    return Span(name, s.line + 1, s.column + 1, e.line + 1, e.column + 1, s.index, e.index)  # type: ignore[attr-defined]


@dataclass
class _Frame:
    kind: str
    start: object  # the start event
    anchor: str | None
    children: list[Node] = field(default_factory=list)


class _Composer:
    """Builds the documents of one file; duplicate keys go to ``diags``, fatal problems raise."""

    def __init__(self, name: str, diags: list[Diagnostic]):
        self.name = name
        self.diags = diags
        self.anchors: dict[str, Node] = {}
        self.building: set[str] = set()
        self.stack: list[_Frame] = []
        self.root: Node | None = None
        self.literal = 0
        self.expanded = 0

    def fatal(self, code: str, message: str, ev: object) -> LfsmError:
        return LfsmError([Diagnostic(code, message, _span(self.name, ev.start_mark, ev.end_mark))])  # type: ignore[attr-defined]

    def add(self, node: Node, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = node
            self.building.discard(anchor)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node

    def documents(self, text: str) -> Iterator[Document]:
        doc_start: Span | None = None
        count = 0
        for ev in YAML(typ="safe", pure=True).parse(text):
            if isinstance(ev, E.DocumentStartEvent):
                self.anchors, self.building, self.root = {}, set(), None
                self.literal = self.expanded = 0
                doc_start = _span(self.name, ev.start_mark, ev.start_mark)
            elif isinstance(ev, E.DocumentEndEvent):
                count += 1
                root = None if self.root is None or self.root.is_null else self.root
                yield Document(root, doc_start or Span(self.name, 1, 1, 1, 1), count)
            elif isinstance(ev, E.ScalarEvent):
                self.literal += 1
                self.add(Node("scalar", _span(self.name, ev.start_mark, ev.end_mark), ev.value, ev.style,
                              ev.tag if isinstance(ev.tag, str) else None), ev.anchor)
            elif isinstance(ev, (E.SequenceStartEvent, E.MappingStartEvent)):
                if len(self.stack) >= MAX_DEPTH:
                    raise self.fatal("yaml-too-deep", say("pod.yaml-too-deep", limit=MAX_DEPTH), ev)
                self.literal += 1
                kind = "seq" if isinstance(ev, E.SequenceStartEvent) else "map"
                self.stack.append(_Frame(kind, ev, ev.anchor))
                if ev.anchor is not None:
                    self.building.add(ev.anchor)
            elif isinstance(ev, (E.SequenceEndEvent, E.MappingEndEvent)):
                frame = self.stack.pop()
                self.add(self.finish(frame, ev), frame.anchor)
            elif isinstance(ev, E.AliasEvent):
                self.alias(ev)

    def alias(self, ev: E.AliasEvent) -> None:
        name = ev.anchor
        target = self.anchors.get(name)
        if target is None:
            recursive = name in self.building
            raise self.fatal("yaml-bad-alias",
                             say("pod.yaml-recursive-alias",
                                 name=name) if recursive else say("pod.yaml-undefined-alias", name=name), ev)
        self.expanded += target.size
        total = self.literal + self.expanded
        if total > MAX_EXPANDED and total > ALIAS_RATIO * self.literal:
            raise self.fatal("yaml-alias-bomb", say("pod.yaml-alias-bomb", nodes=total, limit=MAX_EXPANDED), ev)
        if self.stack:
            self.stack[-1].children.append(target)
        else:
            self.root = target

    def finish(self, frame: _Frame, end: object) -> Node:
        span = _span(self.name, frame.start.start_mark, end.end_mark)  # type: ignore[attr-defined]
        kids = frame.children
        size = 1 + sum(k.size for k in kids)
        if frame.kind == "seq":
            return Node("seq", span, tag=getattr(frame.start, "tag", None), items=tuple(kids), size=size)
        pairs: list[tuple[Node, Node]] = []
        keys: dict[str, int] = {}
        merged: list[tuple[Node, Node]] = []
        for key, value in zip(kids[0::2], kids[1::2]):
            if key.kind != "scalar":
                raise LfsmError([Diagnostic("yaml-complex-key", say("pod.yaml-complex-key"), key.span)])
            if key.style is None and key.text == "<<" and key.tag in (None, MERGE):
                merged.extend(self.merge_pairs(key, value))
                continue
            if key.text in keys:
                first = pairs[keys[key.text]][0]
                self.diags.append(Diagnostic("duplicate-key", say("pod.duplicate-key", key=key.text), key.span,
                                             (Note(say("pod.first-key-here", key=key.text), first.span),)))
                continue
            keys[key.text] = len(pairs)
            pairs.append((key, value))
        for key, value in merged:  # explicit keys win over merged ones, earlier merges over later ones
            if key.text not in keys:
                keys[key.text] = len(pairs)
                pairs.append((key, value))
        return Node("map", span, tag=getattr(frame.start, "tag", None), pairs=tuple(pairs), size=size, keys=keys)

    def merge_pairs(self, key: Node, value: Node) -> list[tuple[Node, Node]]:
        sources = value.items if value.kind == "seq" else (value,)
        if any(s.kind != "map" for s in sources):
            raise LfsmError([Diagnostic("yaml-bad-merge", say("pod.yaml-bad-merge"), key.span)])
        return [pair for s in sources for pair in s.pairs]


def compose(text: str, name: str, diags: list[Diagnostic]) -> list[Document]:
    """Every document of ``text``; YAML errors raise LfsmError, duplicate keys are appended to ``diags``."""
    composer = _Composer(name, diags)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(composer.documents(text))
    except MarkedYAMLError as e:
        raise LfsmError([_marked(e, name, text)]) from None
    except ReaderError as e:
        raise LfsmError([_reader(e, name, text)]) from None
    except YAMLError as e:  # pragma: no cover - every parser error is one of the two above
        raise LfsmError([Diagnostic("yaml-syntax", say("pod.yaml-syntax", problem=str(e).splitlines()[0]),
                                    Span(name, 1, 1, 1, 2))]) from None
    except RecursionError:  # pragma: no cover - the loop above is iterative; ruamel's parser too
        raise LfsmError([Diagnostic("yaml-too-deep", say("pod.yaml-too-deep", limit=MAX_DEPTH),
                                    Span(name, 1, 1, 1, 2))]) from None


def _point(name: str, text: str, line: int, column: int) -> Span:
    """A one-character span at 0-based line and column (offset recomputed from the text)."""
    offset = 0
    for _ in range(line):
        nl = text.find("\n", offset)
        if nl < 0:
            break
        offset = nl + 1
    return Span.point(name, line + 1, column + 1, offset + column)


def _marked(e: MarkedYAMLError, name: str, text: str) -> Diagnostic:
    mark = e.problem_mark or e.context_mark
    where = _point(name, text, mark.line, mark.column) if mark is not None else Span(name, 1, 1, 1, 2)
    notes: tuple[Note, ...] = ()
    # ruamel's Mark.__eq__ fails on None (a scanner error may have a context mark only): compare positions
    if e.context and e.context_mark is not None and (mark is not e.context_mark) and (
            (e.context_mark.line, e.context_mark.column) != (mark.line, mark.column)):
        notes = (Note(say("pod.yaml-syntax-context", context=e.context), _point(name, text, e.context_mark.line,
                                                               e.context_mark.column)),)
    problem = e.problem or e.context or "not a YAML document"
    return Diagnostic("yaml-syntax", say("pod.yaml-syntax", problem=problem), where, notes)


def _reader(e: ReaderError, name: str, text: str) -> Diagnostic:
    pos = min(max(int(e.position), 0), len(text))
    line = text.count("\n", 0, pos)
    col = pos - (text.rfind("\n", 0, pos) + 1)
    ch = text[pos] if pos < len(text) else "\0"
    return Diagnostic("yaml-bad-character", say("pod.yaml-bad-character", code=ord(ch)),
                      Span.point(name, line + 1, col + 1, pos))
