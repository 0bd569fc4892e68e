"""`lifefsm pod` on several processes (commands/podpool.py): the same report as on one, whatever the number of
workers; pods of one shape stay on one worker; --jobs below 1 is bad input."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from lifecycle_fsm import modelcache
from lifecycle_fsm.commands import podpool
from lifecycle_fsm.cpus import cpu_count
from lifecycle_fsm.pod.reader import read_manifests

from .conftest import MANIFESTS, rel, run

# a sidecar with its own preStop, a liveness probe with its own grace, init containers under Never, an httpGet
# postStart, a grace of 0 and a multi-document file: every kind of projection and rule check
FILES = [rel(MANIFESTS / f"{name}.yaml") for name in (
    "istio-native-sidecar", "kep-2238-probe-grace-cuts-prestop", "job-native-sidecar", "calico-node-grace-zero",
    "multi-document-app", "nginx-lifecycle-demo")]


def report(jobs: int, cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("LIFEFSM_CACHE_DIR", str(cache))  # an empty cache: every answer computed
    code, out, err = run(["pod", "-j", str(jobs), "--json", "-", *FILES], capsys, monkeypatch)
    assert code in (0, 1), err
    return out


def test_one_and_two_workers_give_the_same_report(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[int] = []
    prepare = podpool.prepare
    monkeypatch.setattr(podpool, "prepare", lambda *a: used.append(prepare(*a)) or used[-1])
    children: list[int | None] = []
    prefetch = modelcache.prefetch
    monkeypatch.setattr(modelcache, "prefetch", lambda *a: children.append(prefetch(*a)) or children[-1])
    alone = report(1, tmp_path / "one", capsys, monkeypatch)
    shared = report(2, tmp_path / "two", capsys, monkeypatch)
    assert used == [0, 2]  # the second run did use two workers
    # and, on two CPUs, loaded the model in a child process while it read the manifests (one CPU: no child)
    assert len(children) == 1 and (children[0] is not None) == (cpu_count() >= 2)
    assert shared == alone
    assert '"timeline"' in alone and '"findings"' in alone


def _killed(group: list[int]) -> object:
    os.kill(os.getpid(), signal.SIGKILL)  # a worker the kernel kills (out of memory, say)
    return None


def test_a_killed_worker_leaves_its_work_to_the_parent(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    alone = report(1, tmp_path / "one", capsys, monkeypatch)
    monkeypatch.setattr(podpool, "_work", _killed)
    assert report(2, tmp_path / "two", capsys, monkeypatch) == alone


def test_pods_of_one_shape_go_to_one_worker() -> None:
    names = ("nginx-lifecycle-demo", "kep-2238-probe-grace-cuts-prestop", "nginx-lifecycle-demo",
             "istio-native-sidecar")
    pods = read_manifests([str(MANIFESTS / f"{n}.yaml") for n in names]).pods
    groups = podpool._groups(pods)
    assert sorted(map(sorted, groups)) == [[0, 2], [1], [3]]  # the two copies of one pod together
    assert groups[0] == [3]  # the pod with a sidecar costs the most: handed out first


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_is_bad_input(jobs: str, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["pod", "-j", jobs, FILES[0]], capsys, monkeypatch)
    assert code == 2 and "--jobs must be at least 1" in err
