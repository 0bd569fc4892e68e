"""Input a user can throw at `lifefsm check`: each gives a diagnostic and exit 2, nothing else.

The inputs are generated (binary bytes, a 10 MB file, nesting 10,000 deep, a
path too long to open) rather than kept as files; the whole rendered stderr of
each is compared with a golden file under golden/bad_input/ (UPDATE_GOLDEN=1
rewrites them). Every run happens in an empty directory, which must still be
empty afterwards apart from the input itself: a refused input writes nothing.
The same inputs also go through ``compile_source`` and ``load_spec``, which
must raise LfsmError and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from frontend_support import TESTS, check_golden, run_cli

from lifecycle_fsm import LfsmError, compile_source, load_spec

GOLDEN = Path(__file__).parent / "golden" / "bad_input"
OK = TESTS / "cases" / "ok"


@dataclass(frozen=True)
class Input:
    """A bad input: how to make it in an empty directory, and the path to give the CLI."""

    name: str
    make: Callable[[Path], str]


def _write(name: str, data: bytes) -> Callable[[Path], str]:
    def make(d: Path) -> str:
        (d / name).write_bytes(data)
        return name
    return make


def _deep_states(n: int) -> bytes:
    opening = "".join(f"initial state S{i} {{ " for i in range(n))
    return ("machine Deep {\n  " + opening + "}" * n + "\n}\n").encode()


def _directory(d: Path) -> str:
    (d / "specs").mkdir()
    return "specs"


def _name_too_long(d: Path) -> str:
    return "x" * 300 + ".lfsm"


def _fifo(d: Path) -> str:
    os.mkfifo(d / "pipe.lfsm")  # opening it for reading would block until a writer comes
    return "pipe.lfsm"


INPUTS = [
    Input("empty", _write("empty.lfsm", b"")),
    Input("whitespace-only", _write("blank.lfsm", b"  \n\t\n\r\n")),
    Input("binary", _write("logo.lfsm", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")),
    Input("utf16", _write("utf16.lfsm", "machine M { initial state A }".encode("utf-16"))),
    Input("latin1", _write("latin1.lfsm", "// café\nmachine M { initial state A }\n".encode("latin-1"))),
    Input("nul-in-text", _write("nul.lfsm", b"machine M {\n  initial state A\x00\n}\n")),
    Input("missing", lambda d: "nowhere.lfsm"),
    Input("directory", _directory),
    Input("name-too-long", _name_too_long),
    Input("ten-megabytes", _write("huge.lfsm", b"// padding\n" * (10 * 1024 * 1024 // 11))),
    Input("parentheses-10000", _write("parens.lfsm", b"param p: bool = " + b"(" * 10000 + b"true" + b")" * 10000)),
    Input("not-10000", _write("nots.lfsm", b"param p: bool = " + b"not " * 10000 + b"true\n")),
    Input("minus-10000", _write("minus.lfsm", b"param p: -1..1 = " + b"- " * 10000 + b"1\n")),
    Input("states-10000", _write("states.lfsm", _deep_states(10000))),
    Input("unterminated-comment", _write("comment.lfsm", b"machine M { initial state A }\n/* never closed\n")),
    Input("unterminated-string", _write("string.lfsm", b'import "other.lfsm\n')),
    Input("cyrillic-keyword", _write("keyword.lfsm", "m\u0430chine M { initial state A }\n".encode())),
    Input("greek-identifier", _write("greek.lfsm", "machine M { initial state \u039fff }\n".encode())),
    Input("zero-width-space", _write("zwsp.lfsm", "machine M {\u200b initial state A }\n".encode())),
    Input("only-a-brace", _write("brace.lfsm", b"{\n")),
    Input("fifo", _fifo),
    Input("not-named-lfsm", _write("notes.txt", b"machine M { initial state A }\n")),
]


@pytest.mark.parametrize("case", INPUTS, ids=[c.name for c in INPUTS])
def test_bad_input_is_refused_by_the_cli(case: Input, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    arg = case.make(tmp_path)
    before = sorted(os.listdir(tmp_path))
    result = run_cli(["check", arg], capsys)
    assert result.status == 2, result
    assert result.out == ""
    assert "Traceback" not in result.err
    assert sorted(os.listdir(tmp_path)) == before
    check_golden(result.err, GOLDEN / f"{case.name}.expected",
                 f"tests/frontend/test_bad_input.py::test_bad_input_is_refused_by_the_cli[{case.name}]")


@pytest.mark.parametrize("case", INPUTS, ids=[c.name for c in INPUTS])
def test_bad_input_raises_only_lfsm_error(case: Input, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    arg = case.make(tmp_path)
    with pytest.raises(LfsmError):
        load_spec(arg)
    path = tmp_path / arg
    try:
        if not path.is_file() or path.suffix != ".lfsm":  # refused by what it is, not by its text
            return
    except OSError:
        return
    data = path.read_bytes()
    text = data.decode("utf-8", "surrogateescape")  # undecodable bytes become lone surrogates
    with pytest.raises(LfsmError):
        compile_source(text, arg)


# ---- -D options ------------------------------------------------------------------

OPTIONS = {
    "unknown-parameter": ["-D", "budgte=1"],
    "unknown-parameter-no-hint": ["-D", "replicas=3"],
    "bad-parameter-value": ["-D", "enabled=yes", "-D", "budget=two", "-D", "policy=Sometimes"],
    "parameter-out-of-range": ["-D", "budget=9", "-D", "offset=-3"],
    "bad-option-define": ["-D", "budget"],
    "bad-option-flag": ["--frobnicate"],
    "bad-option-no-spec": [],
}


@pytest.mark.parametrize("name", list(OPTIONS))
def test_bad_option_is_refused(name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(OK)
    argv = ["check"] + (["params_and_types.lfsm"] if name != "bad-option-no-spec" else []) + OPTIONS[name]
    result = run_cli(argv, capsys)
    assert result.status == 2, result
    assert result.out == ""
    assert "Traceback" not in result.err
    check_golden(result.err, GOLDEN / f"{name}.expected",
                 f"tests/frontend/test_bad_input.py::test_bad_option_is_refused[{name}]")
