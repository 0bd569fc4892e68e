"""`lifefsm mutate` over a list of small feature configurations instead of a covering array.

A covering array turns many features on at once, and a pod with an init container, a sidecar,
hooks and sandbox loss has millions of states: too slow for one check per mutant in the Python
engine. This script checks each mutant in a few cheap configurations, each turning on one
feature of spec/pod.lfsm on a one-app pod (init container, sidecar, preStop sleep, policy
Always / Never, sandbox loss, probes, readiness, two apps, endpoints, an ephemeral container,
start errors), then a few that combine the features some changes need together (a postStart
failure at grace 3, probe kills under Always, an ephemeral start during initialization,
completion after a sandbox loss, a hooked sidecar lost with its sandbox), cheapest first,
stopping at the first configuration where a verdict differs (the rules of
lifecycle_fsm/mutate/run.py). The checking and the report are `lifefsm mutate`'s
(mutate/command.run, given this plan and, with --ids, the mutants to check).

    python benchmarks/mutate_features.py [SPEC] --max-mutants 150 [-j 2] [--report FILE] [--json FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lifecycle_fsm import load_spec  # noqa: E402
from lifecycle_fsm.mutate.command import MutateOptions, run  # noqa: E402
from lifecycle_fsm.pipeline import search_engine  # noqa: E402
from lifecycle_fsm.sweep.run import SweepPlan, plan_sweep  # noqa: E402

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
    # features that some changes need together (the survivors of the single-feature list)
    {"post": "Exec", "grace": "3", "override": "-1"},                 # postStart failure, grace 3
    {"liveness": "true", "policy": "Always", "pre": "Exec"},           # probe kills under Always
    {"n_eph": "1", "n_init": "1"},                                     # ephemeral start during init
    {"n_eph": "1", "sandbox_loss": "true", "policy": "Never"},         # completion after a loss
    {"n_side": "1", "sandbox_loss": "true", "policy": "Never"},        # a sidecar lost under Never
    {"n_side": "1", "post": "Sleep", "sandbox_loss": "true", "grace": "1", "override": "-1"},  # hooked sidecar lost
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
    ap.add_argument("--engine", choices=("auto", "native", "python"), default="auto")
    ap.add_argument("--ids", default=None, help="a file of mutant ids (one a line): check only these")
    args = ap.parse_args()
    model = load_spec(args.spec)
    rows = []
    for f in FEATURES:
        rows += plan_sweep(model, [f"{k}={v}" for k, v in {**BASE, **f}.items()], 0).rows
    first = plan_sweep(model, [f"{k}={v}" for k, v in BASE.items()], 0)
    only = frozenset(Path(args.ids).read_text(encoding="utf-8").split()) if args.ids else None
    options = MutateOptions(args.spec, operators=args.operators, max_mutants=args.max_mutants, jobs=args.jobs,
                            report=args.report, json=args.json, engine=args.engine)
    sys.exit(run(options, search_engine, FeaturePlan(first.space, 0, rows, 0.0), only))


if __name__ == "__main__":
    main()
