"""The native engine behind ``check_model``: a search with the Python engine's results (``search.Outcome``).

``NativeEngine`` is a drop-in for ``checker.search.bfs``: it prints the plan's step program as C
(cprint.py), builds it (build.py: cached by content hash), runs the search in slices (engine.py)
and returns a ``NativeOutcome``, whose found violations, witnesses, paths, counts and liveness
judge answer what the Python ``Outcome`` answers, so ``api.check_model`` judges, rebuilds traces
by replay and reports exactly as with the Python engine (tests/native/test_engines_agree.py).

Whenever the native engine cannot run (no compiler, a failing compiler, a model too wide for
64-bit arithmetic or the runtime's layout, a cache that cannot be written), the engine calls
``notice`` with one line (once per distinct line) and runs the Python engine. Two answers the
runtime does not carry are delegated to the Python engine too: a model error in a property's own
expression (the Python engine says which property; such a check re-runs there), and a liveness
predicate that hits a model error (judged on the graph the Python engine builds).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import model as ir
from ..checker.build import Plan
from ..checker.liveness import Lasso, LivenessChecker, Verdict, model_plan
from ..checker.memory import MemoryBound, current_usage
from ..checker.props import LiveCheck
from ..checker.search import Outcome, Progress, bfs
from ..checker.symmetry import array_offsets, model_counts
from ..checker.traces import replay
from ..messages import say
from . import build as native_build
from .build import Loaded, NativeUnavailable, Pending, choose_opt, find_compiler, open_cached, start_module
from .cexpr import TooWide
from .cprint import CModule, print_module
from .engine import SLICE, NativeError, NativeModule, NativeSearch, layout_problem
from .index import Entry, inputs_key, recall, remember

Notice = Callable[[str], None]
PYTHON_NODES = 1 << 62  # NativeJudge: graph nodes from here on are nodes of the Python engine's graph
PYTHON_COUNT_LIMIT = 1_000_000  # NativeOutcome.counts: at most this many stored states counted in Python


class NativeOutcome(Outcome):
    """A finished native search, answering as ``search.Outcome`` does (the visited set stays in C)."""

    def __init__(self, plan: Plan, search: NativeSearch, cmod: CModule):
        super().__init__(set(), None, None)  # type: ignore[arg-type]
        self.plan = plan
        self.search = search
        self.cmod = cmod
        st = search.stats()
        self.transitions, self.depth, self.seconds = st.transitions, st.depth, search.seconds
        self.n_stored = st.stored
        self.memory_bytes = st.memory_bytes
        if not search.complete:
            self.complete, self.stop_reason = False, search.stop_reason or "interrupted"
        found, dead, self.witnesses, self.gave_up = search.results()
        self.found = dict(found)
        if dead is not None:
            for pid in plan.checks.deadlock:
                self.found.setdefault(pid, dead)

    def stored_count(self) -> int:
        return self.n_stored

    def close(self) -> None:
        """Free the runtime's store (check_model does, once it has judged and rebuilt the traces)."""
        self.search.close()

    def path(self, index: int) -> list[int]:
        return self.search.path(index)

    def stored_bytes(self) -> int:
        return self.memory_bytes

    def states(self) -> list[list[int]]:
        """The stored states, layer by layer (read out of the runtime: slow, for the rare cases)."""
        starts = self.search.layers() + [self.n_stored]
        return [[self.search.state(i) for i in range(a, b)] for a, b in zip(starts, starts[1:]) if b > a]

    def counts(self, plan: Plan, canon: Callable[[int], int]) -> tuple[int, int]:
        try:
            states, full = self.search.counts()  # the stored states, complete or not
            if full is not None:
                return states, full
        except NativeError:
            # out of its budget (a search stopped at the memory bound, with monitors to project
            # out): the Python side counts, slowly, unless the states are too many to hold in
            # Python within the bound; then the count is the stored states (an incomplete run)
            if self.n_stored > PYTHON_COUNT_LIMIT:
                return self.n_stored, self.n_stored
        return model_counts(plan, (self.search.state(i) for i in range(self.n_stored)), canon)

    def stem(self, plan: Plan, canon: Callable[[int], int], index: int) -> list[int]:
        return replay(plan, canon, self.path(index))

    def live_judge(self, plan: Plan, canon: Callable[[int], int], symmetric: bool) -> Any:
        return NativeJudge(self, plan, canon, symmetric)


