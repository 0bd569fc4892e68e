"""Rendering DOT to SVG or PNG with Graphviz ``dot`` when on PATH, else the ``graphviz-pure`` wheel.

``graphviz-pure`` is a standalone port of Graphviz installed as a console
script next to the Python interpreter, taking the same flags as ``dot``
(``-Tsvg``, ``-Tpng``), so ``pip install lifefsm`` alone can draw. Every SVG gets a
comment naming the DOT text it was rendered from (its SHA-256), so a test can
tell that a committed SVG belongs to the committed DOT even when it was drawn
by the other renderer.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..escape import xml_comment

RENDERERS = ("auto", "dot", "graphviz-pure")


class RenderError(Exception):
    """No renderer, or the renderer failed; the message says which and why."""


def find_renderer(choice: str = "auto") -> tuple[str, str]:
    """(name, executable path) of the renderer to use."""
    if choice not in RENDERERS:
        raise RenderError(f"unknown renderer {choice!r}; expected one of {', '.join(RENDERERS)}")
    if choice in ("auto", "dot"):
        dot = shutil.which("dot")
        if dot is not None:
            return "dot", dot
        if choice == "dot":
            raise RenderError("Graphviz 'dot' is not on PATH (install graphviz, or use --renderer graphviz-pure)")
    pure = _graphviz_pure()
    if pure is None:
        raise RenderError("no renderer: Graphviz 'dot' is not on PATH and 'graphviz-pure' is not installed "
                          "(pip install graphviz-pure)")
    return "graphviz-pure", pure


def _graphviz_pure() -> str | None:
    exe = "graphviz-pure.exe" if os.name == "nt" else "graphviz-pure"
    beside = Path(sys.executable).parent / exe  # the venv's scripts directory, even when not on PATH
    if beside.is_file():
        return str(beside)
    return shutil.which("graphviz-pure")


def render(dot_text: str, fmt: str, renderer: str = "auto") -> bytes:
    """Render ``dot_text`` to ``fmt`` (svg or png)."""
    if fmt not in ("svg", "png"):
        raise RenderError(f"cannot render to {fmt!r}")
    name, exe = find_renderer(renderer)
    try:
        proc = subprocess.run([exe, f"-T{fmt}"], input=dot_text.encode("utf-8"), capture_output=True, timeout=120,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise RenderError(f"{name} failed to run: {e}") from None
    if proc.returncode != 0 or not proc.stdout:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"{name} exited with status {proc.returncode}: {err or 'no output'}")
    return proc.stdout


@functools.lru_cache(maxsize=4)
def renderer_version(renderer: str = "auto") -> str:
    """``<name> version <x>`` of the renderer (what ``-V`` says), for the provenance comment."""
    name, exe = find_renderer(renderer)
    try:
        proc = subprocess.run([exe, "-V"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return name
    text = (proc.stderr or proc.stdout).decode("utf-8", "replace")
    at = text.find("version ")
    return f"{name} {text[at:].split()[0]} {text[at:].split()[1]}" if at >= 0 and len(text[at:].split()) > 1 else name


def render_svg(dot_text: str, source_name: str, renderer: str = "auto") -> str:
    """SVG text with a provenance comment after the XML declaration."""
    svg = render(dot_text, "svg", renderer).decode("utf-8")
    digest = hashlib.sha256(dot_text.encode("utf-8")).hexdigest()
    about = f"lifefsm: rendered from {source_name} sha256={digest} by {renderer_version(renderer)}"
    note = f"<!-- {xml_comment(about)} -->\n"
    head, sep, rest = svg.partition("?>\n")
    return head + sep + note + rest if sep else note + svg


def svg_renderer(svg: str) -> str:
    """The renderer and version named in an SVG's lifefsm comment ("" if none)."""
    start = svg.find("<!-- lifefsm: rendered from ")
    if start < 0:
        return ""
    line = svg[start:].split("-->", 1)[0]
    return line.split(" by ", 1)[1].strip() if " by " in line else ""


def svg_source_digest(svg: str) -> str | None:
    """The SHA-256 of the DOT text an SVG was rendered from (None if it has no lifefsm comment)."""
    marker = " sha256="
    start = svg.find("<!-- lifefsm: rendered from ")
    if start < 0:
        return None
    at = svg.find(marker, start)
    return svg[at + len(marker): at + len(marker) + 64] if at >= 0 else None
