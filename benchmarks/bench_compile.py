"""Cold ``lifefsm compile`` wall time: a fresh process per run, all default targets, SVG included.

Compiles spec/pod.lfsm (or the spec given) into a temporary directory, several
times, with the default renderer (Graphviz ``dot`` when on PATH) and with
graphviz-pure (what a fresh ``pip install`` has), and prints the best and the
median. Goal: under 1 s including SVG rendering.

    python benchmarks/bench_compile.py [SPEC] [--runs 5]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def default_spec() -> Path:
    pod = ROOT / "spec" / "pod.lfsm"
    return pod if pod.is_file() else ROOT / "tests" / "backends" / "specs" / "minipod.lfsm"


def once(spec: Path, renderer: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process and the renderers it ran, files written)."""
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "lifecycle_fsm", "compile", str(spec), "--out", tmp,
                              "--renderer", renderer], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if out.returncode != 0:
            sys.exit(f"lifefsm compile failed:\n{out.stderr}")
        files = sum(1 for p in Path(tmp).rglob("*") if p.is_file())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("spec", nargs="?", type=Path, default=default_spec())
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    renderers = ["graphviz-pure"] + (["dot"] if shutil.which("dot") else [])
    print(f"spec: {args.spec.relative_to(ROOT) if args.spec.is_relative_to(ROOT) else args.spec}")
    once(args.spec, renderers[0])  # warm the file system cache and the .pyc files; the process stays cold
    for r in renderers:
        times: list[float] = []
        cpus: list[float] = []
        files = 0
        for _ in range(args.runs):
            t, cpu, files = once(args.spec, r)
            times.append(t)
            cpus.append(cpu)
        print(f"renderer {r:13}: wall best {min(times) * 1000:5.0f} ms, median {statistics.median(times) * 1000:5.0f}"
              f" ms; CPU median {statistics.median(cpus) * 1000:5.0f} ms; {files} files  (goal < 1000 ms)")


if __name__ == "__main__":
    main()
