"""The model side of `lifefsm pod` on every core: the pods' projections and rule checks computed by
worker processes before the report is made.

A manifest file of many pods is many independent model checks (podmodel.py: one zone graph per app
container's hook and per sidecar set, one rule check per hook kind). ``prepare`` forks ``jobs``
workers; each answers a share of the pods with its own copy of the ReferenceModel (the reference
model already loaded, and the Extra_M kernel already built, in the parent before the fork) and
sends back what it computed: the projections' answers and the rule verdicts, by their keys. The
parent keeps them, and then answers every pod in order as it would alone, finding each projection
already done: the report is the same with any number of workers (tests/pod/test_pod_pool.py).

Pods of the same shape (binding, hooks, probes: the same projections) go to the same worker, so
that no two workers compute the same pod's projections; the groups are handed out largest first
(pods with sidecars cost the most). Pods of different shapes may share a projection (one app
container's hook): two workers may then both compute it, for the same answer. Anything a worker
cannot do (an error, a worker killed) leaves that work to the parent, which reports it as it always does;
where processes cannot be forked (not Linux, one CPU, ``--jobs 1``) nothing happens here.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from ..pod.config import PodConfig, Role
from .podmodel import Computed, ReferenceModel, binding, hook_of

# what a fork inherits: the model and the pods (set just before the pool is made, cleared after)
_SHARED: tuple[ReferenceModel, Sequence[PodConfig]] | None = None


def prepare(model: ReferenceModel, pods: Sequence[PodConfig], jobs: int) -> int:
    """Compute the pods' projections and rule checks on ``jobs`` processes into ``model``'s caches; the
    number of workers used (0: none, the parent does everything)."""
    global _SHARED
    groups = _groups(pods)
    jobs = min(jobs, len(groups))
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    model.warm()  # the model and the Extra_M kernel once, in the parent: the workers inherit them
    _SHARED = (model, pods)
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            for done in as_completed([pool.submit(_work, group) for group in groups]):
                model.adopt(done.result())
    except (OSError, BrokenProcessPool):
        pass  # no process could be made, or one was killed: the parent computes what is missing
    finally:
        _SHARED = None
    return jobs


def _groups(pods: Sequence[PodConfig]) -> list[list[int]]:
    """The pods' indices in groups of the same shape (what their projections are made of), the costliest
    group first."""
    by: dict[tuple[object, ...], list[int]] = {}
    for k, pod in enumerate(pods):
        by.setdefault(_shape(pod), []).append(k)

    def cost(group: list[int]) -> int:
        return sum(1 + 10 * len(pods[k].by_role(Role.SIDECAR)) + len(pods[k].containers) for k in group)

    return sorted(by.values(), key=cost, reverse=True)


def _shape(pod: PodConfig) -> tuple[object, ...]:
    """What the projections and rule checks of ``pod`` depend on: its binding and, per container, its role,
    its hooks as the model binds them, and its probes' kinds and grace periods."""
    grace = pod.grace.value
    containers = tuple(
        (c.role.value, hook_of(c.pre_stop, grace),
         None if c.post_start is None else (c.post_start.kind.value, hook_of(c.post_start, grace)),
         tuple((kind, None if (p := c.probe(kind)) is None or p.termination_grace is None
                else p.termination_grace.value) for kind in ("liveness", "startup", "readiness")
               if c.probe(kind) is not None))
        for c in pod.containers)
    return tuple(sorted(binding(pod).items())), containers


def _work(group: list[int]) -> Computed:
    """In a worker: answer the group's pods; what was computed, by key (nothing on a failure)."""
    assert _SHARED is not None
    model, pods = _SHARED
    try:
        for k in group:
            model.answer_quietly(pods[k])
    except Exception:  # noqa: BLE001 - the parent computes it again and reports the error itself
        pass
    return model.computed()


__all__ = ["prepare"]
