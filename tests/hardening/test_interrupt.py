"""Ctrl-C (issue 11): once a check has begun, exit 3 with what was learned; before, exit 130.

Real SIGINTs are sent to a real process at two moments a user hits: during the search (seen
through the progress line on a terminal) and while the search code is being generated for a
big system (after the run has begun, before any state is explored). The moments that cannot
be timed from outside (the judging after the search, between the runs of a sweep, reading the
spec) are reproduced in-process by raising KeyboardInterrupt where SIGINT's handler would.
"""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from lifecycle_fsm import cli, compile_source, pipeline
from lifecycle_fsm.checker import api

BIG = """\
machine Big {
  var a: 0..99999 = 0
  var b: 0..99999 = 0
  input ia, ib
  initial state S
  S -> S on ia do a = (a + 1) % 100000
  S -> S on ib do b = (b + 1) % 100000
  property sane: invariant a + b >= 0
}
"""
WIDE = """\
param n: 1..5000 = 600
machine W {
  var v: 0..3 = 0
  input go
  initial state A  state B
  A -> B on go when any o in w: o.v == 0 do v = (count o in w: o in B) % 4
  B -> A on go when all o in w: o in B
}
system S { instance w[n]: W  property p: invariant all o in w: o.v <= 3 }
"""


def start(tmp: Path, text: str, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    spec = tmp / "s.lfsm"
    spec.write_text(text, encoding="utf-8")
    master, slave = pty.openpty()  # stderr on a terminal: the progress line shows
    proc = subprocess.Popen([sys.executable, "-m", "lifecycle_fsm", "check", str(spec), "--json",
                             str(tmp / "r.json"), *args], stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    return proc, master


def wait_for(fd: int, what: bytes, seconds: float = 120) -> bytes:
    seen = b""
    end = time.monotonic() + seconds
    while what not in seen:
        assert time.monotonic() < end, f"{what!r} never came: {seen[-500:]!r}"
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            seen += os.read(fd, 4096)
    return seen


def finish(proc: subprocess.Popen[bytes], master: int) -> tuple[int, str, str]:
    out = proc.stdout.read().decode() if proc.stdout else ""  # type: ignore[union-attr]
    code = proc.wait(timeout=120)
    err = b""
    while select.select([master], [], [], 0.2)[0]:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    return code, out, err.decode(errors="replace")


def test_sigint_during_the_search_exits_3_with_the_partial_result(tmp_path: Path) -> None:
    proc, master = start(tmp_path, BIG)
    wait_for(master, b"states/s")  # the progress line: the search runs
    proc.send_signal(signal.SIGINT)
    code, out, err = finish(proc, master)
    assert code == 3, (out, err)
    assert "Traceback" not in err and "interrupted: the results above cover the part explored" in err
    assert "INCOMPLETE: interrupted" in out and "unknown                    sane" in out
    run = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["runs"][0]
    assert run["stop_reason"] == "interrupted" and run["statistics"]["states"] > 1


def test_sigint_while_the_search_code_is_generated_exits_3(tmp_path: Path) -> None:
    proc, master = start(tmp_path, WIDE, "--verbose")
    assert proc.stdout is not None
    line = proc.stdout.readline()  # printed once the run has begun, before the plan and the code
    assert line.startswith(b"memory bound: ")
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    code, out, err = finish(proc, master)
    assert code == 3, (out, err)
    assert "Traceback" not in err and "interrupted" in err
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["exit"] == 3 and all(r["stop_reason"] == "interrupted" for r in data["runs"])


def test_ctrl_c_while_judging_keeps_what_is_decided(monkeypatch: pytest.MonkeyPatch) -> None:
    real = api._judge
    seen = []

    def judge(*args: Any) -> Any:
        seen.append(args[1].name)
        if len(seen) == 2:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(api, "_judge", judge)
    r = api.check_model(compile_source(BIG.replace("99999", "9").replace("100000", "10"), "b.lfsm"))
    assert (r.complete, r.stop_reason) == (False, "interrupted")
    assert [(p.name, p.holds, p.message) for p in r.properties] == [
        ("sane", True, ""), ("model_errors", None, "not judged: the run stopped")]


def test_ctrl_c_between_runs_exits_3_with_the_runs_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "s.lfsm"
    spec.write_text("param k: 0..3 = 0\n" + BIG.replace("99999", "3").replace("100000", "4"), encoding="utf-8")
    real = pipeline.check
    runs = []

    def check(*args: Any, **kw: Any) -> Any:
        runs.append(args[1])
        if len(runs) == 3:
            raise KeyboardInterrupt
        return real(*args, **kw)

    monkeypatch.setattr(pipeline, "check", check)
    assert cli.main(["check", str(spec), "--all-params", "--json", str(tmp_path / "r.json")]) == 3
    out = capsys.readouterr()
    assert out.out.count("system Big (k=") == 2 and "interrupted" in out.err
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["exit"] == 3 and [r["params"] for r in data["runs"]] == [{"k": 0}, {"k": 1}]


def test_ctrl_c_before_any_search_exits_130(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    def load(path: str, *rest: object) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "load", load)
    assert cli.main(["check", "whatever.lfsm"]) == 130
    assert capsys.readouterr().err == "lifefsm: interrupted\n"
