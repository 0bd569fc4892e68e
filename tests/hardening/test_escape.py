"""lifecycle_fsm.escape: each function keeps any text inside its context, checked by the real consumer.

Python text is compiled, a C comment goes through the C preprocessor, DOT strings through
Graphviz ``dot``, XML comments through an XML parser. Hostile cases by hand (including
NUL, which no file name can hold) and arbitrary text from hypothesis (lone surrogates,
line and paragraph separators, bidirectional overrides included).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import xml.dom.minidom

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifecycle_fsm.escape import c_comment, dot_str, py_comment, py_doc, py_str, visible, xml_comment

HOSTILE = [
    "", "plain", '"', '""', '"""', 'x"', 'x"""', '"""x"""', "'''", "\\", "x\\", '\\"', "\\\\n", "\n", "\r", "\r\n",
    "a\nimport os\n#", "\x00", "a\x00b", "\x0c\x0b\x1b[31m", "\u2028\u2029\x85", "\u202e\u2066", "\udcff\udc80",
    "\ud800", "*/", "/*", "*/*/", "/*/", "**//**", "x*/ c_code { system(\"x\"); } /*", "--", "-", "--->", "-->",
    "<!--", "]]>", "]]", "%%", "#", "# -*- coding: utf-7 -*-", "??/", "\t\t", "\U0001f600", "é\u0301",
]

TEXT = st.text(st.characters(exclude_categories=()), max_size=40)


def _python_comment_is_one_comment(text: str) -> None:
    tree = ast.parse("# " + py_comment(text) + "\nX = 1\n")
    assert [type(n).__name__ for n in tree.body] == ["Assign"]


def _docstring_reads_as_visible(text: str) -> None:
    for keep in ("", "\n"):
        assert ast.literal_eval('"""' + py_doc(text, multiline=bool(keep)) + '"""') == visible(text, keep)


def _c_comment_ok(text: str) -> None:
    shown = c_comment(text)
    assert "*/" not in shown and "/*" not in shown and shown.isprintable()


def _xml_comment_ok(text: str) -> None:
    xml.dom.minidom.parseString(f"<a><!-- {xml_comment(text)} --></a>")


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_python_contexts(text: str) -> None:
    assert ast.literal_eval(py_str(text)) == text
    _python_comment_is_one_comment(text)
    _docstring_reads_as_visible(text)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_comment_contexts(text: str) -> None:
    _c_comment_ok(text)
    _xml_comment_ok(text)
    assert visible(text).isprintable() or text == ""


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_stays_inside_every_context(text: str) -> None:
    assert ast.literal_eval(py_str(text)) == text
    _python_comment_is_one_comment(text)
    _docstring_reads_as_visible(text)
    _c_comment_ok(text)
    _xml_comment_ok(text)


def test_readable_text_is_unchanged() -> None:
    text = 'machine Pod (spec/pod.lfsm:12): x == "a" -- b'
    assert py_comment(text) == text and c_comment(text) == text and visible(text) == text
    assert py_doc(text) == text and py_doc('say "hi"') == 'say "hi\\"' and py_doc('a""b') == 'a\\""b'
    assert visible(os.fsdecode(b"sp\xe9c\n")) == "sp\\xe9c\\n"  # the undecodable byte, as a byte
    assert c_comment("x*/y/*z") == "x\\x2a/y/\\x2az"
    assert xml_comment("a--b-") == "a-\\-b- "


def test_the_c_preprocessor_sees_one_comment_per_line() -> None:
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed")
    lines = [f"int v{i}; /* {c_comment(t)} */" for i, t in enumerate(HOSTILE)]
    done = subprocess.run(["gcc", "-E", "-P", "-x", "c", "-"], input="\n".join(lines) + "\n", capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [w for i in range(len(HOSTILE)) for w in ("int", f"v{i};")]


def test_dot_reads_every_string_as_one_string() -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz dot is not installed")
    nodes = [f"  n{i} [label={dot_str(t)}, tooltip={dot_str(t)}];" for i, t in enumerate(HOSTILE)]
    text = "digraph G {\n" + "\n".join(nodes) + "\n}\n"
    done = subprocess.run(["dot", "-Tsvg"], input=text.encode("utf-8"), capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    svg = xml.dom.minidom.parseString(done.stdout)
    titles = [t.firstChild.data for t in svg.getElementsByTagName("title")
              if isinstance(t.firstChild, xml.dom.minidom.Text)]
    assert [f"n{i}" for i in range(len(HOSTILE))] == [t for t in titles if t != "G"]
