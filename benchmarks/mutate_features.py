"""`lifefsm mutate` over a list of small feature configurations instead of a covering array.

A covering array turns many features on at once, and a pod with an init container, a sidecar,
hooks and sandbox loss has millions of states: too slow for one check per mutant in the Python
engine. This script checks each mutant in a few cheap configurations, each turning on one
feature of spec/pod.lfsm on a one-app pod (init container, sidecar, preStop sleep, policy
Always / Never, sandbox loss, probes, readiness, two apps, endpoints, an ephemeral container,
start errors), cheapest first, stopping at the first configuration where a verdict differs
(the rules of lifecycle_fsm/mutate/run.py). The report is `lifefsm mutate`'s.

    python benchmarks/mutate_features.py [SPEC] --max-mutants 150 [-j 2] [--report FILE] [--json FILE]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lifecycle_fsm import load_spec  # noqa: E402
from lifecycle_fsm.checker.report import write_json_atomic  # noqa: E402
from lifecycle_fsm.instantiate import systems_named  # noqa: E402
from lifecycle_fsm.mutate.command import select  # noqa: E402
from lifecycle_fsm.mutate.equivalent import read_equivalents  # noqa: E402
from lifecycle_fsm.mutate.operators import mutants_of  # noqa: E402
from lifecycle_fsm.mutate.report import Summary, format_report, report_json  # noqa: E402
from lifecycle_fsm.mutate.run import MutationJob, default_equivalents, order_baseline, run_mutants  # noqa: E402
from lifecycle_fsm.sweep.run import CheckOptions, SweepPlan, plan_sweep, run_sweep  # noqa: E402

# one app container, no init list, no hooks, OnFailure: every feature below is added to this
BASE = {"n_init": "0", "n_side": "0", "n_apps": "1", "n_eph": "0", "n_ep": "0", "ep_delay": "1",
        "policy": "OnFailure", "post": "NoHook", "pre": "NoHook", "sleep_for": "1", "grace": "2",
        "override": "1", "liveness": "false", "startup": "false", "readiness": "false", "probe_grace": "0",
        "start_errors": "false", "sandbox_loss": "false"}
FEATURES: list[dict[str, str]] = [
    {"post": "Exec", "pre": "Exec"},                                   # exec hooks, delete override
    {"n_init": "1"},                                                   # a regular init container
    {"n_side": "1"},                                                   # a sidecar
    {"pre": "Sleep", "sleep_for": "2", "grace": "3"},                  # preStop sleep
    {"post": "Sleep", "sleep_for": "1"},                               # postStart sleep
    {"policy": "Always", "post": "HttpGet", "pre": "HttpGet"},         # Always, httpGet hooks
    {"policy": "Never", "n_init": "1"},                                # Never with an init container
    {"n_init": "1", "sandbox_loss": "true"},                           # sandbox loss (G51)
    {"liveness": "true", "startup": "true", "probe_grace": "1", "pre": "Exec"},  # probe kills (G33, G46)
    {"readiness": "true", "pre": "Exec"},                              # readiness during termination
    {"n_apps": "2", "pre": "Exec"},                                    # two apps (G16, G26)
    {"n_ep": "1", "pre": "Sleep", "sleep_for": "2", "grace": "3"},     # endpoints (G27)
    {"n_eph": "1"},                                                    # an ephemeral container (G56)
    {"start_errors": "true", "policy": "Always"},                      # start errors (G11)
    {"override": "-1", "grace": "0", "pre": "Exec"},                   # grace 0, no override (G32)
]


class FeaturePlan(SweepPlan):
    @property
    def description(self) -> str:
        return "a list of single-feature configurations (benchmarks/mutate_features.py)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("spec", nargs="?", default=str(ROOT / "spec" / "pod.lfsm"))
    ap.add_argument("--max-mutants", type=int, default=150)
    ap.add_argument("--operators", default=None)
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("--report", default=None)
    ap.add_argument("--json", default=None)
    ap.add_argument("--ids", default=None, help="a file of mutant ids (one a line): check only these")
    args = ap.parse_args()
    model = load_spec(args.spec)
    rows = []
    for f in FEATURES:
        defines = [f"{k}={v}" for k, v in {**BASE, **f}.items()]
        rows += plan_sweep(model, defines, 0).rows
    first = plan_sweep(model, [f"{k}={v}" for k, v in BASE.items()], 0)
    plan = FeaturePlan(first.space, 0, rows, 0.0)
    everything = mutants_of(model.sources, Path(args.spec).parent)
    mutants = select(everything, args.operators, args.max_mutants)
    if args.ids:
        wanted = set(Path(args.ids).read_text(encoding="utf-8").split())
        mutants = [m for m in everything if m.id in wanted]
    eq_path = default_equivalents(args.spec)
    equivalents = read_equivalents(eq_path, {m.id for m in everything})
    systems = systems_named(model, None)
    started = time.perf_counter()
    baseline = run_sweep(model, plan, systems, CheckOptions(), args.jobs)
    baseline_seconds = time.perf_counter() - started
    bad = [r for r in baseline if r.error or not r.complete or any(v.holds is None for v in r.verdicts)]
    if bad:
        sys.exit(f"the original is refused or incomplete at configuration #{bad[0].index}: {bad[0].error}")
    for r in baseline:
        print(f"#{r.index}: {r.states} states, {r.seconds:.1f} s  "
              + " ".join(f"{k}={v}" for k, v in FEATURES[r.index - 1].items()), file=sys.stderr)
    job = MutationJob(args.spec, dict(model.sources), order_baseline(baseline), CheckOptions())
    started = time.perf_counter()
    outcomes = run_mutants(job, mutants, args.jobs)
    unexpected = tuple(f"#{r.index} {v.name}" for r in baseline for v in r.verdicts if v.holds != v.expect_holds)
    summary = Summary(mutants, outcomes, equivalents, str(eq_path), plan, baseline_seconds,
                      time.perf_counter() - started, args.jobs, len(everything), unexpected)
    text = format_report(args.spec, summary)
    print(text)
    if args.report:
        Path(args.report).write_text(text + "\n", encoding="utf-8")
    if args.json:
        write_json_atomic(args.json, report_json(args.spec, summary))


if __name__ == "__main__":
    main()
