"""The sweep of spec/pod.lfsm on the native engine against the Python engine, and the 6-app figure.

    python benchmarks/bench_native_sweep.py sweep [SPEC] [--level auto] [-j 2] [--engine native]
        [--max-memory 4G] [--max-states N] [--only 1,5,7] [-D NAME=VALUES ...]
    python benchmarks/bench_native_sweep.py apps [SPEC] [--apps 6] [--plain-apps 4] [-D NAME=VALUE ...]

``sweep`` checks the configurations of the sweep (``check --sweep``'s; ``--only`` a subset, to
time the Python engine where the whole sweep is too slow for it) and prints one line per
configuration as it finishes (its states, time, how it ended, and the worker's peak resident
size so far), then the wall time, the peak resident size of the workers and the slowest
configurations. ``apps`` measures issue 13's figures: the pod with ``--apps`` (6) identical app
containers (``--side``/``--init`` 0) with symmetry reduction, and (unless ``--no-plain``)
``--plain-side`` 1 sidecar + ``--plain-init`` 1 init + ``--plain-apps`` 4 apps without it, the
other parameters issue 13's smallest pod unless ``-D`` says otherwise; a spec whose ``n_apps``
range stops short is checked through a temporary copy with the range widened (the committed
spec is never changed).
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lifecycle_fsm import load_spec  # noqa: E402
from lifecycle_fsm.checker.memory import parse_size, show_size  # noqa: E402
from lifecycle_fsm.instantiate import systems_named  # noqa: E402
from lifecycle_fsm.pipeline import search_engine  # noqa: E402
from lifecycle_fsm.sweep.run import CheckOptions, Run, parse_level, per_worker, plan_sweep, run_sweep  # noqa: E402

SMALLEST = ("post=NoHook", "pre=NoHook", "policy=Never", "grace=1", "override=-1")  # issue 13's smallest pod


def peak_children() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def sweep(args: argparse.Namespace) -> None:
    model = load_spec(args.spec)
    plan = plan_sweep(model, args.defines, parse_level(args.level))
    total = len(plan.rows)
    numbers = list(range(1, total + 1))  # the configurations' numbers in the whole sweep
    if args.only:
        numbers = sorted({int(x) for x in args.only.split(",")} & set(numbers))
        plan = replace(plan, rows=[plan.rows[i - 1] for i in numbers])
    systems = systems_named(model, None)
    options = CheckOptions((), True, args.max_states, True, args.engine,
                           per_worker(parse_size(args.max_memory) if args.max_memory else None, args.jobs))
    bound = show_size(options.max_memory) if options.max_memory else "none"
    print(f"{args.spec}: {len(plan.rows)} of {total} configurations ({plan.description}), engine {args.engine}, "
          f"-j {args.jobs}, memory bound per worker {bound}", flush=True)
    started = time.perf_counter()

    def done(run: Run, n: int, count: int) -> None:
        res = run.json or {}
        why = res.get("stop_reason") or ("complete" if run.complete else "incomplete")
        peak = (res.get("statistics") or {}).get("peak_memory_bytes", 0)
        print(f"  [{n}/{count}] #{numbers[run.index - 1]}: {run.states:,} states ({run.stored:,} stored), "
              f"{run.seconds:.1f} s, {why}, exit {run.exit}, worker peak {show_size(peak)}  "
              f"(wall {time.perf_counter() - started:.0f} s)", flush=True)

    runs = run_sweep(model, plan, systems, options, args.jobs, done, search_engine)
    wall = time.perf_counter() - started
    print(f"wall {wall:.0f} s, search {sum(r.seconds for r in runs):.0f} s, "
          f"{sum(1 for r in runs if not r.complete)} incomplete, peak RSS of the workers "
          f"{show_size(max(peak_children(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))}")
    print("slowest:")
    for r in sorted(runs, key=lambda r: -r.seconds)[:args.slowest]:
        shown = " ".join(f"{k}={v}" for k, v in r.params.items())
        end = "complete" if r.complete else "INCOMPLETE"
        print(f"  #{numbers[r.index - 1]}: {r.seconds:.1f} s, {r.states:,} states, {end}; {shown}")


def widened(spec: Path, apps: int, tmp: Path) -> Path:
    """``spec`` itself if its n_apps range reaches ``apps``, else a copy beside it with the range widened."""
    text = spec.read_text(encoding="utf-8")
    m = re.search(r"param n_apps: (\d+)\.\.(\d+)", text)
    if m is None or int(m.group(2)) >= apps:
        return spec
    shutil.copytree(spec.parent, tmp / "spec")  # imports resolve beside the copy
    copy = tmp / "spec" / spec.name
    copy.write_text(text[:m.start()] + f"param n_apps: {m.group(1)}..{apps}" + text[m.end():], encoding="utf-8")
    return copy


def apps(args: argparse.Namespace) -> None:
    from lifecycle_fsm.checker.api import check_model
    from lifecycle_fsm.pipeline import bind

    with tempfile.TemporaryDirectory() as tmp:
        spec = widened(Path(args.spec), args.apps, Path(tmp))
        model = load_spec(spec)
        engine = search_engine(args.engine, lambda text: print(f"note: {text}", file=sys.stderr))
        wanted = [("symmetry", args.apps, args.side, args.init, True)]
        if not args.no_plain:
            wanted.append(("no symmetry", args.plain_apps, args.plain_side, args.plain_init, False))
        for label, n, side, init, symmetry in wanted:
            params = bind(model, [*args.defines, f"n_apps={n}", f"n_side={side}", f"n_init={init}"])
            started = time.perf_counter()
            r = check_model(model, params, symmetry=symmetry, search=engine,
                            max_memory=parse_size(args.max_memory) if args.max_memory else None)
            print(f"{side} sidecar + {init} init + {n} apps, {label}: {r.states:,} states "
                  f"({r.full_states:,} without reduction), {r.seconds:.1f} s search, "
                  f"{time.perf_counter() - started:.1f} s in all, {'complete' if r.complete else r.stop_reason}, "
                  f"peak RSS {show_size(r.peak_memory_bytes)}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="what", required=True)
    s = sub.add_parser("sweep")
    s.add_argument("spec", nargs="?", default=str(ROOT / "spec" / "pod.lfsm"))
    s.add_argument("--level", default="auto")
    s.add_argument("-D", dest="defines", action="append", default=[])
    s.add_argument("-j", "--jobs", type=int, default=2)
    s.add_argument("--engine", default="native", choices=("auto", "native", "python"))
    s.add_argument("--max-memory", default=None)
    s.add_argument("--max-states", type=int, default=None)
    s.add_argument("--only", default="", help="comma-separated configuration numbers (1-based)")
    s.add_argument("--slowest", type=int, default=6)
    a = sub.add_parser("apps")
    a.add_argument("spec", nargs="?", default=str(ROOT / "spec" / "pod.lfsm"))
    a.add_argument("--apps", type=int, default=6)
    a.add_argument("--plain-apps", type=int, default=4, help="apps of the run without symmetry")
    a.add_argument("--side", type=int, default=0)
    a.add_argument("--init", type=int, default=0)
    a.add_argument("--plain-side", type=int, default=1)
    a.add_argument("--plain-init", type=int, default=1)
    a.add_argument("-D", dest="defines", action="append", default=None,
                   help="other parameters (default: issue 13's smallest pod: " + " ".join(SMALLEST) + ")")
    a.add_argument("--engine", default="native", choices=("auto", "native", "python"))
    a.add_argument("--max-memory", default=None)
    a.add_argument("--no-plain", action="store_true")
    args = ap.parse_args()
    if args.what == "apps" and args.defines is None:
        args.defines = list(SMALLEST)
    sweep(args) if args.what == "sweep" else apps(args)


if __name__ == "__main__":
    main()
