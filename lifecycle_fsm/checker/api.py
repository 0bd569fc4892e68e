"""check_model and cover_paths: the checker's public entry points (see the brief's API contract)."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable

from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..messages import say
from .build import Plan, build_plan
from .interp import Outcome, all_final, evaluation_error, holds, step, successors
from .memory import MemoryBound
from .props import PropInfo
from .result import CheckResult, PropertyResult, Step
from .search import Found, Progress, bfs
from .search import Outcome as Search
from .symmetry import make_canon
from .traces import build_trace, concretize, cycle_outcomes, last_state, replay
from .verdicts import monitor_gave_up, move_label, no_violation, no_witness, state_violation, verdict, witness

UNDECIDED = "undecided: evaluating it hits a model error (see model_errors)"


def check_model(model: ir.Model, params: dict[str, ir.Value] | None = None, *, system: str | None = None,
                symmetry: bool = True, max_states: int | None = None, properties: list[str] | None = None,
                progress: Progress | None = None, should_stop: Callable[[], bool] | None = None,
                measure_memory: bool = False, until_decided: bool = False,
                max_memory: int | None = None, search: Callable[..., Search] = bfs) -> CheckResult:
    """Explore every reachable state of one system and judge each of its properties.

    ``until_decided``: stop as soon as every selected safety, order and ``reachable``
    property has its violation or witness (for pictures of runs: the traces are the same
    shortest ones); the result is then incomplete and model errors stay undecided.
    ``max_memory``: stop (incomplete, ``stop_reason`` "memory") above this many bytes resident;
    None takes the default (memory.py), 0 none; a ``ulimit -v`` is always respected. Ctrl-C (or
    ``should_stop``) stops the search and the judging after it with what was decided so far.
    ``search``: the engine (``search.bfs``, or the native engine's drop-in, native/run.py).

    Raises LfsmError for bad input (unknown system or property, parameter values out of
    range, ``max_states`` < 1, constructs the checker cannot handle).
    """
    if max_states is not None and max_states < 1:
        raise LfsmError([Diagnostic("bad-option", say("checker.bad-count", option="--max-states", n=max_states), None)])
    plan = build_plan(model, params, system=system, symmetry=symmetry, properties=properties)
    symmetric = bool(plan.symmetric)
    canon = make_canon(plan) if symmetric else (lambda n: n)
    out = search(plan, symmetric=symmetric, max_states=max_states, keep_layers=bool(plan.checks.live),
              progress=progress, should_stop=should_stop, memory=MemoryBound.make(max_memory),
              until_decided=until_decided)
    states = full = out.stored_count()
    results: list[PropertyResult] = []
    try:
        states, full = out.counts(plan, canon)
        for p in plan.checks.props:
            results.append(_judge(plan, p, out, canon))
        if plan.checks.live and out.complete:
            _liveness(plan, out, canon, symmetric, results)
    except (KeyboardInterrupt, MemoryError) as e:  # stop judging; keep what is decided
        out.stop("interrupted" if isinstance(e, KeyboardInterrupt) else "memory")
        results = [r if r.holds is not None or r.message else verdict(p, None, None, "not judged: the run stopped")
                   for p, r in zip(plan.checks.props, results)]
        results += [verdict(p, None, None, "not judged: the run stopped") for p in plan.checks.props[len(results):]]
    finally:
        stored, stored_bytes = out.stored_count(), out.stored_bytes() if measure_memory else 0
        out.close()  # the native engine's store goes now, not when the collector finds it (a sweep runs many)
    peak = peak_memory_bytes()
    return CheckResult(
        system=plan.system.name, params=dict(plan.params), states=states, transitions=out.transitions,
        depth=out.depth, seconds=out.seconds, complete=out.complete,
        symmetry_factor=_ratio(full, states), peak_memory_bytes=peak, properties=results,
        full_states=full, stored_states=stored,
        bytes_per_state=(stored_bytes / stored) if measure_memory and stored else 0.0,
        symmetry=plan.symmetric, symmetry_notes=plan.symmetry_notes, stop_reason=out.stop_reason)


def peak_memory_bytes() -> int:
    """The process's peak resident memory; 0 where the system does not say (``resource`` is Unix-only)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib if sys.platform == "darwin" else kib * 1024  # macOS reports bytes, Linux kibibytes


def _ratio(full: int, states: int) -> float:
    """``full / states``; ``inf`` when that is beyond a float (2**1030 states without reduction)."""
    try:
        return full / states if states else 1.0
    except OverflowError:
        return math.inf


def _path_outcomes(plan: Plan, out: Search, canon: Callable[[int], int], index: int) -> list[Outcome]:
    moves = out.path(index)
    return concretize(plan, canon, replay(plan, canon, moves), moves)


def _judge(plan: Plan, p: PropInfo, out: Search, canon: Callable[[int], int]) -> PropertyResult:
    if p.kind == "reachable":
        return _reachable(plan, p, out, canon)
    if p.kind == "leads_to":
        return verdict(p, None, None, "not judged: the search was incomplete" if not out.complete else "")
    key = -1 if p.kind == "builtin" else p.pid
    found = out.found.get(key)
    if found is None:
        if p.pid in out.eval_errors:
            return verdict(p, None, None, UNDECIDED)
        if p.pid in out.gave_up:
            return monitor_gave_up(p)
        return no_violation(p, out.complete)
    outs = _path_outcomes(plan, out, canon, found.index)
    x = last_state(plan, outs)
    if p.kind == "builtin" and found.cause >= 0:
        return eval_error(plan, p, outs, x, found)
    if found.move == -1:
        return state_violation(plan, p, outs, x)
    if p.kind == "builtin":
        errs = [o for o in successors(plan, x) if o.error is not None]
        want = plan.moves[found.move].transition
        errs.sort(key=lambda o: o.move.transition is not want)
        o = errs[0]
        return verdict(p, False, build_trace(plan, outs), f"{move_label(plan, o.move.id)}: {o.error}")
    return step_violation(plan, p, outs, x, found.move)


def step_violation(plan: Plan, p: PropInfo, outs: list[Outcome], x: int, move: int) -> PropertyResult:
    """An ordering, only-when or stable property violated by a step from ``x`` (reached by ``outs``),
    preferably by move ``move``: the trace ends with that step (the symbolic check's too)."""
    cands = successors(plan, x)
    if p.kind == "stable":
        return _stable(plan, p, outs, x, cands, move)
    hits = [o for o in cands if any(v[0] == p.pid for v in o.violations)]
    hits.sort(key=lambda o: o.move.id != move)
    o = hits[0]
    label = next(v[1] for v in o.violations if v[0] == p.pid)
    trace = build_trace(plan, outs + [o])
    last = trace.steps[-1]
    who = f" (for {label})" if label else ""
    return verdict(p, False, trace, f"step {len(trace.steps)} ({last.label}) violates the property{who}")


def eval_error(plan: Plan, p: PropInfo, outs: list[Outcome], x: int, found: Found) -> PropertyResult:
    """The model-error property, violated by property ``found.cause``'s expression: in the state
    ``x`` itself, in the condition of an only-when before a step, or a stable check after it."""
    name = plan.checks.props[found.cause].name
    where, hit = "", evaluation_error(plan, x, found.cause) if found.move == -1 else None
    if found.move >= 0:
        o = step(plan, x, plan.moves[found.move])
        assert o is not None and o.next is not None, "the step around a property's model error did not replay"
        outs = outs + [o]
        cond = next(((label, msg) for pid, label, msg in o.eval_errors if pid == found.cause), None)
        if cond is not None:
            where, hit = f" before step {len(outs)} ({move_label(plan, o.move.id)})", cond
        else:
            where, hit = f" after step {len(outs)} ({move_label(plan, o.move.id)})", evaluation_error(plan, o.next,
                                                                                              found.cause)
    assert hit is not None, "a property's model error was not reproduced by the interpreter"
    label, msg = hit
    who = f" for {label}" if label else ""
    return verdict(p, False, build_trace(plan, outs), f"evaluating property '{name}'{who}{where}: {msg}")


def _reachable(plan: Plan, p: PropInfo, out: Search, canon: Callable[[int], int]) -> PropertyResult:
    checks = [(j, c) for j, c in enumerate(plan.checks.reach) if c.pid == p.pid]
    missing = [c.bind.label for j, c in checks if j not in out.witnesses]
    if missing:
        if p.pid in out.eval_errors:
            return verdict(p, None, None, UNDECIDED)
        return no_witness(p, missing, out.complete)
    j, c = checks[0]
    return witness(p, build_trace(plan, _path_outcomes(plan, out, canon, out.witnesses[j])), c.bind.label)


def _stable(plan: Plan, p: PropInfo, outs: list[Outcome], x: int, cands: list[Outcome], move: int,
            ) -> PropertyResult:
    for c in plan.checks.stable:
        if c.pid != p.pid or not holds(plan, x, c.expr, c.bind):
            continue
        hits = [o for o in cands if o.next is not None and not holds(plan, o.next, c.expr, c.bind)]
        if hits:
            hits.sort(key=lambda o: o.move.id != move)
            trace = build_trace(plan, outs + [hits[0]])
            who = f" for {c.bind.label}" if c.bind.label else ""
            return verdict(p, False, trace, f"it held before step {len(trace.steps)} ({trace.steps[-1].label}) "
                                            f"and not after{who}")
    raise AssertionError("stable violation not reproduced by the interpreter")


def _liveness(plan: Plan, out: Search, canon: Callable[[int], int], symmetric: bool,
              results: list[PropertyResult]) -> None:
    checker = out.live_judge(plan, canon, symmetric)
    mplan, mask = checker.plan, plan.layout.model_mask

    def stem_to(i: int) -> list[int]:
        """The stored states of the search's (shortest) path to stored state ``i``."""
        return out.stem(plan, canon, i)

    first_error: tuple[int, int] | None = None  # (graph node, pid): the first state where a condition failed
    for p in plan.checks.props:
        if p.kind != "leads_to":
            continue
        got: PropertyResult = verdict(p, True, None, "")
        for c in plan.checks.live:
            if c.pid != p.pid:
                continue
            v = checker.check(c)
            if v.error_node is not None:
                got = verdict(p, None, None, UNDECIDED)
                first_error = min(first_error or (v.error_node, p.pid), (v.error_node, p.pid))
                break
            if v.holds or v.lasso is None:
                continue
            # the stem: the search's path to the first stored state of the root's model state, then
            # (monitors left out from here on) the path on to the fair component
            outs = concretize(plan, canon, stem_to(checker.stored_index(v.lasso.root)))
            x = last_state(plan, outs) & mask
            for want in (checker.state(i) for i in v.lasso.path):
                o = next((o for o in successors(mplan, x) if o.next is not None and canon(o.next) == want), None)
                assert o is not None and o.next is not None, "no concrete step matches the graph's path"
                outs.append(o)
                x = o.next
            cyc = checker.cycle(v.lasso, x)
            if cyc is None:
                got = verdict(p, None, None, "undecided: no fair cycle could be rebuilt concretely "
                                             "(please report this)")
                break
            trace = build_trace(plan, outs, cycle_outcomes(mplan, x, cyc))
            who = f" for {c.bind.label}" if c.bind.label else ""
            if cyc:
                msg = f"a run{who} loops forever from step {len(outs) + 1} without reaching the goal"
            elif all_final(plan, x):
                msg = f"a run{who} ends with every instance final without reaching the goal"
            else:
                msg = f"a run{who} gets stuck after step {len(outs)} without reaching the goal"
            got = verdict(p, False, trace, msg + ("" if c.fair else " (no fairness assumed)"))
            break
        results[p.pid] = got
    if first_error is not None and results[plan.checks.builtin].holds:
        node, pid = first_error
        outs = concretize(plan, canon, stem_to(checker.stored_index(node)))
        results[plan.checks.builtin] = eval_error(plan, plan.checks.props[plan.checks.builtin], outs,
                                                   last_state(plan, outs), Found(-1, -1, pid))


def cover_paths(model: ir.Model, params: dict[str, ir.Value] | None = None, *,
                system: str | None = None) -> list[list[Step]]:
    """Paths from the initial state that together take every reachable (instance, transition) pair
    (receivers included) and a tick, when one is reachable, at least once (symmetry off)."""
    plan = build_plan(model, params, system=system, symmetry=False, properties=[])
    first: dict[tuple[int, int], tuple[int, int]] = {}

    def cov(pi: int, move: int, gid: int, tid: int) -> None:
        first.setdefault((gid, tid), (pi, move))

    out = bfs(plan, symmetric=False, mode="cover", cover=cov)
    items = sorted(first.items(), key=lambda kv: (-len(out.path(kv[1][0])), kv[0]))
    covered: set[tuple[int, int]] = set()
    paths: list[list[Step]] = []
    for key, (pi, move) in items:
        if key in covered:
            continue
        path = out.path(pi)
        states = replay(plan, lambda n: n, path)
        outs = concretize(plan, lambda n: n, states, path)
        last = step(plan, last_state(plan, outs), plan.moves[move])
        if last is None or last.next is None:
            continue
        outs.append(last)
        for o in outs:
            covered.add((o.move.gid, o.move.transition.id) if o.move.transition else (-1, -1))
            covered.update((g, t.id) for g, _, t in o.receipts)
        paths.append(list(build_trace(plan, outs).steps))
    return paths
