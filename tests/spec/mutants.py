"""Mutants of spec/pod.lfsm: each breaks the behaviour behind one guarantee; the checker must kill it.

A mutant is a set of exact text replacements in the files of spec/ (each ``old`` must occur
exactly once), a configuration of spec/pod.lfsm, and the property that must then be
violated with a counterexample (or, for a witness, no longer be reachable). tests/spec/
test_mutants.py applies each one to a copy of spec/ and fails if any mutant survives, or if
the property does not hold on the original spec at the same configuration (so the kill is
due to the mutation).

The first 21 are the hand mutants of the first model, carried over to today's text; the
others are the model fixes of issue 15 undone one by one (each would reintroduce the bug it
fixed) and the new behaviours (G16 spec order, G22, G27, G33, G51, G55, G56), then the
start-order fixes found by the wider configurations (three G45, one G49).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mutant:
    gid: str
    name: str  # what the mutation does, as a reviewer would say it
    edits: tuple[tuple[str, str, str], ...]  # (file under spec/, old text, new text)
    prop: str  # the property of spec/pod.lfsm that must be violated
    config: dict[str, object] = field(default_factory=dict)
    engine: str = "python"  # "native" where the configuration is too large for the Python engine in CI


C = "pod/container.lfsm"
K = "pod/kubelet.lfsm"
SMALL = dict(n_init=0, n_side=0, n_apps=1)

MUTANTS: list[Mutant] = [
    Mutant("G2", "the status manager publishes what the kubelet computes, terminal or not, even in the middle of "
                 "a sync",
           ((K, "let next_phase = if published_terminal then status.phase else computed_phase",
             "let next_phase = computed_phase"),
            (K, "  Publishing -> Publishing on sync when not kubelet.busy and kubelet.next_phase != phase",
             "  Publishing -> Publishing on sync when kubelet.next_phase != phase"),
            (K, "  Publishing -> Publishing on publish_succeeded when not kubelet.busy and phase != Succeeded",
             "  Publishing -> Publishing on publish_succeeded when phase != Succeeded")),
           "g2_succeeded_absorbs", dict(SMALL, policy="OnFailure", post="NoHook", pre="NoHook", liveness=True)),
    Mutant("G12", "the container is Running as soon as its entrypoint starts, postStart still running",
           ((C, "Started -> Started on entrypoint when hooked and not entered do entered = true, emit Entrypoint",
             "Started -> Running on entrypoint when hooked and not entered\n"
             "      do entered = true, started = not startup, emit Entrypoint, emit ContainerRunning"),),
           "g12_running_only_after_poststart", SMALL),
    Mutant("G15", "a failed postStart marks the container exited, without the kill path",
           ((C, "  PostStartRunning -> PreStopRunning on post_fail when entered and alive and post_can_fail and not "
                "kubelet.deleting\n                                                       and pod_prestop\n"
                "      do reason = ByPostStart,",
             "  PostStartRunning -> Exited on post_fail when entered and alive and post_can_fail and not "
             "kubelet.deleting\n                                                       and pod_prestop\n"
             "      do last = Error, reason = ByPostStart,"),),
           "g15_killed_before_restart", dict(SMALL, policy="Always")),
    Mutant("G16", "the pod worker starts a container while another one's postStart runs",
           ((K, "let can_sync = self in Syncing and not busy", "let can_sync = self in Syncing"),),
           "g16_one_start_at_a_time", dict(n_init=0, n_side=0, n_apps=2, policy="Never")),
    Mutant("G18", "preStop is run when the process exits by itself",
           ((C, "obs_q = obs_q_clean, reset obs_c, reset obs_kc, reset obs_xc\n  Running -> Exited on exit_err",
             "obs_q = obs_q_clean, reset obs_c, reset obs_kc, reset obs_xc, emit PreStopCalled\n"
             "  Running -> Exited on exit_err"),),
           "g18_no_prestop_after_own_exit", dict(SMALL, policy="Always", post="NoHook")),
    Mutant("G18", "a kill skips the configured preStop hook",
           ((C, "let pod_prestop = pre != NoHook and pod_grace > 0",
             "let pod_prestop = pre != NoHook and pod_grace > 1"),),
           "g18_prestop_on_every_kill", dict(SMALL, grace=1, override=-1)),
    Mutant("G19", "the stop signal is sent while preStop is still running",
           ((C, "AwaitTurn -> StopSignalSent on stop when alive and (my_turn or deadline_passed)",
             "PreStopRunning, AwaitTurn -> StopSignalSent on stop when alive and (my_turn or deadline_passed)"),),
           "g19_term_after_prestop", SMALL),
    Mutant("G20", "the TERM-to-KILL timeout is the full grace again after preStop (#117373)",
           ((C, "state StopSignalSent { invariant alive and (t <= FLOOR or kill_c <= budget) }",
             "state StopSignalSent { invariant alive and (t <= FLOOR or t <= budget) }"),
            (C, "on sigkill when alive and t >= FLOOR and kill_c >= budget",
             "on sigkill when alive and t >= FLOOR and t >= budget")),
           "g20_killed_by_grace_plus_floor", dict(SMALL, grace=3, override=-1)),
    Mutant("G21", "the 2-second extension is granted again when it runs out",
           ((C, "  StopSignalSent -> Exited on sigkill when alive and t >= FLOOR and kill_c >= budget",
             "  StopSignalSent -> StopSignalSent on stop when alive and t >= FLOOR and kill_c >= budget\n"
             "                                       and kill_c <= budget + FLOOR\n"
             "      do reset t, emit TERM\n"
             "  StopSignalSent -> Exited on sigkill when alive and t >= FLOOR and kill_c >= budget"),),
           "g21_one_stop_per_kill", dict(SMALL, grace=1, override=-1)),
    Mutant("G24", "SIGKILL can come before the stop signal",
           ((C, "  StopSignalSent -> Exited on sigkill when alive and t >= FLOOR and kill_c >= budget",
             "  Killing -> Exited on sigkill when alive and kill_c >= budget"),),
           "g24_kill_only_after_term", SMALL),
    Mutant("G29", "a later delete request may lengthen the grace period",
           ((K, "do kgrace = if g1_grace < kgrace then g1_grace else kgrace,",
             "do kgrace = if g1_grace != kgrace then g1_grace else kgrace,"),),
           "g29_grace_never_rises_above_1", dict(SMALL, grace=2, override=1)),
    Mutant("G34", "containers are restarted after the delete request",
           ((K, "let can_sync = self in Syncing and not busy", "let can_sync = not (self in Finished) and not busy"),
            (K, "let restarts_allowed = self in {Syncing, Recreating} and",
             "let restarts_allowed = not (self in Finished) and")),
           "g34_no_start_after_delete", dict(SMALL, policy="Always", post="NoHook")),
    Mutant("G42", "OnFailure restarts a container that exited 0",
           ((C, "(app_role and kubelet.policy == Always))", "(app_role and kubelet.policy != Never))"),),
           "g42_restart_admissible", dict(n_init=0, n_side=0, n_apps=2, policy="OnFailure", post="NoHook",
                                          pre="NoHook")),
    Mutant("G43", "no CrashLoopBackOff: every restart is immediate",
           ((C, "let delay = if crashes <= 1 then 0 else if crashes == 2 then BACKOFF_BASE else BACKOFF_MAX",
             "let delay = 0"),),
           "g43_backoff_ladder", dict(SMALL, policy="Always", post="NoHook")),
    # the mutate survivor drop-effect@pod/container.lfsm:476:10 of the 150-mutant sample: killed since g43's
    # exemption is narrowed to the start in the kill's own sync
    Mutant("G43", "a liveness kill does not restart the back-off count: a process that dies before TERM is "
                  "started again in a later sync as if its back-off ran from the start of the killed run",
           ((C, "Running -> ProbeKill on liveness_fail when liveness and started and kubelet.can_probe_kill\n"
                "      do reason = ByProbe, budget = probe_grace_now, fresh = crashes == 0 or t > BACKOFF_RESET, "
                "crashes = crashes_after_run,\n         reset t, reset kill_c, reset hook_c",
             "Running -> ProbeKill on liveness_fail when liveness and started and kubelet.can_probe_kill\n"
             "      do reason = ByProbe, budget = probe_grace_now, fresh = crashes == 0 or t > BACKOFF_RESET, "
             "crashes = crashes_after_run,\n         reset kill_c, reset hook_c"),),
           "g43_backoff_ladder", dict(SMALL, post="NoHook", pre="NoHook", liveness=True, grace=3)),
    # the mutate survivors drop-effect@pod/container.lfsm:583:85 and 679:47 (dropped `reset exit_c`), killed by
    # g43_same_sync_restart_waits_from_the_previous_end (session h15e1): the restart in a liveness kill's own sync
    # is judged on the end before the killed run; a clock left running from an older reset lets it come too soon
    Mutant("G43", "the end of a killed process does not restart the back-off clock of the same-sync judgement: "
                  "after a postStart kill the next liveness kill restarts the container in its own sync, within "
                  "the back-off of that end",
           ((C, "last = Completed, reset t, reset kill_c, reset hook_c, reset exit_c, budget = 0",
             "last = Completed, reset t, reset kill_c, reset hook_c, budget = 0"),),
           "g43_same_sync_restart_waits_from_the_previous_end",
           dict(SMALL, policy="Always", liveness=True, start_errors=True)),
    Mutant("G43", "a start error does not restart the back-off clock of the same-sync judgement: the liveness "
                  "kill of the next run restarts the container in its own sync, within the back-off of the "
                  "failed start",
           ((C, "do reset t, reset kill_c, reset hook_c, reset exit_c, last = StartError, fresh = crashes == 0, "
                "crashes = if crashes >= 3 then 3 else crashes + 1, entered = false,\n"
                "         alive = false, passed = false, self_sent = true",
             "do reset t, reset kill_c, reset hook_c, last = StartError, fresh = crashes == 0, "
             "crashes = if crashes >= 3 then 3 else crashes + 1, entered = false,\n"
             "         alive = false, passed = false, self_sent = true"),),
           "g43_same_sync_restart_waits_from_the_previous_end",
           dict(SMALL, policy="Always", liveness=True, start_errors=True)),
    # the mutate survivors drop-emit@pod/container.lfsm:576:44 and 378:58 of the fresh 150-mutant sample
    Mutant("G18", "the kill of a process that has already exited ends without the StopContainer call",
           ((C, "started = false, unready = false, emit StopContainer\n",
             "started = false, unready = false\n"),),
           "g18_a_kill_ends_with_stop_container", dict(SMALL, policy="Always", post="Exec", pre="Exec")),
    Mutant("G12", "the postStart hook runs without its call being recorded",
           ((C, "Started -> PostStartRunning on run_post when hooked do emit PostStartCalled",
             "Started -> PostStartRunning on run_post when hooked"),),
           "g12_poststart_returns_after_its_call", dict(SMALL, post="Exec", pre="NoHook")),
    Mutant("G44", "a long run does not reset the back-off ladder",
           ((C, "let crashes_after_run = if fresh then 1 else",
             "let crashes_after_run = if crashes == 0 then 1 else"),),
           "g44_long_run_resets_backoff", dict(SMALL, policy="Always", post="NoHook")),
    Mutant("G48", "init containers are started in parallel",
           ((C, "else init[self.index - 1].init_ok)", "else kubelet.last_side_ok)"),),
           "g48_init_in_order", dict(n_init=2, n_side=0, n_apps=1, post="NoHook", pre="NoHook")),
    Mutant("G49", "app containers start before the init containers have completed",
           ((C, "                      else kubelet.initialized and",
             "                      else kubelet.last_side_ok and"),),
           "g49_apps_after_init", dict(n_init=1, n_side=0, n_apps=1, post="NoHook", pre="NoHook")),
    Mutant("G50", "app containers start after an init container failed (its exit code ignored)",
           ((C, "  let init_success = regular_init and last == Completed and",
             "  let init_success = regular_init and"),),
           "g50_no_app_after_init_failure", dict(n_init=1, n_side=0, n_apps=1, policy="Never", post="NoHook")),
    Mutant("G52", "sidecars must terminate before the pod can complete",
           ((K, "let apps_done = all a in app: a in Terminated or (a in Exited and not a.insync and (if a.last == "
                "Completed then policy != Always else policy == Never))",
             "let apps_done = (all a in app: a in Terminated or (a in Exited and not a.insync and (if a.last == "
             "Completed then policy != Always else policy == Never))) and (all s in side: s in Terminated)"),),
           "g52_sidecars_do_not_block_completion",
           dict(n_init=0, n_side=1, n_apps=1, policy="Never", post="NoHook", pre="NoHook")),
    Mutant("G53", "a sidecar gets the stop signal before the app containers have stopped",
           ((C, "let my_turn = not sidecar or reason != ByPod", "let my_turn = true or reason != ByPod"),),
           "g53_sidecar_stops_last", dict(n_init=0, n_side=1, n_apps=1, policy="Always", post="NoHook")),
    # (the pod-level gate restarts_allowed also closes once every app container is done, so the
    # mutant lets a sidecar bypass it: restarted by the sidecar rule alone until the pod worker ends)
    Mutant("G54", "a sidecar is restarted once the pod completes",
           ((K, "let can_sync_init = self in Syncing and not busy_hard",
             "let can_sync_init = not (self in Finished) and not busy_hard"),
            (C, "let restart_unblocked = (if sidecar then kubelet.can_sync_init else kubelet.can_sync) and "
                "kubelet.restarts_allowed",
             "let restart_unblocked = (if sidecar then kubelet.can_sync_init else kubelet.can_sync) and "
             "(sidecar or kubelet.restarts_allowed)"),
            (C, "let restart_if_ok = kubelet.restarts_allowed and (sidecar or",
             "let restart_if_ok = (sidecar and not (kubelet in Finished)) or "
             "kubelet.restarts_allowed and (sidecar or")),
           "g52_no_sidecar_restart_after_completion",
           dict(n_init=0, n_side=1, n_apps=1, policy="Never", post="NoHook", pre="NoHook")),
    # ---- the fixes of issue 15, undone ------------------------------------------------------
    Mutant("G46", "a probe-killed container that exits 0 under OnFailure is left to the exit-code rule",
           ((C, "  let same_sync = reason == ByProbe and", "  let same_sync = false and reason == ByProbe and"),),
           "g46_probe_kill_restarts_despite_exit_0",
           dict(SMALL, policy="OnFailure", post="NoHook", pre="NoHook", liveness=True)),
    Mutant("G19", "the stop signal is sent to a process that has already exited",
           ((C, "  AwaitTurn -> StopSignalSent on stop when alive and (my_turn or deadline_passed)\n"
                "      do reset t,",
             "  AwaitTurn -> StopSignalSent on stop when not alive and (my_turn or deadline_passed)\n"
             "      do reset t, emit TERM,"),
            (C, "  AwaitTurn -> Exited on stop when not alive and (my_turn or deadline_passed) and reason != ByProbe",
             "  AwaitTurn -> Exited on stop when alive and (my_turn or deadline_passed) and reason != ByProbe"),
            (C, "  AwaitTurn -> Exited on stop when not alive and (my_turn or deadline_passed) and reason == ByProbe",
             "  AwaitTurn -> Exited on stop when alive and (my_turn or deadline_passed) and reason == ByProbe")),
           "g19_no_term_after_exit", dict(SMALL, policy="Never", post="NoHook")),
    Mutant("G20", "a shorter second delete cuts the preStop of a kill under way (the unmerged #83916 fix, as if "
                  "the kill's grace followed the API's)",
           ((C, "initial state PreStopRunning { invariant kill_c <= budget and",
             "initial state PreStopRunning { invariant kill_c <= budget and kill_c <= kubelet.kgrace and"),
            (C, "  let deadline_passed = kill_c >= budget",
             "  let deadline_passed = kill_c >= budget or kill_c >= kubelet.kgrace")),
           "g20_prestop_gets_the_whole_grace", dict(SMALL, post="NoHook", grace=3, override=1)),
    Mutant("G48", "an init container waits for every sidecar to be running again (not only its predecessor, "
                  "once)",
           ((C, "(if self.index == 0 then kubelet.last_side_ok", "(if self.index == 0 then kubelet.all_sides_ok"),
            (K, "  let last_side_ok = n_side == 0 or side[n_side - 1].started_ok",
             "  let last_side_ok = n_side == 0 or side[n_side - 1].started_ok\n"
             "  let all_sides_ok = all s in side: s.started_ok")),
           "g48_init_waits_for_its_predecessor_only",
           dict(n_init=1, n_side=2, n_apps=1, post="NoHook", pre="NoHook", policy="Never"),
           engine="native"),  # two sidecars: 120-140 s on the Python engine, the suite's slowest mutant
    # ---- new behaviours ------------------------------------------------------------------------
    Mutant("G16", "app containers start in any order",
           ((C, "else kubelet.initialized and (self.index == 0 or app[self.index - 1].attempted)",
             "else kubelet.initialized"),
            (C, "and sync_order_ok and (not app_role or self.index == 0 or app[self.index - 1].attempted)",
             "and sync_order_ok")),
           "g16_apps_in_spec_order",
           dict(n_init=0, n_side=0, n_apps=2, policy="Never", post="NoHook", pre="NoHook")),
    Mutant("G22", "an abandoned preStop handler is cancelled",
           ((C, "do orphan = pre_can_fail and alive, emit PreStopAbandoned",
             "do orphan = false, emit PreStopAbandoned"),),
           "g22_term_while_prestop_runs", dict(SMALL, post="NoHook", grace=1, override=-1)),
    Mutant("G27", "the endpoints controller is late: it may remove the endpoint after the stated latency",
           ((K, "  state Noticed { invariant te <= delay }", "  state Noticed { invariant te <= delay + 1 }"),),
           "g27_sleep_prestop_outlasts_endpoint_removal",
           dict(SMALL, n_ep=1, ep_delay=1, policy="Never", post="NoHook", pre="Sleep", sleep_for=2, grace=3,
                override=-1)),
    Mutant("G33", "a liveness kill ignores the probe's terminationGracePeriodSeconds",
           ((C, "  let probe_grace_now = if probe_grace > 0 then probe_grace else kubelet.grace",
             "  let probe_grace_now = kubelet.grace"),),
           "g20_killed_by_grace_plus_floor",
           dict(SMALL, policy="Always", post="NoHook", pre="Exec", grace=3, liveness=True, probe_grace=1)),
    Mutant("G51", "a lost sandbox is recreated without running the completed init containers again",
           ((C, "  Exited, Done -> NotCreated on lost when (regular_init or sidecar) and kubelet.policy != Never",
             "  Exited -> NotCreated on lost when (regular_init or sidecar) and kubelet.policy != Never"),),
           "g51_init_rerun_after_sandbox_loss",
           dict(n_init=1, n_side=0, n_apps=1, policy="OnFailure", post="NoHook", pre="NoHook", sandbox_loss=True)),
    Mutant("G48", "the sandbox is lost in the middle of a sync (a container passed over by a sidecar's restart "
                  "still waiting for its start) and the loss keeps that mark: the sync that re-creates the sandbox "
                  "starts that init container before the sidecar it waits for",
           ((K, "not lost_once and not busy and not any_passed", "not lost_once and not busy"),
            (C, "alive = true, passed = false, obs_tried = false, obs_ended = false, obs_up = false",
             "alive = true, obs_tried = false, obs_ended = false, obs_up = false")),
           "g48_init_in_order",
           dict(n_init=1, n_side=1, n_apps=1, policy="OnFailure", post="NoHook", pre="NoHook", grace=1, override=-1,
                sandbox_loss=True)),
    Mutant("G45", "a runtime start error on a restart keeps the container's mark of having been passed over: "
                  "every other restart waits for it while it waits out its back-off",
           ((C, "can_restart and passed\n      do last = StartError, reason = NoKill, entered = false, alive = false, "
                "passed = false,",
             "can_restart and passed\n      do last = StartError, reason = NoKill, entered = false, alive = false,"),),
           "g45_restart_happens",
           dict(n_init=1, n_side=1, n_apps=1, policy="Always", post="NoHook", pre="Exec", grace=1, override=-1,
                start_errors=True)),
    Mutant("G45", "a container passed over by another's start waits for its own turn to come again, although "
                  "the sync that passed it over had it in its list",
           ((C, "let can_start_first = kubelet.can_sync and (turn_to_start or passed) and sync_order_ok",
             "let can_start_first = kubelet.can_sync and turn_to_start and sync_order_ok"),),
           "g45_restart_happens",
           dict(n_init=0, n_side=1, n_apps=2, policy="Always", post="NoHook", pre="NoHook", grace=1, override=-1)),
    Mutant("G45", "a start by a container passed over marks the containers due now as passed over too, although "
                  "they were not in that sync's lists: two crashing sidecars keep overtaking an init container",
           ((C, "         obs_g = 0, obs_pod_kill = false, obs_del_kill = false, obs_prestop = false,\n"
                "         passed = false, reset obs_c, reset obs_kc, obs_in_start = true, obs_start_failed = false, "
                "emit StartContainer, obs_same = false\n"
                "  // the runtime fails StartContainer",
             "         obs_g = 0, obs_pod_kill = false, obs_del_kill = false, obs_prestop = false,\n"
             "         passed = false, reset obs_c, reset obs_kc, obs_in_start = true, obs_start_failed = false, "
             "emit StartContainer, obs_same = false,\n"
             "         send other_started to side[*], send other_started to init[*], send other_started to app[*]\n"
             "  // the runtime fails StartContainer"),),
           "g45_restart_happens",
           dict(n_init=1, n_side=2, n_apps=1, policy="Always", post="Exec", pre="NoHook", grace=0, override=-1),
           engine="native"),  # 10.6 M states
    Mutant("G49", "with no init containers, app containers start before the last sidecar has started",
           ((K, "let init_done = if n_init > 0 then init[n_init - 1].init_ok else last_side_ok",
             "let init_done = if n_init > 0 then init[n_init - 1].init_ok else true"),),
           "g49_apps_after_init", dict(n_init=0, n_side=1, n_apps=1, post="NoHook", pre="NoHook")),
    Mutant("G55", "containers are created before the pod sandbox is ready",
           ((K, "let can_sync = self in Syncing and not busy",
             "let can_sync = self in {NoSandbox, Syncing} and not busy"),),
           "g55_apps_after_sandbox", dict(SMALL, post="NoHook", pre="NoHook")),
    Mutant("G56", "an ephemeral container is restarted like an app container",
           ((C, "let restart_if_failed = kubelet.restarts_allowed and not ephemeral and",
             "let restart_if_failed = kubelet.restarts_allowed and"),),
           "g42_restart_admissible", dict(SMALL, n_eph=1, policy="Always", post="NoHook", pre="NoHook")),
    # survivors of the fresh sample, evening of 2026-12-06
    Mutant("G28", "the pod worker finishes a pod while an ephemeral container's process still runs",
           ((K, "and (all c in app: c in {Terminated, NeverRan}) and (all c in eph: c in {Terminated, NeverRan})",
             "and (all c in app: c in {Terminated, NeverRan})"),),
           "g28_pod_finishes_after_every_process", dict(SMALL, n_eph=1, post="NoHook", pre="NoHook")),
    Mutant("G51", "a sandbox loss goes unannounced, so a completed init container runs again with no loss seen",
           ((K, "do lost_once = true, emit SandboxLost,", "do lost_once = true,"),),
           "g51_completed_init_rerun_only_after_sandbox_loss",
           dict(n_init=1, n_side=0, n_apps=1, post="NoHook", pre="NoHook", sandbox_loss=True)),
    Mutant("G35", "the kubelet restarts while it kills a completed pod, although this pod's kubelet does not restart: "
                  "the sidecar's preStop is called twice",
           ((K, "  Completing -> Completing on kubelet_restart when restartable and not restarted",
             "  Completing -> Completing on kubelet_restart when not restarted"),),
           "g35_one_sidecar_prestop_per_run_without_a_kubelet_restart",
           dict(n_init=0, n_side=1, n_apps=1, post="NoHook")),
    Mutant("§1.2", "an app container not yet created shows ContainerCreating in a pod with one init container",
           ((K, "let has_init_list = n_init + n_side > 0", "let has_init_list = n_init + n_side > 1"),),
           "api_default_waiting_reason", dict(n_init=1, n_side=0, n_apps=1, post="NoHook", pre="NoHook")),
    Mutant("G16", "a container passed over by another's start may have its own start fail while that start is "
                  "still under way (a start error that ignores the busy pod worker)",
           ((C, "kubelet.start_errors and not insync and wants_restart and can_restart and passed",
             "kubelet.start_errors and not insync and wants_restart and passed"),),
           "g16_no_start_attempt_amid_a_start",
           dict(n_init=0, n_side=0, n_apps=2, post="NoHook", pre="NoHook", start_errors=True)),
    # session h15e3: survivors of the 150-mutant sample (docs/mutation/pod.txt)
    Mutant("G15", "an exec postStart whose container's process has ended returns successfully after all "
                  "(PostStartReturned), as a sleep handler does",
           ((C, "PostStartRunning -> Exited on post_slept when not alive and post == Sleep and hook_c >= sleep_for",
             "PostStartRunning -> Exited on post_slept when not alive and hook_c >= sleep_for"),),
           "g15_poststart_fails_once_its_process_ended", SMALL),
    Mutant("G13", "a postStart handler fails before the entrypoint has begun, and the process that the kill then "
                  "stops never begins",
           ((C, "PostStartRunning -> PreStopRunning on post_fail when entered and alive and post_can_fail",
             "PostStartRunning -> PreStopRunning on post_fail when alive and post_can_fail"),),
           "g13_poststart_fails_after_the_entrypoint", SMALL),
    Mutant("G40", "a sleep postStart whose process has ended fails by itself, before its seconds, and the "
                  "container waits with PostStartHookError",
           ((C, "PostStartRunning -> Exited on post_fail when not alive and post_can_fail",
             "PostStartRunning -> Exited on post_fail when not alive"),),
           "g40_sleep_poststart_never_a_poststart_error", dict(SMALL, post="Sleep", pre="NoHook")),
    Mutant("G15", "a kill that cancels the postStart of a process that has ended leaves the start under way: "
                  "the handler then answers a second time",
           ((C, "PostStartRunning -> Exited on kill when post_cancellable and not alive",
             "PostStartRunning -> PostStartRunning on kill when post_cancellable and not alive"),),
           "g15_one_poststart_outcome_per_start", SMALL),
    Mutant("G11", "a sandbox loss keeps the kill reason of a sidecar waiting after a failed postStart: a start "
                  "error in the new sandbox then shows PostStartHookError",
           ((C, "do last = NoExit, reason = NoKill, alive = true, passed = false, obs_tried = false",
             "do last = NoExit, alive = true, passed = false, obs_tried = false"),),
           "g11_start_error_is_not_a_poststart_error",
           dict(n_init=0, n_side=1, n_apps=1, policy="Always", post="Exec", pre="NoHook", grace=0, override=-1,
                start_errors=True, sandbox_loss=True),
           engine="native"),  # 169,273 states
    Mutant("§1.2", "an init container not yet created shows ContainerCreating, not PodInitializing (the default "
                 "waiting reason of the model before 2026-12-06 evening)",
           ((C, "else if kubelet.has_init_list then PodInitializing",
             "else if app_role and kubelet.has_init_list then PodInitializing"),),
           "api_default_waiting_reason", dict(n_init=1, n_side=0, n_apps=1, post="NoHook", pre="NoHook")),
    Mutant("G40", "a sleep preStop may run on past its seconds, up to the kill's deadline (the model before "
                  "2026-12-07, found by the delete timelines of `lifefsm pod`)",
           ((C, "invariant kill_c <= budget and (pre != Sleep or kill_c <= sleep_for) }",
             "invariant kill_c <= budget }"),),
           "g40_sleep_prestop_sleeps_its_seconds", dict(SMALL, pre="Sleep", post="NoHook")),
    # stop 40, triage 2: survivors about postStart, probes and the preStop decision
    Mutant("G18", "a kill calls the preStop hook of a container that has none (the kubelet decides on the grace "
                  "alone): PreStopCalled, and the stop signal waits for the whole grace",
           ((C, "let pod_prestop = pre != NoHook and pod_grace > 0", "let pod_prestop = pod_grace > 0"),),
           "g18_prestop_called_only_when_configured", dict(n_init=1, n_side=0, n_apps=1, post="NoHook", pre="NoHook")),
    Mutant("G12", "an httpGet postStart answered with HTTP 5xx leaves the container running without ContainerRunning: "
                  "its readiness probe then reports on a container never shown Running",
           ((C, "post_http_5xx when entered and alive and post == HttpGet and not kubelet.deleting\n"
                "      do started = not startup, unready = readiness, obs_started = not startup, "
                "obs_up = sidecar and (obs_up or not startup), obs_unready = readiness,\n"
                "         obs_in_start = false, emit PostStartReturned, emit ContainerRunning",
             "post_http_5xx when entered and alive and post == HttpGet and not kubelet.deleting\n"
                "      do started = not startup, unready = readiness, obs_started = not startup, "
                "obs_up = sidecar and (obs_up or not startup), obs_unready = readiness,\n"
                "         obs_in_start = false, emit PostStartReturned"),),
           "g47_probes_only_after_running", dict(SMALL, post="HttpGet", pre="NoHook", readiness=True)),
    Mutant("G15", "an exec postStart whose container's process has ended may hang: the start is never answered "
                  "(and the pod worker is held for good)",
           ((C, "PostStartRunning -> PostStartHung on post_hang when entered and alive and post_can_fail",
             "PostStartRunning -> PostStartHung on post_hang when entered and post_can_fail"),),
           "g15_poststart_answered_once_its_process_ended", SMALL),
    Mutant("G46", "the startup probe keeps probing after it has succeeded, and its failure kills a started container",
           ((C, "Running -> ProbeKill on startup_fail when startup and not started and kubelet.can_probe_kill",
             "Running -> ProbeKill on startup_fail when startup and kubelet.can_probe_kill"),),
           "g46_startup_kill_only_before_started", dict(SMALL, post="NoHook", readiness=True, startup=True)),
    # stop 40 triage 3: survivors about kills, preStop, TERM/SIGKILL and delete requests
    Mutant("G23", "a failed preStop handler is reported (FailedPreStopHook) before its handler has returned "
                  "(PreStopReturned): the two emits of the failure swapped",
           ((C, "PreStopRunning -> AwaitTurn on pre_fail when pre_can_fail do emit PreStopReturned,"
                " emit FailedPreStopHook",
             "PreStopRunning -> AwaitTurn on pre_fail when pre_can_fail do emit FailedPreStopHook,"
             " emit PreStopReturned"),),
           "g23_prestop_failure_after_its_handler", SMALL),
    Mutant("G23", "an abandoned preStop handler keeps failing after the stop signal: FailedPreStopHook again and "
                  "again for one call (orphan = false dropped after its failure in StopSignalSent)",
           ((C, "StopSignalSent -> StopSignalSent on orphan_fail when orphan do orphan = false, emit FailedPreStopHook",
             "StopSignalSent -> StopSignalSent on orphan_fail when orphan do emit FailedPreStopHook"),),
           "g23_one_prestop_failure_per_call", SMALL),
    Mutant("G43", "a sandbox loss does not restart the back-off clock of an app container: the restart in the "
                  "sync of a later liveness kill is judged on the end before the loss",
           ((C, "crashes = crashes_after_run, reason = NoKill,\n"
                "         reset t, reset kill_c, reset hook_c, reset exit_c, alive = false, started"
                " = false, unready = false,\n"
                "         obs_ended = true, obs_g = 0, obs_pod_kill = false, obs_del_kill = false,"
                " obs_prestop = false, "
                "obs_clean = false, obs_probe_kill = false, obs_started = false, obs_up = false,",
             "crashes = crashes_after_run, reason = NoKill,\n"
                "         reset t, reset kill_c, reset hook_c, alive = false, started = false, unready = false,\n"
                "         obs_ended = true, obs_g = 0, obs_pod_kill = false, obs_del_kill = false,"
                " obs_prestop = false, "
                "obs_clean = false, obs_probe_kill = false, obs_started = false, obs_up = false,"),),
           "g43_same_sync_restart_waits_from_the_previous_end",
           dict(SMALL, policy="Always", post="NoHook", pre="NoHook", liveness=True, sandbox_loss=True)),
    # stop 40 triage 1: survivors about start order and start errors
    Mutant("G53", "a sidecar killed with the pod never gets its turn: it waits for its own end too, so its stop "
                  "signal comes only at the deadline, however early the app containers ended",
           ((C, "(all x in side: x.index <= self.index or x.order_done)",
             "(all x in side: x.index <= self.index - 1 or x.order_done)"),),
           "g53_sidecar_term_before_the_deadline_once_its_turn_comes",
           dict(n_init=0, n_side=1, n_apps=1, post="NoHook", pre="NoHook")),
    Mutant("G56", "the pod worker's own start runs an ephemeral container, as if it were an app container, "
                  "without a user having added it",
           ((C, "NotCreated -> Started on start when not ephemeral and can_start_first and not passed",
             "NotCreated -> Started on start when can_start_first and not passed"),),
           "g56_ephemeral_started_only_once_added", dict(SMALL, n_eph=1, post="NoHook", pre="NoHook")),
    Mutant("G11", "a restart by a container passed over fails with StartError although the runtime never fails",
           ((C, "Exited -> Exited on start_error when kubelet.start_errors and not insync and wants_restart and "
                "can_restart and passed",
             "Exited -> Exited on start_error when not insync and wants_restart and can_restart and passed"),),
           "g11_start_error_only_from_a_failing_runtime",
           dict(n_init=0, n_side=0, n_apps=2, post="NoHook", pre="NoHook")),
    # stop 40: two survivors that only a larger pod exposes (two lines added to spec/pod.mutate)
    Mutant("G43", "the first start of an init container passed over after a sandbox loss keeps the run clock of "
                  "before the loss: a short run counts as long and the back-off is skipped",
           ((C, "NotCreated -> Started on start when not ephemeral and can_start_first and passed\n"
                "      do reset t, reset kill_c,",
             "NotCreated -> Started on start when not ephemeral and can_start_first and passed\n"
                "      do reset kill_c,"),),
           "g43_backoff_ladder",
           dict(n_init=1, n_side=0, n_apps=1, n_eph=1, policy="Always", post="NoHook", pre="NoHook",
                sandbox_loss=True, grace=0, override=-1),
           engine="native"),  # 108,202 states
    Mutant("G16", "an app container's first start does not wait for a sidecar due for its restart (SyncPod's step 8 "
                  "before step 6): the sidecar then restarts before app[1]'s first start",
           ((C, "(turn_to_start or passed) and sync_order_ok and (not app_role",
             "(turn_to_start or passed) and (not app_role"),),
           "g16_no_sidecar_start_amid_the_first_app_starts",
           dict(n_init=1, n_side=1, n_apps=2, policy="Always", post="NoHook", pre="NoHook", grace=0, override=-1),
           engine="native"),  # 302,975 states
    # stop 40 triage 2b: a hang before the entrypoint, readiness after a sleep postStart
    Mutant("G17", "an exec or httpGet postStart may hang before the entrypoint has begun: the container then sits in "
                  "a state where no time can pass (its entrypoint never begins, its process never ends)",
           ((C, "PostStartRunning -> PostStartHung on post_hang when entered and alive and post_can_fail",
             "PostStartRunning -> PostStartHung on post_hang when alive and post_can_fail"),),
           "g17_hanging_poststart_lets_time_pass",
           dict(SMALL, policy="Always", post="HttpGet", pre="HttpGet")),
    Mutant("G7", "a container whose sleep postStart returned is ready at once, before its readiness probe's first "
                 "success",
           ((C, "PostStartRunning -> Running on post_slept when entered and alive and post == Sleep"
                " and hook_c >= sleep_for\n"
                "      do started = not startup, unready = readiness,",
             "PostStartRunning -> Running on post_slept when entered and alive and post == Sleep and"
             " hook_c >= sleep_for\n"
                "      do started = not startup,"),),
           "g7_ready_follows_the_probe",
           dict(SMALL, post="Sleep", pre="NoHook", readiness=True)),
    # stop 40 triage 3b: the kubelet's delete override (one line added to spec/pod.mutate: override=0)
    Mutant("G32", "a delete request for grace 0 is not clamped to 1 s at the kubelet: the pod's kill then has no "
                  "grace and skips the preStop hook",
           ((K, "let g1_override = if override < 1 then 1 else override",
             "let g1_override = if override < 0 then 1 else override"),),
           "g18_prestop_on_every_kill", dict(SMALL, override=0)),
    Mutant("G29", "the kubelet refuses a later delete request for grace 0 on a pod already being deleted",
           ((K, "Terminating -> Terminating on delete_override when override >= 0",
             "Terminating -> Terminating on delete_override when override >= 1"),),
           "g29_shorter_second_delete_taken", dict(SMALL, override=0)),
    # (not in spec/pod.mutate: the smallest pod that exposes it has two sidecars, 884,313 states)
    Mutant("G52", "restarts stay allowed once every app container is done (not apps_done dropped from "
                  "restarts_allowed): a sidecar restarts while a second one still runs, before KillPod",
           ((K, "and not apps_done and not init_failed_never", "and true and not init_failed_never"),),
           "g52_no_sidecar_start_once_apps_are_done",
           dict(n_init=0, n_side=2, n_apps=1, policy="Never", post="NoHook", pre="NoHook", grace=0, override=-1),
           engine="native"),  # 884,313 states
]
