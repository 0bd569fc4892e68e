"""The specs and parameter settings the SPIN differential tests run on.

Every spec under tests/cases/ok/, tests/cases/violations/, spec/, spec/examples/
and tests/spin/specs/ (whatever exists when the tests are collected), every system
of each, at three settings: the defaults, every parameter at its low end, every
parameter at its high end (duplicates dropped); spec/pod.lfsm also at each pod
configuration of tests/spec/configurations.py.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path

from lifecycle_fsm import load_spec
from lifecycle_fsm import model as ir
from lifecycle_fsm.constraints import violated
from lifecycle_fsm.diagnostics import LfsmError

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
SPEC_DIRS = (ROOT / "tests" / "cases" / "ok", ROOT / "tests" / "cases" / "violations", ROOT / "spec",
             ROOT / "spec" / "examples", HERE / "specs")
POD = ROOT / "spec" / "pod.lfsm"


@dataclass(frozen=True)
class Case:
    path: Path
    system: str | None
    params: tuple[tuple[str, ir.Value], ...]
    error: str = ""  # the spec does not load: the test reports it
    defaults: bool = False  # the spec's own default parameters

    @property
    def id(self) -> str:
        rel = self.path.relative_to(ROOT).as_posix()
        shown = ",".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in self.params)
        return f"{rel}:{self.system}:{shown or 'defaults'}"


def spec_files() -> list[Path]:
    return sorted(p for d in SPEC_DIRS if d.is_dir() for p in d.glob("*.lfsm"))


def settings(model: ir.Model) -> list[dict[str, ir.Value]]:
    """Defaults, all parameters low, all high; each a full binding, duplicates and bindings that
    violate a parameter constraint (`require`) dropped."""
    defaults = {p.name: p.default for p in model.params}
    low: dict[str, ir.Value] = {}
    high: dict[str, ir.Value] = {}
    for p in model.params:
        t = p.type
        if isinstance(t, ir.BoolT):
            low[p.name], high[p.name] = False, True
        elif isinstance(t, ir.IntT) and t.lo is not None and t.hi is not None:
            low[p.name], high[p.name] = t.lo, t.hi
        elif isinstance(t, ir.EnumT):
            low[p.name], high[p.name] = t.members[0], t.members[-1]
    out: list[dict[str, ir.Value]] = []
    for s in (defaults, {**defaults, **low}, {**defaults, **high}):
        if s not in out and not violated(model, s):
            out.append(s)
    return out


@functools.cache  # two test modules collect the cases: load every spec once a process
def collect() -> tuple[Case, ...]:
    cases: list[Case] = []
    for path in spec_files():
        try:
            model = load_spec(path)
        except LfsmError as e:
            cases.append(Case(path, None, (), "; ".join(d.message for d in e.diagnostics)))
            continue
        extra = pod_configurations(model) if path == POD else []
        for system in model.systems:
            first = settings(model)
            for s in first + [c for c in extra if c not in first and not violated(model, c)]:
                cases.append(Case(path, system.name, tuple(sorted(s.items())), defaults=s is first[0]))
    return tuple(cases)


def pod_configurations(model: ir.Model) -> list[dict[str, ir.Value]]:
    """The pod configurations that tests/spec checks, as full bindings."""
    sys.path.insert(0, str(ROOT / "tests" / "spec"))
    try:
        from configurations import CONFIGS
    finally:
        sys.path.pop(0)
    defaults = {p.name: p.default for p in model.params}
    return [{**defaults, **cfg} for cfg in CONFIGS.values()]
