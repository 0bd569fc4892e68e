"""Generate the search's inner loop as Python source and exec it.

Three flavours share one generator (steps.StepGen): ``explore`` expands a slice of a BFS
layer and inserts new states into the visited set inline (no per-successor calls, no
lists); ``succ`` returns one state's successors with their move ids (for the liveness
graph and for tests); ``cover`` is ``explore`` plus hooks that record the first state
where each (instance, transition) pair fires. State invariants are checked when a state
is expanded, ordering and only-when checks inside the step that triggers them, deadlock
after all moves of a state are known. A check whose property is decided is dropped by
regenerating the code; monitor updates stay, so stored states never change meaning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .build import Plan
from .exprgen import C, ExprCompiler, const
from .props import Binding
from .steps import Fields, Live, StepGen, Writer, leaf_set_test
from .symmetry import array_offsets, canon_source

HELPERS = '''
class _ME(Exception):
    """A model error: out-of-range assignment, index out of bounds, division by zero."""


def _bad():
    raise _ME


def _ix(i, n):
    if 0 <= i < n:
        return i
    raise _ME


def _div(a, b):
    if b == 0:
        raise _ME
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _mod(a, b):
    return a - _div(a, b) * b


def _dn(n, b, base, w, m, j):
    """Block j (value b, already in n) belongs further left: shift the blocks between up one slot."""
    p = j - 1
    while p > 0 and b < (n >> (base + (p - 1) * w) & m):
        p -= 1
    lo = base + p * w
    hi = base + j * w
    seg = n >> lo & ((1 << (hi - lo)) - 1)
    n &= ~(((1 << (hi + w - lo)) - 1) << lo)
    return n | seg << (lo + w) | b << lo


def _up(n, b, base, w, m, j, count):
    """Block j (value b, already in n) belongs further right: shift the blocks between down one slot."""
    p = j + 1
    while p < count - 1 and b > (n >> (base + (p + 1) * w) & m):
        p += 1
    lo = base + (j + 1) * w
    hi = base + (p + 1) * w
    seg = n >> lo & ((1 << (hi - lo)) - 1)
    n &= ~(((1 << (hi - lo + w)) - 1) << (lo - w))
    return n | seg << (lo - w) | b << (hi - w)
'''

CHUNK = 30  # bits per digit of a CPython int

EXPLORE_ARGS = "layer, base, k, stop, nxt, seen, parents, room, viol, dead, over, cov, reach"


class Generator:
    def __init__(self, plan: Plan, live: Live, mode: str, symmetric: bool, limited: bool = False):
        self.plan = plan
        self.limited = limited  # a --max-states limit: count down the room left
        self.live = live
        self.mode = mode  # explore | succ | cover
        self.symmetric = symmetric
        self.fields = Fields(plan)
        self.w = Writer()
        self.arrays = array_offsets(plan) if symmetric else []
        self.array_gids = {name: [i.gid for i in plan.arrays()[name]] for name, _, _ in self.arrays}
        self.blocks_used: set[int] = set()  # offsets of element blocks read as B<offset>

    # -- callbacks for StepGen --
    def emit_succ(self, w: Writer, move: int, tick: bool, changed: set[int] | None = None) -> None:
        canon = self.canon_code(changed) if self.symmetric else None
        if self.mode == "succ":
            for line in canon or []:
                w.line(line)
            w.line(f"out.append(({move}, n))")
            return
        if tick:
            w.line("if n != s:")
            w.depth += 1
            if self.live.deadlock:
                w.line("moved = True")
        if self.mode == "cover" and tick:
            w.line("cov(pi, 0, -1, -1)")
        for j in self.stables():
            w.line(f"if st{j}:")
            with w:
                w.line(f"v = SP{j}(n)")
                w.line("if v != 1:")
                with w:
                    w.line(f"viol({self.plan.checks.stable[j].pid} if v == 0 else -1, pi, {move})")
                    w.line("dirty = True")
        for line in canon or []:
            w.line(line)
        w.line("ntr += 1")
        w.line("if n not in seen:")
        with w:
            if self.limited:
                w.line("if not room:")
                with w:
                    w.line("return k, ntr, room, True")
                w.line("room -= 1")
            w.line(f"sadd(n); nadd(n); padd(pm + {move})" if move else "sadd(n); nadd(n); padd(pm)")
        if tick:
            w.depth -= 1

    def canon_code(self, changed: set[int] | None) -> list[str] | None:
        """Make ``n`` canonical; when one element of one reduced array changed, move just its block.

        The other blocks of that array are still sorted, so the changed block is compared with
        its neighbours in the state being expanded (``B<offset>``) and, if out of place, moved
        by shifting the contiguous run of blocks between (``_dn``/``_up``): a few big-int
        operations instead of a sort and a repack.
        """
        if changed is None:
            return ["n = canon(n)"]
        hit = []
        for name, offs, mask in self.arrays:
            elems = [j for j, g in enumerate(self.array_gids[name]) if g in changed]
            if elems:
                hit.append((offs, mask, elems))
        if not hit:
            return None
        if len(hit) > 1 or len(hit[0][2]) > 1:
            return ["n = canon(n)"]
        offs, mask, (j,) = hit[0]
        width = mask.bit_length()
        if len(offs) < 2:
            return None
        if any(offs[k] != offs[0] + k * width for k in range(len(offs))):
            return ["n = canon(n)"]
        out = [f"b = n >> {offs[j]} & {mask}" if offs[j] else f"b = n & {mask}"]
        cond = "if"
        if j > 0:
            self.blocks_used.add(offs[j - 1])
            out.append(f"if b < B{offs[j - 1]}: n = _dn(n, b, {offs[0]}, {width}, {mask}, {j})")
            cond = "elif"
        if j + 1 < len(offs):
            self.blocks_used.add(offs[j + 1])
            out.append(f"{cond} b > B{offs[j + 1]}: n = _up(n, b, {offs[0]}, {width}, {mask}, {j}, {len(offs)})")
        return out

    def emit_viol(self, w: Writer, pid: int, move: int) -> None:
        if self.mode == "succ":
            w.line(f"out.append(({move}, -1))" if pid == -1 else "pass")
            return
        w.line(f"viol({pid}, pi, {move})")
        w.line("dirty = True")

    # -- the function --
    def generate(self) -> str:
        body = Writer()
        body.depth = 2 if self.mode != "succ" else 1
        self.w = body
        if self.live.deadlock and self.mode != "succ":
            body.line("moved = False")
        if self.mode != "succ":
            self.invariants()
        self.instances()
        self.tick()
        if self.live.deadlock and self.mode != "succ":
            self.deadlock()
        text = body.text()
        used = sorted({int(x) for x in re.findall(r"\bf(\d+)\b", text)})
        head = Writer()
        if self.mode == "succ":
            head.line("def succ(s):")
            head.depth = 1
            head.line("out = []")
            self.unpack(head, used)
            return head.text() + text + "    return out\n"
        head.line(f"def explore({EXPLORE_ARGS}):")
        head.depth = 1
        head.line("nadd = nxt.append; sadd = seen.add; padd = parents.append")
        head.line("ntr = 0")
        head.line("dirty = False")
        head.line("while k < stop:")
        head.depth = 2
        head.line("s = layer[k]")
        head.line("pi = base + k")
        head.line("pm = pi << 16")
        head.line("k += 1")
        self.unpack(head, used)
        tail = "        if dirty:\n            break\n    return k, ntr, room, False\n"
        return head.text() + text + tail

    def unpack(self, w: Writer, used: list[int]) -> None:
        """Read fields out of ``s``: through 30-bit chunks, so the shifts and masks work on
        single-digit ints (CPython's fast path) even when states are much wider."""
        items: list[tuple[str, int, int, int]] = []  # (local, offset, bits, low end)
        for k in used:
            f = self.fields.list[k]
            items.append((f"f{k}", f.offset, f.bits, f.lo))
        masks = {o: m for _, offs, m in self.arrays for o in offs}
        for o in sorted(self.blocks_used):
            items.append((f"B{o}", o, masks[o].bit_length(), 0))
        wide = self.plan.layout.total_bits > CHUNK
        chunks = sorted({off // CHUNK for _, off, bits, _ in items
                         if wide and off // CHUNK == (off + bits - 1) // CHUNK})
        for c in chunks:
            w.line(f"s{c} = s >> {c * CHUNK} & {(1 << CHUNK) - 1}" if c else f"s0 = s & {(1 << CHUNK) - 1}")
        for name, off, bits, lo in items:
            mask = (1 << bits) - 1
            src, rel = "s", off
            if off // CHUNK in chunks and off // CHUNK == (off + bits - 1) // CHUNK:
                src, rel = f"s{off // CHUNK}", off % CHUNK
            expr = f"{src} >> {rel} & {mask}" if rel else f"{src} & {mask}"
            if lo:
                expr = f"({expr}) + {lo}" if lo > 0 else f"({expr}) - {-lo}"
            w.line(f"{name} = {expr}")

    def compiler(self, read: Callable[[int, str, str], C], bind: Binding) -> ExprCompiler:
        return ExprCompiler(self.plan.instances, self.plan.arrays(), self.plan.params, read, bind.self_gid,
                            dict(bind.bound))

    def pre(self, gid: int, kind: str, key: str) -> C:
        return self.fields.pre(self.fields.k(gid, kind, key))

    def stables(self) -> list[int]:
        if self.mode != "explore":
            return []
        return [j for j, c in enumerate(self.plan.checks.stable) if c.pid in self.live.pids]

    def predicates(self) -> str:
        """Source of ``SP<j>(n)`` for each live 'stable' check: 1 holds, 0 fails, 2 model error."""
        out = []
        for j in self.stables():
            c = self.plan.checks.stable[j]
            out.append(predicate_source(self.plan, c.expr, c.bind, f"SP{j}"))
        return "\n".join(out)

    def invariants(self) -> None:
        w = self.w
        for j, c in enumerate(self.plan.checks.reach):
            if j not in self.live.reach:
                continue
            e = self.compiler(self.pre, c.bind).compile(c.expr)
            if e.is_const and not e.const:
                continue
            w.line("try:")
            with w:
                w.line(f"if {e.src}:" if not e.is_const else "if True:")
                with w:
                    w.line(f"reach({j}, pi)")
                    w.line("dirty = True")
            w.line("except _ME:")
            with w:
                self.emit_viol(w, -1, -1) if self.live.errors else w.line("pass")
        for j in self.stables():
            c = self.plan.checks.stable[j]
            e = self.compiler(self.pre, c.bind).compile(c.expr)
            w.line("try:")
            with w:
                w.line(f"st{j} = {e.src}")
            w.line("except _ME:")
            with w:
                w.line(f"st{j} = False")
                self.emit_viol(w, -1, -1) if self.live.errors else w.line("pass")
        for c in self.plan.checks.invariants:
            if c.pid not in self.live.pids:
                continue
            e = self.compiler(self.pre, c.bind).compile(c.expr)
            if e.is_const and e.const:
                continue
            w.line("try:")
            with w:
                if e.is_const:
                    self.emit_viol(w, c.pid, -1)
                else:
                    w.line(f"if not {e.src}:")
                    with w:
                        self.emit_viol(w, c.pid, -1)
            w.line("except _ME:")
            with w:
                if self.live.errors:
                    self.emit_viol(w, -1, -1)
                else:
                    w.line("pass")

    def instances(self) -> None:
        gen = StepGen(self.plan, self.fields, self.live, self.w, self.emit_succ, self.emit_viol)
        gen.cover = self.mode == "cover"
        by_inst: dict[int, list[Any]] = {}
        for mv in self.plan.moves[1:]:
            by_inst.setdefault(mv.gid, []).append(mv)
        for inst in self.plan.instances:
            mvs = by_inst.get(inst.gid, [])
            lk = self.fields.k(inst.gid, "leaf")
            leaf_c = self.fields.pre(lk)
            opened = False
            for li, name in enumerate(inst.machine.leaves):
                if leaf_c.is_const and leaf_c.const != li:
                    continue
                here = [mv for mv in mvs if name in mv.transition.sources]
                sub = Writer()
                sub.depth = self.w.depth + (0 if leaf_c.is_const else 1)
                gen.w = sub
                for mv in here:
                    gen.move(mv, li)
                if not sub.lines:
                    continue
                if not leaf_c.is_const:
                    self.w.line(f"{'elif' if opened else 'if'} {leaf_c.src} == {li}:")
                    opened = True
                self.w.lines.extend(sub.lines)
        gen.w = self.w

    def tick(self) -> None:
        w = self.w
        fields = self.fields
        urgent = []
        for inst in self.plan.instances:
            leaves = [i for i, n in enumerate(inst.machine.leaves) if inst.machine.state(n).urgent]
            t = leaf_set_test(fields, inst.gid, leaves, len(inst.machine.leaves))
            if t.is_const and t.const:
                return  # always urgent: time never passes
            if not t.is_const:
                urgent.append(t.src)
        clocks = [k for k, f in enumerate(fields.list) if f.kind == "clock" and f.bits]

        def ticked(gid: int, kind: str, key: str) -> C:
            k = fields.k(gid, kind, key)
            f = fields.list[k]
            if kind == "clock" and f.bits:
                return C(f"(f{k} + (f{k} < {f.hi}))", None, 0, f.hi)
            return fields.pre(k)

        checks: list[tuple[str, str]] = []  # (leaf test, invariant source)
        for inst in self.plan.instances:
            comp = self.compiler(ticked, Binding(inst.gid))
            for li, name in enumerate(inst.machine.leaves):
                invs = inst.machine.state(name).invariants
                if not invs:
                    continue
                at = leaf_set_test(fields, inst.gid, [li], len(inst.machine.leaves))
                if at.is_const and not at.const:
                    continue
                e = comp.chain("and", [comp.compile(x) for x in invs])
                if e.is_const and e.const:
                    continue
                checks.append(("True" if at.is_const else at.src, e.src))
        if urgent:
            w.line("if not (" + " or ".join(urgent) + "):")
            w.depth += 1
        w.line("try:")
        with w:
            if checks:
                w.line("tok = True")
                for at_src, inv_src in checks:
                    w.line(f"if {at_src} and not {inv_src}:")
                    with w:
                        w.line("tok = False")
                w.line("if tok:")
                w.depth += 1
            sh = [f"((f{k} < {fields.list[k].hi}) << {fields.list[k].offset})" if fields.list[k].offset
                  else f"(f{k} < {fields.list[k].hi})" for k in clocks]
            w.line("n = s" + "".join(" + " + x for x in sh))
            self.emit_succ(w, 0, True, set() if self.tick_keeps_order() else None)
            if checks:
                w.depth -= 1
        w.line("except _ME:")
        with w:
            if self.live.deadlock and self.mode != "succ":
                w.line("moved = True")
            if self.live.errors or self.mode == "succ":
                self.emit_viol(w, -1, 0)
            else:
                w.line("pass")
        if urgent:
            w.depth -= 1

    def tick_keeps_order(self) -> bool:
        """A tick keeps blocks sorted when each reduced array's machine has at most one clock (lowest bits)."""
        arrays = self.plan.arrays()
        for name, _, _ in self.arrays:
            m = arrays[name][0]
            if sum(1 for f in self.fields.list if f.gid == m.gid and f.kind == "clock" and f.bits) > 1:
                return False
        return True

    def deadlock(self) -> None:
        parts: list[C] = []
        for inst in self.plan.instances:
            finals = [i for i, n in enumerate(inst.machine.leaves) if inst.machine.state(n).final]
            parts.append(leaf_set_test(self.fields, inst.gid, finals, len(inst.machine.leaves)))
        comp = ExprCompiler(self.plan.instances, self.plan.arrays(), self.plan.params, self.pre)
        done = comp.chain("and", parts)
        if done.is_const and done.const:
            return
        cond = "not moved" if done.is_const else f"not moved and not {done.src}"
        self.w.line(f"if {cond}:")
        with self.w:
            self.w.line("dead(pi)")
            self.w.line("dirty = True")


def generate(plan: Plan, live: Live, mode: str, symmetric: bool, limited: bool = False) -> str:
    """The full source: helpers, ``canon`` and the requested function."""
    gen = Generator(plan, live, mode, symmetric, limited)
    body = gen.generate()
    return HELPERS + "\n" + canon_source(plan) + "\n" + gen.predicates() + "\n" + body


def load(plan: Plan, live: Live, mode: str, symmetric: bool, limited: bool = False) -> Callable[..., Any]:
    """Generate, compile and return ``explore`` or ``succ``."""
    src = generate(plan, live, mode, symmetric, limited)
    ns: dict[str, Any] = {}
    exec(compile(src, f"<lifefsm {mode} {plan.system.name}>", "exec"), ns)  # noqa: S102 - generated from the IR
    fn = ns["succ" if mode == "succ" else "explore"]
    assert callable(fn)
    return fn  # type: ignore[no-any-return]


__all__ = ["generate", "load", "Live", "const"]


def predicate_source(plan: Plan, expr: Any, bind: Binding, name: str) -> str:
    """Source of ``name(s)``: 1 if ``expr`` holds in state ``s``, 0 if not, 2 on a model error."""
    gen = Generator(plan, Live(), "succ", False)
    e = gen.compiler(gen.pre, bind).compile(expr)
    used = sorted({int(x) for x in re.findall(r"\bf(\d+)\b", e.src)})
    w = Writer()
    w.line(f"def {name}(s):")
    w.depth = 1
    gen.unpack(w, used)
    w.line("try:")
    with w:
        w.line(f"return 1 if {e.src} else 0")
    w.line("except _ME:")
    with w:
        w.line("return 2")
    return w.text()


def load_predicate(plan: Plan, expr: Any, bind: Binding) -> Callable[[int], int]:
    """A compiled state predicate: 1 if ``expr`` holds in a state, 0 if not, 2 on a model error."""
    ns: dict[str, Any] = {}
    src = HELPERS + "\n" + predicate_source(plan, expr, bind, "pred")
    exec(compile(src, "<lifefsm predicate>", "exec"), ns)  # noqa: S102 - generated from the IR
    fn = ns["pred"]
    assert callable(fn)
    return fn  # type: ignore[no-any-return]
