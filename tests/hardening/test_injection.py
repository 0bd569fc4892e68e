"""Nothing in a spec's file name, path or imported files' names can inject code into generated output.

Each case puts the small spec under a hostile path, runs every back end (and the
checker, whose successor code is generated Python too), then uses every output the
way its consumer would: imports each generated module in a fresh interpreter, runs
``spin -a``, gcc and ``pan`` on the Promela model, parses each SVG as XML. A payload
that got through would create a file named PWNED; none may exist afterwards. A NUL
cannot be part of a POSIX file name, so NUL is covered by the unit tests of
``lifecycle_fsm.escape`` (tests/hardening/test_escape.py) only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.dom.minidom
from pathlib import Path

import pytest

from lifecycle_fsm.cli import main
from lifecycle_fsm.escape import py_comment

from .conftest import ALL_TARGETS, SPECS, TINY

PAYLOAD = '__import__("os").system("touch PWNED")'

# (id, directories, file name): the spec is written at tmp/<directories...>/<file name>
CASES: list[tuple[str, tuple[str, ...], str]] = [
    ("triple-quotes", (), f'x"""if {PAYLOAD} else""".lfsm'),
    ("single-quotes", (), f"x'''if {PAYLOAD} else'''.lfsm"),
    ("newline", (), f"x\n{PAYLOAD}\n#.lfsm"),
    ("carriage-return", (), f"x\r{PAYLOAD}\r#.lfsm"),
    ("indented-newline", (f"d\n        {PAYLOAD}\n#",), "s.lfsm"),  # inside the checker's generated code
    ("backslashes", ("x\\",), 'q\\"\\.lfsm'),
    ("c-comment", ("x*", ' c_code { system("touch PWNED"); } ', "*y"), "s.lfsm"),
    ("c-comment-slash-star", ("x", "*", ' c_code { system("touch PWNED"); } ', "*"), "y.lfsm"),
    ("markup", (), "x--><!-- ]] %% # \u202e\u2028\x0c\x1b[31m.lfsm"),
    ("not-utf8", (), os.fsdecode(b'x\xff\xfe"""\n' + PAYLOAD.encode() + b'\n""".lfsm')),
]


def _ids() -> list[str]:
    return [c[0] for c in CASES]


def _place(root: Path, dirs: tuple[str, ...], name: str, text: str) -> str:
    """Write ``text`` at root/dirs/name; return the path relative to root, as a command line names it."""
    where = root.joinpath(*dirs) if dirs else root
    where.mkdir(parents=True, exist_ok=True)
    (where / name).write_text(text, encoding="utf-8")
    return os.path.join(*dirs, name) if dirs else name


def _no_payload_ran(root: Path) -> None:
    hits = [p for p in root.rglob("PWNED")] + ([Path("PWNED")] if Path("PWNED").exists() else [])
    assert not hits, f"injected code ran: {hits}"


def _import_everything(out: Path) -> None:
    """Import every generated module (package, systems, test modules) in a fresh interpreter."""
    script = (
        "import importlib, pathlib, sys\n"
        "root = pathlib.Path(sys.argv[1]) / 'codegen'\n"
        "sys.path.insert(0, str(root))\n"
        "for pkg in sorted(root.iterdir()):\n"
        "    importlib.import_module(pkg.name)\n"
        "    for f in sorted(pkg.glob('*.py')):\n"
        "        if f.stem != '__init__':\n"
        "            importlib.import_module(pkg.name + '.' + f.stem)\n"
        "print('imported')\n"
    )
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-c", script, str(out)], cwd=out, capture_output=True, text=True,
                          timeout=300, env=env)
    assert done.returncode == 0 and "imported" in done.stdout, done.stderr[-3000:]


def _run_spin(out: Path) -> None:
    from lifecycle_fsm.backends.promela_run import SpinUnavailable, compile_pan, missing_tools

    if missing_tools():
        pytest.skip(f"spin/gcc not installed ({', '.join(missing_tools())}): the Promela model was written but "
                    "not compiled")
    models = sorted(out.rglob("*.pml"))
    assert models
    for pml in models:
        try:
            with compile_pan(pml.read_text(encoding="utf-8"), cflags=["-O0"], directory=out) as pan:
                run = pan.run(["-c0", "-n"], timeout=120)
                assert run.states > 0, run.output
        except SpinUnavailable as e:  # pragma: no cover - checked above
            pytest.skip(str(e))


def _parse_svgs(out: Path) -> None:
    svgs = sorted(out.rglob("*.svg"))
    assert svgs
    for svg in svgs:
        xml.dom.minidom.parseString(svg.read_bytes())  # a '--' inside a comment is a parse error


@pytest.mark.parametrize("case", CASES, ids=_ids())
def test_hostile_spec_path_reaches_no_output_raw(case: tuple[str, tuple[str, ...], str], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _, dirs, name = case
    spec = _place(tmp_path, dirs, name, TINY.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    assert main(["compile", spec, "--target", ALL_TARGETS, "--out", "out"]) == 0
    assert main(["check", spec]) == 0  # the checker execs generated code with the path in comments
    out = tmp_path / "out"
    for fmt in ("svg", "dot", "mermaid"):
        assert main(["diagram", spec, "--machine", "Worker", "--format", fmt, "-o", str(out / f"one.{fmt}")]) == 0
    assert not list(out.glob(".lifefsm-stage-*"))
    _import_everything(out)
    _parse_svgs(out)
    _run_spin(out)
    _no_payload_ran(tmp_path)


def test_hostile_name_of_an_imported_file_through_a_symlink(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = f'y"""\n{PAYLOAD}\n#""".lfsm'
    shutil.copy(SPECS / "machines.lfsm", tmp_path / hostile)
    (tmp_path / "lib.lfsm").symlink_to(hostile)
    shutil.copy(SPECS / "importer.lfsm", tmp_path / "main.lfsm")
    monkeypatch.chdir(tmp_path)
    assert main(["compile", "main.lfsm", "--target", ALL_TARGETS, "--out", "out"]) == 0
    text = (tmp_path / "out" / "codegen" / "main" / "plant.py").read_text(encoding="utf-8")
    assert py_comment(hostile) + ":" in text  # the machine's locations name the link's target, escaped
    assert main(["check", "main.lfsm"]) == 0
    _import_everything(tmp_path / "out")
    _run_spin(tmp_path / "out")
    _no_payload_ran(tmp_path)


def test_the_generated_tests_run_from_a_path_that_is_not_utf8(tmp_path: Path) -> None:
    """The generated test module finds its spec through a path literal that holds undecodable bytes."""
    from .conftest import lifefsm

    name = os.fsdecode(b"sp\xe9c \"'\n.lfsm")
    (tmp_path / name).write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    done = lifefsm("compile", name, "--target", "python,tests", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    pkg = next((tmp_path / "codegen").iterdir())
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(pkg)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=600, env=env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert not list(tmp_path.glob(".lifefsm-stage-*"))
