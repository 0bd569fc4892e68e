"""Embedding: a spec's system as a live ``transitions`` object, in-process, without generated code.

    from lifecycle_fsm.runtime import load, VirtualClock
    pod = load("spec/pod.lfsm", {"n_apps": 2}, clock=VirtualClock(), on_signal=print)
    pod.app[0].exit_ok()            # or pod.trigger("app[0]", "exit_ok")
    pod.tick(); pod.snapshot()

The runtime owns the execution engine of generated machines (``engine``: the Python back
end copies its source into every generated module) and the literal tables a machine class is
made of (``tables``); ``interpreted`` builds the classes of an instantiated system with the
IR interpreter in place of compiled expressions. Unlike a generated module, any parameter
binding can be chosen at load time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from .. import model as ir
from ..instantiate import instantiate
from ..params import bind_params
from .engine import (
    Clock,
    LfsmInstance,
    LfsmSystem,
    ModelError,
    MonotonicClock,
    NotEnabled,
    Observer,
    TimeBlocked,
    UnknownName,
    VirtualClock,
)
from .interpreted import system_class


def build(model: ir.Model, params: Mapping[str, ir.Value] | Sequence[str] | None = None, *,
          system: str | None = None, clock: Clock | None = None, tick_seconds: float = 1.0,
          on_enter: Observer | None = None, on_exit: Observer | None = None,
          on_signal: Observer | None = None) -> LfsmSystem:
    """A live system for ``model`` with ``params`` (a dict or ``["NAME=VALUE", ...]``; missing ones default).

    ``system`` picks one of the spec's systems (default: the first; a spec with no system has
    one implicit system per machine, named like the machine). Bad parameter values and an
    unknown system raise LfsmError with diagnostics.
    """
    values = bind_params(model, params) if isinstance(params, Sequence) else dict(params or {})
    cls = system_class(instantiate(model, values, system))
    return cls(clock=clock, tick_seconds=tick_seconds, on_enter=on_enter, on_exit=on_exit, on_signal=on_signal)


def load(path: str | Path, params: Mapping[str, ir.Value] | Sequence[str] | None = None, *,
         system: str | None = None, clock: Clock | None = None, tick_seconds: float = 1.0,
         on_enter: Observer | None = None, on_exit: Observer | None = None,
         on_signal: Observer | None = None) -> LfsmSystem:
    """Load a spec file (raises LfsmError with diagnostics on bad input) and ``build`` it."""
    from ..loader import load_spec

    return build(load_spec(path), params, system=system, clock=clock, tick_seconds=tick_seconds,
                 on_enter=on_enter, on_exit=on_exit, on_signal=on_signal)


__all__ = ["build", "load", "LfsmSystem", "LfsmInstance", "VirtualClock", "MonotonicClock", "Clock",
           "ModelError", "NotEnabled", "TimeBlocked", "UnknownName", "Observer"]
