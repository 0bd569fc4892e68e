"""Shared helpers for the back-end tests: the spec cases, loading generated modules, random walks."""

from __future__ import annotations

import random
import sys
import types
from pathlib import Path
from typing import Any

from lifecycle_fsm import load_spec
from lifecycle_fsm.backends import GeneratedFile, Options
from lifecycle_fsm.backends.emit import emit
from lifecycle_fsm.model import Model

HERE = Path(__file__).parent
collect_ignore_glob = ["golden/*"]  # generated test modules kept as golden files are data here, not tests
ROOT = HERE.parent.parent
OK_CASES = sorted((ROOT / "tests" / "cases" / "ok").glob("*.lfsm"))
OWN_SPECS = sorted((HERE / "specs").glob("*.lfsm"))
ALL_SPECS = OK_CASES + OWN_SPECS


def case_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def options_for(spec: Path, **kw: Any) -> Options:
    """Options as `lifefsm compile <spec relative to the repo root>` run from the root would use."""
    return Options(spec_path=str(spec), out_root=str(ROOT), **kw)


def emit_python(model: Model, spec: Path) -> list[GeneratedFile]:
    return [f for f in emit(model, options_for(spec), targets=("python",)) if not f.path.endswith("__init__.py")]


def load_module(text: str, name: str) -> types.ModuleType:
    """Execute generated module text as a fresh module (registered so dataclass-free code can find it)."""
    mod = types.ModuleType(name)
    mod.__file__ = f"<generated {name}>"
    sys.modules[name] = mod
    exec(compile(text, mod.__file__, "exec"), mod.__dict__)
    return mod


def system_class(mod: types.ModuleType) -> type[Any]:
    base = mod.LfsmSystem
    found = [v for v in vars(mod).values() if isinstance(v, type) and issubclass(v, base) and v is not base]
    assert len(found) == 1, found
    return found[0]


def enabled(system: Any) -> list[tuple[str, str]]:
    """Every (instance, event) the host could trigger now, in declaration order, plus ("", "tick")."""
    out = [(str(i), ev) for i in system for ev, kind in i._lf_kinds.items()
           if kind in ("input", "internal") and i.may_trigger(ev)]
    if system.may_tick():
        out.append(("", "tick"))
    return out


def do(system: Any, move: tuple[str, str]) -> None:
    if move[1] == "tick" and move[0] == "":
        system.tick()
    else:
        system.trigger(*move)


def observe(system: Any) -> tuple[Any, ...]:
    """Everything a host can read: states, variables, clocks, signals of the last step, every definition."""
    lets = tuple((name, getattr(system, name)) for name in system._lf_lets)
    inst_lets = tuple((str(i), name, getattr(i, name)) for i in system for name in i._lf_lets)
    return system.snapshot(), system.signals, lets, inst_lets


def random_walks(make_a: Any, make_b: Any, seeds: int = 25, length: int = 30) -> int:
    """Drive two systems along the same random paths; fail at the first observable difference."""
    steps = 0
    for seed in range(seeds):
        rnd = random.Random(seed)
        a, b = make_a(), make_b()
        assert observe(a) == observe(b)
        for k in range(length):
            moves = enabled(a)
            assert moves == enabled(b), f"seed {seed} step {k}: enabled moves differ"
            if not moves:
                break
            move = rnd.choice(moves)
            do(a, move)
            do(b, move)
            steps += 1
            assert observe(a) == observe(b), f"seed {seed} step {k} ({move}): observations differ"
    return steps


def spec_model(path: Path) -> Model:
    return load_spec(path)
