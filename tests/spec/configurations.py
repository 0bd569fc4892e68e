"""The pod configurations that CI checks besides spec/pod.lfsm's defaults (docs/guarantees.md).

Each entry overrides some parameters of spec/pod.lfsm. Together they cover every value of
every axis the guarantees depend on: 0-2 init containers, 0-2 sidecars, 1-3 app containers,
an ephemeral container, an endpoints controller, each restart policy, each hook kind and no
hook, grace 0-3 with and without a delete-time override (shorter, equal, or none), each probe,
runtime start errors and the loss of the pod sandbox. The full product
(thousands of pods, some with millions of states) is not checked; `lifefsm check
spec/pod.lfsm --all-params` would do it.
"""

from __future__ import annotations

CONFIGS: dict[str, dict[str, object]] = {
    "bare-always-grace0": dict(n_init=0, n_side=0, n_apps=1, policy="Always", post="NoHook", pre="NoHook",
                               grace=0, override=-1),
    "exec-onfailure-grace1-override0": dict(n_init=0, n_side=0, n_apps=1, policy="OnFailure", post="Exec",
                                            pre="Exec", grace=1, override=0),
    "http-never-grace2-override1": dict(n_init=0, n_side=0, n_apps=1, policy="Never", post="HttpGet",
                                        pre="HttpGet", grace=2, override=1),
    "sleep-always-grace3-override3": dict(n_init=0, n_side=0, n_apps=1, policy="Always", post="Sleep", pre="Sleep",
                                          sleep_for=2, grace=3, override=3),
    "init1-apps2-never": dict(n_init=1, n_side=0, n_apps=2, policy="Never", post="Exec", pre="Exec", grace=2,
                              override=-1),
    "init2-onfailure-prestop-only": dict(n_init=2, n_side=0, n_apps=1, policy="OnFailure", post="NoHook",
                                         pre="Exec", grace=1, override=-1),
    "sidecar-always": dict(n_init=0, n_side=1, n_apps=1, policy="Always", post="NoHook", pre="Exec", grace=2,
                           override=0),
    "sidecar-init-never-poststart-only": dict(n_init=1, n_side=1, n_apps=1, policy="Never", post="Exec",
                                              pre="NoHook", grace=3, override=1),
    "apps3-onfailure-no-hooks": dict(n_init=0, n_side=0, n_apps=3, policy="OnFailure", post="NoHook",
                                     pre="NoHook", grace=1, override=-1),
    "apps2-always-exec-override": dict(n_init=0, n_side=0, n_apps=2, policy="Always", post="Exec", pre="Exec",
                                       grace=3, override=1),
    "probes-onfailure": dict(n_init=0, n_side=0, n_apps=1, policy="OnFailure", post="Exec", pre="Exec", grace=2,
                             override=-1, liveness=True, startup=True, readiness=True),
    "probes-never-sidecar": dict(n_init=0, n_side=1, n_apps=1, policy="Never", post="NoHook", pre="Exec",
                                 grace=1, override=-1, liveness=True, readiness=True),
    "start-errors-never": dict(n_init=1, n_side=0, n_apps=1, policy="Never", post="NoHook", pre="NoHook",
                               grace=2, override=-1, start_errors=True),
    # the three below each showed a violation of the model before its fix (docs/guarantees.md,
    # "Configurations"): a start error kept an init container's `passed` mark (g45), and an app
    # or init container started after the sidecar it waited for had exited (g48, g49)
    "sidecar-init-start-errors-always": dict(n_init=1, n_side=1, n_apps=1, policy="Always", post="NoHook",
                                             pre="Exec", grace=1, override=-1, start_errors=True),
    "sidecar-apps2-always-no-hooks": dict(n_init=0, n_side=1, n_apps=2, policy="Always", post="NoHook",
                                          pre="NoHook", grace=1, override=-1),
    "sidecars2-init-always-no-hooks": dict(n_init=1, n_side=2, n_apps=1, policy="Always", post="NoHook",
                                           pre="NoHook", grace=1, override=1),
    "ephemeral-sidecar-init-always": dict(n_init=1, n_side=1, n_apps=1, n_eph=1, policy="Always", post="NoHook",
                                          pre="NoHook", grace=1, override=1),
    "sandbox-loss-sidecar-init-always": dict(n_init=1, n_side=1, n_apps=1, policy="Always", post="NoHook",
                                             pre="NoHook", grace=1, override=-1, sandbox_loss=True),
    "endpoints-always": dict(n_init=0, n_side=0, n_apps=1, n_ep=1, policy="Always", post="NoHook", pre="Exec",
                             grace=2, override=-1),
}
