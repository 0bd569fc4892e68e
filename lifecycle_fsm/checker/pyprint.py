"""The step program printed as the Python the search runs: ``explore``, ``succ`` and state predicates.

``explore`` expands a slice of a BFS layer and inserts new states into the visited set inline
(no per-successor calls, no lists); ``succ`` returns one state's successors with their move ids
(for the liveness graph and for tests); ``cover`` is ``explore`` plus hooks that record the first
state where each (instance, transition) pair fires. The program's events become calls of the
search's recorders (``viol``, ``perr``, ``undo``, ``over``, ``cov``, ``reach``, ``dead``); a
successor is made canonical (symmetry), checked against the 'stable' properties and inserted.

Fields are read out of the packed state through 30-bit chunks, so the shifts and masks work on
single-digit ints (CPython's fast path) even when states are much wider; neighbouring fields of
a chunk are read together, as a tuple from a table indexed by their bits.
"""

from __future__ import annotations

from typing import Any

from ..escape import py_comment
from . import program as p
from .build import Plan
from .moves import Live
from .plan import Field
from .program import Node, fields_read
from .pytext import Emitter, Line, Part, lit
from .symmetry import array_offsets

CHUNK = 30  # bits per digit of a CPython int
TABLE_BITS = 10  # fields read together through a table of at most 2**TABLE_BITS tuples
EXPLORE_ARGS = "layer, base, k, stop, nxt, seen, parents, room, viol, perr, undo, dead, over, cov, reach, lr"

Tables = dict[tuple[Any, ...], tuple[str, list[tuple[int, ...]]]]


class Lines:
    """Lines of Python being written at a depth."""

    def __init__(self, depth: int = 0) -> None:
        self.lines: list[Line] = []
        self.depth = depth

    def line(self, *parts: Part, opens: str | None = None, test: Node | None = None) -> None:
        self.lines.append(Line(self.depth, parts, opens, test))

    def __enter__(self) -> None:
        self.depth += 1

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1

    def text(self) -> str:
        return Emitter(self.lines).text()


