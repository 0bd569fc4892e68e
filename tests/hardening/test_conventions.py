"""Packaging conventions: the licence the metadata names, dependencies that are used, portable imports."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent


def test_the_licence_file_is_the_apache_license_the_metadata_names() -> None:
    assert 'license = { text = "Apache-2.0" }' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text
    assert "END OF TERMS AND CONDITIONS" in text and len(text.splitlines()) > 190


def test_every_declared_dependency_is_used() -> None:
    """A library is imported somewhere in the package; graphviz-pure is run as a program (render.py)."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "lifecycle_fsm").rglob("*.py"))
    runtime = [r for r in metadata.requires("lifefsm") or [] if "extra ==" not in r]
    assert runtime, "lifefsm is not installed (pip install -e .)"
    for dep in runtime:
        name = re.split(r"[\[<>=!~ ;]", dep, maxsplit=1)[0]
        if name == "graphviz-pure":
            assert '"graphviz-pure"' in (ROOT / "lifecycle_fsm/backends/render.py").read_text(encoding="utf-8")
            continue
        module = name.replace("-", "_")
        assert re.search(rf"^\s*(import|from) {module}\b", sources, re.MULTILINE), f"{name} is declared, never imported"


def test_the_checker_works_where_the_resource_module_does_not_exist() -> None:
    """``resource`` is Unix-only; without it the checker runs and reports no peak memory."""
    script = (
        "import sys\n"
        "sys.modules['resource'] = None  # as on Windows: importing it raises ImportError\n"
        "from lifecycle_fsm import compile_source\n"
        "from lifecycle_fsm.checker import check_model\n"
        "m = compile_source('machine M { input go  initial state A  state B  A -> B on go }')\n"
        "r = check_model(m)\n"
        "print(r.states, r.peak_memory_bytes)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "0"]
