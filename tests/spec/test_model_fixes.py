"""The model fixes of issue 15, each on the smallest pod that shows it (tests/spec/cases/fixes.lfsm).

Each fix cites its kubelet code in spec/pod/*.lfsm; here the verdicts are pinned exactly,
with the counterexample or witness step that shows the behaviour.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lifecycle_fsm import load_spec
from lifecycle_fsm.checker import check_model
from lifecycle_fsm.checker.result import CheckResult, PropertyResult

HERE = Path(__file__).parent
SPEC = HERE.parents[1] / "spec"
FIXES = HERE / "cases" / "fixes.lfsm"


def verdict(r: CheckResult, name: str) -> PropertyResult:
    return next(p for p in r.properties if p.name == name)


@pytest.fixture(scope="module")
def fixes() -> dict[str, CheckResult]:
    model = load_spec(FIXES)
    return {s.name: check_model(model, system=s.name) for s in model.systems}


def test_every_verdict_is_as_expected(fixes: dict[str, CheckResult]) -> None:
    for name, r in fixes.items():
        assert r.complete, name
        assert [(p.name, p.holds) for p in r.properties if p.holds != p.expect_holds] == [], name


def test_init1_starts_while_the_sidecar_is_down(fixes: dict[str, CheckResult]) -> None:
    """computeInitContainerActions: init[1] waits for init[0] only (the issue's n_init=2 'violation')."""
    v = verdict(fixes["InitOrder"], "init1_starts_while_the_sidecar_is_down")
    assert v.holds is True and v.trace is not None
    moves = [s.label for s in v.trace.steps]
    assert "side[0].exit_ok" in moves and moves.index("side[0].exit_ok") < moves.index("init[1].start")


def test_a_clean_exit_after_a_liveness_kill_is_restarted(fixes: dict[str, CheckResult]) -> None:
    """One app container, OnFailure: liveness kill, exit 0 on TERM, started again in the same sync."""
    v = verdict(fixes["ProbeKillRestart"], "restarted_after_a_clean_exit")
    assert v.holds is False and v.trace is not None
    moves = [s.label for s in v.trace.steps]
    assert moves[-3:] == ["app[0].exit_ok", "app[0].stop", "app[0].restart_in_sync"] or \
        moves[-2:] == ["app[0].exit_ok", "app[0].restart_in_sync"], moves
    assert "app[0].liveness_fail" in moves
    assert not any(m.startswith("status.") for m in moves[moves.index("app[0].liveness_fail"):])


def test_no_term_to_an_exited_process(fixes: dict[str, CheckResult]) -> None:
    r = fixes["NoTermAfterExit"]
    assert verdict(r, "exits_during_prestop").holds is True
    assert verdict(r, "no_term_after_exit").holds is True


def test_delete_during_poststart_fails_the_hook(fixes: dict[str, CheckResult]) -> None:
    v = verdict(fixes["DeleteDuringPostStart"], "cancelled_poststart_fails")
    assert v.holds is False and v.trace is not None
    last = v.trace.steps[-1]
    assert last.label == "kubelet.delete"
    assert ("app[0]", "FailedPostStartHook") in last.signals and ("app[0]", "PreStopCalled") in last.signals


def test_a_shorter_delete_does_not_cut_a_running_kill() -> None:
    """Today's kubelet keeps the grace a kill started with; #83916's fix (unmerged) is an expected violation."""
    r = check_model(load_spec(SPEC / "caveats.lfsm"), system="ShortenedDelete")
    assert verdict(r, "kill_keeps_its_grace").holds is True
    v = verdict(r, "upstream_83916_shorter_delete_cuts_kills")
    assert v.holds is False and not v.expect_holds
    assert [s.label for s in v.trace.steps if s.label.startswith("kubelet.delete")] == \
        ["kubelet.delete", "kubelet.delete_override"]  # type: ignore[union-attr]


def test_a_hanging_httpget_poststart_blocks_the_deletion() -> None:
    r = check_model(load_spec(SPEC / "caveats.lfsm"), system="HangingHttpPostStart")
    assert [(p.name, p.holds) for p in r.properties if not p.expect_holds] == \
        [("g28_deleted_pod_stops", False), ("g10_deleted_pod_reaches_a_terminal_phase", False)]


def test_no_sidecar_start_once_the_app_is_done(fixes: dict[str, CheckResult]) -> None:
    """computePodActions: keepCount == 0 and nothing to start => KillPod, InitContainersToStart = nil.

    Before the fix a sidecar that was down when the only app container exited 0 (OnFailure) was
    started again before the KillPod, or in a new sandbox after a loss.
    """
    r = fixes["SidecarAtCompletion"]
    assert verdict(r, "no_sidecar_start_after_a_clean_exit").holds is True
    v = verdict(r, "sidecar_down_before_the_kill")
    assert v.holds is True and v.trace is not None
    moves = [s.label for s in v.trace.steps]
    assert "app[0].exit_ok" in moves and "side[0].exit_ok" in moves


def test_a_failed_start_passes_the_next_app_over(fixes: dict[str, CheckResult]) -> None:
    """SyncPod step 8 goes on after a failed start: app[1] is tried before app[0] again.

    Before the fix a start error passed no one over, so app[0] could be tried again first.
    """
    r = fixes["FailedStartContinuesTheSync"]
    assert verdict(r, "next_app_before_the_retry").holds is True
    v = verdict(r, "next_app_after_a_failed_start")
    assert v.holds is True and v.trace is not None
    moves = [s.label for s in v.trace.steps]
    assert moves.index("app[0].start_error") < moves.index("app[1].start")



def test_an_attach_does_not_split_a_sync(fixes: dict[str, CheckResult]) -> None:
    """SyncPod step 5 before step 8: an attach after a failed start waits until app[1] was tried."""
    r = fixes["AttachBetweenSyncs"]
    assert verdict(r, "next_app_before_the_retry").holds is True
    v = verdict(r, "attach_after_a_failed_start")
    assert v.holds is True and v.trace is not None
    moves = [s.label for s in v.trace.steps]
    tried = [i for i, m in enumerate(moves) if m in ("app[1].start", "app[1].start_error")]
    assert "app[0].start_error" in moves and tried and tried[0] < moves.index("eph[0].attach"), moves
