"""The CI sweep of the reference model (issue 15, item 5): `lifefsm check spec/pod.lfsm --sweep`
over the three covering arrays of docs/guarantees.md ("CI sweep"), on the native engine.

Each sweep must finish every configuration (no --max-states or memory stop) with every property
as expected, and cover what the documentation says it covers: every pair of values of the swept
parameters that some valid configuration has (re-checked here from the JSON, independently of the
IPOG construction). Skipped, saying why, where no C compiler works (the Python engine would take
far longer than the CI budget of this test, about 6 minutes on 2 cores).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from itertools import combinations, product
from pathlib import Path

import pytest

from lifecycle_fsm import load_spec
from lifecycle_fsm.constraints import params_of, satisfied
from lifecycle_fsm.native.build import NativeUnavailable, find_compiler

ROOT = Path(__file__).resolve().parents[2]
GUARANTEES = ROOT / "docs" / "guarantees.md"

# The sweeps, exactly as docs/guarantees.md ("CI sweep") states them, with their configuration counts.
# A: every pair of behaviour values on the one-app pod (no sidecar, no regular init container);
# B: every pair of container counts (0..1 init, 0..1 sidecars, 1..2 apps, at most 3 containers) and
#    core behaviour values, without probes, sandbox loss, ephemeral container or endpoints machine;
# C: a sandbox loss on every pod of 0..1 init containers, 0..1 sidecars and one app, with every pair of
#    those counts and the core behaviour values (no probes, ephemeral container or endpoints machine).
# The seconds are swept over 0..3 (spec/pod.lfsm declares them up to 3,600, Kubernetes' ranges; the tick
# engine's states grow with them, and 0..3 tells every ordering of the grace, the hook, the 2 s floor apart).
SECONDS = "-D sleep_for=0..3 -D grace=0..3 -D override=-1..3"
# A and B keep the sidecars' own handlers at their defaults (the sidecars take the apps' handlers); C
# sweeps them (side_own, side_post, side_pre, side_sleep_for: sidecars whose hooks differ from the apps'):
# beside two app containers (B's pods) a sidecar with an httpGet preStop of its own passed 10 million
# states, more than a CI worker's memory allows
NO_SIDECAR_HOOKS = "-D side_own=false -D side_post=Exec -D side_pre=Exec -D side_sleep_for=1"
SWEEPS = {
    "A": (f"-D n_init=0 -D n_side=0 -D n_apps=1 {SECONDS} -D probe_grace=0..3 {NO_SIDECAR_HOOKS}", 28),
    "B": ("-D n_init=0..1 -D n_side=0..1 -D n_apps=1..2 --require 'n_init + n_side + n_apps <= 3' "
          "-D n_eph=0 -D n_ep=0 -D ep_delay=1 -D liveness=false -D startup=false -D readiness=false "
          f"-D probe_grace=0 -D sandbox_loss=false {SECONDS} {NO_SIDECAR_HOOKS}", 25),
    "C": ("-D n_init=0..1 -D n_side=0..1 -D n_apps=1 -D sandbox_loss=true -D n_eph=0 -D n_ep=0 -D ep_delay=1 "
          f"-D liveness=false -D startup=false -D readiness=false -D probe_grace=0 {SECONDS} -D side_sleep_for=0..3",
          44),
}


def command(restriction: str) -> str:
    return f"lifefsm check spec/pod.lfsm --sweep pairwise {restriction} --engine native -j 2"


@pytest.fixture(scope="module", autouse=True)
def compiler() -> None:
    try:
        find_compiler()
    except NativeUnavailable as e:
        pytest.skip(f"the CI sweep runs on the native engine, which needs a C compiler: {e}")


@pytest.mark.parametrize("name", sorted(SWEEPS))
def test_ci_sweep(name: str, tmp_path: Path) -> None:
    restriction, count = SWEEPS[name]
    assert f"`{command(restriction)}`" in GUARANTEES.read_text(encoding="utf-8"), \
        "docs/guarantees.md (CI sweep) states the sweep this test runs"
    out = tmp_path / "sweep.json"
    argv = shlex.split(command(restriction))[1:] + ["--json", str(out)]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "lifecycle_fsm", *argv], capture_output=True, text=True,
                          timeout=900, cwd=ROOT, env={**os.environ, "LIFEFSM_CACHE_DIR": str(tmp_path / "cache")})
    wall = time.perf_counter() - started
    assert done.stderr == "", done.stderr  # no note: every configuration ran on the native engine
    data = json.loads(out.read_text(encoding="utf-8"))
    runs = data["runs"]
    bad = [(r["index"], r["params"], r["exit"], r["error"]) for r in runs if r["exit"] != 0 or not r["complete"]]
    assert not bad and done.returncode == 0, done.stdout
    assert data["sweep"]["configurations"] == len(data["runs"]) == count
    assert all(p["as_expected"] for p in data["properties"].values())
    assert_pairwise(data)
    print(f"sweep {name}: {count} configurations, {wall:.0f} s wall, "
          f"largest {max(r['states'] for r in data['runs']):,} states")


def assert_pairwise(data: dict[str, object]) -> None:
    """Every pair of values of two swept parameters that a valid configuration has is in some run.
    Valid under the spec's own constraints only: so sweep B's size bound (--require) loses no pair."""
    sweep = data["sweep"]
    assert isinstance(sweep, dict)
    axes: dict[str, list[object]] = sweep["axes"]
    model = load_spec(ROOT / "spec" / "pod.lfsm")
    runs = data["runs"]
    assert isinstance(runs, list)
    swept = [n for n, vals in axes.items() if len(vals) > 1]
    fixed = {n: vals[0] for n, vals in axes.items() if len(vals) == 1}
    seen = {(a, b): {(r["params"][a], r["params"][b]) for r in runs} for a, b in combinations(swept, 2)}
    missing = []
    for a, b in combinations(swept, 2):
        for va in axes[a]:
            for vb in axes[b]:
                if (va, vb) not in seen[(a, b)] and _completable(model, {**fixed, a: va, b: vb}, axes):
                    missing.append((a, va, b, vb))
    assert not missing


def _completable(model: object, partial: dict[str, object], axes: dict[str, list[object]]) -> bool:
    """Whether some valid configuration of the axes has the values of ``partial`` (each constraint
    reads few parameters: enumerate the open ones it reads)."""
    constraints = model.constraints  # type: ignore[attr-defined]
    reads = sorted({p for c in constraints for p in params_of(c.expr)} - set(partial))
    for combo in product(*(axes[p] for p in reads)):
        values = {**partial, **dict(zip(reads, combo))}
        if all(satisfied(c, values) for c in constraints):
            return True
    return False


# Larger container counts than the sweeps reach, each one configuration (docs/guarantees.md, "CI sweep").
SINGLES = {
    "init3": "-D n_init=3 -D n_side=0 -D n_apps=1",
    "init2-apps2": "-D n_init=2 -D n_side=0 -D n_apps=2",
    "side2-no-hooks": "-D n_init=0 -D n_side=2 -D n_apps=1 -D post=NoHook -D pre=NoHook",
}


def single(defines: str) -> str:
    return f"lifefsm check spec/pod.lfsm {defines} --engine native"


@pytest.mark.parametrize("name", list(SINGLES))
def test_ci_single_configuration(name: str, tmp_path: Path) -> None:
    defines = SINGLES[name]
    assert f"`{single(defines)}`" in GUARANTEES.read_text(encoding="utf-8"), \
        "docs/guarantees.md (CI sweep) lists the configuration this test checks"
    out = tmp_path / "run.json"
    done = subprocess.run([sys.executable, "-m", "lifecycle_fsm", *shlex.split(single(defines))[1:], "--quiet",
                           "--json", str(out)], capture_output=True, text=True, timeout=900, cwd=ROOT,
                          env={**os.environ, "LIFEFSM_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 0 and done.stdout == "" and done.stderr == "", done.stdout + done.stderr
    run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    assert run["complete"] is True and run["exit"] == 0, run["statistics"]
    assert all(p["as_expected"] for p in run["properties"])
    print(f"{name}: {run['statistics']['states']:,} states")
