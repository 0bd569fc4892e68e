"""The steps of the model as Promela: one guarded, deterministic block per (instance, transition), and the tick.

A discrete step of docs/semantics.md becomes an ``inline`` body run inside one
``d_step`` whose first statement is the step's enabling condition: SPIN executes
it as a single indivisible transition and stores no intermediate state, so its
state count is the count of lifefsm global states. The body follows the
semantics literally: the sender's effects in order, the move to the target
leaf, then each queued receiver in queue order, each taking its unique enabled
transition on the received event or ignoring it.

Run-time model errors (a value outside a variable's range, an index out of
bounds, a division by zero) set ``lf_err``; at the end of the step the error is
asserted and the state restored, so the erroneous successor is never stored:
the error is a violation with a trail, and the search goes on from the other
successors (see docs/performance.md, "Promela translation").
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as ir
from .promela_expr import Env, ExprEmitter, Ref, Val, conj, disj
from .promela_layout import Group, Layout, cmt, promela_writer, value_code
from .writer import Writer


class Observer:
    """A property emitter that watches step labels (the events and signals of a step, as they occur).

    Each hook writes nothing by default; an emitter overrides the ones it needs."""

    def event(self, w: Writer, actor: Ref, name: str) -> None:
        """Write what the step does when ``actor`` makes ``name`` occur."""

    def prelude(self, w: Writer) -> None:
        """Write what must be computed on the state before the step (called after the body is built)."""

    def epilogue(self, w: Writer) -> None:
        """Write what runs once the step's effects and receivers are done (before a model error is undone:
        ``lf_err`` tells whether the step hit one; it is 0 in a step that cannot, and after every step)."""

    def final(self, w: Writer) -> None:
        """Write what runs last, on the state the step leaves behind."""

    def take_failure(self) -> bool:
        """Whether the code written since the last call can hit a model error (and forget it)."""
        return False


@dataclass(frozen=True, slots=True)
class Step:
    """One spontaneous step: element ``k`` of ``group`` takes transition ``t``."""

    number: int
    group: Group
    k: int
    t: ir.TransitionDef
    enabled: str  # in a source leaf, the guard defined and true
    error: str | None  # in a source leaf and the guard undefined (a model error); None: cannot happen

    @property
    def macro(self) -> str:
        return f"G{self.number}"

    @property
    def inline(self) -> str:
        return f"lf_step{self.number}"

    @property
    def event(self) -> ir.EventDef:
        return self.group.machine.event(self.t.event)

    def describe(self) -> str:
        t = self.t
        src = ", ".join(t.declared_sources)
        where = f"  ({t.span})" if t.span.line else ""
        return f"{self.group.display(self.k)}: {src} -> {t.declared_target} on {t.event}{where}"


def spontaneous_steps(layout: Layout, ex: ExprEmitter) -> list[Step]:
    """Every (element, transition) whose event fires on its own (input or internal), in declaration order."""
    steps: list[Step] = []
    for g, k in layout.elements():
        m = g.machine
        for t in m.transitions:
            if m.event(t.event).kind not in ("input", "internal"):
                continue
            ref = Ref(g, k)
            src = ex.in_state(ref, t.sources)
            guard = ex.emit(t.guard, Env(ref)) if t.guard is not None else Val("1", True)
            if guard.const is False and guard.ok is None:
                code = "0"
            elif guard.const is True and guard.ok is None:
                code = src.code
            elif guard.ok is None:
                code = f"({src.code} && {guard.code})"
            else:
                code = f"({src.code} && {guard.ok} && {guard.code})"
            error = None if guard.ok is None else f"({src.code} && !{guard.ok})"
            steps.append(Step(len(steps), g, k, t, code, error))
    return steps


class StepWriter:
    """Writes the bodies of steps; knows the scratch variables the bodies need."""

    def __init__(self, layout: Layout, ex: ExprEmitter, observers: list[Observer]) -> None:
        self.layout = layout
        self.ex = ex
        self.observers = observers
        self.max_queue = 0  # hidden receiver-index slots used
        self.can_fail = False  # some step can hit a model error (then save/restore are emitted)

    # ---- a whole step --------------------------------------------------------------

    def body(self, w: Writer, step: Step) -> None:
        """The effects of ``step`` after its guard: sender effects, move, receivers, error check."""
        inner = promela_writer()
        fails = self._sender(inner, step)
        for o in self.observers:
            fails |= o.take_failure()
            o.prelude(w)
        if fails:
            self.can_fail = True
            w.line("lf_err = 0;")
            w.line("lf_save();")
        w.lines(inner.written())
        for o in self.observers:
            o.epilogue(w)
        if fails:
            w.line("if")
            w.line(":: lf_err -> assert(lf_model_error || !lf_err); lf_restore(); lf_err = 0")
            w.line(":: else -> skip")
            w.line("fi;")
        for o in self.observers:
            o.final(w)

    def tick_body(self, w: Writer, updates: list[str]) -> None:
        """The tick: every clock one up, saturating at its cap; observers see it as a step without events."""
        for o in self.observers:
            o.prelude(w)
        for u in updates:
            w.line(u + ";")
        for o in self.observers:
            o.epilogue(w)
            o.final(w)
        w.line("skip")

    def _sender(self, w: Writer, step: Step) -> bool:
        g, k, t = step.group, step.k, step.t
        me = Ref(g, k)
        env = Env(me)
        fails = False
        self._event(w, me, t.event)
        queue: list[tuple[str, Group, list[int] | str]] = []  # (event, group, static elements | slot)
        for eff in t.effects:
            if isinstance(eff, ir.SendEvent):
                fails |= self._queue(w, eff, me, env, queue)
            else:
                fails |= self._effect(w, eff, me, env)
        w.line(f"{g.st}[{k}] = {self.layout.state_name(g.machine.name, t.target)};")
        for event, rg, where in queue:
            if isinstance(where, list):
                for j in where:
                    fails |= self._receiver(w, Ref(rg, j), event)
            else:
                w.line("if")
                for j in range(rg.size):
                    w.line(f":: {where} == {j} ->")
                    with w.indent():
                        fails |= self._receiver(w, Ref(rg, j), event)
                w.line(":: else -> skip  /* index out of bounds: already reported */")
                w.line("fi")
        return fails

    def _event(self, w: Writer, actor: Ref, name: str) -> None:
        for o in self.observers:
            o.event(w, actor, name)

    def _queue(self, w: Writer, eff: ir.SendEvent, me: Ref, env: Env,
               queue: list[tuple[str, Group, list[int] | str]]) -> bool:
        if eff.kind == "self":
            queue.append((eff.event, me.group, [me.index or 0]))
            return False
        assert eff.instance is not None
        g = self.layout.group(eff.instance)
        if eff.kind == "one":
            queue.append((eff.event, g, [0] if g.size else []))
            return False
        if eff.kind == "all":
            queue.append((eff.event, g, list(range(g.size))))
            return False
        assert eff.index is not None
        idx = self.ex.emit(eff.index, env)
        if idx.const is not None and idx.ok is None:
            assert isinstance(idx.const, int)
            if 0 <= idx.const < g.size:
                queue.append((eff.event, g, [idx.const]))
                return False
            w.line("lf_err = 1;  " + cmt(f"send {eff.event} to {g.name}[{idx.const}]: index out of bounds"))
            return True
        slot = f"lf_q{len(queue)}"
        self.max_queue = max(self.max_queue, len(queue) + 1)
        ok = conj(idx.ok, f"(0 <= {idx.code} && {idx.code} < {g.size})")
        w.line("if")
        w.line(f":: {ok} -> {slot} = {idx.code}")
        w.line(f":: else -> lf_err = 1; {slot} = 255  " + cmt(f"send {eff.event}: index out of bounds"))
        w.line("fi;")
        queue.append((eff.event, g, slot))
        return True

    def _effect(self, w: Writer, eff: ir.Effect, me: Ref, env: Env) -> bool:
        g, k = me.group, me.index
        if isinstance(eff, ir.ResetClock):
            w.line(f"{g.var(eff.clock)}[{k}] = 0;")
            return False
        if isinstance(eff, ir.EmitSignal):
            self._event(w, me, eff.signal)
            return False
        assert isinstance(eff, ir.Assign)
        vdef = next(v for v in g.machine.vars if v.name == eff.var)
        target = f"{g.var(eff.var)}[{k}]"
        bias = g.bias(eff.var)
        val = self.ex.emit(eff.value, env)
        t = vdef.type
        if val.const is not None and val.ok is None:
            v = val.const
            if not isinstance(t, ir.IntT) or (t.lo is not None and t.hi is not None and t.lo <= int(v) <= t.hi):
                w.line(f"{target} = {int(v) + bias if bias else val.code};")
                return False
            w.line("lf_err = 1;  " + cmt(f"{eff.var} = {v}: outside {t}"))
            return True
        if not isinstance(t, ir.IntT):
            if val.ok is None:
                w.line(f"{target} = {val.code};")
                return False
            w.line("if")
            w.line(f":: {val.ok} -> {target} = {val.code}")
            w.line(":: else -> lf_err = 1")
            w.line("fi;")
            return True
        if val.ok is None:
            w.line(f"lf_tmp = {val.code};")
        else:
            w.line("if")
            w.line(f":: {val.ok} -> lf_tmp = {val.code}")
            w.line(f":: else -> lf_err = 1; lf_tmp = {t.lo}")
            w.line("fi;")
        w.line("if")
        stored = f"lf_tmp + {bias}" if bias else "lf_tmp"
        w.line(f":: {t.lo} <= lf_tmp && lf_tmp <= {t.hi} -> {target} = {stored}")
        w.line(":: else -> lf_err = 1  " + cmt(f"{eff.var} outside {t}"))
        w.line("fi;")
        return True

    def _receiver(self, w: Writer, r: Ref, event: str) -> bool:
        """Receiver ``r`` reacts to ``event``: its unique enabled transition, or nothing."""
        g, j = r.group, r.index
        m = g.machine
        ts = [t for t in m.transitions if t.event == event]
        fails = False
        if not ts:
            w.line("skip;  " + cmt(f"{g.display(j or 0)} has no transition on {event}"))
            return False
        w.line("if  " + cmt(f"{g.display(j or 0)} receives {event}"))
        env = Env(r)
        for t in ts:
            src = self.ex.in_state(r, t.sources)
            guard = self.ex.emit(t.guard, env) if t.guard is not None else Val("1", True)
            if guard.ok is not None:
                fails = True
                w.line(f":: {src.code} && !{guard.ok} -> lf_err = 1  /* guard undefined */")
            cond = src.code if guard.const is True else f"{src.code} && {guard.code}"
            if guard.const is False:
                continue
            w.line(f":: {cond} ->")
            with w.indent():
                self._event(w, r, t.event)
                for eff in t.effects:
                    fails |= self._effect(w, eff, r, env)
                w.line(f"{g.st}[{j}] = {self.layout.state_name(m.name, t.target)}")
        w.line(":: else -> skip")
        w.line("fi;")
        return fails


def tick_parts(layout: Layout, ex: ExprEmitter) -> tuple[str, str, str, list[str]]:
    """(time may pass, a tick changes the state, evaluating an invariant fails, the clock updates).

    As lifefsm's reference semantics: no instance in an urgent leaf; then, after the
    increment, the invariants of every instance's leaf in instance order, stopping at the
    first that is false (time may not pass) or cannot be evaluated (a model error).
    """
    urgent: list[str] = []
    checks: list[tuple[str, Val]] = []  # (in that leaf, invariant after the tick)
    moves: list[str] = []
    updates: list[str] = []
    for g, k in layout.elements():
        m = g.machine
        ref = Ref(g, k)
        leaves = [s.name for s in m.states if s.leaf and s.urgent]
        if leaves:
            urgent.append("!" + _p(ex.in_state(ref, leaves).code))
        for s in m.states:
            if not s.leaf or not s.invariants:
                continue
            for inv in s.invariants:
                v = ex.emit(inv, Env(ref, (), True))
                if v.const is True and v.ok is None:
                    continue
                checks.append((f"{g.st}[{k}] == {layout.state_name(m.name, s.name)}", v))
        for c, arr in g.clocks:
            cap = layout.cap(m.name, c)
            moves.append(f"{arr}[{k}] < {cap}")
            updates.append(f"{arr}[{k}] = ({arr}[{k}] < {cap} -> {arr}[{k}] + 1 : {arr}[{k}])")
    holds = [f"(!({at}) || {v.code if v.ok is None else f'({v.ok} && {v.code})'})" for at, v in checks]
    undefined = "0"
    if any(v.ok is not None for _, v in checks):
        for at, v in reversed(checks):
            ok = v.ok or "1"
            here = f"({at} && !{_p(ok)})"
            rest = f"((!({at}) || {v.code}) && {undefined})" if undefined != "0" else ""
            undefined = f"({here} || {rest})" if rest else here
        undefined = _and(urgent + [undefined])
    return (_and(urgent + holds), disj(moves), undefined, updates)


def _and(parts: list[str]) -> str:
    if not parts:
        return "1"
    return parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"


def _p(code: str) -> str:
    return code if code.startswith("(") or code.replace("_", "").replace("[", "").replace("]", "").isalnum() \
        else f"({code})"


def initial_values(layout: Layout, ex: ExprEmitter) -> list[tuple[str, str, list[str]]]:
    """(Promela type, array name, initial codes per element) for every state array, declaration order."""
    from .promela_layout import PromelaError, promela_type

    out: list[tuple[str, str, list[str]]] = []
    for g in layout.groups:
        if g.size == 0:
            continue
        m = g.machine
        out.append(("byte", g.st, [layout.state_name(m.name, m.initial)] * g.size))
        for v, arr in g.vars:
            vdef = next(x for x in m.vars if x.name == v)
            codes = []
            for k in range(g.size):
                val = ex.emit(vdef.init, Env(Ref(g, k)))
                if val.const is None or val.ok is not None:
                    raise PromelaError(f"the initial value of '{g.display(k)}.{v}' is not a constant")
                t = vdef.type
                if isinstance(t, ir.IntT) and t.lo is not None and t.hi is not None \
                        and not t.lo <= int(val.const) <= t.hi:
                    raise PromelaError(f"the initial value of '{g.display(k)}.{v}' ({val.const}) is outside {t}")
                if isinstance(val.const, int) and not isinstance(val.const, bool):
                    codes.append(str(value_code(val.const, t) + g.bias(v)))
                else:
                    codes.append(val.code)
            out.append((promela_type(vdef.type), arr, codes))
        for _, arr in g.clocks:
            out.append(("byte", arr, ["0"] * g.size))
    return out