class NativeJudge:
    """Leads-to checks judged by the runtime (lf_live_check); the concrete cycle is rebuilt in Python."""

    def __init__(self, out: NativeOutcome, plan: Plan, canon: Callable[[int], int], symmetric: bool):
        self.out = out
        self.canon = canon
        self.symmetric = symmetric
        self.full_plan = plan
        self.helper: LivenessChecker | None = None  # no graph: concrete cycles only (made when first needed)
        self.plan = model_plan(plan)
        self.preds = dict(zip(plan.checks.live, out.cmod.preds))
        self.python: LivenessChecker | None = None
        self.stored: dict[int, int] = {}

    def check(self, c: LiveCheck) -> Verdict:
        lhs, rhs = self.preds[c]
        a = self.out.search.live_check(lhs, rhs, c.fair)
        if a.model_errors:
            return self.python_check(c)
        if a.holds:
            return Verdict(True)
        self.stored[a.root] = a.root_stored
        comp = frozenset(self.out.search.node_state(x) for x in a.component)
        return Verdict(False, Lasso(a.root, list(a.path), comp, c.fair, c.bind.label))

    def python_check(self, c: LiveCheck) -> Verdict:
        if self.python is None:
            self.python = LivenessChecker(self.out.plan, self.out.states(), self.symmetric, self.canon)
        v = self.python.check(c)
        # node numbers of the Python graph are PYTHON_NODES + its number here, to tell them apart
        if v.error_node is not None:
            self.stored[PYTHON_NODES + v.error_node] = self.python.stored_index(v.error_node)
            return Verdict(None, error_node=PYTHON_NODES + v.error_node)
        if v.lasso is not None:
            lasso = v.lasso
            self.stored[PYTHON_NODES + lasso.root] = self.python.stored_index(lasso.root)
            return Verdict(False, Lasso(PYTHON_NODES + lasso.root, [PYTHON_NODES + x for x in lasso.path],
                                        lasso.component, lasso.fair, lasso.label))
        return v

    def state(self, node: int) -> int:
        if node >= PYTHON_NODES:
            assert self.python is not None
            return self.python.state(node - PYTHON_NODES)
        return self.out.search.node_state(node)

    def stored_index(self, node: int) -> int:
        return self.stored[node]

    def cycle(self, lasso: Lasso, concrete: int) -> list[tuple[int, int]] | None:
        if self.helper is None:
            self.helper = LivenessChecker(self.full_plan, [], self.symmetric, self.canon)
        return self.helper.cycle(lasso, concrete)


def budget(memory: MemoryBound | None) -> int | None:
    """The runtime's byte budget under ``memory``: the bound less what the process holds already
    (Python's heap, the modules loaded), so that the runtime's allocations and the rest together
    stay under it; at least 1 (0 is "no budget": ``--max-memory 0`` without a ulimit); None: the
    runtime's default (engine.default_memory_budget)."""
    if memory is None:
        return None
    rss, vm = current_usage()
    room = [b - used for b, used in ((memory.resident, rss), (memory.address_space, vm)) if b]
    return max(1, min(room)) if room else 0


