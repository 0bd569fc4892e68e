"""The execution engine shared by generated machine modules and the in-process runtime.

Everything after the ``SUPPORT BEGINS`` marker is copied verbatim into every
generated module (so a module needs only ``transitions``), and the in-process
runtime (lifecycle_fsm.runtime) imports this very module: both run one engine,
and differ only in how guards, effects and definitions are evaluated (compiled
Python in generated modules, the IR interpreter in the runtime).

Semantics (docs/semantics.md, "Execution semantics"):

* Each machine instance is a ``transitions`` model of one ``Machine`` per machine
  (states are the spec's leaf states, ``auto_transitions=False``); an event's guard
  is a transitions condition, its effects a ``before`` callback, so effects run in
  order before the instance moves to the target, as the spec says.
* A discrete step (``pod.app[1].exit_ok()`` or ``pod.trigger("app[1]", "exit_ok")``)
  is atomic: the sender's effects run (assignments, ``reset``, ``emit`` records a
  signal, ``send`` queues receivers), the sender moves, then every queued receiver
  in queue order takes its enabled transition on the received event or ignores
  it. Only ``input`` and ``internal`` events can be triggered from outside; one that
  is not enabled raises ``NotEnabled`` and changes nothing.
* ``tick()`` advances every clock of every instance by one: a clock reads the
  ticks since its last ``reset`` (the checker stores clocks saturated at a cap no
  comparison can see past; the run is the same). It raises ``TimeBlocked`` and changes nothing when an instance is
  in an urgent state or a state invariant would not hold after the increment.
* Internal events fire when the host calls them, or through ``step()`` (fire the
  first enabled internal event, instances and events in declaration order) and
  ``advance()`` (settle internal events, then catch up with the clock one tick at
  a time, settling after each; ticks that the model forbids are dropped: the
  model's time stands still in an urgent state).
* A model error (a value outside its declared range, an index out of bounds, a
  division by zero) raises ``ModelError``; the system then refuses further steps,
  because the spec has no meaning past that point.
* Host callbacks (``on_exit``, ``on_signal``, ``on_enter``, each ``f(instance, name)``)
  run after the atomic step, per moved instance in step order: the states it left
  (innermost first), the signals it emitted, the states it entered (outermost
  first). A callback may trigger further events.
"""

from __future__ import annotations

# ==== SUPPORT BEGINS: copied verbatim into generated modules ====
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar, NoReturn, Protocol, TypeVar

from transitions import Event, Machine, MachineError

Value = int | bool | str
Observer = Callable[[str, str], object]
_LfT = TypeVar("_LfT")
_lf_property = property  # class bodies use these aliases: a spec name may shadow the builtin there
_lf_frozenset = frozenset


class ModelError(Exception):
    """A run-time model error: the spec's checker reports these as violations."""


class NotEnabled(MachineError):  # type: ignore[misc, unused-ignore]
    """The event cannot be taken by this instance now (wrong state, false guard or wrong kind)."""

    def __init__(self, message: str) -> None:
        Exception.__init__(self, message)
        self.value = message

    def __str__(self) -> str:
        return str(self.value)


class TimeBlocked(Exception):
    """A tick is not allowed now: an urgent state, or an invariant that the tick would break."""


class UnknownName(LookupError):
    """No instance or event of that name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class Clock(Protocol):
    def now(self) -> float: ...


class MonotonicClock:
    """Real time: ``time.monotonic()`` seconds."""

    def now(self) -> float:
        return time.monotonic()


class VirtualClock:
    """Time that passes only when told to, for tests and simulations."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = float(start)

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock cannot go back")
        self._now += seconds


def _lf_div(a: int, b: int) -> int:
    """Integer division truncating toward zero (as in C and Promela); zero divisor is a model error."""
    if b == 0:
        raise ModelError("division by zero")
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _lf_mod(a: int, b: int) -> int:
    return a - _lf_div(a, b) * b


def _lf_elem(items: Sequence[_LfT], i: int, array: str) -> _LfT:
    if 0 <= i < len(items):
        return items[i]
    raise ModelError(f"index {i} is out of bounds for {array}[{len(items)}]")


