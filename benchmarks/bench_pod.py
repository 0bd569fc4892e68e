"""`lifefsm pod` speed: a multi-document manifest read, mapped, analysed and reported.

Builds one file from the corpus manifests (tests/data/manifests/*.yaml, taken
in turn until --docs documents), then times, over several runs: reading and
mapping (YAML parse, node tree, PodConfigs), the analysis (configuration
findings), the analysis with the model check (the delete timelines: one
projection of spec/pod.lfsm per distinct binding, symbolic time), and the text
and JSON reports; and the whole command in a fresh process (`python -m lifecycle_fsm
pod FILE`), imports included, --runs times each: without the model; with an empty
cache directory (the first run after installing), on one process and on every
CPU (commands/podpool.py); with the tool used before but not on these pods (the
grammar, the reference model and the Extra_M kernel cached, no projection); and
with every answer cached. The goal (docs/pod.md, design.md) is under 5 s for 50
documents.

The fresh-process rows run the package as installed: with its modules compiled to
bytecode, as `pip install` leaves them (and as the first run leaves them in
``__pycache__`` otherwise). Where they are not compiled yet (an editable install
under PYTHONDONTWRITEBYTECODE, which then compiles every module in every run),
the row "empty cache, no bytecode" shows that case once, and the package is then
compiled (``compileall``, into its ``__pycache__`` directories, which git ignores).

    python benchmarks/bench_pod.py [--docs 50] [--runs 5]
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import lifecycle_fsm
from lifecycle_fsm.commands.podmodel import ReferenceModel
from lifecycle_fsm.cpus import cpu_count
from lifecycle_fsm.pod.analysis import analyse
from lifecycle_fsm.pod.jsonout import dumps, report_json
from lifecycle_fsm.pod.reader import read_manifests
from lifecycle_fsm.pod.report import render_report

CORPUS = Path(__file__).parent.parent / "tests" / "data" / "manifests"
PACKAGE = Path(lifecycle_fsm.__file__).parent
WARM = "from lifecycle_fsm.commands.podmodel import ReferenceModel; ReferenceModel().warm()"


def build(docs: int) -> str:
    """``docs`` documents from the corpus, each its own YAML document (lists count as one)."""
    texts = [p.read_text(encoding="utf-8").strip().removeprefix("---").strip() for p in sorted(CORPUS.glob("*.yaml"))]
    chunks: list[str] = []
    for i in range(docs):
        # multi-document corpus files keep their inner separators; each counts once here
        chunks.append(texts[i % len(texts)])
    return "\n---\n".join(chunks) + "\n"


def timed(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def compiled() -> bool:
    """Whether the package's modules have bytecode beside them (checked on the one every command imports)."""
    return Path(importlib.util.cache_from_source(str(PACKAGE / "cli.py"))).is_file()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=50)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LIFEFSM_CACHE_DIR"] = str(Path(tmp) / "cache-in-process")  # nothing read from the user's cache
        path = Path(tmp) / "manifests.yaml"
        path.write_text(build(args.docs), encoding="utf-8")
        m = read_manifests([str(path)])
        size = path.stat().st_size
        print(f"{args.docs} corpus documents: {size:,} bytes, {len(m.pods)} pods, {len(m.skipped)} objects skipped")
        best, median = timed(lambda: read_manifests([str(path)]), args.runs)
        print(f"read + map      best {best:.3f} s  median {median:.3f} s  ({size / best / 1e6:.2f} MB/s)")
        best, median = timed(lambda: [analyse(p) for p in m.pods], args.runs)
        print(f"analyse         best {best:.4f} s  median {median:.4f} s")
        analyses = [analyse(p) for p in m.pods]
        best, median = timed(lambda: render_report(analyses, m.skipped, m.sources), args.runs)
        print(f"text report     best {best:.4f} s  median {median:.4f} s")
        best, median = timed(lambda: dumps(report_json(analyses, m.skipped, m.files, "warning", 1)), args.runs)
        print(f"JSON report     best {best:.4f} s  median {median:.4f} s")
        model = ReferenceModel()
        t0 = time.perf_counter()
        with_model = [analyse(p, model) for p in m.pods]
        once = time.perf_counter() - t0
        projections = len(model._found)
        best, median = timed(lambda: [analyse(p, model) for p in m.pods], args.runs)
        print(f"analyse with the model check: {once:.3f} s the first time ({projections} projections, "
              f"{sum(f.nodes for f in model._found.values()):,} zones), then best {best:.4f} s")
        del with_model
        print(f"whole command, fresh process ({cpu_count()} CPUs; median of {args.runs}):")
        rows: list[tuple[str, int | None, str | None]] = [
            ("--no-model", None, None), ("empty cache, -j 1", 1, None), ("empty cache", None, None),
            ("model cached, answers not", None, WARM), ("warm cache", None, "again")]
        if not compiled():
            rows.insert(0, ("empty cache, no bytecode", None, None))
        for label, jobs, setup in rows:
            if label == "--no-model" and not compiled():
                compileall.compile_dir(PACKAGE, quiet=1)  # what `pip install` does; the rows below run so
            times = []
            for k in range(args.runs):
                cache = Path(tmp) / f"cache-{label.replace(' ', '_')}-{k}"
                env = {**os.environ, "LIFEFSM_CACHE_DIR": str(cache)}
                argv = [sys.executable, "-m", "lifecycle_fsm", "pod", "--fail-on", "never", str(path)]
                if setup == WARM:  # the tool used before (grammar, reference model, kernel cached), not on these pods
                    subprocess.run([sys.executable, "-c", WARM], check=True, env=env)
                elif setup == "again":
                    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
                t0 = time.perf_counter()
                subprocess.run([*argv, *(["--no-model"] if label == "--no-model" else []),
                                *([] if jobs is None else ["-j", str(jobs)])],
                               check=True, stdout=subprocess.DEVNULL, env=env)
                times.append(time.perf_counter() - t0)
            print(f"  {label:27} median {statistics.median(times):6.2f} s  best {min(times):6.2f} s  "
                  f"worst {max(times):6.2f} s")

if __name__ == "__main__":
    main()
