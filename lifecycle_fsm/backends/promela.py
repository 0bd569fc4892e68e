"""The promela back end: a system at fixed parameter values as a SPIN model, for an independent check.

``emit_promela(model, params, system)`` returns one Promela text with three
variants selected by preprocessor flags (``spin -DNAME -a``):

* default (safety): the global state is exactly lifefsm's (leaf, variables and
  clocks of every instance) and one process executes one discrete step or one
  tick per ``d_step``, so ``pan``'s "states, stored" equals lifefsm's state
  count with symmetry off. Invariants, ``only when`` properties and model errors
  are assertions; ``deadlock free`` is SPIN's invalid-end-state check. Run
  ``pan -c0`` to explore everything and list every violation.
* ``-DORDER``: adds the memory bits of the ordering properties (an observer);
  the bits are extra state, so counts are not compared in this variant.
* ``-DLIVE``: one process per (instance, fair event), one for the tick and one
  for the environment's unfair events, so SPIN's process-level weak fairness
  (``pan -f``) is lifefsm's weak fairness per (instance, event); never claims
  for ``~>`` and ``eventually`` (``pan -a -N CLAIM``, with ``-f`` unless the
  property is ``unfair``).

Deadlock, precisely (docs/semantics.md): no discrete step, and a tick is not
allowed or leaves the state unchanged, and not every instance final. In the
safety variant the tick is enabled only when it changes the state (some clock is
below its cap); otherwise a saturated tick would be a self-loop and SPIN would
never see the state as stuck. The main loop is an ``end`` label; a watcher
process, blocked at a non-end label, has one move, enabled exactly when every
instance is final: so a state where nothing moves is an invalid end state iff
not all instances are final. The watcher's moves are self-loops (no new states).
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import model as ir
from ..escape import c_comment
from ..instantiate import instantiate
from ..messages import say
from .promela_expr import ExprEmitter
from .promela_layout import Layout, PromelaError, build_layout, cmt, promela_writer
from .promela_limits import check_limits
from .promela_order import OrderObserver, overflow_marker
from .promela_props import OnlyWhen, PropItem, Stable, all_final, claims, property_items, state_checks, witness_flag
from .promela_steps import Step, StepWriter, initial_values, spontaneous_steps, tick_parts
from .writer import Writer

__all__ = ["PromelaError", "emit_layout", "emit_promela"]

MAX_PROCESSES = 254  # pan allows 255 processes, a never claim among them (measured with SPIN 6.5.2)


def emit_promela(model: ir.Model, params: Mapping[str, ir.Value] | None = None,
                 system: str | None = None) -> str:
    """The Promela text of ``system`` (default: the first) at ``params`` (defaults for the rest)."""
    return emit_layout(build_layout(instantiate(model, params, system)))


def emit_layout(layout: Layout) -> str:
    """The Promela text of an already expanded system (see ``build_layout``).

    Raises PromelaError [promela-unrepresentable] for what SPIN cannot hold exactly (promela_limits.py).
    """
    check_limits(layout)
    return _Emitter(layout).emit()


class _Emitter:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.ex = ExprEmitter(layout)
        self.props = property_items(layout)
        self.steps = spontaneous_steps(layout, self.ex)
        self.only_when = OnlyWhen.build(layout, self.ex, self.props)
        self.order = OrderObserver.build(layout, self.ex, self.props)
        self.stable = Stable.build(layout, self.ex, self.props)
        self.sw = StepWriter(layout, self.ex, [self.only_when, self.order, self.stable])
        self.tick_undefined = "0"

    def emit(self) -> str:
        lay = self.layout
        bodies = promela_writer()
        for st in self.steps:
            if st.enabled == "0":
                bodies.line(cmt(f"{st.inline}: never enabled at these parameters: {st.describe()}"))
                continue
            bodies.line(f"inline {st.inline}() {{  " + cmt(st.describe()))
            with bodies.indent():
                self.sw.body(bodies, st)
            bodies.line("}")
        tick_ok, tick_moves, self.tick_undefined, updates = tick_parts(lay, self.ex)
        w = promela_writer()
        self._header(w)
        self._declarations(w)
        w.line("/* ---- when each step is enabled -------------------------------------------- */")
        for st in self.steps:
            if st.enabled != "0":
                w.line(f"#define {st.macro} {_p(st.enabled)}  " + cmt(st.describe()))
        for st in self.steps:
            if st.error is not None:
                w.line(f"#define {st.macro}_UNDEFINED {st.error}  " + cmt(f"the guard of {st.macro} is undefined"))
        w.line(f"#define TICK_OK {tick_ok}  /* time may pass: no urgent leaf, invariants hold after */")
        w.line(f"#define TICK_MOVES {tick_moves}  /* some clock is below its cap */")
        w.line(f"#define TICK_UNDEFINED {self.tick_undefined}  /* an invariant cannot be evaluated: a model error */")
        w.line(f"#define ALL_FINAL {all_final(lay, self.ex)}")
        live = [st.macro for st in self.steps if st.enabled != "0"]
        live += [f"{st.macro}_UNDEFINED" for st in self.steps if st.error is not None]
        live += ["(TICK_OK && TICK_MOVES)"] + (["TICK_UNDEFINED"] if self.tick_undefined != "0" else [])
        w.line("/* no step at all; a step that hits a model error counts as a step, as in lifefsm */")
        w.line(f"#define STUCK !({' || '.join(live)})")
        w.line()
        self._save_restore(w)
        w.line("inline lf_tick() {")
        with w.indent():
            self.sw.tick_body(w, updates)
        w.line("}")
        w.line()
        w.lines(bodies.written())
        w.line()
        w.line("#ifndef LIVE")
        self._safety(w)
        w.line("#else")
        self._live(w)
        w.line("#endif")
        return w.text()

    # ---- parts ---------------------------------------------------------------------

    def _header(self, w: Writer) -> None:
        lay = self.layout
        params = ", ".join(f"{n}={_show(v)}" for n, v in lay.params) or "none"
        w.line("/* " + c_comment(f"Generated by lifefsm from {lay.model.file}: system {lay.system.name}, "
                               f"parameters: {params}."))
        w.line("   Same model as docs/semantics.md; one pan state per lifefsm state (symmetry off).")
        w.line("     safety:  spin -a F.pml && gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c && ./pan -c0 -n")
        w.line("     order:   spin -DORDER -a F.pml && (same gcc) && ./pan -c0 -n")
        w.line("     liveness: spin -DLIVE -a F.pml && gcc -O2 -DNOREDUCE -DNFAIR=N -o pan pan.c"
               " && ./pan -a [-f] -N CLAIM")
        w.line("   Replaying a trail (spin -t -p) needs the same -D flags. */")
        w.line()
        for m in self._machines():
            w.line(cmt(f"{m.name}: leaf states"))
            for i, leaf in enumerate(m.leaves):
                w.line(f"#define {lay.state_name(m.name, leaf)} {i}")
        for en in lay.model.enums:
            w.line(cmt(f"enum {en.name}"))
            for i, mem in enumerate(en.members):
                w.line(f"#define {lay.enum_name(en.name, mem)} {i}")
        w.line()

    def _machines(self) -> list[ir.MachineDef]:
        out: list[ir.MachineDef] = []
        for g in self.layout.groups:
            if g.machine not in out:
                out.append(g.machine)
        return out

    def _declarations(self, w: Writer) -> None:
        w.line("/* ---- the global state: leaf, variables and clocks of every instance ---------- */")
        for g in self.layout.groups:
            w.line(cmt(g.name + (f"[{g.size}]" if g.is_array else "") + f": {g.machine.name}"))
            for typ, arr, codes in initial_values(self.layout, self.ex):
                if arr == g.st or any(arr == a for _, a in g.vars + g.clocks):
                    w.line(f"{typ} {arr}[{len(codes)}] = {{{', '.join(codes)}}};")
        w.line()
        w.line("#ifdef ORDER")
        self.order.declare(w)
        w.line("#endif")
        w.line()
        w.line("/* ---- scratch: hidden, not part of the state vector --------------------------- */")
        w.line("#ifdef LIVE")
        w.line("#define LF_MUTED 1  /* safety assertions are checked in the safety model only */")
        w.line("#else")
        w.line("#define LF_MUTED 0")
        w.line("#endif")
        w.line("hidden int lf_tmp;")
        w.line("hidden byte lf_err;")
        for i in range(self.sw.max_queue):
            w.line(f"hidden byte lf_q{i};")
        for n in range(len(self.only_when.items)):
            w.line(f"hidden byte {self.only_when.bit(n)};")
            w.line(f"hidden byte {self.only_when.violated(n)};")
        w.line("#ifdef ORDER")
        self.order.flags(w)
        w.line("#endif")
        for n in range(len(self.stable.items)):
            w.line(f"hidden byte {self.stable.bit(n)};")
        w.line("hidden byte lf_model_error = LF_MUTED;  /* markers: always 0, they name the assertion */")
        w.line("hidden byte lf_deadlock = LF_MUTED;")
        for it in self.props:
            w.line(f"hidden byte {it.marker} = LF_MUTED;  " + cmt(it.where()))
        for it in self.order.markers():
            w.line(f"hidden byte {overflow_marker(it)} = LF_MUTED;  " + cmt(f"{it.where()}: the monitor gave up"))
        for it in self.props:
            if isinstance(it.prop.body, ir.ReachableP):
                w.line(f"hidden byte {witness_flag(it)};  " + cmt(f"{it.prop.name}: a witness was found"))
        if self.sw.can_fail:
            w.line("/* a copy of the state, restored when a step hits a model error */")
            for typ, arr, codes in initial_values(self.layout, self.ex):
                w.line(f"hidden {_hidden(typ)} lf_s_{arr}[{len(codes)}];")
            w.line("#ifdef ORDER")
            self.order.scratch(w)
            w.line("#endif")
        w.line()

    def _save_restore(self, w: Writer) -> None:
        if not self.sw.can_fail:
            return
        for name, src, dst in (("lf_save", "", "lf_s_"), ("lf_restore", "lf_s_", "")):
            w.line(f"inline {name}() {{")
            with w.indent():
                for _, arr, codes in initial_values(self.layout, self.ex):
                    for k in range(len(codes)):
                        w.line(f"{dst}{arr}[{k}] = {src}{arr}[{k}];")
                self.order.save_restore(w, src, dst)
            w.line("}")
        w.line()

    def _options(self, w: Writer, steps: list[Step]) -> None:
        for st in steps:
            if st.enabled != "0":
                w.line(f":: d_step {{ {st.macro} -> {st.inline}() }}")

    def _safety(self, w: Writer) -> None:
        deadlock = any(isinstance(it.prop.body, ir.DeadlockP) for it in self.props)
        w.line("active proctype lf_system() {")
        w.line("end_system:")
        with w.indent():
            w.line("do")
            self._options(w, self.steps)
            w.line(":: d_step { TICK_OK && TICK_MOVES -> lf_tick() }")
            w.line("od")
        w.line("}")
        checks = state_checks(self.layout, self.ex, self.props)
        undefined = [st for st in self.steps if st.error is not None]
        if not (deadlock or checks or undefined or self.tick_undefined != "0"):
            return
        w.line()
        w.line("/* Watcher: a move when all instances are final (a valid end), and one that asserts the")
        w.line("   state properties (invariants; 'reachable' as the negation, so a failure means found)")
        w.line("   where one fails; both are self-loops. Where the second is enabled SPIN cannot see a")
        w.line("   stuck state as an invalid end, so it asserts deadlock freedom itself. */")
        w.line("active proctype lf_watch() {")
        w.line("watch:" if deadlock else "end_watch:")
        with w.indent():
            w.line("do")
            if deadlock:
                w.line(":: ALL_FINAL")
            if checks or undefined or self.tick_undefined != "0":
                bad = [f"!{_p(code)}" for _, code in checks] + [f"{st.macro}_UNDEFINED" for st in undefined]
                bad += ["TICK_UNDEFINED"] if self.tick_undefined != "0" else []
                w.line(f":: d_step {{ ({' || '.join(bad)}) ->")
                with w.indent():
                    for marker, code in checks:
                        w.line(f"assert({marker} || {code});")
                    for it in self.props:
                        if isinstance(it.prop.body, ir.ReachableP):
                            flag = witness_flag(it)
                            w.line(f"{flag} = {flag} || !{_p(dict(checks)[it.marker])};")
                    for st in undefined:
                        w.line(f"assert(lf_model_error || !{st.macro}_UNDEFINED);")
                    if self.tick_undefined != "0":
                        w.line("assert(lf_model_error || !TICK_UNDEFINED);")
                    if deadlock:
                        w.line("assert(lf_deadlock || !(STUCK) || ALL_FINAL)")
                    else:
                        w.line("skip")
                w.line("}")
            w.line("od")
        w.line("}")
        w.line()

    def _live(self, w: Writer) -> None:
        groups: list[tuple[str, list[Step]]] = []
        unfair: list[Step] = []
        for st in self.steps:
            if st.enabled == "0":
                continue
            if not st.event.fair:
                unfair.append(st)
                continue
            key = f"{st.group.ident(st.k)}_{st.t.event}"
            for name, members in groups:
                if name == key:
                    members.append(st)
                    break
            else:
                groups.append((key, [st]))
        processes = len(groups) + 1 + (1 if unfair else 0)
        if processes > MAX_PROCESSES:  # pan: "too many processes"; the safety variant has two
            w.line(f"#error {say('backends.promela-too-many-processes', count=processes, limit=MAX_PROCESSES)}")
            return
        w.line("/* Weak fairness per (instance, fair event): one process each, fair under pan -f. */")
        for name, members in groups:
            w.line(f"active proctype lf_fair_{name}() {{")
            w.line("end_fair:")
            with w.indent():
                w.line("do")
                self._options(w, members)
                w.line("od")
            w.line("}")
        w.line("active proctype lf_time() {  /* the tick, weakly fair; a saturated tick is a self-loop */")
        w.line("end_time:")
        with w.indent():
            w.line("do")
            w.line(":: d_step { TICK_OK -> lf_tick() }")
            w.line("od")
        w.line("}")
        if unfair:
            fair_guards = [st.macro for _, members in groups for st in members] + ["TICK_OK"]
            w.line("/* The environment's unfair events. Under pan -f the process as a whole would be")
            w.line("   weakly fair, so under -f (pan's C variable 'fairness') it may also idle, a")
            w.line("   self-loop, but only where some fair step or the tick is enabled: it never")
            w.line("   stutters where lifefsm could not. Without -f it never idles. */")
            w.line("active proctype lf_env() {")
            w.line("end_env:")
            with w.indent():
                w.line("do")
                self._options(w, unfair)
                w.line(f":: (c_expr {{ fairness }} && ({' || '.join(fair_guards)}))")
                w.line("od")
            w.line("}")
        w.line()
        for c in claims(self.layout, self.ex, self.props):
            w.lines(c.text)


def _p(code: str) -> str:
    return code if code.startswith("(") and code.endswith(")") else f"({code})"


def _hidden(typ: str) -> str:
    return "byte" if typ == "bit" else typ  # SPIN cannot hide bit variables


def _show(v: ir.Value) -> str:
    return str(v).lower() if isinstance(v, bool) else str(v)


def claim_names(model: ir.Model, params: Mapping[str, ir.Value] | None = None,
                system: str | None = None) -> list[tuple[str, PropItem, bool]]:
    """(never claim name, property item, fair) for every leads-to property of the system."""
    layout = build_layout(instantiate(model, params, system))
    ex = ExprEmitter(layout)
    return [(c.name, c.item, c.fair) for c in claims(layout, ex, property_items(layout))]