class Printer:
    """Prints one program in one mode (``explore``, ``succ``, ``cover``); see the module docstring."""

    def __init__(self, plan: Plan, live: Live, mode: str, symmetric: bool, limited: bool, tables: Tables):
        self.plan = plan
        self.live = live
        self.mode = mode
        self.symmetric = symmetric
        self.limited = limited  # a --max-states limit: count down the room left
        self.cache = tables  # the unpacking tables of the plan, shared across printings
        self.tables: dict[str, list[tuple[int, ...]]] = {}  # the tables this text reads
        self.fields = plan.layout.fields
        self.arrays = array_offsets(plan) if symmetric else []
        members = plan.arrays()
        # element gid -> (index of its array in self.arrays, position in the array)
        self.array_pos = {i.gid: (a, j) for a, (name, _, _) in enumerate(self.arrays)
                          for j, i in enumerate(members[name])}
        self.array_contiguous = [all(o == offs[0] + k * mask.bit_length() for k, o in enumerate(offs))
                                 for _, offs, mask in self.arrays]
        self.blocks_used: set[int] = set()  # offsets of element blocks read as B<offset>
        self.clocks_read: set[int] = set()  # fields the tick's increment reads (written as text)
        self.stables: list[tuple[int, int, Node, bool]] = []

    # -- statements --
    def block(self, w: Lines, stmts: list[p.Stmt]) -> None:
        for s in stmts:
            self.stmt(w, s)

    def stmt(self, w: Lines, s: p.Stmt) -> None:
        if isinstance(s, p.Set):
            w.line(f"w{s.k} = ", s.value)
        elif isinstance(s, p.Let):
            w.line(f"{s.name} = ", s.value)
        elif isinstance(s, p.If):
            for i, (cond, body) in enumerate(s.arms):
                w.line("if " if i == 0 else "elif ", cond, ":", opens="if" if i == 0 else "elif", test=cond)
                with w:
                    self.block(w, body)
            if s.orelse is not None:
                w.line("else:", opens="else")
                with w:
                    self.block(w, s.orelse)
        elif isinstance(s, p.Switch):
            for i, (value, body) in enumerate(s.cases):
                w.line("if " if i == 0 else "elif ", s.subject, f" == {value}:", opens="if" if i == 0 else "elif")
                with w:
                    self.block(w, body)
        elif isinstance(s, p.Try):
            w.line("try:", opens="try")
            with w:
                self.block(w, s.body)
            w.line("except _ME:", opens="except")
            with w:
                self.block(w, s.handler)
        elif isinstance(s, p.Event):
            self.event(w, s)
        elif isinstance(s, p.Successor):
            w.line(*successor(s.changes, s.base))
        elif isinstance(s, p.Reload):
            f = self.fields[s.k]
            src = f"n >> {f.offset} & {f.mask}" if f.offset else f"n & {f.mask}"
            if f.lo:
                src = f"({src}) + {f.lo}" if f.lo > 0 else f"({src}) - {-f.lo}"
            w.line(f"w{s.k} = {src}")
        elif isinstance(s, p.Add):
            w.line(f"w{s.k} += {s.delta}" if s.delta > 0 else f"w{s.k} -= {-s.delta}")
        elif isinstance(s, p.Bound):
            conds = ([] if s.lo is None else [f"w{s.k} < {s.lo}"]) + ([] if s.hi is None else [f"w{s.k} > {s.hi}"])
            w.line(f"if {' or '.join(conds)}: _bad()")
        elif isinstance(s, p.Fail):
            w.line("_bad()")
        elif isinstance(s, p.Tick):
            self.tick(w, s)
        elif isinstance(s, p.Pass):
            w.line("pass")
        else:
            assert isinstance(s, p.Comment), s
            w.line("# " + py_comment(s.text))

    def tick(self, w: Lines, s: p.Tick) -> None:
        """Every clock below its cap goes up by one: the small ints first, one big-int addition."""
        inc = " + ".join(f"({1 << self.fields[k].offset} if f{k} < {self.fields[k].hi} else 0)" for k in s.clocks)
        if self.mode == "succ" or s.clocks:
            self.clocks_read.update(s.clocks)
        if self.mode == "succ":
            w.line(f"n = s + ({inc})" if s.clocks else "n = s")
            self.block(w, s.then)
        elif s.clocks:  # a tick that changes nothing is no transition
            w.line(f"d = {inc}")
            w.line("if d:", opens="if")
            with w:
                w.line("n = s + d")
                self.block(w, s.then)
        else:
            w.line("pass")

    def event(self, w: Lines, e: p.Event) -> None:
        kind, args = e.kind, e.args
        succ = self.mode == "succ"
        if kind == "succ":
            self.successor(w, *args)
        elif kind == "violation":
            pid, move = args
            if succ:
                w.line(f"out.append(({move}, -1))" if pid == -1 else "pass")
            else:
                w.line(f"viol({pid}, pi, {move})")
                w.line("dirty = True")
        elif kind == "property_error":
            if succ:
                w.line("pass")  # a property's evaluation never blocks a step
            else:
                w.line(f"perr({args[0]}, pi, {args[1]})")
                w.line("dirty = True")
        elif kind == "undo":
            w.line("pass" if succ else f"undo(pi, {args[0]})")
        elif kind == "overflow":
            w.line(f"over({args[0]}, pi, {args[1]})")
            w.line("dirty = True")
        elif kind == "cover":
            w.line(f"cov(pi, {args[0]}, {args[1]}, {args[2]})")
        elif kind == "moved":
            w.line("moved = True")
        elif kind == "reach":
            w.line(f"reach({args[0]}, pi)")
        else:
            assert kind == "dead", kind
            w.line("dead(pi)")
            w.line("dirty = True")

    def successor(self, w: Lines, move: int, tick: bool, changed: frozenset[int]) -> None:
        """What to do with successor ``n``; ``changed``: the fields the step may have changed."""
        canon = None
        if self.symmetric:
            if tick:
                canon = self.canon_code(set() if self.tick_keeps_order() else None)
            else:
                canon = self.canon_code({self.fields[k].gid for k in changed})
        if self.mode == "succ":
            for line in canon or []:
                w.line(*line)
            w.line(f"out.append(({move}, n))")
            return
        if tick:  # (the caller knows the tick changes something)
            if self.live.deadlock:
                w.line("moved = True")
            if self.mode == "cover":
                w.line("cov(pi, 0, -1, -1)")
        for j, pid, node, _ in self.stables:
            if not changed & fields_read([node]):
                continue  # the step leaves every field the property reads as it was: it still holds
            w.line(f"if st{j}:", opens="if")
            with w:
                w.line(f"v = SP{j}(n)")
                w.line("if v == 0:", opens="if")
                with w:
                    self.event(w, p.Event("violation", (pid, move)))
                w.line("elif v == 2:", opens="elif")
                with w:
                    self.event(w, p.Event("property_error", (pid, move)))
        for line in canon or []:
            w.line(*line)
        w.line("ntr += 1")
        w.line("if n not in seen:", opens="if")
        with w:
            if self.limited:
                w.line("if not room:", opens="if")
                with w:
                    w.line("return k, ntr, room, True")
                w.line("room -= 1")
            w.line(f"sadd(n); nadd(n); padd(pm + {move})" if move else "sadd(n); nadd(n); padd(pm)")

    def canon_code(self, changed: set[int] | None) -> list[tuple[str, ...]] | None:
        """Make ``n`` canonical; when one element of one reduced array changed, move just its block.

        The other blocks of that array are still sorted, so the changed block is compared with
        its neighbours in the state being expanded (``B<offset>``) and, if out of place, moved
        by shifting the contiguous run of blocks between (``_dn``/``_up``): a few big-int
        operations instead of a sort and a repack.
        """
        if changed is None:
            return [("n = canon(n)",)]
        hit: dict[int, list[int]] = {}  # reduced array (its index in self.arrays) -> changed elements
        for g in changed:
            where = self.array_pos.get(g)
            if where is not None:
                hit.setdefault(where[0], []).append(where[1])
        if not hit:
            return None
        if len(hit) > 1 or len(next(iter(hit.values()))) > 1:
            return [("n = canon(n)",)]
        (a, (j,)), = hit.items()
        _, offs, mask = self.arrays[a]
        width = mask.bit_length()
        if len(offs) < 2:
            return None
        if not self.array_contiguous[a]:
            return [("n = canon(n)",)]
        out: list[tuple[str, ...]] = [(f"b = n >> {offs[j]} & {mask}" if offs[j] else f"b = n & {mask}",)]
        cond = "if"
        if j > 0:
            self.blocks_used.add(offs[j - 1])
            out.append((f"if b < B{offs[j - 1]}: n = _dn(n, b, {offs[0]}, {width}, {mask}, {j})",))
            cond = "elif"
        if j + 1 < len(offs):
            self.blocks_used.add(offs[j + 1])
            out.append((f"{cond} b > B{offs[j + 1]}: n = _up(n, b, {offs[0]}, {width}, {mask}, {j}, {len(offs)})",))
        return out

    def tick_keeps_order(self) -> bool:
        """A tick keeps blocks sorted when each reduced array's machine has at most one clock (lowest bits)."""
        arrays = self.plan.arrays()
        for name, _, _ in self.arrays:
            m = arrays[name][0]
            if sum(1 for f in self.fields if f.gid == m.gid and f.kind == "clock" and f.bits) > 1:
                return False
        return True

    # -- functions --
    def function(self, program: p.Program) -> str:
        """``explore`` (modes explore and cover) or ``succ``."""
        self.stables = program.stables
        body = Lines(2 if self.mode != "succ" else 1)
        if self.live.deadlock and self.mode != "succ":
            body.line("moved = False")
        self.block(body, program.body())
        text = body.text()
        used = sorted(self.clocks_read | reads(body))
        head = Lines()
        if self.mode == "succ":
            head.line("def succ(s):", opens="block")
            head.depth = 1
            head.line("out = []")
            self.unpack(head, used)
            return head.text() + text + "    return out\n"
        head.line(f"def explore({EXPLORE_ARGS}):", opens="block")
        head.depth = 1
        head.line("nadd = nxt.append; sadd = seen.add; padd = parents.append")
        head.line("ntr = 0")
        head.line("dirty = False")
        if self.mode == "explore":
            for j in sorted(self.live.reach):
                head.line(f"r{j} = {j} in lr")
        head.line("while k < stop:", opens="block")
        head.depth = 2
        head.line("s = layer[k]")
        head.line("pi = base + k")
        head.line("pm = pi << 16")
        head.line("k += 1")
        self.unpack(head, used)
        tail = "        if dirty:\n            break\n    return k, ntr, room, False\n"
        return head.text() + text + tail

    def predicate(self, node: Node, risky: bool, name: str) -> str:
        """Source of ``name(s)``: 1 if ``node`` holds in state ``s``, 0 if not, 2 on a model error."""
        w = Lines(1)
        if not risky:
            w.line("return 1 if ", node, " else 0")
        else:
            w.line("try:", opens="try")
            with w:
                w.line("return 1 if ", node, " else 0")
            w.line("except _ME:", opens="except")
            with w:
                w.line("return 2")
        text = w.text()
        head = Lines()
        head.line(f"def {name}(s):", opens="block")
        head.depth = 1
        self.unpack(head, sorted(reads(w)))
        return head.text() + text

    def unpack(self, w: Lines, used: list[int]) -> None:
        """Read fields out of ``s`` (see the module docstring)."""
        items: list[tuple[str, int, int, int]] = []  # (local, offset, bits, low end)
        for k in used:
            f = self.fields[k]
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
        hit = self.cache.get(key)
        if hit is None:
            rows = [tuple(((x >> off) & ((1 << bits) - 1)) + lo for off, bits, lo in parts) for x in range(1 << width)]
            hit = self.cache[key] = (f"_U{len(self.cache)}", rows)
        self.tables[hit[0]] = hit[1]
        return hit[0]