class NativeEngine:
    """``bfs``'s signature, run natively where possible (module docstring)."""

    def __init__(self, notice: Notice, threads: int = 1, slice_seconds: float = SLICE, probe: int = 0,
                 keyed: ir.Model | None = None):
        """``probe``: unless the model's module is known to be compiled already, first search with the
        Python engine up to this many states; a search that completes within them is the answer, with
        no C printed nor compiled (``--engine auto``: a small model, or ``--all-params`` over many,
        costs no compiler time). ``keyed``: a model read from spec files as its ``sources`` say (not
        built nor changed in memory): its plans' modules are found from their inputs (index.py)."""
        self.notice = notice
        self.probe = probe
        self.keyed = keyed
        self.slice_seconds = slice_seconds
        self.said: set[str] = set()
        self.threads = threads
        self.built: tuple[Path, CModule] | None = None  # the object and module of the last build

    def tell(self, text: str) -> None:
        if text not in self.said:
            self.said.add(text)
            self.notice(text)

    def key(self, plan: Plan, max_states: int | None) -> str | None:
        """The inputs key of ``plan``'s module (None: its model is not keyed)."""
        if self.keyed is None or plan.model is not self.keyed or not plan.model.sources:
            return None
        return inputs_key(plan, find_compiler(), choose_opt(max_states))

    def build(self, plan: Plan, max_states: int | None, key: str | None, entry: Entry | None,
              ) -> tuple[NativeModule, CModule]:
        if entry is not None and (hit := open_cached(entry.path)) is not None:
            self.check_layout(plan)
            self.built = (entry.path, CModule("", entry.preds, entry.property_errors))
            return NativeModule(hit.lib), self.built[1]
        cmod, pending = self.start(plan, max_states)
        return self.finish(pending, cmod, key), cmod

    def check_layout(self, plan: Plan) -> None:
        blocks = [(len(offs), mask.bit_length()) for _, offs, mask in array_offsets(plan)]
        problem = layout_problem(plan.layout.total_bits, len(plan.moves), blocks)
        if problem is not None:
            raise NativeUnavailable(problem)

    def start(self, plan: Plan, max_states: int | None) -> tuple[CModule, Pending]:
        """Print ``plan``'s module and start compiling it (build.start_module)."""
        self.check_layout(plan)
        try:
            cmod = print_module(plan)
        except TooWide as e:
            raise NativeUnavailable(say("checker.native-too-wide", what=str(e))) from None
        except RecursionError:
            raise NativeUnavailable(say("checker.native-too-wide", what="expressions nested too deeply")) from None
        return cmod, start_module(cmod.units(native_build.split_above()), expected_states=max_states)

    def finish(self, pending: Pending, cmod: CModule, key: str | None) -> NativeModule:
        """Wait for the compiler, load the module, record its index entry."""
        loaded: Loaded = pending.finish()
        for note in loaded.notes:
            self.tell(note)
        self.built = None if loaded.path is None else (loaded.path, cmod)
        if key is not None and loaded.path is not None:
            remember(key, loaded.path, cmod.preds, cmod.property_errors)
        return NativeModule(loaded.lib)

    def __call__(self, plan: Plan, *, symmetric: bool, max_states: int | None = None, keep_layers: bool = False,
                 progress: Progress | None = None, should_stop: Callable[[], bool] | None = None,
                 until_decided: bool = False, memory: MemoryBound | None = None, **rest: Any) -> Outcome:
        def python() -> Outcome:
            return bfs(plan, symmetric=symmetric, max_states=max_states, keep_layers=keep_layers, progress=progress,
                       should_stop=should_stop, until_decided=until_decided, memory=memory, **rest)

        if rest or until_decided:  # cover mode, pictures of runs: the Python engine
            return python()
        try:
            find_compiler()  # no compiler: say so, even for a model the probe would finish
            if self.probe and max_states is not None and max_states <= self.probe:
                return python()  # the same answer; no compiler time
            key = self.key(plan, max_states)
            entry = recall(key) if key is not None else None
            if self.probe and entry is None:
                # the probe runs while the module compiles (on a second core, when there is one); a
                # probe that decides the model stops the compiler, which leaves nothing behind
                try:
                    started: tuple[CModule, Pending] | NativeUnavailable = self.start(plan, max_states)
                except NativeUnavailable as e:
                    started = e  # said after the probe, if the probe does not decide the model
                try:
                    out = bfs(plan, symmetric=symmetric, max_states=self.probe, keep_layers=keep_layers,
                              progress=progress, should_stop=should_stop, memory=memory)
                except BaseException:
                    if not isinstance(started, NativeUnavailable):
                        started[1].cancel()
                    raise
                if out.stop_reason != "max-states":
                    if not isinstance(started, NativeUnavailable):
                        started[1].cancel()
                    return out  # complete, or stopped by the user or the memory bound: as Python would
                if isinstance(started, NativeUnavailable):
                    raise started
                cmod = started[0]
                module = self.finish(started[1], cmod, key)
            else:
                module, cmod = self.build(plan, max_states, key, entry)
        except NativeUnavailable as e:
            self.tell(str(e))
            return python()
        limit = budget(memory)
        hint = entry.stored if entry is not None and (max_states is None or entry.stored <= max_states) else 0
        if limit and 4 * module.info.slot_bytes * hint > limit:
            hint = 0  # (a table for the hint: at most 8/3 slots a state, 11 or 22 bytes)
        search: NativeSearch | None = None
        try:
            search = NativeSearch(module, threads=self.threads, max_states=max_states, memory_limit=limit,
                                  symmetry=symmetric, table_capacity=hint * 4 // 3 + 1 if hint else 0)
            search.run(progress, should_stop, self.slice_seconds, memory)
        except NativeError as e:
            if search is not None:
                search.close()
            self.tell(say("checker.native-failed", why=str(e)))
            return python()
        stored = search.stored
        if key is not None and self.built is not None and search.complete and stored != hint:
            remember(key, self.built[0], self.built[1].preds, self.built[1].property_errors, stored)
        out = NativeOutcome(plan, search, cmod)
        if cmod.property_errors and -1 in out.found:
            search.close()
            return python()  # which property's expression failed: the Python engine says
        return out


__all__ = ["NativeEngine", "NativeOutcome"]
