"""Running SPIN on a generated model: ``spin -a``, ``gcc``, ``pan``, and reading pan's report.

For tests and benchmarks only; lifefsm itself never needs SPIN. ``compile_pan``
builds one verifier (the slow part: gcc on pan.c), ``Pan.run`` runs it with
pan options as often as needed (one run per never claim). pan exits 0 even when
it finds errors, so the verdict is read from its output: every ``pan:N: ...``
error line is kept, and "max search depth too small" marks the run incomplete.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class SpinUnavailable(Exception):
    """``spin`` or ``gcc`` is not installed."""


class SpinFailed(Exception):
    """spin or gcc rejected the model, or pan failed to run (the message has their output)."""


def missing_tools() -> list[str]:
    """The tools a SPIN run needs that are not on PATH."""
    return [t for t in ("spin", "gcc") if shutil.which(t) is None]


@dataclass(frozen=True, slots=True)
class PanRun:
    """What one pan run reported."""

    states: int  # "states, stored"
    transitions: int
    depth: int
    errors: int
    messages: tuple[str, ...]  # the text of every "pan:N: ..." line, in order
    vector_bytes: int
    state_memory_mb: float  # "actual memory usage for states"
    total_memory_mb: float  # "total actual memory usage"
    seconds: float  # wall time of this pan run (start-up, hash table allocation and search)
    search_seconds: float  # pan's own "elapsed time" of the search
    complete: bool  # False when the depth limit cut the search
    output: str


@dataclass
class Pan:
    """A compiled verifier in its own directory (removed by ``close``)."""

    directory: Path
    seconds_spin: float
    seconds_cc: float
    defines: tuple[str, ...]

    def run(self, args: Sequence[str] = (), timeout: float | None = None) -> PanRun:
        t0 = time.perf_counter()
        proc = subprocess.run([str(self.directory / "pan"), *args], cwd=self.directory, capture_output=True,
                              text=True, timeout=timeout, check=False)
        seconds = time.perf_counter() - t0
        out = proc.stdout + proc.stderr
        if "pan: error" in out and "states, stored" not in out:
            raise SpinFailed(f"pan {' '.join(args)} failed:\n{out}")
        return parse_pan(out, seconds)

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Pan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def compile_pan(text: str, defines: Sequence[str] = (), cflags: Sequence[str] = (),
                directory: Path | None = None) -> Pan:
    """``spin -D... -a model.pml`` and ``gcc -O2 -DNOREDUCE ... pan.c`` in a fresh directory."""
    missing = missing_tools()
    if missing:
        raise SpinUnavailable(f"not installed: {', '.join(missing)}")
    where = Path(tempfile.mkdtemp(prefix="lifefsm-spin-", dir=directory))
    (where / "model.pml").write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    spin = subprocess.run(["spin", *[f"-D{d}" for d in defines], "-a", "model.pml"], cwd=where,
                          capture_output=True, text=True, check=False)
    t1 = time.perf_counter()
    if spin.returncode != 0 or not (where / "pan.c").exists():
        shutil.rmtree(where, ignore_errors=True)
        raise SpinFailed(f"spin -a failed:\n{spin.stdout}{spin.stderr}")
    nprocs = text.count("active proctype") + 1
    nfair = max(2, (nprocs + 2) // 4 + 1)  # pan: fairness needs _nr_pr + 1 < 4 * NFAIR
    flags = ["-O2", "-DNOREDUCE", f"-DNFAIR={nfair}", *cflags]
    cc = subprocess.run(["gcc", *flags, "-o", "pan", "pan.c"], cwd=where, capture_output=True, text=True,
                        check=False, env={**os.environ, "LC_ALL": "C"})
    t2 = time.perf_counter()
    if cc.returncode != 0:
        shutil.rmtree(where, ignore_errors=True)
        raise SpinFailed(f"gcc pan.c failed:\n{cc.stdout}{cc.stderr}")
    return Pan(where, t1 - t0, t2 - t1, tuple(defines))


def _num(pattern: str, text: str, default: float = 0.0) -> float:
    m = re.search(pattern, text, re.MULTILINE)
    return float(m.group(1)) if m else default


def parse_pan(out: str, seconds: float) -> PanRun:
    """Read the figures and the error lines of pan's report."""
    messages = tuple(m.group(1) for m in re.finditer(r"^pan:\d+: (.*)$", out, re.MULTILINE))
    return PanRun(
        states=int(_num(r"^\s*(\d+) states, stored", out)),
        transitions=int(_num(r"^\s*(\d+) transitions", out)),
        depth=int(_num(r"depth reached (\d+)", out)),
        errors=int(_num(r"errors: (\d+)", out)),
        messages=messages,
        vector_bytes=int(_num(r"State-vector (\d+) byte", out)),
        state_memory_mb=_num(r"^\s*([\d.]+)\s+actual memory usage for states", out),
        total_memory_mb=_num(r"^\s*([\d.]+)\s+total actual memory usage", out),
        seconds=seconds,
        search_seconds=_num(r"pan: elapsed time ([\d.e+-]+) seconds", out),
        complete="max search depth too small" not in out and "search not completed" not in out,
        output=out,
    )


MARKER = re.compile(r"assertion violated \(+(lf_\w+)\|\|")


def violated_markers(run: PanRun) -> list[str]:
    """The marker of every failed assertion (which names its property), first occurrence order."""
    out: list[str] = []
    for msg in run.messages:
        m = MARKER.search(msg)
        if m and m.group(1) not in out:
            out.append(m.group(1))
    return out


def invalid_end_state(run: PanRun) -> bool:
    return any(msg.startswith("invalid end state") for msg in run.messages)


def acceptance_cycle(run: PanRun) -> bool:
    return any("acceptance cycle" in msg for msg in run.messages)