class LfsmInstance:
    """One instance of a machine: a ``transitions`` model with the spec's data as attributes."""

    _lf_machine: ClassVar[Any]
    _lf_events: ClassVar[dict[str, Any]]
    _lf_kinds: ClassVar[dict[str, str]]
    _lf_initial: ClassVar[str]
    _lf_vars: ClassVar[tuple[str, ...]] = ()
    _lf_clocks: ClassVar[tuple[str, ...]] = ()
    _lf_params: ClassVar[tuple[str, ...]] = ()
    _lf_lets: ClassVar[tuple[str, ...]] = ()
    _lf_internal: ClassVar[tuple[str, ...]] = ()
    _lf_urgent: ClassVar[frozenset[str]] = frozenset()
    _lf_invariant_of: ClassVar[dict[str, str]] = {}
    _lf_chain: ClassVar[dict[str, tuple[str, ...]]] = {}

    state: str
    index: int

    def __init__(self, system: LfsmSystem, name: str, index: int, args: dict[str, Value]) -> None:
        self._sys = system
        self._lf_name = name
        self.index = index
        self.state = self._lf_initial
        for pname, pvalue in args.items():
            setattr(self, pname, pvalue)
        for c in self._lf_clocks:
            setattr(self, c, 0)

    @classmethod
    def _lf_bind(cls, machine: Any) -> None:
        cls._lf_machine = machine
        cls._lf_events = dict(machine.events)
        for event in cls._lf_kinds:  # declared events that no transition uses: never enabled, always ignored
            if event not in cls._lf_events:
                cls._lf_events[event] = Event(event, machine)

    def _lf_init(self) -> None:
        """Give the variables their initial values (all instances exist by now)."""

    def __str__(self) -> str:
        return self._lf_name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._lf_name} in {self.state}>"

    def trigger(self, event: str) -> bool:
        """Take the input or internal event named ``event`` (one atomic step of the system)."""
        kind = self._lf_kinds.get(event)
        if kind is None:
            raise UnknownName(f"{self}: no event named {event!r}")
        if kind not in ("input", "internal"):
            raise NotEnabled(f"{self}: {event!r} is a {kind} event; only input and internal events are triggered")
        return self._sys._lf_run(self, event)

    def may_trigger(self, event: str) -> bool:
        kind = self._lf_kinds.get(event)
        if kind is None:
            raise UnknownName(f"{self}: no event named {event!r}")
        return kind in ("input", "internal") and self._lf_may(event)

    def _lf_may(self, event: str) -> bool:
        with self._sys._lf_lock:
            for tr in self._lf_events[event].transitions.get(self.state, ()):
                if all(getattr(self, c.func)() for c in tr.conditions):
                    return True
            return False

    def snapshot(self) -> dict[str, Value]:
        """The current leaf state, variables and clocks."""
        with self._sys._lf_lock:
            out: dict[str, Value] = {"state": self.state}
            for v in self._lf_vars + self._lf_clocks:
                out[v] = getattr(self, v)
            return out

    def _lf_emit(self, signal: str) -> None:
        self._sys._lf_signals.append((self._lf_name, signal))

    def _lf_send(self, target: LfsmInstance, event: str) -> None:
        self._sys._lf_queue.append((target, event))

    def _lf_send_all(self, targets: Sequence[LfsmInstance], event: str) -> None:
        for target in targets:
            self._sys._lf_queue.append((target, event))

    def _lf_out_of_range(self, var: str, value: int, lo: int, hi: int) -> NoReturn:
        raise ModelError(f"{self}: {var} = {value} is outside its range {lo}..{hi}")

    def _lf_moves(self, src: str, dst: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The states left (innermost first) and entered (outermost first) by a move."""
        if src == dst:
            return (src,), (dst,)
        a, b = self._lf_chain[src], self._lf_chain[dst]
        return tuple(s for s in a if s not in b), tuple(s for s in reversed(b) if s not in a)


class LfsmSystem:
    """A composed system: every instance, the global tick, the host callbacks."""

    _lf_lets: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, clock: Clock | None = None, tick_seconds: float = 1.0, on_enter: Observer | None = None,
                 on_exit: Observer | None = None, on_signal: Observer | None = None) -> None:
        if not tick_seconds > 0:
            raise ValueError("tick_seconds must be positive")
        self.clock: Clock = clock if clock is not None else MonotonicClock()
        self._lf_lock = threading.RLock()  # one step, tick or read at a time; re-entrant for callbacks
        self._lf_acquire, self._lf_release = self._lf_lock.acquire, self._lf_lock.release
        self._lf_local = threading.local()  # each thread's own last signals
        self._lf_tick_seconds = float(tick_seconds)
        self._lf_on_enter = on_enter
        self._lf_on_exit = on_exit
        self._lf_on_signal = on_signal
        self._lf_observed = on_enter is not None or on_exit is not None or on_signal is not None
        self._lf_signals: list[tuple[str, str]] = []
        self._lf_queue: list[tuple[LfsmInstance, str]] = []
        self._lf_broken: ModelError | None = None
        self._lf_insts: tuple[LfsmInstance, ...] = ()
        self._lf_by_name: dict[str, LfsmInstance] = {}
        self._lf_setup(self._lf_build())
        self._lf_t0 = self.clock.now()
        self._lf_elapsed = 0

    @_lf_property
    def signals(self) -> tuple[tuple[str, str], ...]:
        """The signals the calling thread's last step emitted (``()`` after a tick or none)."""
        got: tuple[tuple[str, str], ...] = getattr(self._lf_local, "signals", ())
        return got

    @signals.setter
    def signals(self, value: tuple[tuple[str, str], ...]) -> None:
        self._lf_local.signals = value

    def _lf_build(self) -> Sequence[LfsmInstance]:
        raise NotImplementedError

    def _lf_setup(self, instances: Sequence[LfsmInstance]) -> None:
        self._lf_insts = tuple(instances)
        self._lf_by_name = {i._lf_name: i for i in self._lf_insts}
        for inst in self._lf_insts:
            inst._lf_init()

    def __getitem__(self, name: str) -> LfsmInstance:
        try:
            return self._lf_by_name[name]
        except KeyError:
            raise UnknownName(f"no instance named {name!r}; instances: {', '.join(self._lf_by_name)}") from None

    def __iter__(self) -> Iterator[LfsmInstance]:
        return iter(self._lf_insts)

    @property
    def state(self) -> dict[str, str]:
        """Every instance's leaf state, by display name."""
        with self._lf_lock:
            return {i._lf_name: i.state for i in self._lf_insts}

    def snapshot(self) -> dict[str, dict[str, Value]]:
        """Every instance's state, variables and clocks, by display name."""
        with self._lf_lock:
            return {i._lf_name: i.snapshot() for i in self._lf_insts}

    def trigger(self, target: str, event: str) -> bool:
        """``pod.trigger("app[1]", "exit_ok")`` is ``pod.app[1].exit_ok()``."""
        return self[target].trigger(event)

    def _lf_restore(self, snapshot: dict[str, dict[str, Value]]) -> None:
        """Put every instance back into a state taken by ``snapshot()`` (explorers and replays use it)."""
        with self._lf_lock:
            for inst in self._lf_insts:
                for key, value in snapshot[inst._lf_name].items():
                    setattr(inst, key, value)
            self._lf_broken = None
            self._lf_local.signals = ()

    # ---- one atomic discrete step ------------------------------------------------------

    def _lf_run(self, inst: LfsmInstance, event: str) -> bool:
        self._lf_acquire()  # the hot path: bound methods cost half of a 'with' here
        try:
            if self._lf_broken is not None:
                raise ModelError(f"the system stopped at a model error: {self._lf_broken}")
            src = inst.state
            sig: list[tuple[str, str]] = []
            queue: list[tuple[LfsmInstance, str]] = []
            self._lf_signals = sig
            self._lf_queue = queue
            try:
                taken = inst._lf_events[event].trigger(inst)
            except MachineError:  # transitions: no transition on this event from this state
                taken = False
            except ModelError as err:
                self._lf_broken = err
                raise
            if not taken:
                why = "" if src not in inst._lf_events[event].transitions else " (guard is false)"
                raise NotEnabled(f"{inst}: event {event!r} is not enabled in state {src!r}{why}")
            if queue or self._lf_observed:
                moves = self._lf_deliver(inst, src, sig, queue)
                self._lf_local.signals = tuple(sig)
                if self._lf_observed:
                    self._lf_notify(moves, sig)
                return True
            self._lf_local.signals = tuple(sig) if sig else ()
            return True
        finally:
            self._lf_release()

    def _lf_deliver(self, inst: LfsmInstance, src: str, sig: list[tuple[str, str]],
                    queue: list[tuple[LfsmInstance, str]]) -> list[tuple[LfsmInstance, str, str, int]]:
        """The receivers of the sender's ``send`` effects; every move of the step, for the callbacks."""
        moves = [(inst, src, inst.state, len(sig))]
        try:
            for target, received in queue:
                rev = target._lf_events[received]
                rsrc = target.state
                if rsrc in rev.transitions and rev.trigger(target):
                    moves.append((target, rsrc, target.state, len(sig)))
        except ModelError as err:
            self._lf_broken = err
            raise
        return moves

    def _lf_notify(self, moves: list[tuple[LfsmInstance, str, str, int]], sig: list[tuple[str, str]]) -> None:
        k = 0
        for inst, src, dst, sig_end in moves:
            left, entered = inst._lf_moves(src, dst)
            if self._lf_on_exit is not None:
                for s in left:
                    self._lf_on_exit(inst._lf_name, s)
            while k < sig_end:
                if self._lf_on_signal is not None:
                    self._lf_on_signal(sig[k][0], sig[k][1])
                k += 1
            if self._lf_on_enter is not None:
                for s in entered:
                    self._lf_on_enter(inst._lf_name, s)

    # ---- time ------------------------------------------------------------------------

    def _lf_try_tick(self, commit: bool) -> str | None:
        with self._lf_lock:
            if self._lf_broken is not None:
                raise ModelError(f"the system stopped at a model error: {self._lf_broken}")
            for inst in self._lf_insts:
                if inst.state in inst._lf_urgent:
                    return f"{inst} is in urgent state {inst.state!r}"
            saved: list[tuple[LfsmInstance, str, int]] = []
            for inst in self._lf_insts:
                for c in inst._lf_clocks:
                    old = getattr(inst, c)
                    saved.append((inst, c, old))
                    setattr(inst, c, old + 1)
            reason = None
            try:
                for inst in self._lf_insts:
                    inv = inst._lf_invariant_of.get(inst.state)
                    if inv is not None and not getattr(inst, inv)():
                        reason = f"the invariant of state {inst.state!r} of {inst} would not hold after the tick"
                        break
            except ModelError as err:
                self._lf_broken = err
                raise
            finally:
                if reason is not None or not commit:
                    for inst, c, old in saved:
                        setattr(inst, c, old)
            return reason

    def may_tick(self) -> bool:
        return self._lf_try_tick(commit=False) is None

    def tick(self) -> None:
        """One tick of the global discrete clock; raises TimeBlocked when time may not pass."""
        reason = self._lf_try_tick(commit=True)
        if reason is not None:
            raise TimeBlocked(reason)
        self._lf_local.signals = ()

    def step(self) -> str | None:
        """Fire the first enabled internal event (declaration order); its label, or None."""
        with self._lf_lock:
            for inst in self._lf_insts:
                for event in inst._lf_internal:
                    if inst._lf_may(event):
                        self._lf_run(inst, event)
                        return f"{inst._lf_name}.{event}"
            return None

    def advance(self, *, internal: bool = True, max_steps: int = 10_000) -> list[str]:
        """Catch up with the clock: settle internal events, then tick once per elapsed tick length.

        Returns the labels of the steps taken. Ticks the model forbids (an urgent
        state, an invariant with no enabled internal way out) are dropped.
        """
        with self._lf_lock:
            labels: list[str] = []

            def settle() -> None:
                while internal:
                    label = self.step()
                    if label is None:
                        return
                    labels.append(label)
                    if len(labels) > max_steps:
                        raise RuntimeError(f"internal events did not settle within {max_steps} steps")

            settle()
            due = int((self.clock.now() - self._lf_t0) // self._lf_tick_seconds) - self._lf_elapsed
            while due > 0:
                if self._lf_try_tick(commit=True) is not None:
                    self._lf_elapsed += due
                    break
                self._lf_local.signals = ()
                self._lf_elapsed += 1
                due -= 1
                labels.append("tick")
                settle()
            return labels


def _lf_new_machine(name: str, states: Sequence[str], initial: str, table: Sequence[dict[str, Any]]) -> Any:
    """The shared ``transitions`` machine of one spec machine (models are never bound to it)."""
    return Machine(model=None, states=list(states), initial=initial, transitions=[dict(t) for t in table],
                   auto_transitions=False, send_event=False, queued=False, name=name)
