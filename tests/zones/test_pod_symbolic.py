"""The pod model under ``--time symbolic``: accepted, and the same as the tick check.

docs/pod-symbolic-plan.md (items 1-7) replaced every clock value the pod model stored (the kill
and TERM times, the rest of a postStart sleep, the back-off already waited, the ladder's reset)
by clocks and by stored comparisons, and the Exited bound by one that reads no other
container's clock. On small configurations of spec/pod.lfsm this checks that the symbolic check
takes the model (no not-symbolic diagnostic), reaches exactly the tick check's discrete states
(the tick states without their clocks) and, once its zones' integer points are saturated at the
caps, exactly the tick states, and gives the same verdict for every property (ordering, ``only
when`` and ``stable`` included).
"""

from __future__ import annotations

import pytest

from lifecycle_fsm import load_spec
from lifecycle_fsm.checker.api import check_model
from lifecycle_fsm.checker.result import CheckResult
from lifecycle_fsm.instantiate import instantiate
from lifecycle_fsm.model import Value
from lifecycle_fsm.zones.check import check_symbolic, symbolic_plan
from lifecycle_fsm.zones.ready import blockers

from .differential import ROOT, assert_zones_reach_the_ticks, deep_only

SMALL: dict[str, Value] = {"n_init": 0, "n_side": 0, "n_apps": 1}
CONFIGS: dict[str, dict[str, Value]] = {
    # the kill: preStop, the grace counted from the kill's start, TERM, SIGKILL at max(rest, FLOOR)
    "exec-prestop-grace-3": dict(SMALL, post="NoHook", pre="Exec", grace=3, override=-1),
    # a sleep postStart that outlives the process (hook_c), under Always
    "sleep-poststart-always": dict(SMALL, post="Sleep", pre="NoHook", policy="Always", grace=1, override=-1),
    # probe kills restarted in the same sync (exit_c) and the back-off ladder (fresh, obs_fresh)
    "liveness-onfailure": dict(SMALL, post="NoHook", pre="NoHook", liveness=True, grace=1, override=-1),
}
# measured in the whole suite on 2026-12-07: exec-prestop-grace-3 168 s, sleep-poststart-always 67 s
SECONDS = {"liveness-onfailure": 70, "exec-prestop-grace-3": 170}


def verdicts(r: CheckResult) -> dict[str, bool | None]:
    return {f"{p.owner}.{p.name}": p.holds for p in r.properties}


@pytest.mark.parametrize("params",
                         [deep_only(c, seconds=SECONDS[k]) if k in SECONDS else c for k, c in CONFIGS.items()],
                         ids=CONFIGS.keys())
def test_pod_symbolic_matches_ticks(params: dict[str, Value]) -> None:
    model = load_spec(ROOT / "spec/pod.lfsm")
    assert blockers(instantiate(model, params, None)) == []
    assert_zones_reach_the_ticks(symbolic_plan(model, params, None))
    sym = check_symbolic(model, params)
    tick = check_model(model, params, symmetry=False)
    assert sym.complete and tick.complete
    decided = verdicts(sym)
    assert len(decided) >= 100  # every property of the pod is compared
    assert decided == verdicts(tick)
