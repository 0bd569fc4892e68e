"""Mutants of spec/pod.lfsm: each breaks the behaviour behind one guarantee; the checker must kill it.

A mutant is a set of exact text replacements in the files of spec/ (each ``old`` must occur
exactly once), a configuration of spec/pod.lfsm, and the property that must then be
violated with a counterexample. tests/spec/test_mutants.py applies each one to a copy of
spec/ and fails if any mutant survives, or if the property does not hold on the original
spec at the same configuration (so the kill is due to the mutation).
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


C = "pod/container.lfsm"
K = "pod/kubelet.lfsm"
SMALL = dict(n_init=0, n_side=0, n_apps=1)

MUTANTS: list[Mutant] = [
    Mutant("G2", "the kubelet keeps syncing a pod whose phase is terminal and publishes what it computes",
           ((K, "let next_phase = if published_terminal then published else computed_phase",
             "let next_phase = computed_phase"),
            (K, "let restarts_allowed = self in Syncing and not published_terminal and not computed_terminal",
             "let restarts_allowed = self in Syncing")),
           "g2_succeeded_absorbs", dict(SMALL, policy="OnFailure", post="NoHook", liveness=True)),
    Mutant("G12", "the container is Running as soon as its entrypoint starts, postStart still running",
           ((C, "Started -> Started on entrypoint when hooked and not entered do entered = true, emit Entrypoint",
             "Started -> Running on entrypoint when hooked and not entered\n"
             "      do entered = true, started = not startup, emit Entrypoint, emit ContainerRunning"),),
           "g12_running_only_after_poststart", SMALL),
    Mutant("G15", "a failed postStart marks the container exited, without the kill path",
           ((C, "  PostStartRunning -> PreStopRunning on post_fail when entered and post_can_fail and prestop_now\n"
                "      do reason = ByPostStart,",
             "  PostStartRunning -> Exited on post_fail when entered and post_can_fail and prestop_now\n"
             "      do last = Error, reason = ByPostStart,"),),
           "g15_killed_before_restart", dict(SMALL, policy="Always")),
    Mutant("G16", "the pod worker starts a container while another one's postStart runs",
           ((K, "let can_sync = self in Syncing and not busy", "let can_sync = self in Syncing"),),
           "g16_one_start_at_a_time", dict(n_init=0, n_side=0, n_apps=2, policy="Never")),
    Mutant("G18", "preStop is run when the process exits by itself",
           ((C, "         reset t, started = false, unready = false\n  Running -> Exited on exit_err",
             "         reset t, started = false, unready = false, emit PreStopCalled\n"
             "  Running -> Exited on exit_err"),),
           "g18_no_prestop_after_own_exit", dict(SMALL, policy="Always", post="NoHook")),
    Mutant("G18", "a kill skips the configured preStop hook",
           ((C, "let prestop_now = pre != NoHook and kubelet.kill_grace > 0",
             "let prestop_now = pre != NoHook and kubelet.kill_grace > 1"),),
           "g18_prestop_on_every_kill", dict(SMALL, grace=1, override=-1)),
    Mutant("G19", "the stop signal is sent while preStop is still running",
           ((C, "AwaitTurn -> StopSignalSent on stop when my_turn or deadline_passed",
             "PreStopRunning, AwaitTurn -> StopSignalSent on stop when my_turn or deadline_passed"),),
           "g19_term_after_prestop", SMALL),
    Mutant("G20", "the TERM-to-KILL timeout is the full grace again after preStop (#117373)",
           ((C, "let stop_timeout = if left < FLOOR then FLOOR else left",
             "let stop_timeout = if budget < FLOOR then FLOOR else budget"),),
           "g20_kill_by_grace_plus_floor", dict(SMALL, grace=3, override=-1)),
    Mutant("G21", "the 2-second extension is granted again when it runs out",
           ((C, "  StopSignalSent -> Exited on sigkill when alive and t >= tmo",
             "  StopSignalSent -> StopSignalSent on stop when alive and t >= tmo and tmo == FLOOR\n"
             "      do tmo = FLOOR + 1, reset t, emit TERM\n"
             "  StopSignalSent -> Exited on sigkill when alive and t >= tmo"),),
           "g21_one_stop_per_kill", dict(SMALL, grace=1, override=-1)),
    Mutant("G24", "SIGKILL can come before the stop signal",
           ((C, "  StopSignalSent -> Exited on sigkill when alive and t >= tmo",
             "  Killing -> Exited on sigkill when alive and t >= tmo"),),
           "g24_kill_only_after_term", SMALL),
    Mutant("G29", "a later delete request may lengthen the grace period",
           ((K, "Terminating -> Terminating on delete when g1_grace < kgrace",
             "Terminating -> Terminating on delete when g1_grace != kgrace"),),
           "g29_grace_only_decreases", dict(SMALL, grace=2, override=1)),
    Mutant("G34", "containers are restarted after the delete request",
           ((K, "let can_sync = self in Syncing and not busy", "let can_sync = not (self in Finished) and not busy"),
            (K, "let restarts_allowed = self in Syncing and", "let restarts_allowed = not (self in Finished) and")),
           "g34_no_start_after_delete", dict(SMALL, policy="Always", post="NoHook")),
    Mutant("G42", "OnFailure restarts a container that exited 0",
           ((C, "(app_role and (kubelet.policy == Always", "(app_role and (kubelet.policy != Never"),),
           "g42_restart_admissible", dict(n_init=0, n_side=0, n_apps=2, policy="OnFailure", post="NoHook",
                                          pre="NoHook")),
    Mutant("G43", "no CrashLoopBackOff: every restart is immediate",
           ((C, "let delay = if crashes <= 1 then 0 else if crashes == 2 then BACKOFF_BASE else BACKOFF_MAX",
             "let delay = 0"),),
           "g43_backoff_ladder", dict(SMALL, policy="Always", post="NoHook")),
    Mutant("G44", "a long run does not reset the back-off ladder",
           ((C, "let crashes_after_run = if t > BACKOFF_RESET then 1 else",
             "let crashes_after_run = if t > BACKOFF_RESET + 100 then 1 else"),),
           "g44_long_run_resets_backoff", dict(SMALL, policy="Always", post="NoHook")),
    Mutant("G48", "init containers are started in parallel",
           ((C, "else init[self.index - 1].init_ok)", "else kubelet.sidecars_started)"),),
           "g48_init_in_order", dict(n_init=2, n_side=0, n_apps=1, post="NoHook", pre="NoHook")),
    Mutant("G49", "app containers start before the init containers have completed",
           ((C, "                      else kubelet.initialized",
             "                      else kubelet.sidecars_started"),),
           "g49_apps_after_init", dict(n_init=1, n_side=0, n_apps=1, post="NoHook", pre="NoHook")),
    Mutant("G50", "app containers start after an init container failed (its exit code ignored)",
           ((C, "let init_ok = self in Terminated and last == Completed", "let init_ok = self in Terminated"),),
           "g50_init_failure_never_fails_the_pod", dict(n_init=1, n_side=0, n_apps=1, policy="Never", post="NoHook")),
    Mutant("G52", "sidecars must terminate before the pod can complete",
           ((K, "let apps_done = all a in app: a in Terminated",
             "let apps_done = (all a in app: a in Terminated) and (all s in side: s in Terminated)"),),
           "g52_sidecars_do_not_block_completion",
           dict(n_init=0, n_side=1, n_apps=1, policy="Never", post="NoHook", pre="NoHook")),
    Mutant("G53", "a sidecar gets the stop signal before the app containers have stopped",
           ((C, "let my_turn = not sidecar or reason != ByPod", "let my_turn = true or reason != ByPod"),),
           "g53_sidecar_stops_last", dict(n_init=0, n_side=1, n_apps=1, policy="Always", post="NoHook")),
]
