"""Rendering Mermaid text in a real browser: headless Chromium and mermaid.min.js, one session for all.

Used by test_mermaid_render.py. Mermaid comes from the npm registry and is never committed:
``.ci/run`` unpacks ``mermaid.min.js`` into ``~/.cache/lifefsm/mermaid-<version>/`` (or set
LIFEFSM_MERMAID_JS to a copy); Chromium is the Debian package. Where either is missing the
tests skip and say which.

The page renders every diagram with ``mermaid.render`` in both of Mermaid's label modes (HTML
labels, the default, and plain SVG text, ``htmlLabels: false``) and leaves, per diagram and
mode, the error or the texts it shows (state names, edge labels, cluster titles, messages,
notes, participants) in a ``<pre>`` element; ``--dump-dom`` prints the page once the
scripts have run (virtual time, no real waiting).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

MERMAID_VERSION = "11.17.2"  # the version .ci/run installs
CACHE = Path.home() / ".cache" / "lifefsm" / f"mermaid-{MERMAID_VERSION}" / "package" / "dist" / "mermaid.min.js"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--virtual-time-budget=120000")

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><script src="MERMAID"></script></head>
<body><div id="out"></div><pre id="result"></pre><script>
// the text an element shows: its text nodes joined by spaces (Mermaid puts each wrapped line
// of a label, and each <br> line, in its own element), spaces collapsed
function shown(e) {
  const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walk.nextNode()) parts.push(walk.currentNode.nodeValue);
  return parts.join(" ").replace(/\\s+/g, " ").trim();
}
function texts(root, sel) {
  return Array.from(root.querySelectorAll(sel)).map(shown).filter(t => t);
}
const diagrams = DIAGRAMS;
(async () => {
  const out = document.getElementById("out");
  const res = [];
  for (const mode of ["html", "svg"]) {
    mermaid.initialize({startOnLoad: false, htmlLabels: mode === "html"});
    for (const [name, text] of diagrams) {
      const div = document.createElement("div");
      out.appendChild(div);
      try {
        const r = await mermaid.render("d" + res.length, text);
        div.innerHTML = r.svg;
        const svg = div.querySelector("svg");
        res.push({name, mode, edges: texts(svg, "g.edgeLabel"), nodes: texts(svg, "g.node"),
                  clusters: texts(svg, ".cluster-label"), messages: texts(svg, ".messageText"),
                  notes: texts(svg, ".noteText"), actors: texts(svg, "text.actor"),
                  marks: svg.querySelectorAll("em, strong, i, b").length,
                  text: texts(svg, "text, foreignObject").join("\\n")});
      } catch (e) {
        res.push({name, mode, error: String((e && e.message) || e)});
      }
    }
  }
  document.getElementById("result").textContent = JSON.stringify(res);
})();
</script></body></html>
"""


def mermaid_js() -> Path | None:
    given = os.environ.get("LIFEFSM_MERMAID_JS")
    path = Path(given) if given else CACHE
    return path if path.is_file() else None


def browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing() -> str:
    """Why the browser tests cannot run here ('' if they can)."""
    if browser() is None:
        return "no Chromium on PATH (Debian: apt-get install chromium)"
    if mermaid_js() is None:
        return (f"mermaid.min.js not found at {CACHE} (.ci/run installs it: npm pack mermaid@{MERMAID_VERSION}; "
                "or set LIFEFSM_MERMAID_JS)")
    return ""


def render_all(diagrams: list[tuple[str, str]], workdir: Path) -> list[dict[str, Any]]:
    """One result per diagram and label mode (html first, then svg), in order."""
    exe, js = browser(), mermaid_js()
    assert exe is not None and js is not None, missing()
    page = workdir / "render.html"
    page.write_text(_PAGE.replace("MERMAID", js.as_uri()).replace("DIAGRAMS", json.dumps(diagrams)),
                    encoding="utf-8")
    out = subprocess.run([exe, *FLAGS, f"--user-data-dir={workdir / 'profile'}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=300)
    found = re.search(r'<pre id="result">(.*?)</pre>', out.stdout, re.S)
    assert found and found.group(1), f"the page did not finish rendering: {out.stderr[-2000:]}"
    results: list[dict[str, Any]] = json.loads(html.unescape(found.group(1)))
    return results
