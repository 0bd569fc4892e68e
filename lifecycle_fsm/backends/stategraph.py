"""The reachable state graph of a small configuration, as DOT.

Explored breadth-first on the in-process runtime (the same engine as the
generated module), from the initial state, with every enabled input and internal
event of every instance and the tick as successors. This is for documentation
of small configurations (a few hundred states): the model checker, not this
module, is what verifies properties. A configuration larger than the limit is
retried with every integer parameter at its smallest value; if that is still
too large, no state graph is drawn. The title of the drawing says which parameter
values it uses and why (``lifefsm compile`` and ``lifefsm diagram --states`` follow
the same rule).

Node colours: the initial state has an entry arrow, a state where every
instance is final has a double border, a deadlock (nothing enabled, no tick, not
all final) is red, a model error is a red octagon. Ticks that change nothing
(every clock at its cap) are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..instantiate import instantiate
from ..messages import say
from ..runtime.engine import ModelError, VirtualClock
from ..runtime.interpreted import system_class
from .dot import q, wrap
from .writer import Writer


@dataclass(frozen=True, slots=True)
class StateGraph:
    params: tuple[tuple[str, ir.Value], ...]
    states: tuple[tuple[tuple[str, tuple[tuple[str, ir.Value], ...]], ...], ...]  # per state: instance -> data
    edges: tuple[tuple[int, int, str], ...]  # (from, to, label); to == -1: a model error
    final: tuple[bool, ...]
    errors: tuple[str, ...]


def explore(model: ir.Model, system: str, params: Mapping[str, ir.Value], limit: int) -> StateGraph | None:
    """The reachable graph, or None if it has more than ``limit`` states."""
    b = instantiate(model, params, system)
    try:
        pod = system_class(b)(clock=VirtualClock())
    except ModelError as err:  # an initial value out of range or x / 0: the checker's bad-initial-value
        sysdef = model.system(system)
        raise LfsmError([Diagnostic("bad-initial-value", say("backends.initial-state-unbuildable", system=system,
                                                             why=str(err)),
                                    sysdef.span)]) from None
    insts = list(pod)
    finals = {m.name: {s.name for s in m.states if s.final} for m in model.machines}
    caps = {(str(i), c): b.clocks.cap(type(i).__name__, c) for i in insts for c in type(i)._lf_clocks}

    def key(snap: dict[str, dict[str, ir.Value]]) -> tuple[tuple[str, tuple[tuple[str, ir.Value], ...]], ...]:
        return tuple((name, tuple(data.items())) for name, data in snap.items())

    def saturated(snap: dict[str, dict[str, ir.Value]]) -> dict[str, dict[str, ir.Value]]:
        """Clocks above their cap are stored at the cap: no comparison can tell them apart."""
        out = {}
        for name, data in snap.items():
            out[name] = {f: (min(v, caps[(name, f)]) if (name, f) in caps and isinstance(v, int) else v)
                         for f, v in data.items()}
        return out

    start = saturated(pod.snapshot())
    index = {key(start): 0}
    snaps = [start]
    edges: list[tuple[int, int, str]] = []
    errors: list[str] = []
    k = 0
    while k < len(snaps):
        here = snaps[k]
        moves: list[tuple[str, str | None]] = []
        for inst in insts:
            moves += [(str(inst), e) for e in type(inst)._lf_kinds if type(inst)._lf_kinds[e] in ("input", "internal")]
        moves.append(("", None))
        for who, event in moves:
            pod._lf_restore(here)
            try:
                if event is None:
                    if not pod.may_tick():
                        continue
                    pod.tick()
                    label = "tick"
                else:
                    if not pod[who].may_trigger(event):
                        continue
                    pod.trigger(who, event)
                    label = f"{who}.{event}"
                    if pod.signals:
                        label += " / " + ", ".join(f"{i}.{s}" for i, s in pod.signals)
            except ModelError as err:
                errors.append(str(err))
                edges.append((k, -len(errors), f"{who}.{event}"))
                continue
            after = saturated(pod.snapshot())
            kk = key(after)
            if kk not in index:
                if len(snaps) >= limit:
                    return None
                index[kk] = len(snaps)
                snaps.append(after)
            if not (label == "tick" and index[kk] == k):
                edges.append((k, index[kk], label))
        k += 1
    final = tuple(all(s[str(i)]["state"] in finals[type(i).__name__] for i in insts) for s in snaps)
    return StateGraph(tuple(params.items()), tuple(key(s) for s in snaps), tuple(edges), final, tuple(errors))


def small_params(model: ir.Model, params: Mapping[str, ir.Value]) -> dict[str, ir.Value]:
    """``params`` with every integer parameter at the smallest value of its range."""
    out = dict(params)
    for p in model.params:
        if isinstance(p.type, ir.IntT) and p.type.lo is not None:
            out[p.name] = p.type.lo
    return out


GIVEN = "the parameter values given"


def smallest(limit: int) -> str:
    return f"every integer parameter at its smallest value: the values given have more than {limit} states"


def drawn_state_graph(model: ir.Model, system: str, params: Mapping[str, ir.Value], limit: int,
                      ) -> tuple[str, str] | None:
    """(DOT, which values) of the state graph at ``params``, else at the smallest ones (None: both too large)."""
    g = explore(model, system, params, limit)
    why = GIVEN
    if g is None:
        small = small_params(model, params)
        if small == dict(params):
            return None
        g = explore(model, system, small, limit)
        why = smallest(limit)
    return None if g is None else (state_graph_dot(model, system, g, why), why)


def state_graph_dot(model: ir.Model, system: str, g: StateGraph, why: str = GIVEN) -> str:
    """``why``: which parameter values these are, for the title."""
    w = Writer(indent_unit="  ")
    w.line(f"digraph {q(system + ' states')} {{")
    with w.indent():
        params = ", ".join(f"{k} = {_v(v)}" for k, v in g.params)
        title = f"system {system}: {len(g.states)} reachable states"
        title += f"\nat {params}\n({why})" if params else ""
        w.line(f"graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, labelloc=t, nodesep=0.3, ranksep=0.4, "
               f"label={q(title)}];")
        w.line("node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=9];")
        w.line("edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.6];")
        w.line("start [shape=point, width=0.12, label=\"\"];")
        has_out = {src for src, _, _ in g.edges}
        for k, state in enumerate(g.states):
            lines = []
            for name, data in state:
                rest = " ".join(f"{f}={_v(v)}" for f, v in data if f != "state")
                lines.append(f"{name}: {dict(data)['state']}" + (f"  {rest}" if rest else ""))
            text = "".join(q(line)[1:-1] + "\\l" for line in lines)
            extra = ""
            if g.final[k]:
                extra = ", peripheries=2"
            elif k not in has_out:
                extra = ", color=\"#c0392b\", fontcolor=\"#c0392b\""
            w.line(f"g{k} [label=\"{text}\"{extra}];")
        for n, err in enumerate(g.errors, start=1):
            w.line(f"err{n} [shape=octagon, style=\"\", color=\"#c0392b\", label={q(chr(10).join(wrap(err, 40)))}];")
        w.line("start -> g0;")
        for src, dst, label in g.edges:
            target = f"g{dst}" if dst >= 0 else f"err{-dst}"
            style = ", style=dashed" if label == "tick" else ""
            w.line(f"g{src} -> {target} [label={q(chr(10).join(wrap(label, 32)))}{style}];")
    w.line("}")
    return w.text()


def _v(v: ir.Value) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)