def reads(w: Lines) -> set[int]:
    """The fields the expressions of these lines read."""
    return fields_read([p for line in w.lines for p in line.parts if isinstance(p, Node)])


def successor(changes: list[tuple[Field, Any, Any]], base: str = "s") -> list[Part]:
    """The parts of the line ``n = ...`` for these (field, new value, value in ``base``) changes.

    Two ways, the one with fewer operations wins: ``s`` plus the differences (a field whose
    new value is its old one plus a constant costs nothing: the constants are folded), or
    ``s`` with the fields that get new values masked out and those values or'ed in.
    """
    delta = 0  # the constant part of the difference
    terms: list[list[Part]] = []  # the other differences
    cost_add = 0
    keep = -1  # mask form: the bits kept
    bits = 0  # ... the constant bits or'ed in
    ors: list[list[Part]] = []  # ... the computed values
    lin = 0  # ... the differences of fields that are their old value plus a constant
    cost_or = 1
    for f, new, old in changes:
        sh = f" << {f.offset}" if f.offset else ""
        if new.is_const and old.is_const:
            d = (int(new.const) - int(old.const)) << f.offset
            delta += d
            keep &= ~(f.mask << f.offset)
            bits |= (int(new.const) - f.lo) << f.offset
            continue
        if new.lin is not None and new.lin[0] is old.node:
            delta += new.lin[1] << f.offset
            lin += new.lin[1] << f.offset
            continue
        if new.is_const:
            keep &= ~(f.mask << f.offset)
            bits |= (int(new.const) - f.lo) << f.offset
            if int(new.const) == f.lo:
                if f.lo:
                    terms.append([" - ((", old.node, f" - {f.lo}){sh})"])
                    cost_add += 3 if sh else 2
                else:
                    terms.append([" - (", old.node, f"{sh})"] if sh else [" - ", old.node])
                    cost_add += 2 if sh else 1
                continue
        else:
            keep &= ~(f.mask << f.offset)
            stored: list[Part] = ["(", new.node, f" - {f.lo})"] if f.lo else [new.node]
            ors.append([" | (", *stored, f"{sh})"] if sh else [" | ", *stored])
            cost_or += 1 + bool(sh) + bool(f.lo)
        terms.append([" + ((", new.node, " - ", old.node, f"){sh})"])
        cost_add += 3 if sh else 2
    cost_add += bool(delta)
    cost_or += bool(bits) + bool(lin)
    out: list[Part] = [f"n = {base}"]
    if cost_or < cost_add:
        out = [f"n = (({base} & {lit(keep)})"]
        if bits:
            out.append(f" | {lit(bits)}")
        for o in ors:
            out += o
        out.append(")")
        if lin:
            out.append(f" + {lit(lin)}" if lin > 0 else f" - {lit(-lin)}")
        return out
    if delta:
        out.append(f" + {lit(delta)}" if delta > 0 else f" - {lit(-delta)}")
    for t in terms:
        out += t
    return out


__all__ = ["Printer", "successor"]
