"""Sizes and times of `check --sweep` and `lifefsm mutate` on spec/pod.lfsm (or the spec given).

Prints the size of the covering arrays of the spec's parameters (pairwise, 3-wise: cheap to
build), then, with --run, the wall time of one sweep and, with --mutants N, of a sample of N
mutants over the same sweep, from which the time of all mutants is estimated (mutants are
spread evenly over the deterministic list, so the sample stands for the whole).

    python benchmarks/bench_sweep.py [SPEC] [--level pairwise] [-D n_apps=1..2 ...] [--run] [--mutants 24]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lifecycle_fsm import load_spec  # noqa: E402
from lifecycle_fsm.mutate.operators import mutants_of  # noqa: E402
from lifecycle_fsm.sweep.run import parse_level, plan_sweep  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("spec", nargs="?", default=str(ROOT / "spec" / "pod.lfsm"))
    ap.add_argument("--level", default="pairwise")
    ap.add_argument("-D", dest="defines", action="append", default=[])
    ap.add_argument("--run", action="store_true", help="run the sweep and time it")
    ap.add_argument("--mutants", type=int, default=0, help="run a sample of N mutants and estimate all")
    ap.add_argument("--max-states", type=int, default=2_000_000)
    args = ap.parse_args()
    model = load_spec(args.spec)
    for level in ("pairwise", "3wise"):
        started = time.perf_counter()
        plan = plan_sweep(model, args.defines, parse_level(level))
        print(f"{level}: {len(plan.rows)} configurations of {plan.space.valid_total():,} valid "
              f"({time.perf_counter() - started:.2f} s to build)")
    total = len(mutants_of(model.sources, Path(args.spec).parent))
    print(f"mutants: {total}")
    defines = [f"-D{d}" for d in args.defines]
    with tempfile.TemporaryDirectory() as tmp:
        if args.run:
            out = Path(tmp) / "sweep.json"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "lifecycle_fsm", "check", args.spec, "--sweep", args.level,
                            *defines, "--max-states", str(args.max_states), "--json", str(out)],
                           stdout=subprocess.DEVNULL, check=False)
            data = json.loads(out.read_text(encoding="utf-8"))
            runs = data["runs"]
            print(f"sweep {args.level}: {len(runs)} configurations, {time.perf_counter() - started:.0f} s wall, "
                  f"{sum(r['seconds'] for r in runs):.0f} s of search, "
                  f"{sum(1 for r in runs if not r['complete'])} incomplete, exit {data['exit']}")
        if args.mutants:
            out = Path(tmp) / "mutate.json"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "lifecycle_fsm", "mutate", args.spec, "--sweep", args.level,
                            *defines, "--max-mutants", str(args.mutants), "--equivalent", "/dev/null",
                            "--json", str(out)], stdout=subprocess.DEVNULL, check=False)
            data = json.loads(out.read_text(encoding="utf-8"))
            wall = time.perf_counter() - started
            base = data["seconds"]["baseline"]
            per = (wall - base) / max(1, len(data["mutants"]))
            print(f"mutate sample: {len(data['mutants'])} mutants in {wall:.0f} s wall (baseline {base:.0f} s), "
                  f"{per:.1f} s a mutant; all {total}: about {base + per * total:,.0f} s; counts {data['counts']}")


if __name__ == "__main__":
    main()
