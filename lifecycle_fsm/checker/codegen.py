"""Generate the search's inner loop as Python source and exec it.

Three flavours share one generator (steps.StepGen): ``explore`` expands a slice of a BFS
layer and inserts new states into the visited set inline (no per-successor calls, no
lists); ``succ`` returns one state's successors with their move ids (for the liveness
graph and for tests); ``cover`` is ``explore`` plus hooks that record the first state
where each (instance, transition) pair fires. State invariants are checked when a state
is expanded, ordering and only-when checks inside the step that triggers them, deadlock
after all moves of a state are known. A check whose property is decided is dropped by
regenerating the code; monitor updates stay, so stored states never change meaning. A
``reachable`` witness needs no new code: its check is skipped once found (a local flag).

Expressions are nodes shared across the whole function (exprgen), so a definition read by
many guards and properties of one state is computed once where possible; a ``GenCache``
keeps the compiled expressions of a plan across regenerations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .build import Plan
from .exprgen import ATOM, C, ExprCompiler, Memo, N, Nodes, Writer, const, leaf_node
from .props import Binding
from .steps import Fields, Live, StepGen, leaf_set_test
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
    """Block j (value b, already in n) belongs further left: shift the blocks between up one slot.
    Blocks 0..j-1 are sorted and block j-1 > b: binary search for the first block > b."""
    p, q = 0, j - 1
    while p < q:
        h = (p + q) >> 1
        if (n >> (base + h * w) & m) > b:
            q = h
        else:
            p = h + 1
    lo = base + p * w
    hi = base + j * w
    seg = n >> lo & ((1 << (hi - lo)) - 1)
    n &= ~(((1 << (hi + w - lo)) - 1) << lo)
    return n | seg << (lo + w) | b << lo


def _up(n, b, base, w, m, j, count):
    """Block j (value b, already in n) belongs further right: shift the blocks between down one slot.
    Blocks j+1.. are sorted and block j+1 < b: binary search for the last block < b."""
    p, q = j + 1, count - 1
    while p < q:
        h = (p + q + 1) >> 1
        if (n >> (base + h * w) & m) < b:
            p = h
        else:
            q = h - 1
    lo = base + (j + 1) * w
    hi = base + (p + 1) * w
    seg = n >> lo & ((1 << (hi - lo)) - 1)
    n &= ~(((1 << (hi - lo + w)) - 1) << (lo - w))
    return n | seg << (lo - w) | b << (hi - w)
'''

CHUNK = 30  # bits per digit of a CPython int

EXPLORE_ARGS = "layer, base, k, stop, nxt, seen, parents, room, viol, perr, undo, dead, over, cov, reach, lr"


TABLE_BITS = 10  # fields read together through a table of at most 2**TABLE_BITS tuples


class GenCache:
    """What generating code for one plan can reuse: interned nodes, compiled expressions, unpacking tables."""

    def __init__(self) -> None:
        self.nodes = Nodes()
        self.memo: Memo = {}
        self.tables: dict[tuple[Any, ...], tuple[str, list[tuple[int, ...]]]] = {}


class Generator:
    def __init__(self, plan: Plan, live: Live, mode: str, symmetric: bool, limited: bool = False,
                 cache: GenCache | None = None):
        self.plan = plan
        self.limited = limited  # a --max-states limit: count down the room left
        self.live = live
        self.mode = mode  # explore | succ | cover
        self.symmetric = symmetric
        self.cache = cache if cache is not None else GenCache()
        self.nodes = self.cache.nodes
        self.fields = Fields(plan)
        self.w = Writer()
        self.arrays = array_offsets(plan) if symmetric else []
        members = plan.arrays()
        # element gid -> (index of its array in self.arrays, position in the array)
        self.array_pos = {i.gid: (a, j) for a, (name, _, _) in enumerate(self.arrays)
                          for j, i in enumerate(members[name])}
        self.array_contiguous = [all(o == offs[0] + k * mask.bit_length() for k, o in enumerate(offs))
                                 for _, offs, mask in self.arrays]
        self.blocks_used: set[int] = set()  # offsets of element blocks read as B<offset>
        self.reads: dict[int, set[int]] = {}
        self.tables: dict[str, list[tuple[int, ...]]] = {}  # the unpacking tables the code reads

    # -- callbacks for StepGen --
    def emit_succ(self, w: Writer, move: int, tick: bool, changed: set[int] | None = None) -> None:
        """What to do with successor ``n``; ``changed``: the fields the step may have changed (None: any)."""
        canon = None
        if self.symmetric:
            if tick:
                canon = self.canon_code(set() if self.tick_keeps_order() else None)
            else:
                canon = self.canon_code(None if changed is None else {self.fields.list[k].gid for k in changed})
        if self.mode == "succ":
            for line in canon or []:
                w.line(line)
            w.line(f"out.append(({move}, n))")
            return
        if tick:  # (the caller knows the tick changes something)
            if self.live.deadlock:
                w.line("moved = True")
            if self.mode == "cover":
                w.line("cov(pi, 0, -1, -1)")
        for j in self.stables():
            if changed is not None and not changed & self.stable_reads(j):
                continue  # the step leaves every field the property reads as it was: it still holds
            w.line(f"if st{j}:")
            with w:
                w.line(f"v = SP{j}(n)")
                w.line("if v == 0:")
                with w:
                    self.emit_viol(w, self.plan.checks.stable[j].pid, move)
                w.line("elif v == 2:")
                with w:
                    self.emit_perr(w, self.plan.checks.stable[j].pid, move)
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

    def canon_code(self, changed: set[int] | None) -> list[str] | None:
        """Make ``n`` canonical; when one element of one reduced array changed, move just its block.

        The other blocks of that array are still sorted, so the changed block is compared with
        its neighbours in the state being expanded (``B<offset>``) and, if out of place, moved
        by shifting the contiguous run of blocks between (``_dn``/``_up``): a few big-int
        operations instead of a sort and a repack.
        """
        if changed is None:
            return ["n = canon(n)"]
        hit: dict[int, list[int]] = {}  # reduced array (its index in self.arrays) -> changed elements
        for g in changed:
            where = self.array_pos.get(g)
            if where is not None:
                hit.setdefault(where[0], []).append(where[1])
        if not hit:
            return None
        if len(hit) > 1 or len(next(iter(hit.values()))) > 1:
            return ["n = canon(n)"]
        (a, (j,)), = hit.items()
        _, offs, mask = self.arrays[a]
        width = mask.bit_length()
        if len(offs) < 2:
            return None
        if not self.array_contiguous[a]:
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

    def emit_perr(self, w: Writer, pid: int, move: int) -> None:
        """Property ``pid``'s expression hit a model error (in the state, ``move`` -1, or around ``move``)."""
        if self.mode == "succ":
            w.line("pass")  # a property's evaluation never blocks a step
            return
        w.line(f"perr({pid}, pi, {move})")
        w.line("dirty = True")

    def emit_undo(self, w: Writer, move: int) -> None:
        """Forget the violations recorded by ``move`` from this state: it hit a model error after them."""
        w.line("pass" if self.mode == "succ" else f"undo(pi, {move})")

    def emit_error(self, w: Writer, move: int) -> None:
        """A model error in the tick (move 0)."""
        if self.live.errors or self.mode == "succ":
            self.emit_viol(w, -1, move)
        else:
            w.line("pass")

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
        if self.mode == "explore":
            for j in sorted(self.live.reach):
                head.line(f"r{j} = {j} in lr")
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
        single-digit ints (CPython's fast path) even when states are much wider; neighbouring
        fields of a chunk are read together, as a tuple from a table indexed by their bits."""
        items: list[tuple[str, int, int, int]] = []  # (local, offset, bits, low end)
        for k in used:
            f = self.fields.list[k]
            items.append((f"f{k}", f.offset, f.bits, f.lo))
        masks = {o: m for _, offs, m in self.arrays for o in offs}
        blocks = [(f"B{o}", o, masks[o].bit_length(), 0) for o in sorted(self.blocks_used)]
        wide = self.plan.layout.total_bits > CHUNK
        chunks = sorted({off // CHUNK for _, off, bits, _ in items + blocks
                         if wide and off // CHUNK == (off + bits - 1) // CHUNK})
        for c in chunks:
            w.line(f"s{c} = s >> {c * CHUNK} & {(1 << CHUNK) - 1}" if c else f"s0 = s & {(1 << CHUNK) - 1}")

        def where(off: int, bits: int) -> tuple[str, int]:
            if off // CHUNK in chunks and off // CHUNK == (off + bits - 1) // CHUNK:
                return f"s{off // CHUNK}", off % CHUNK
            return "s", off

        def single(name: str, off: int, bits: int, lo: int) -> None:
            src, rel = where(off, bits)
            mask = (1 << bits) - 1
            expr = f"{src} >> {rel} & {mask}" if rel else f"{src} & {mask}"
            if lo:
                expr = f"({expr}) + {lo}" if lo > 0 else f"({expr}) - {-lo}"
            w.line(f"{name} = {expr}")

        groups: list[list[tuple[str, int, int, int]]] = []
        for item in sorted(items, key=lambda x: x[1]):
            _, off, bits, _ = item
            if groups:
                g = groups[-1]
                src, _ = where(off, bits)
                if (src != "s" or not wide) and where(g[0][1], g[0][2])[0] == src \
                        and off + bits - g[0][1] <= TABLE_BITS:
                    g.append(item)
                    continue
            groups.append([item])
        for g in groups:
            if len(g) == 1:
                single(*g[0])
                continue
            base = g[0][1]
            width = g[-1][1] + g[-1][2] - base
            src, rel = where(base, width)
            name = self.table(tuple((off - base, bits, lo) for _, off, bits, lo in g), width)
            mask = (1 << width) - 1
            index = f"{src} >> {rel} & {mask}" if rel else f"{src} & {mask}"
            w.line(f"{', '.join(x[0] for x in g)} = {name}[{index}]")
        for b in blocks:
            single(*b)

    def table(self, parts: tuple[tuple[int, int, int], ...], width: int) -> str:
        """The name of a table: for every value of ``width`` bits, the values of the fields ``parts``
        ((offset, bits, low end) each) it holds."""
        key = (parts, width)
        hit = self.cache.tables.get(key)
        if hit is None:
            rows = [tuple(((x >> off) & ((1 << bits) - 1)) + lo for off, bits, lo in parts) for x in range(1 << width)]
            hit = self.cache.tables[key] = (f"_U{len(self.cache.tables)}", rows)
        self.tables[hit[0]] = hit[1]
        return hit[0]

    def compiler(self, read: Callable[[int, str, str], C], bind: Binding, ctx: object = None) -> ExprCompiler:
        return ExprCompiler(self.plan.instances, self.plan.arrays(), self.plan.params, read, bind.self_gid,
                            dict(bind.bound), self.nodes, self.cache.memo, ctx)

    def pre(self, gid: int, kind: str, key: str) -> C:
        return self.fields.pre(self.fields.k(gid, kind, key))

    def pre_compiler(self, bind: Binding) -> ExprCompiler:
        """Expressions over the state being expanded, nothing known about it."""
        return self.compiler(self.pre, bind, ("state",))

    def stables(self) -> list[int]:
        if self.mode != "explore":
            return []
        return [j for j, c in enumerate(self.plan.checks.stable) if c.pid in self.live.pids]

    def stable_reads(self, j: int) -> set[int]:
        """The fields 'stable' check ``j`` reads."""
        hit = self.reads.get(j)
        if hit is None:
            c = self.plan.checks.stable[j]
            hit = self.reads[j] = fields_read(self.pre_compiler(c.bind).compile(c.expr).node)
        return hit

    def predicates(self) -> str:
        """Source of ``SP<j>(n)`` for each live 'stable' check: 1 holds, 0 fails, 2 model error."""
        out = []
        for j in self.stables():
            c = self.plan.checks.stable[j]
            out.append(predicate_source(self.plan, c.expr, c.bind, f"SP{j}", self.cache, self.tables))
        return "\n".join(out)

    def invariants(self) -> None:
        """The checks of the state itself: invariants first (their values are then known to the
        guards below), the 'stable' checks' values before the steps, and the witnesses still wanted."""
        w = self.w
        for c in self.plan.checks.invariants:
            if c.pid not in self.live.pids:
                continue
            comp = self.pre_compiler(c.bind)
            e = comp.compile(c.expr)
            if e.is_const and e.const:
                continue
            if not e.safe:
                w.line("try:")
                w.depth += 1
            if e.is_const:
                self.emit_viol(w, c.pid, -1)
            else:
                w.line("if ", comp.negate(e.node), ":")
                with w:
                    self.emit_viol(w, c.pid, -1)
            if not e.safe:
                w.depth -= 1
                w.line("except _ME:")
                with w:
                    self.emit_perr(w, c.pid, -1)
        for j in self.stables():
            c = self.plan.checks.stable[j]
            e = self.pre_compiler(c.bind).compile(c.expr)
            if e.safe:
                w.line(f"st{j} = ", e)
                continue
            w.line("try:")
            with w:
                w.line(f"st{j} = ", e)
            w.line("except _ME:")
            with w:
                w.line(f"st{j} = False")
                self.emit_perr(w, c.pid, -1)
        for j, c in enumerate(self.plan.checks.reach):
            if j not in self.live.reach:
                continue
            e = self.pre_compiler(c.bind).compile(c.expr)
            if e.is_const and not e.const:
                continue
            w.line(f"if r{j}:")
            with w:
                if not e.safe:
                    w.line("try:")
                    w.depth += 1
                if not e.is_const:
                    w.line("if ", e, ":")
                    w.depth += 1
                w.line(f"reach({j}, pi)")
                w.line(f"r{j} = False")
                if not e.is_const:
                    w.depth -= 1
                if not e.safe:
                    w.depth -= 1
                    w.line("except _ME:")
                    with w:
                        self.emit_perr(w, c.pid, -1)

    def instances(self) -> None:
        gen = StepGen(self.plan, self.fields, self.live, self.w, self.emit_succ, self.emit_viol, self.nodes,
                      self.cache.memo, self.emit_perr, self.emit_undo)
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
                gen.w = sub
                for mv in here:
                    gen.move(mv, li)
                if not sub.lines:
                    continue
                if not leaf_c.is_const:
                    self.w.line(f"{'elif' if opened else 'if'} {leaf_c.node.fmt} == {li}:")
                    opened = True
                    with self.w:
                        self.w.splice(sub)
                else:
                    self.w.splice(sub)
        gen.w = self.w

    def tick(self) -> None:
        """Time passes unless an instance is in an urgent leaf or, after the increment, some
        instance's leaf invariant fails (judged instance by instance, stopping at the first that fails)."""
        w = self.w
        fields = self.fields
        nodes = self.nodes
        urgent = []
        for inst in self.plan.instances:
            leaves = [i for i, n in enumerate(inst.machine.leaves) if inst.machine.state(n).urgent]
            t = leaf_set_test(fields, inst.gid, leaves, len(inst.machine.leaves), nodes)
            if t.is_const and t.const:
                return  # always urgent: time never passes
            if not t.is_const:
                urgent.append(t)
        clocks = [k for k, f in enumerate(fields.list) if f.kind == "clock" and f.bits]

        def ticked(gid: int, kind: str, key: str) -> C:
            k = fields.k(gid, kind, key)
            f = fields.list[k]
            if kind == "clock" and f.bits:
                return C(nodes.seq(f"({{0}} + ({{0}} < {f.hi}))", fields.pre(k).node), None, 0, f.hi)
            return fields.pre(k)

        parts: list[C] = []  # per instance: its leaf's invariants hold after the increment
        for inst in self.plan.instances:
            comp = self.compiler(ticked, Binding(inst.gid), ("tick",))
            leaf_c = fields.pre(fields.k(inst.gid, "leaf"))
            cases: list[tuple[list[int], C]] = []
            for li, name in enumerate(inst.machine.leaves):
                invs = inst.machine.state(name).invariants
                if not invs or (leaf_c.is_const and leaf_c.const != li):
                    continue
                e = comp.chain("and", [comp.compile(x) for x in invs])
                if e.is_const and e.const:
                    continue
                for ls, c in cases:
                    if c.node is e.node:
                        ls.append(li)
                        break
                else:
                    cases.append(([li], e))
            if not cases:
                continue
            if leaf_c.is_const:
                parts.append(cases[0][1])
                continue
            acc = const(True)
            for ls, e in reversed(cases):
                acc = C(nodes.cond(leaf_node(nodes, leaf_c.node, ls), e.node, acc.node), None, None, None,
                        e.safe and acc.safe)
            parts.append(acc)
        comp = self.pre_compiler(Binding(None))
        ok = comp.chain("and", parts)
        if ok.is_const and not ok.const:
            return
        if urgent:
            w.line("if ", comp.negate(comp.chain("or", urgent).node), ":")
            w.depth += 1
        if not ok.safe:
            w.line("try:")
            w.depth += 1
        if not ok.is_const:
            w.line("if ", ok, ":")
            w.depth += 1
        # every clock below its cap goes up by one: the small ints first, one big-int addition
        inc = " + ".join(f"({1 << fields.list[k].offset} if f{k} < {fields.list[k].hi} else 0)" for k in clocks)
        if self.mode == "succ":
            w.line(f"n = s + ({inc})" if clocks else "n = s")
            self.emit_succ(w, 0, True, set(clocks))
        elif clocks:  # a tick that changes nothing is no transition
            w.line(f"d = {inc}")
            w.line("if d:")
            with w:
                w.line("n = s + d")
                self.emit_succ(w, 0, True, set(clocks))
        else:
            w.line("pass")
        if not ok.is_const:
            w.depth -= 1
        if not ok.safe:
            w.depth -= 1
            w.line("except _ME:")
            with w:
                if self.live.deadlock and self.mode != "succ":
                    w.line("moved = True")
                self.emit_error(w, 0)
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
            parts.append(leaf_set_test(self.fields, inst.gid, finals, len(inst.machine.leaves), self.nodes))
        comp = self.pre_compiler(Binding(None))
        done = comp.chain("and", parts)
        if done.is_const and done.const:
            return
        w = self.w
        w.line("if not moved:")
        with w:
            if not done.is_const:
                w.line("if ", comp.negate(done.node), ":")
                w.depth += 1
            w.line("dead(pi)")
            w.line("dirty = True")
            if not done.is_const:
                w.depth -= 1


def fields_read(n: N) -> set[int]:
    """The fields (``f<k>`` locals) an expression reads."""
    out: set[int] = set()
    seen: set[int] = set()
    todo = [n]
    while todo:
        x = todo.pop()
        if x.uid in seen:
            continue
        seen.add(x.uid)
        if x.kind == ATOM:
            if x.fmt[:1] == "f" and x.fmt[1:].isdigit():
                out.add(int(x.fmt[1:]))
        else:
            todo.extend(x.args)
    return out


def _generate(plan: Plan, live: Live, mode: str, symmetric: bool, limited: bool,
              cache: GenCache | None) -> tuple[str, dict[str, Any]]:
    gen = Generator(plan, live, mode, symmetric, limited, cache)
    body = gen.generate()
    src = HELPERS + "\n" + canon_source(plan) + "\n" + gen.predicates() + "\n" + body
    return src, dict(gen.tables)


def load(plan: Plan, live: Live, mode: str, symmetric: bool, limited: bool = False,
         cache: GenCache | None = None) -> Callable[..., Any]:
    """Generate, compile and return ``explore`` or ``succ``."""
    src, ns = _generate(plan, live, mode, symmetric, limited, cache)
    exec(compile(src, f"<lifefsm {mode} {plan.system.name}>", "exec"), ns)  # noqa: S102 - generated from the IR
    fn = ns["succ" if mode == "succ" else "explore"]
    assert callable(fn)
    return fn  # type: ignore[no-any-return]


__all__ = ["GenCache", "load", "load_predicate"]


def predicate_source(plan: Plan, expr: Any, bind: Binding, name: str, cache: GenCache | None = None,
                     tables: dict[str, Any] | None = None) -> str:
    """Source of ``name(s)``: 1 if ``expr`` holds in state ``s``, 0 if not, 2 on a model error
    (the unpacking tables it reads are added to ``tables``)."""
    gen = Generator(plan, Live(), "succ", False, cache=cache)
    e = gen.pre_compiler(bind).compile(expr)
    w = Writer()
    w.depth = 1
    if e.safe:
        w.line("return 1 if ", e, " else 0")
    else:
        w.line("try:")
        with w:
            w.line("return 1 if ", e, " else 0")
        w.line("except _ME:")
        with w:
            w.line("return 2")
    text = w.text()
    used = sorted({int(x) for x in re.findall(r"\bf(\d+)\b", text)})
    head = Writer()
    head.line(f"def {name}(s):")
    head.depth = 1
    gen.unpack(head, used)
    if tables is not None:
        tables.update(gen.tables)
    return head.text() + text


def load_predicate(plan: Plan, expr: Any, bind: Binding) -> Callable[[int], int]:
    """A compiled state predicate: 1 if ``expr`` holds in a state, 0 if not, 2 on a model error."""
    ns: dict[str, Any] = {}
    src = HELPERS + "\n" + predicate_source(plan, expr, bind, "pred", tables=ns)
    exec(compile(src, "<lifefsm predicate>", "exec"), ns)  # noqa: S102 - generated from the IR
    fn = ns["pred"]
    assert callable(fn)
    return fn  # type: ignore[no-any-return]
